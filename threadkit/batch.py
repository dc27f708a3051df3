"""A folder of raw documents → every requested output format, converted in parallel worker processes.

What the batch promises (issue 6):

* a bad file is reported and skipped, the others are converted, the exit status says so;
  nothing is skipped without a word (an unreadable folder, a FIFO, a link to nothing);
* each output of a file stands or fails alone: a writer's failure costs only its output;
* any file name works (names that are not UTF-8 are escaped in the report and outputs), and
  no output is written through a symbolic link that leads out of the output folder;
* outputs are written atomically (:func:`threadkit.files.atomic_write`), so a killed batch
  leaves only complete outputs, and an input file is never overwritten;
* the report (:data:`REPORT_NAME`, JSON Lines, one record per input file) is appended to as
  files finish, so a re-run after a kill knows what is done and skips outputs that are up to
  date (same input hash, threadkit version and schema version) unless ``force``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import signal
import stat
import sys
import time
from collections import Counter
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

import attrs
from attrs import frozen

from threadkit import SCHEMA_VERSION, __version__, api
from threadkit.api import write_document, writer_failures  # (defined there: a single conversion need not import the batch)
from threadkit.batch_report import Record, Report, Summary, defect_counts, read_previous
from threadkit.errors import InputError, ThreadkitError
from threadkit.files import atomic_output_inside, atomic_write_inside, leads_out_of, path_inside, portable_name, printable_name, remove_stale_temps
from threadkit.invariants import coverage_problems
from threadkit.model import Document
from threadkit.source import Source, load_bytes, opening, read_file, size_upto
from threadkit.writers import get_writer, streams_posts

#: The report's file name, in the output folder.
REPORT_NAME = "threadkit-batch.jsonl"
#: Exit status of an interrupted batch (as for SIGINT).
EXIT_INTERRUPTED = 130
#: Seconds one file may take by default: far above any real archive (a 100 MB mbox converts
#: in minutes), low enough that one pathological file does not hold a batch for hours.
DEFAULT_TIMEOUT = 600.0
#: The time limit is per this many bytes of input: a 1 GB archive converts in about ten times
#: a 100 MB one's time (issue 10), so one limit for every size would kill it or wait on a hang.
TIMEOUT_BYTES = 100 << 20


@frozen
class Job:
    """One input file and the outputs to make of it; sent to a worker process, so plain data."""

    input: str
    """Absolute path of the input."""
    name: str
    """Path relative to the input folder: the file's name in messages and the report."""
    targets: tuple[tuple[str, str], ...]
    """(format, output path relative to the output folder) for every requested format."""
    output_dir: str
    from_format: str | None = None
    previous: Record | None = None
    """What the last run recorded for this file, unless ``--force``."""
    size: int = 0
    """The input's size in bytes when planned: its time limit grows with it."""

    def time_limit(self, timeout: float) -> float:
        """Seconds this file may take: ``timeout`` for each :data:`TIMEOUT_BYTES` begun."""
        return time_limit(self.size, timeout)

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(fmt for fmt, _ in self.targets)

    def perform(self) -> Record:
        """Convert the file (in a worker): its record."""
        return convert(self)

    def failed(self, why: str, seconds: float) -> Record:
        """The record of the file when its worker could not give one."""
        return Record.failed(self.name, why, seconds)


