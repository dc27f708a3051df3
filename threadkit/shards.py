"""Shards of one large mail archive, converted apart on any engine and put together (issue 13).

A batch cuts an mbox (or Pipermail) file larger than ``--shard-size`` into shards of whole
messages when every output it wants of it is made of parts (:data:`PART_FORMATS`: JSON Lines,
Parquet).
The batch process reads the archive's pass 1 once (:class:`threadkit.mail.archive.Archive`:
the index of every message, threaded over the whole archive) and cuts the index by bytes. Each
shard (:class:`Shard`, plain data) carries only what its messages need of that index: their
entries and their part of the threading. A worker converts messages ``[start, stop)``
(``Archive.posts(start, stop)``) and writes their part of each output, then a completion
marker, both atomically, into ``.threadkit-shards/`` in the output folder. When every shard of
the file is back (:class:`Assembly`), the batch writes the outputs: the header, from pass 1,
then the parts in order, the very bytes of the file converted whole, and one report record.

So the outputs and the report do not depend on the engine nor on which worker converted
which shard. A shard whose worker is killed or dies is the only one lost; a re-run converts
only the shards without a marker of the same input, threadkit and schema versions.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import BinaryIO

from attrs import define, field, frozen

from threadkit import SCHEMA_VERSION, __version__, api
from threadkit.batch import (Job, counting_defects, file_digest, file_record, guarded, stale_targets, time_limit, up_to_date, write_in_one_pass,
                             write_outputs, writer_failures)
from threadkit.errors import ThreadkitError
from threadkit.batch_report import Record
from threadkit.files import atomic_output_inside, atomic_write_inside, path_inside, portable_name, printable_name
from threadkit.mail import jwz
from threadkit.mail.archive import Archive, Entry
from threadkit.model import Document
from threadkit.source import MAX_TEXT_BYTES, open_binary
from threadkit.writers import jsonl

#: Archives larger than this many bytes are cut in shards of about this size (``--shard-size``).
SHARD_BYTES = 256 << 20
#: Where the parts of the shards and their markers are kept until their file is put together.
SHARDS_DIR = ".threadkit-shards"


def _jsonl_part(shard: Shard, out: BinaryIO) -> jsonl.PostLines:
    """A shard's part of the JSON Lines output: its post lines (the header is the whole's)."""
    return jsonl.PostLines(out)


def _jsonl_join(whole: Assembly, parts: list[Path], out: BinaryIO) -> None:
    out.write(jsonl.line(jsonl.head_data(whole.head, whole.post_count)))
    for path in parts:
        with path.open("rb") as part:
            shutil.copyfileobj(part, out, 1 << 20)


def _parquet_part(shard: Shard, out: BinaryIO):
    from threadkit.writers import parquet

    return parquet.PartWriter(shard.head, shard.thread_roots, out)


def _parquet_join(whole: Assembly, parts: list[Path], out: BinaryIO) -> None:
    from threadkit.writers import parquet

    defects = len(whole.head.defects) + sum(sum(p.defects.values()) for p in whole.parts.values())
    parquet.join_parts(whole.head, whole.post_count, defects, parts, out, hold=whole.size <= MAX_TEXT_BYTES)


#: The formats whose output is made of parts: (begin a shard's part of it in a binary file:
#: its writer, given the shard's posts one at a time (``add``, ``close``); join the parts of
#: a whole archive into it: the bytes of the output of the archive converted whole).
PART_FORMATS = {"jsonl": (_jsonl_part, _jsonl_join), "parquet": (_parquet_part, _parquet_join)}


@frozen
class Window:
    """Positions ``[start, start + len(items))`` of a sequence of ``total`` items: the part of
    an archive's index a shard needs, indexed as the whole index is."""

    start: int
    items: tuple
    total: int

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, k: int):
        if not self.start <= k < self.start + len(self.items):
            raise IndexError(f"position {k} is not in this shard ({self.start} to {self.start + len(self.items) - 1})")
        return self.items[k - self.start]


def window_of(sequence, start: int, stop: int) -> Window:
    return Window(start, tuple(sequence[start:stop]), len(sequence))


