"""A folder of message files (a Maildir, a news spool: one message each; Pipermail months: an
mbox each) → one :class:`Source` and its messages, or an :class:`Archive` of any size.

The files, in the order the reader chooses, are read as one archive: their bytes one after
another make the source (each file ending with a line end), so every post's span is lines of
that source and :func:`threadkit.invariants.coverage_problems` checks the folder like a file;
each post names its file in its metadata (``file``). No message spans two files. A folder
larger than what is held in memory is read by :func:`folder_archive` in two passes over its
files, as an mbox is (:class:`threadkit.mail.archive.Archive`), with the same lines and posts.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable, Iterator

import attrs

from threadkit.errors import InputError
from threadkit.files import printable_name
from threadkit.mail.archive import Archive, document_of
from threadkit.mail.mboxfile import RawLine, RawMessage, iter_raw_messages
from threadkit.model import Document, Post
from threadkit import source as sources
from threadkit.source import Source, load_bytes, open_binary, opening, reading, size_upto


def read_files(paths: list[Path]) -> list[tuple[Path, bytes]]:
    """Each file with its bytes, refused with one clear line when one cannot be read."""
    out = []
    for path in paths:
        try:
            out.append((path, path.read_bytes()))
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return out


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a file, refused with one clear line when it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def sniff_file(sniff, data: bytes, name: str):
    """``sniff`` of one file's text; a file that is not text is no sign of any format."""
    from threadkit.detection import Guess

    try:  # the first lines are enough, and a file too large to hold is still a sign
        return sniff(load_bytes(data[: sources.MAX_TEXT_BYTES], name))
    except InputError as exc:
        return Guess("", 0.0, (str(exc),))


def _shifted(raw: RawMessage, lines: int, offset: int = 0) -> RawMessage:
    """``raw`` of a file that starts after ``lines`` lines and ``offset`` bytes of the archive."""
    move = lambda line: RawLine(line.no + lines, line.data)  # noqa: E731
    return attrs.evolve(
        raw, envelope=move(raw.envelope) if raw.envelope else None, lines=tuple(map(move, raw.lines)),
        inner_envelopes=tuple(no + lines for no in raw.inner_envelopes), offset=raw.offset + offset, last_line=raw.last_line + lines,
    )


def ended(data: bytes) -> bytes:
    """A file's bytes as the folder's source holds them: ending with a line end."""
    return data + b"\n" if data and not data.endswith(b"\n") else data


def folder_messages(name: str, files: list[tuple[Path, bytes]], frame=lambda raw: raw, split: bool = False,
                    pipermail: bool = False) -> tuple[Source, list[tuple[Path, RawMessage]]]:
    """The source made of ``files`` in their order, and each file's messages (one each, or
    split at envelopes with ``split``; ``frame`` may turn a first line into the message's
    envelope, as a news spool's "Article N of g")."""
    chunks: list[bytes] = []
    messages: list[tuple[Path, RawMessage]] = []
    lines = offset = 0
    for path, data in files:
        data = ended(data)
        for raw in iter_raw_messages(io.BytesIO(data), split, pipermail):
            messages.append((path, frame(_shifted(raw, lines, offset))))
        lines += data.count(b"\n")
        offset += len(data)
        chunks.append(data)
    return load_bytes(b"".join(chunks), printable_name(name)), messages


def folder_document(name: str, format: str, files: list[tuple[Path, bytes]], post_of: Callable[[RawMessage, int, Path], Post],
                    frame=lambda raw: raw, split: bool = False, pipermail: bool = False) -> tuple[Source, Document]:
    """The source of ``files`` and its document: :func:`folder_messages`, each made a post by
    ``post_of(raw, number, path)``, threaded (the in-memory twin of :func:`folder_archive`)."""
    source, messages = folder_messages(name, files, frame, split, pipermail)
    return source, document_of(source, format, [post_of(raw, k, f) for k, (f, raw) in enumerate(messages, 1)])


def _ended_lines(stream, counts: list[int]) -> Iterator[bytes]:
    """The lines of a file as :func:`ended` makes them, counted (lines, bytes) into ``counts``."""
    for line in stream:
        if not line.endswith(b"\n"):
            line += b"\n"
        counts[0] += 1
        counts[1] += len(line)
        yield line


def folder_archive(name: str, format: str, paths: list[Path], post_of: Callable[[RawMessage, int, Path], Post],
                   frame=lambda raw: raw, split: bool = False, pipermail: bool = False) -> Archive:
    """The files ``paths`` (in this order) read as one archive of any size: their messages as
    :func:`folder_messages` finds them, one file open at a time; ``post_of(raw, number, path)``
    makes each post."""

    def messages(lines_of, headers_only: bool, _at=None) -> Iterator[tuple[RawMessage, object]]:
        lines = offset = 0  # (from the first file, whatever ``_at``: the archive skips what comes before it)
        for path in paths:
            counts = [0, 0]
            with opening(path), open_binary(path) as stream, reading(str(path)):
                for raw in iter_raw_messages(lines_of(_ended_lines(stream, counts)), split, pipermail, headers_only):
                    yield frame(_shifted(raw, lines, offset)), path
            lines += counts[0]
            offset += counts[1]

    return Archive(None, printable_name(name), format, pipermail, messages=messages, post_of=post_of)


def folder_size(paths: list[Path], cap: int) -> int:
    """The (decompressed) size of the files, or more than ``cap`` when it is larger (reads no more than needed)."""
    total = 0
    for path in paths:
        with opening(path):
            total += size_upto(path, cap - total) if total <= cap else 0
        if total > cap:
            break
    return total


def with_file(post, path: Path, root: Path):
    """The post with the name of its file (relative to the folder) in its metadata."""
    return attrs.evolve(post, metadata=post.metadata + (("file", path.relative_to(root).as_posix()),))
