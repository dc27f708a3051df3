"""The pipeline: source → detect → read → transforms → write. Everything the CLI does goes through here."""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import BinaryIO

import attrs

from threadkit import source as sources
from threadkit import transforms
from threadkit.detection import MIN_SCORE, Guess, choose, detect, detect_folder
from threadkit.errors import InputError, ThreadkitError
from threadkit.invariants import valid_unicode
from threadkit.model import Document
from threadkit.readers import get_reader
from threadkit.source import Source, TooLarge, load_bytes, load_path, open_binary, opening, read_file, read_prefix, size_upto
from threadkit.writers import get_writer, streams_posts


def read(source: Source, from_format: str | None = None) -> Document:
    """Read a source with the named reader, or the one detection chooses, then transform.

    A reader whose documents are already transformed (threadkit's own JSON) says so with
    ``TRANSFORMED = True``; running the transforms again would not be the identity.
    What decoding the source had to repair joins the document's defects; then every
    document, whichever reader made it, is made to hold the model's invariant that its text
    is valid Unicode (:func:`threadkit.invariants.valid_unicode`).
    """
    reader = get_reader(from_format) if from_format else get_reader(choose(detect(source), source.name).format)
    return finish(reader, source, reader.read(source))


def finish(reader, source: Source, document: Document) -> Document:
    """A reader's document, transformed (unless already) and made valid Unicode."""
    if not getattr(reader, "TRANSFORMED", False):  # (a JSON document's spans are not its file's lines)
        document = transforms.run(attrs.evolve(document, defects=source.defects + document.defects))
    return valid_unicode(document)


def read_path(path: str | Path, from_format: str | None = None) -> Document:
    """Read a file (``-`` for standard input), or a folder that a folder reader claims."""
    if str(path) != "-" and Path(path).is_dir():
        return read_folder(path, from_format)
    return read(load_path(path), from_format)


def read_folder(path: str | Path, from_format: str | None = None) -> Document:
    """Read a folder as one archive (a Maildir, a news spool).

    Raises:
        InputError: no folder reader claims it (it is a folder, not a document).
    """
    path = Path(path)
    reader = get_reader(from_format) if from_format else _folder_reader(path)
    if not hasattr(reader, "read_folder"):
        raise InputError(f"{path}: is a folder; the {reader.FORMAT} reader reads files")
    source, document = reader.read_folder(path)
    return finish(reader, source, document)


def _folder_reader(path: Path):
    return get_reader(folder_guesses(path)[0].format)


def folder_guesses(path: Path) -> list[Guess]:
    """Ranked guesses of the folder readers; refused when none claims the folder."""
    guesses = detect_folder(path)
    if not guesses or guesses[0].score < MIN_SCORE:
        raise InputError(f"{path}: is a folder, not a file (nor a Maildir, a news spool or a folder of Pipermail months)")
    return guesses


def read_bytes(data: bytes, name: str = "<input>", from_format: str | None = None) -> Document:
    """Read raw bytes."""
    return read(load_bytes(data, name), from_format)


def render(fmt: str, document: Document) -> bytes:
    """The document in one output format; a writer that fails raises one line that says so.

    A writer's bug is a defect of that output, not of the input nor of the run: the caller
    reports it for this output and keeps the others.
    """
    with writer_failures(fmt):
        return get_writer(fmt).write(document)


def write_document(fmt: str, document: Document, path: Path) -> None:
    """A document held in memory written to the file ``path``, whole or not at all.

    A writer that takes posts as they come (jsonl: :func:`threadkit.writers.streams_posts`)
    writes each to the file as it is serialised, through :func:`threadkit.files.atomic_output`:
    the output is never held as one bytes object (gg-mbox: 11.4 MB of lines, then joined into
    11.4 MB more, touched page by page for nothing). Another is rendered, then written.
    A writer that fails raises one line that says so (:func:`writer_failures`); a file that
    cannot be written, its ``OSError``.
    """
    from threadkit.files import atomic_output, atomic_write

    if not streams_posts(fmt):
        atomic_write(path, render(fmt, document))
        return
    with atomic_output(path) as out, writer_failures(fmt, passing=OSError):
        get_writer(fmt).write_stream(document, document.posts, len(document.posts), out)