@frozen
class Shard:
    """Messages ``[start, stop)`` of an archive file, and the outputs to make of them: a task
    for any engine (see :mod:`threadkit.engines.local`)."""

    job: Job
    number: int
    """Its place among its file's shards (0-based), and their count."""
    count: int
    start: int
    stop: int
    format: str
    """The archive's reader (mbox, pipermail)."""
    sha256: str
    """The input's digest, as the record has it: a marker of another input is not this shard's."""
    formats: tuple[str, ...]
    head: Document
    """The archive without its posts (its source, title and defects), from pass 1."""
    entries: Window
    threading: jwz.Threading
    thread_roots: tuple[str, ...]
    """The thread of each of its messages (:meth:`Archive.thread_key`: it may need messages of other shards)."""
    size: int
    """Bytes of its messages: its time limit grows with them."""

    @property
    def name(self) -> str:
        return self.job.name

    def time_limit(self, timeout: float) -> float:
        return time_limit(self.size, timeout)

    def perform(self) -> Part:
        """Convert the shard (in a worker): its part of each output, and what it found."""
        return guarded(self.job, self, lambda started: _convert_shard(self, started))

    def failed(self, why: str, seconds: float) -> Part:
        return Part(self.job.name, self.number, error=why, seconds=seconds)

    def folder(self) -> str:
        """The folder of its file's parts, in the output folder."""
        return f"{SHARDS_DIR}/{portable_name(self.job.name)}"

    def part(self, fmt: str) -> str:
        return f"{self.folder()}/{self.number:06}.{fmt}"

    def marker(self) -> str:
        return f"{self.folder()}/{self.number:06}.done"

    def what(self) -> str:
        """The shard in words, for an error."""
        return f"shard {self.number + 1} of {self.count} (messages {self.start + 1} to {self.stop})"


@frozen
class Part:
    """What a shard gave back: how many posts and their defects by code, or why it failed."""

    input: str
    number: int
    posts: int = 0
    defects: dict[str, int] = field(factory=dict)
    error: str | None = None
    seconds: float = 0.0


# --- In the worker ------------------------------------------------------------------------


def _convert_shard(shard: Shard, started: float) -> Part:
    out = Path(shard.job.output_dir)
    done = _marked(shard, out)
    if done is not None:
        return done
    path = Path(shard.job.input)
    archive = Archive(lambda: open_binary(path), printable_name(path.name), shard.format, pipermail=shard.format == "pipermail",
                      index=(shard.entries, shard.threading))
    counts: Counter = Counter()
    # its messages read once, for every part (and their defects counted on the way)
    starts = {fmt: (shard.part(fmt), functools.partial(PART_FORMATS[fmt][0], shard)) for fmt in shard.formats}
    ended = write_in_one_pass(out, starts, counting_defects(archive.posts(shard.start, shard.stop), counts))
    failure = next((exc for exc in ended.values() if exc is not None), None)
    if failure is not None:  # the shard is lost: its file's outputs made of parts say why
        raise failure
    posts = shard.stop - shard.start
    result = Part(shard.job.name, shard.number, posts, dict(sorted(counts.items())), seconds=time.perf_counter() - started)
    marker = {"sha256": shard.sha256, "threadkit": __version__, "schema": SCHEMA_VERSION, "start": shard.start,
              "stop": shard.stop, "formats": list(shard.formats), "posts": posts, "defects": result.defects}
    atomic_write_inside(out, shard.marker(), json.dumps(marker, sort_keys=True).encode("utf-8"))
    return result