def time_limit(size: int, timeout: float) -> float:
    """Seconds ``size`` bytes of input may take: ``timeout`` for each :data:`TIMEOUT_BYTES` begun."""
    return timeout * max(1, -(-size // TIMEOUT_BYTES))


# --- Planning ------------------------------------------------------------------------------


@frozen
class Found:
    """What a walk of the input folder found."""

    files: list[Path]
    """The files to convert, in a stable order."""
    problems: list[tuple[Path, str]]
    """Entries that cannot be converted and must be reported: an unreadable folder, a link to
    nothing, a FIFO... (path, why)."""
    outputs: int
    """Files (or a whole output folder) left out as outputs of a batch."""


def input_files(input_dir: Path, exclude: Callable[[Path], bool] = lambda p: False) -> Found:
    """The files to convert, recursively (hidden files and folders skipped, and what ``exclude`` says).

    Links to folders are not followed (as before: no loops, no file found twice); nothing
    else is skipped without a word, so a folder that cannot be read is reported, not lost.
    """
    if not input_dir.is_dir():
        raise ThreadkitError(f"{printable_name(str(input_dir))}: not a folder")
    files, problems, outputs = [], [], 0
    folders = [input_dir]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as exc:
            if folder == input_dir:
                raise InputError(f"{printable_name(str(input_dir))}: cannot read the folder ({exc.strerror})") from None
            problems.append((folder, f"cannot read this folder ({exc.strerror}); its files were not converted"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if exclude(path):
                    outputs += 1
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.is_file():
                    files.append(path)
                elif not entry.is_dir():
                    problems.append((path, _not_a_file(path)))
            except OSError as exc:
                problems.append((path, f"cannot read ({exc.strerror})"))
    return Found(sorted(files), sorted(problems), outputs)


def _not_a_file(path: Path) -> str:
    if not path.exists():
        return "a symbolic link to nothing"
    mode = path.stat().st_mode
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({kind})"


def output_name(rel: Path, extension: str) -> str:
    """Where the output of input ``rel`` goes: the same relative path, ``.txt`` replaced by
    ``extension``, with bytes that are not UTF-8 made portable (``%XX``)."""
    name = rel.parent / (rel.stem + extension if rel.suffix == ".txt" else rel.name + extension)
    return portable_name(str(name))


def plan(input_dir: Path, output_dir: Path, formats: list[str], previous: dict[str, Record], from_format: str | None = None) -> tuple[list[Job], list[Record]]:
    """The jobs of a batch, and a failed record for each input that must not be converted.

    Only the files a batch wrote are outputs: the report, the outputs the last run recorded,
    and an output folder inside the input folder. An input folder inside the output folder
    is input like any other. No output may replace an input or another input's output.

    Raises:
        ThreadkitError: there were files, and all of them are outputs (nothing to do is not success).
    """
    input_dir, output_dir = input_dir.resolve(), output_dir.resolve()
    earlier_outputs = {output_dir / out for record in previous.values() for out in record.outputs.values()}
    report = output_dir / REPORT_NAME
    output_inside_input = input_dir in output_dir.parents

    def is_output(path: Path) -> bool:
        return (path == report or path in earlier_outputs or (output_inside_input and (path == output_dir or output_dir in path.parents))
                or (path.parent == output_dir and path.name in INDEX_NAMES and is_index(path))
                or (path.parent == output_dir and path.name == "documents.parquet"))

    found = input_files(input_dir, is_output)
    if found.outputs and not found.files and not found.problems:
        raise ThreadkitError(f"nothing to convert in {printable_name(str(input_dir))}: all it holds is what a batch wrote into {printable_name(str(output_dir))}")
    inputs = set(found.files)
    claimed: dict[Path, str] = {}
    jobs = []
    refused = [Record.failed(str(path.relative_to(input_dir)), why) for path, why in found.problems]
    for path in found.files:
        rel = path.relative_to(input_dir)
        targets = tuple((f, output_name(rel, get_writer(f).EXTENSION)) for f in formats)
        clash = _clash(output_dir, targets, inputs, claimed)
        if clash:
            refused.append(Record.failed(str(rel), clash))
            continue
        claimed.update((output_dir / t, str(rel)) for _, t in targets)
        jobs.append(Job(str(path), str(rel), targets, str(output_dir), from_format, previous.get(str(rel)), _size(path)))
    return jobs, refused


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # the conversion will say why it cannot read it
        return 0


def _clash(output_dir: Path, targets, inputs: set[Path], claimed: dict[Path, str]) -> str | None:
    for _, target in targets:
        path = output_dir / target
        if path in inputs:
            return f"refusing to convert: the output {target} would overwrite an input file"
        if path in claimed:
            return f"refusing to convert: the output {target} is already the output of {claimed[path]}"
    return None


# --- Converting one file (in a worker process) ---------------------------------------------


def stale_targets(job: Job, sha256: str) -> tuple[tuple[str, str], ...]:
    """The targets that must be (re)written: all of them unless the last run made them from
    the same input with the same threadkit and schema versions, and they still exist.

    An output that failed last time is not among the recorded outputs, so it is tried again.
    """
    prev = job.previous
    if prev is None or (prev.sha256, prev.threadkit, prev.schema) != (sha256, __version__, SCHEMA_VERSION):
        return job.targets
    out = Path(job.output_dir)
    return tuple((f, t) for f, t in job.targets if prev.outputs.get(f) != t or not (out / t).is_file())


def convert(job: Job) -> Record:
    """Convert one file into its stale targets; every failure becomes a failed record."""
    return guarded(job, job, lambda started: _convert(job, started))


def guarded(job: Job, task, work: Callable[[float], object]):
    """``work(started)`` for ``task`` (a file, or a part of ``job``'s file), every failure made
    the task's failed result (``task.failed(why, seconds)``): a bug in a reader must not stop the batch."""
    started = time.perf_counter()
    try:
        return work(started)
    except ThreadkitError as exc:
        return task.failed(_without_name(str(exc), job), time.perf_counter() - started)
    except RecursionError:
        return task.failed("internal error: the document nests too deeply to convert", time.perf_counter() - started)
    except Exception as exc:  # it is reported
        return task.failed(f"internal error: {type(exc).__name__}: {exc}"[:500], time.perf_counter() - started)


def _without_name(message: str, job: Job) -> str:
    # Errors start with the file's name for the single-file commands; the record has it already.
    for prefix in (job.input, job.name, Path(job.name).name):
        if message.startswith(prefix + ": "):
            return message[len(prefix) + 2:]
    return message


def _convert(job: Job, started: float) -> Record:
    path = Path(job.input)
    # A file read whole is read once: hashed and loaded from the same bytes. A larger one is
    # hashed in pieces, and read (streamed, when it is an archive) after.
    data = held_bytes(path)  # an unreadable file is an input error with its reason
    sha256, size = (hashlib.sha256(data).hexdigest(), len(data)) if data is not None else file_digest(path)
    todo = stale_targets(job, sha256)
    if not todo:
        return up_to_date(job, started)
    # The document's name is printable: a name that is not UTF-8 must not reach the model.
    name = printable_name(path.name)
    if data is not None:
        return _convert_document(job, todo, load_bytes(data, name), sha256, size, started)
    # A mail archive too large to hold, or large and wanted only in outputs that stream, is
    # streamed as ``threadkit convert`` streams it; everything else is read whole.
    streams = all(streams_posts(fmt) for fmt, _ in todo)
    item = api.open_input(path, job.from_format, name, api.STREAM_BYTES if streams else None)
    if isinstance(item, Source):
        return _convert_document(job, todo, item, sha256, size, started)
    return _convert_archive(job, todo, item, sha256, size, started)


def up_to_date(job: Job, started: float) -> Record:
    """The record of a file whose outputs are all up to date: the last run's."""
    return attrs.evolve(job.previous, status="up-to-date", error=None, output_errors={}, seconds=time.perf_counter() - started)


def held_bytes(path: Path) -> bytes | None:
    """The file's bytes as stored when it is read whole whatever its outputs (at most
    :data:`threadkit.api.STREAM_BYTES` once decompressed: :func:`threadkit.api.open_input`
    loads it), else None."""
    with opening(path):
        if size_upto(path, api.STREAM_BYTES) > api.STREAM_BYTES:
            return None
        return read_file(path)


def file_digest(path: Path) -> tuple[str, int]:
    """The SHA-256 of a file's bytes as stored (compressed or not) and their count, read in
    pieces: an archive of any size is hashed in constant memory."""
    digest, size = hashlib.sha256(), 0
    with opening(path), open(path, "rb") as raw:
        while piece := raw.read(1 << 20):
            digest.update(piece)
            size += len(piece)
    return digest.hexdigest(), size


def _convert_document(job: Job, todo, source: Source, sha256: str, size: int, started: float) -> Record:
    document = api.read(source, job.from_format)
    outputs, errors = write_outputs(job, todo, lambda fmt, target: write_document(fmt, document, path_inside(Path(job.output_dir), target)))
    # Coverage is checked only when the document describes this very source (a threadkit
    # JSON input carries the SourceInfo of the document it was made from).
    lost = len(coverage_problems(document, source.lines)) if document.source.sha256 == sha256 else None
    return file_record(job, document.source.format, source.encoding, len(document.posts), defect_counts(document),
                   lost, size, sha256, outputs, errors, started)


def _convert_archive(job: Job, todo, archive, sha256: str, size: int, started: float) -> Record:
    """A streamed mail archive (:class:`threadkit.mail.archive.Archive`), read once: each post
    goes to every output that streams as it is read (:func:`write_in_one_pass`); one that only
    a whole document can give (json, tei, mbox) is refused with the way out (jsonl)."""
    counts = Counter(d.code for d in archive.head.defects)
    streams = {fmt: (target, functools.partial(_stream, fmt, archive)) for fmt, target in todo if streams_posts(fmt)}
    # the defects of the posts are counted as they are read, when they are read
    ended = write_in_one_pass(Path(job.output_dir), streams, counting_defects(archive.posts(), counts)) if streams else {}

    def write(fmt: str, target: str) -> None:
        if fmt not in ended:
            raise api.too_large_for(fmt, archive.name)
        if ended[fmt] is not None:
            raise ended[fmt]

    outputs, errors = write_outputs(job, todo, write)
    # Coverage of a stream is the readers' own invariant (every line of a message is in its
    # post); it is not re-checked over the whole archive, which is not held.
    return file_record(job, archive.head.source.format, archive.head.source.encoding, len(archive),
                   dict(sorted(counts.items())) if streams else defect_counts(archive.head), None, size, sha256,
                   outputs, errors, started)


def _stream(fmt: str, archive, out: BinaryIO):
    return get_writer(fmt).Stream(archive.head, len(archive), out)


def counting_defects(posts, counts: Counter):
    """``posts`` passed through, their defects counted by code into ``counts`` on the way
    (a streamed archive's posts are seen once)."""
    for post in posts:
        counts.update(d.code for d in post.defects)
        yield post


def write_in_one_pass(output_dir: Path, starts: dict, posts: Iterable) -> dict[str, Exception | None]:
    """Several outputs of the same posts, the posts read once: each one is handed to every
    output still being written. Reading and segmenting an archive costs far more than writing
    it, and every output that streams (or every part of a shard) needs the same posts.

    Args:
        starts: format -> (target, relative to ``output_dir``; a function that begins the
            output in the binary file it is given and returns its writer, with ``add(post)``
            and ``close()``).
    Returns:
        format -> None for an output written, or the error that cost it. Each output is
        written atomically and stands or fails alone: a writer that fails (on its start, a
        post or its end; :func:`writer_failures`) loses its own output, the others go on.
        An error reading the posts ends every output: a :class:`ThreadkitError` (the file
        changed) is each one's error, another is raised (the caller reports the file).
    """
    ended: dict[str, Exception | None] = {}
    open_: dict[str, tuple[contextlib.ExitStack, object]] = {}

    def lose(fmt: str, exc: BaseException) -> None:
        stack, _ = open_.pop(fmt)
        stack.__exit__(type(exc), exc, exc.__traceback__)  # the partial output is removed
        if isinstance(exc, Exception):
            ended[fmt] = exc

    for fmt, (target, start) in starts.items():
        stack = contextlib.ExitStack()
        try:
            out = stack.enter_context(atomic_output_inside(output_dir, target))
            with writer_failures(fmt):
                open_[fmt] = stack, start(out)
        except (ThreadkitError, OSError) as exc:
            stack.__exit__(type(exc), exc, exc.__traceback__)
            ended[fmt] = exc
    try:
        for post in posts:
            for fmt, (_, writer) in list(open_.items()):
                try:
                    with writer_failures(fmt):
                        writer.add(post)
                except ThreadkitError as exc:
                    lose(fmt, exc)
            if not open_:  # every output failed: reading on is wasted
                break
        for fmt, (stack, writer) in list(open_.items()):
            try:
                with writer_failures(fmt):
                    writer.close()
            except ThreadkitError as exc:
                lose(fmt, exc)
                continue
            del open_[fmt]
            try:
                stack.close()  # the output put in place
                ended[fmt] = None
            except OSError as exc:
                ended[fmt] = exc
    except BaseException as exc:  # reading failed, or the batch was interrupted: nothing half written stays
        for fmt in list(open_):
            lose(fmt, exc)
        if not isinstance(exc, ThreadkitError):
            raise
    return ended


def write_outputs(job: Job, todo, write: Callable[[str, str], None]) -> tuple[dict[str, str], dict[str, str]]:
    """Each output stands or fails alone: one writer's failure costs only its own output."""
    outputs = dict(job.previous.outputs) if len(todo) < len(job.targets) else {}
    errors = {}
    for fmt, target in todo:
        try:
            write(fmt, target)
            outputs[fmt] = target
        except ThreadkitError as exc:
            outputs.pop(fmt, None)
            errors[fmt] = str(exc)
        except OSError as exc:
            outputs.pop(fmt, None)
            errors[fmt] = f"cannot write the {fmt} output {target} ({exc.strerror or exc})"
    return outputs, errors


def file_record(job: Job, format: str, encoding: str, posts: int, defects: dict[str, int], lost: int | None, size: int,
            sha256: str, outputs: dict[str, str], errors: dict[str, str], started: float) -> Record:
    return Record(
        input=job.name,
        status="failed" if errors else "converted",
        format=format,
        encoding=encoding,
        posts=posts,
        defects=defects,
        uncovered_lines=lost,
        error="; ".join(errors.values()) or None,
        bytes=size,
        sha256=sha256,
        outputs=outputs,
        output_errors=errors,
        seconds=time.perf_counter() - started,
    )


# --- Running the jobs -----------------------------------------------------------------------


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_jobs(jobs: list[Job], workers: int, on_record: Callable[[Record], None], timeout: float | None = None,
             engine: str = "local", scheduler: str | None = None, shard_bytes: int | None = None) -> int:
    """Convert every job on an engine (:mod:`threadkit.engines`), calling ``on_record`` in
    this process as each one finishes; returns how many workers converted them.

    A mail archive larger than ``shard_bytes`` is cut in shards (:mod:`threadkit.shards`: its
    pass 1 is read here), converted as tasks of their own; its record comes with its last shard.

    Args:
        timeout: seconds one file (or shard) may take per :data:`TIMEOUT_BYTES` (:meth:`Job.time_limit`);
            past it the file is reported as failed ("time limit"). None: no limit.
        scheduler: the address of a running cluster, for an engine that has one.
        shard_bytes: default :data:`threadkit.shards.SHARD_BYTES`.
    """
    from threadkit import shards
    from threadkit.engines import get_engine

    tasks: list = []
    sharded: dict[str, shards.Assembly] = {}
    for job in jobs:
        planned = shards.plan(job, shards.SHARD_BYTES if shard_bytes is None else shard_bytes)
        if planned is None:
            tasks.append(job)
        elif isinstance(planned, Record):
            on_record(planned)
        else:
            sharded[job.name] = planned
            tasks += planned.shards

    def on_result(result) -> None:
        if isinstance(result, Record):
            on_record(result)
        elif (record := sharded[result.input].add(result)) is not None:
            on_record(record)

    return get_engine(engine).run(tasks, on_result, workers=workers, timeout=timeout, scheduler=scheduler)


# --- The whole batch ------------------------------------------------------------------------


def run_batch(
    input_dir: Path,
    output_dir: Path,
    formats: list[str],
    from_format: str | None = None,
    quiet: bool = False,
    jobs: int | None = None,
    force: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    engine: str = "local",
    scheduler: str | None = None,
    shard_bytes: int | None = None,
) -> int:
    """Convert the folder; returns the exit status (1 when any file failed, 130 when interrupted).

    ``timeout``: seconds one file may take (None: no limit), ``engine`` and ``scheduler``:
    where the files are converted, ``shard_bytes``: above it a mail archive is cut in shards;
    see :func:`run_jobs`.
    """
    from threadkit.engines import get_engine

    output_dir.mkdir(parents=True, exist_ok=True)
    with exclusive(output_dir), getattr(get_engine(engine), "starting", _nothing)(jobs or default_jobs(), scheduler):
        preload(formats)  # the local engine forks its workers: each must find them imported
        return _run_batch(input_dir, output_dir, formats, from_format, quiet, jobs, force, timeout, engine, scheduler, shard_bytes)


@contextlib.contextmanager
def _nothing(*args):
    yield


def preload(formats) -> None:
    """Import every reader and writer, and what the wanted writers load on first use (the
    Parquet writer's pyarrow), in a process that forks its workers: what it has not imported,
    every worker would import again."""
    from threadkit.readers import READERS
    from threadkit.writers import WRITERS

    READERS.load_all()
    WRITERS.load_all()
    for fmt in formats:
        prepare = getattr(WRITERS.get(fmt), "preload", None)
        if prepare is not None:
            prepare()


def _run_batch(input_dir, output_dir, formats, from_format, quiet, jobs, force, timeout, engine, scheduler, shard_bytes) -> int:
    started = time.perf_counter()
    report_path = output_dir / REPORT_NAME
    previous = read_previous(report_path)
    work, refused = plan(input_dir, output_dir, formats, previous, from_format)
    if force:
        work = [attrs.evolve(job, previous=None) for job in work]
    if leads_out_of(output_dir, report_path):
        raise ThreadkitError(f"{printable_name(str(report_path))}: a symbolic link out of the output folder; refusing to write the report through it")
    remove_stale_temps(output_dir)
    workers = jobs or default_jobs()
    summary = Summary(total=len(work) + len(refused), workers=min(workers, max(1, len(work))))
    with Report(report_path) as report, _progress(len(work) + len(refused), quiet) as bar:

        def on_record(record: Record) -> None:
            report.add(record)
            summary.add(record)
            bar.update(1)

        for record in refused:
            on_record(record)
        with _terminate_as_interrupt():
            try:
                summary.workers = run_jobs(work, workers, on_record, timeout, engine, scheduler, shard_bytes) or summary.workers
            except KeyboardInterrupt:
                summary.interrupted = True
        if not summary.interrupted:
            _write_tables(output_dir, formats, report.records.values(), {t for job in work for _, t in job.targets})
        summary.seconds = time.perf_counter() - started
        report.finish(summary)
    _print_summary(summary, output_dir, quiet)
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return 1 if summary.failed else 0


#: The index of a batch's HTML pages, in the output folder; the second name when an input's
#: own page is called index.html.
INDEX_NAMES = ("index.html", "threadkit-index.html")


def is_index(path: Path) -> bool:
    """A batch's index page (written by threadkit), not a page of the user's."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return False
    return b'<meta name="generator" content="threadkit ' in head[:4096] and b'id="by-title"' in head


def _write_tables(output_dir: Path, formats: list[str], records, targets: set[str]) -> None:
    """What a batch writes over all its files: the HTML index, the Parquet documents table."""
    if "html" in formats:
        _write_index(output_dir, records, targets)
    if "parquet" in formats:
        _write_documents(output_dir, records, targets)


def _write_documents(output_dir: Path, records, targets: set[str]) -> None:
    """``documents.parquet``: the row of every document whose posts file the batch holds
    (issue 13). It never fails a batch: a file that cannot be read is left out."""
    from threadkit.writers.parquet import DOCUMENTS_NAME, documents_table

    if DOCUMENTS_NAME in targets:
        return
    files = [output_dir / r.outputs["parquet"] for r in records if r.outputs.get("parquet") and (output_dir / r.outputs["parquet"]).is_file()]
    with contextlib.suppress(OSError, ThreadkitError, ValueError):
        atomic_write_inside(output_dir, DOCUMENTS_NAME, documents_table(sorted(files)))


def _write_index(output_dir: Path, records, targets: set[str]) -> None:
    """``index.html``: every page of the batch with its title, format, posts, dates and defects
    (issue 14). A page that cannot be read is left out of it; the index never fails a batch."""
    from threadkit.writers.html import index_page, page_entry

    name = next(n for n in INDEX_NAMES if n not in targets)
    entries = []
    for record in records:
        page = record.outputs.get("html")
        if page and (output_dir / page).is_file():
            with contextlib.suppress(OSError, ValueError):
                entries.append(page_entry(output_dir / page, page, record.format or "", sum(record.defects.values())))
    with contextlib.suppress(OSError):
        atomic_write_inside(output_dir, name, index_page(entries))


#: The lock file a running batch holds in its output folder (hidden: never taken for input).
LOCK_NAME = ".threadkit-batch.lock"


@contextlib.contextmanager
def exclusive(output_dir: Path):
    """Hold the output folder's lock for the whole batch: two batches writing the same outputs
    at once would remove each other's temporary files and interleave the report. A second
    batch into the same folder is refused at once, with one line; the lock dies with its
    process, so a killed batch never leaves the folder locked."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock, as before
        yield
        return
    path = output_dir / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise ThreadkitError(f"{printable_name(str(path))}: cannot open the batch's lock file ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ThreadkitError(f"{printable_name(str(output_dir))}: another batch is writing into this folder; "
                                 "wait for it to end, or choose another output folder") from None
        yield
    finally:
        os.close(fd)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def _progress(total: int, quiet: bool):
    """A progress bar on a terminal; nothing when quiet or when stderr is a file or a pipe."""
    if quiet or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)


class _terminate_as_interrupt:
    """While active, SIGTERM stops the batch as Ctrl-C does (outputs finished are kept)."""

    def __enter__(self):
        self._old = signal.signal(signal.SIGTERM, self._raise)

    @staticmethod
    def _raise(signum, frame):
        raise KeyboardInterrupt

    def __exit__(self, *exc) -> None:
        signal.signal(signal.SIGTERM, self._old)


#: Files with defects listed after a batch; the report has them all.
MAX_LISTED_DOUBTS = 20


def _print_summary(summary: Summary, output_dir: Path, quiet: bool) -> None:
    for name, error in summary.failures:
        print(f"failed  {printable_name(name)}: {printable_name(error)}", file=sys.stderr)
    for name, doubt in summary.doubts[:MAX_LISTED_DOUBTS]:
        print(f"defects {printable_name(name)}: {doubt}", file=sys.stderr)
    if len(summary.doubts) > MAX_LISTED_DOUBTS:
        print(f"defects ... and {len(summary.doubts) - MAX_LISTED_DOUBTS} more files (see {REPORT_NAME})", file=sys.stderr)
    if summary.interrupted:
        print(f"interrupted: {summary.done} of {summary.total} files done; run the batch again to finish", file=sys.stderr)
    print(summary.line(output_dir), file=sys.stderr if summary.failed and quiet else sys.stdout)