@contextlib.contextmanager
def writer_failures(fmt: str, passing: type[BaseException] | tuple[type[BaseException], ...] = ()):
    """A writer's exception as one line naming the writer (:class:`ThreadkitError`);
    ``passing``: what is not the writer's (the ``OSError`` of a file it writes to) is raised as it is."""
    try:
        yield
    except ThreadkitError:
        raise
    except passing:
        raise
    except RecursionError:
        raise ThreadkitError(f"the {fmt} writer failed: the document nests too deeply") from None
    except Exception as exc:
        raise ThreadkitError(f"the {fmt} writer failed: {type(exc).__name__}: {exc}"[:500]) from None


def write(document: Document, to: str = "json") -> bytes:
    """Serialise a document with the named writer."""
    return get_writer(to).write(document)


def detect_path(path: str | Path) -> list[Guess]:
    """Ranked format guesses for a file, or for a folder (folder readers only)."""
    if str(path) != "-" and Path(path).is_dir():
        return folder_guesses(Path(path))
    return detect(load_path(path))


# --- Inputs of any size ----------------------------------------------------------------------


#: What detection reads of an input too large to load: enough lines for every sniffer.
PREFIX_BYTES = 1 << 20


#: Where the documents converted are left, alive, to the end of the process; None (a library
#: caller's process goes on): freed once written. The command line ends its process as soon as
#: its conversion is written (:func:`threadkit.cli.run`): freeing a whole document object by
#: object first (gg-mbox: some 30 M instructions, 1 % of its conversion) gives back nothing
#: the end of the process does not.
LEFT_TO_EXIT: list | None = None

#: Above this size a mail archive whose output streams (``--to jsonl``, ``--split``) is
#: streamed even though it would fit in memory: a whole document of the model costs about
#: 15 times its archive's size, the stream one message. Below it the archive is held: a
#: stream reads the file twice (an index, then the posts), which costs more CPU than the
#: memory saves (gg-mbox, 8.4 MB, --to jsonl: held 4,843 M instructions, 1.15 s, 113 MiB
#: peak; streamed 5,593 M, 1.24 s, 39 MiB; the same file twice, 16.7 MB: 1.77 s, 189 MiB
#: against 1.94 s, 40 MiB; CPU medians of 8 and 5 runs side by side).
STREAM_BYTES = 32 << 20


def open_input(path: str | Path, from_format: str | None = None, name: str | None = None, stream_over: int | None = None):
    """A file as a :class:`Source` when it fits in memory (a folder that a folder reader
    claims as its :class:`Document`), else, for a reader that streams
    (mail archives: ``stream(open_stream, name)``; folders: ``stream_folder(path)``), as that
    reader's streamed archive (:class:`threadkit.mail.archive.Archive`), detected from the
    file's first lines.

    ``stream_over``: stream an archive larger than this many bytes (default: only one over
    :data:`threadkit.source.MAX_TEXT_BYTES`, which cannot be held). Compressed files (gzip,
    bzip2, xz) are read decompressed in both cases. Standard input (``-``) larger than that
    is kept in a temporary file (:func:`spooled_stdin`) and read from there.

    Raises:
        TooLarge: over :data:`threadkit.source.MAX_TEXT_BYTES` in a format that does not
            stream, or in text whose bytes do not split into lines at LF (CR line ends, UTF-16).
    """
    limit = sources.MAX_TEXT_BYTES if stream_over is None else min(stream_over, sources.MAX_TEXT_BYTES)
    if str(path) == "-":
        data, spooled = spooled_stdin(limit)
        if spooled is None:
            return load_bytes(data, name or "<stdin>")
        path, name = spooled, name or "<stdin>"
    name = name or Path(path).name
    if Path(path).is_dir():
        return open_folder(Path(path), from_format, limit)
    with opening(path):
        size = size_upto(path, sources.MAX_TEXT_BYTES)
        if size <= limit:
            return load_bytes(read_file(path), name)
        # it could still be held: a format that does not stream is read whole
        fits = size <= sources.MAX_TEXT_BYTES
    with opening(path), open(path, "rb") as raw:
        packed = sources.compression(raw.read(16))
        refusal = sources.too_large(name, None if packed else os.fstat(raw.fileno()).st_size)
        prefix = readable_prefix(path, name)
    reader = get_reader(from_format) if from_format else None
    if reader is None:
        try:
            reader = get_reader(choose(detect(prefix), name).format)
        except ThreadkitError:  # not a format that streams, whatever it is: the size is the reason
            if fits:
                return load_bytes(read_file(path), name)
            raise refusal from None
    if not hasattr(reader, "stream") or not prefix.lines_are_bytes():
        if fits:
            return load_bytes(read_file(path), name)
        if hasattr(reader, "stream"):
            raise unstreamable(refusal, prefix)
        raise refusal
    with collector_resumed():
        return reader.stream(lambda: open_binary(path), name)