def _marked(shard: Shard, out: Path) -> Part | None:
    """The shard's result when an earlier run finished it: its marker says so for the same
    input, messages, formats and versions, and its parts are there."""
    try:
        marker = json.loads(path_inside(out, shard.marker()).read_bytes())
        posts, defects = int(marker["posts"]), {str(k): int(v) for k, v in marker["defects"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # none, or not one of ours
        return None
    same = (marker.get("sha256"), marker.get("threadkit"), marker.get("schema"), marker.get("start"), marker.get("stop")) == (
        shard.sha256, __version__, SCHEMA_VERSION, shard.start, shard.stop)
    if not same or not set(shard.formats) <= set(marker.get("formats", ())):
        return None
    if not all(path_inside(out, shard.part(fmt)).is_file() for fmt in shard.formats):
        return None
    return Part(shard.job.name, shard.number, posts, defects)


# --- In the batch process ------------------------------------------------------------------


@define
class Assembly:
    """A file cut in shards, waiting for them: :meth:`add` each one's part as it comes; with
    the last, the file's outputs are written and its record made."""

    job: Job
    shards: list[Shard]
    head: Document
    post_count: int
    sha256: str
    size: int
    todo: tuple[tuple[str, str], ...]
    started: float
    parts: dict[int, Part] = field(factory=dict)

    def add(self, part: Part) -> Record | None:
        self.parts[part.number] = part
        return self.assemble() if len(self.parts) == len(self.shards) else None

    def assemble(self) -> Record:
        out = Path(self.job.output_dir)
        failed = [f"{s.what()}: {self.parts[s.number].error}" for s in self.shards if self.parts[s.number].error]

        def write(fmt: str, target: str) -> None:
            if failed:  # a shard that failed costs its file's outputs made of parts, saying which
                raise ThreadkitError("; ".join(failed))
            with atomic_output_inside(out, target) as whole, writer_failures(fmt):
                PART_FORMATS[fmt][1](self, [path_inside(out, s.part(fmt)) for s in self.shards], whole)

        outputs, errors = write_outputs(self.job, self.todo, write)
        if not errors:  # the parts are kept for a re-run until their file is whole
            _remove_parts(out, self.shards[0].folder())
        counts = Counter(d.code for d in self.head.defects)
        for part in self.parts.values():
            counts.update(part.defects)
        return file_record(self.job, self.head.source.format, self.head.source.encoding, self.post_count,
                       dict(sorted(counts.items())), None, self.size, self.sha256, outputs, errors, self.started)


def _remove_parts(out: Path, folder: str) -> None:
    """Remove a file's parts, and the folders above them left empty."""
    path = path_inside(out, folder)
    shutil.rmtree(path, ignore_errors=True)
    for parent in path.relative_to(out).parents[:-1]:
        with contextlib.suppress(OSError):  # not empty: another file's parts
            (out / parent).rmdir()


def plan(job: Job, shard_bytes: int) -> Assembly | Record | None:
    """The shards of a file larger than ``shard_bytes`` that is a mail archive whose stale
    outputs are all made of parts (after its pass 1, here); its record when nothing is stale
    or it cannot be read; None for a file to convert whole (as every other)."""
    if job.size <= shard_bytes:
        return None
    return guarded(job, job, lambda started: _plan(job, shard_bytes, started))


def _plan(job: Job, shard_bytes: int, started: float) -> Assembly | Record | None:
    path = Path(job.input)
    sha256, size = file_digest(path)
    todo = stale_targets(job, sha256)
    if not todo:
        return up_to_date(job, started)
    if not all(fmt in PART_FORMATS for fmt, _ in todo):
        return None
    archive = api.open_input(path, job.from_format, printable_name(path.name), shard_bytes)
    if not isinstance(archive, Archive) or not len(archive):
        return None
    formats = tuple(fmt for fmt, _ in todo)
    cuts = cut(archive.entries, shard_bytes)
    roots = "parquet" in formats  # (only its rows name their thread)
    shards = [Shard(job, number, len(cuts), start, stop, archive.head.source.format, sha256, formats, archive.head,
                    window_of(archive.entries, start, stop), _threading_window(archive.threading, start, stop),
                    tuple(archive.thread_key(k) for k in range(start, stop)) if roots else (),
                    sum(e.length for e in archive.entries[start:stop]))
              for number, (start, stop) in enumerate(cuts)]
    return Assembly(job, shards, archive.head, len(archive), sha256, size, todo, started)


def cut(entries: list[Entry], shard_bytes: int) -> list[tuple[int, int]]:
    """Ranges of whole messages of about ``shard_bytes`` each (a larger message is one shard)."""
    cuts, start, bytes_in = [], 0, 0
    for k, entry in enumerate(entries):
        if k > start and bytes_in + entry.length > shard_bytes:
            cuts.append((start, k))
            start, bytes_in = k, 0
        bytes_in += entry.length
    return cuts + [(start, len(entries))]


def _threading_window(threading: jwz.Threading, start: int, stop: int) -> jwz.Threading:
    """What threading says of messages ``[start, stop)``, by their positions in the whole
    archive (their parents and duplicates may be in other shards: only their positions are kept)."""
    return jwz.Threading(
        parents=window_of(threading.parents, start, stop),
        evidence=window_of(threading.evidence, start, stop),
        roots=window_of(threading.roots, start, stop),
        duplicate_of={k: j for k, j in threading.duplicate_of.items() if start <= k < stop},
    )