def readable_prefix(path: str | Path, name: str) -> Source:
    """The first lines of a file, as detection reads them. The cut after the last LF byte may
    split the last character of UTF-16/32 text (its LF is two or four bytes): up to three
    more bytes are dropped until the text decodes."""
    head = read_prefix(path, min(PREFIX_BYTES, sources.MAX_TEXT_BYTES))
    for cut in range(4):
        try:
            return load_bytes(head[: len(head) - cut], name)
        except InputError:
            if cut == 3 or len(head) <= cut + 1:
                raise
    raise AssertionError("unreachable")


def unstreamable(refusal: TooLarge, prefix: Source) -> TooLarge:
    """The refusal of an archive too large to hold whose bytes do not split into lines at LF:
    it cannot be streamed line by line, and the user can make it so."""
    what = "CR (old Mac) line ends" if prefix.newline == "CR" else f"{prefix.encoding} text"
    return TooLarge(f"{refusal}; an archive that large streams only as UTF-8 (or another ASCII-compatible encoding) "
                    f"with LF or CRLF line ends, and this one has {what}: convert it first (iconv -t UTF-8, tr '\\r' '\\n')")


def open_folder(path: Path, from_format: str | None, limit: int):
    """A folder that a folder reader claims: its :class:`Document` when its files fit in
    ``limit`` bytes, else the reader's streamed archive (``stream_folder``)."""
    from threadkit.mail.folder import folder_size

    reader = get_reader(from_format) if from_format else _folder_reader(path)
    if hasattr(reader, "stream_folder"):
        files = reader.folder_files(path)  # once: a Maildir's order reads the head of every file
        if folder_size(files, limit) > limit:
            with collector_resumed():
                return reader.stream_folder(path, files)
    return read_folder(path, from_format)


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


#: Where standard input larger than what is held in memory is kept while it is read (twice).
SPOOL_DIR: str | None = None


def spooled_stdin(limit: int) -> tuple[bytes, Path | None]:
    """Standard input: its bytes when there are at most ``limit`` of them, else (b"", a
    temporary file holding them all), removed when the process ends. A stream is read once;
    an archive is read twice (index, then messages), so a large one goes to disk first."""
    import atexit
    import shutil
    import sys
    import tempfile

    stdin = sys.stdin.buffer
    head = stdin.read(limit + 1)
    if len(head) <= limit:
        return head, None
    spool = tempfile.NamedTemporaryFile(prefix="threadkit-stdin-", dir=SPOOL_DIR, delete=False)
    atexit.register(_remove, spool.name)
    with spool:
        spool.write(head)
        del head
        shutil.copyfileobj(stdin, spool, 1 << 20)
    return b"", Path(spool.name)


def too_large_for(to: str, name: str) -> TooLarge:
    """The refusal of a whole-document output for an archive too large to hold."""
    return TooLarge(
        f"{name}: over the {sources.MAX_TEXT_BYTES / 2**20:g} MiB limit for one {to} document; "
        "use --to jsonl, or --split thread to write one file per thread"
    )


def convert_stream(archive, to: str, out: BinaryIO) -> None:
    """Write a streamed archive as JSON Lines (or any writer with ``write_stream``) to ``out``."""
    if not streams_posts(to):
        raise too_large_for(to, archive.name)
    get_writer(to).write_stream(archive.head, archive.posts(), len(archive), out)


def keyed_posts(item) -> tuple[Document, object]:
    """A document or streamed archive as (head, iterable of (thread key, post)), for ``--split thread``."""
    from threadkit.writers.split import thread_keys

    if isinstance(item, Document):
        return item, zip(thread_keys(item.posts), item.posts)
    return item.head, ((item.thread_key(k), post) for k, post in enumerate(item.posts()))


@contextlib.contextmanager
def fewer_collections():
    """Run a conversion with the cyclic garbage collector seldom woken.

    A conversion makes millions of small objects (lines, spans, blocks) and almost no
    reference cycles, yet with the default thresholds the collector ran some 370 times on
    the gg-mbox archive, each time scanning what the conversion held so far (in memory, the
    whole document): 0.24 of 2.0 CPU seconds, for 0.2 % of the objects freed. The objects
    made before (modules, compiled patterns, language packs) are frozen out of its scans;
    the settings are restored after, for a process that goes on (tests, a library caller).
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def convert_path(path: str | Path, to: str = "json", output: str | Path | None = None, from_format: str | None = None,
                 split: str | None = None, name: str | None = None) -> bytes | None:
    """Convert a file of any size: the whole pipeline of ``threadkit convert``, with
    :func:`fewer_collections`.

    Args:
        output: the output file (the folder with ``split``); None returns the bytes instead
            (not with ``split``), except for a streamed archive, written to standard output.
        split: ``thread`` writes one file per thread into the folder ``output`` (:mod:`threadkit.writers.split`).

    Outputs appear whole or not at all. Returns the output bytes when ``output`` is None.
    """
    with fewer_collections():
        return _convert_path(path, to, output, from_format, split, name)


def _convert_path(path: str | Path, to: str, output: str | Path | None, from_format: str | None,
                  split: str | None, name: str | None) -> bytes | None:
    """:func:`convert_path`'s work."""
    get_writer(to)  # an unknown format is refused before the input is read
    streams = split is not None or streams_posts(to)
    with collector_paused():
        item = open_input(path, from_format, name, STREAM_BYTES if streams else None)
        if isinstance(item, (Source, Document)):
            data = _convert_held(item, to, output, path, from_format, split)
            del item  # (the document goes before the collector comes back, which would read it all)
            return data
    return _write_streamed(item, to, output, path, split)


def _convert_held(item: Source | Document, to: str, output: str | Path | None, path: str | Path,
                  from_format: str | None, split: str | None) -> bytes | None:
    """A source or document held in memory, converted."""
    document = read(item, from_format) if isinstance(item, Source) else item
    if LEFT_TO_EXIT is not None:
        LEFT_TO_EXIT.append(document)
    if split:
        return _write_streamed(document, to, output, path, split)
    if output is None:
        return render(to, document)
    with _writing(output, path):
        write_document(to, document, Path(output))
    return None


def _write_streamed(item, to: str, output: str | Path | None, path: str | Path, split: str | None) -> None:
    """A streamed archive (or, with ``split``, a document) written as it is read."""
    import sys

    from threadkit.files import atomic_output

    if split:
        from threadkit.writers.split import write_split

        head, posts = keyed_posts(item)
        with _writing(output, path):
            write_split(head, posts, to, Path(output))
        return None
    if not streams_posts(to):
        raise too_large_for(to, item.name)
    if output is None:
        convert_stream(item, to, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with _writing(output, path), atomic_output(Path(output)) as out:
            convert_stream(item, to, out)
    return None


@contextlib.contextmanager
def collector_paused():
    """No cyclic garbage collection while an input is opened (the readers it needs imported)
    and, when it is held in memory, read and written.

    What is made then lives until the end, and almost none of it can be freed by the
    collector (frozen values, no cycles: a whole gg-mbox conversion leaves 78 objects of
    cyclic garbage), yet each pass reads every object made since the last: three passes of
    28-40 ms on the gg-mbox archive (the first over the modules its readers import), a
    tenth of its conversion. A streamed archive's posts are read with the collector
    (:func:`fewer_collections`): their run has no bound.
    """
    global _paused
    if not gc.isenabled():  # (the caller's choice: left as it is)
        yield
        return
    gc.disable()
    _paused = True
    try:
        yield
    finally:
        _paused = False
        gc.freeze()  # what lives on (the readers' modules, caches) is not read again by the next pass
        gc.enable()


#: Whether :func:`collector_paused` has the collector off (not a caller of the API).
_paused = False


@contextlib.contextmanager
def collector_resumed():
    """Inside :func:`collector_paused`, the collector on again, for work whose size has no
    bound: the index pass over a streamed archive reads every message's header, and its
    garbage must not pile up. What was made before is frozen out of its passes."""
    if not _paused or gc.isenabled():
        yield
        return
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.disable()


@contextlib.contextmanager
def _writing(output, path):
    """An output that cannot be written is one line (exit 1); an error naming the input
    ``path`` (a streamed archive read again) stays an input error."""
    from threadkit.errors import ThreadkitError
    from threadkit.files import printable_name

    try:
        yield
    except OSError as exc:
        if exc.filename is not None and os.fsdecode(exc.filename) == os.fspath(path):
            raise
        raise ThreadkitError(f"{printable_name(str(output))}: cannot write ({exc.strerror or exc})") from None
