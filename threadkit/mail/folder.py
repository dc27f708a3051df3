"""A folder of one-message files (a Maildir, a news spool) → one :class:`Source` and its messages.

The files, in the order the reader chooses, are read as one archive: their bytes one after
another make the source (each file ending with a line end), so every post's span is lines of
that source and :func:`threadkit.invariants.coverage_problems` checks the folder like a file;
each post names its file in its metadata (``file``).
"""

from __future__ import annotations

import io
from pathlib import Path

import attrs

from threadkit.errors import InputError
from threadkit.files import printable_name
from threadkit.mail.mboxfile import RawLine, RawMessage, iter_raw_messages
from threadkit.source import Source, load_bytes


def read_files(paths: list[Path]) -> list[tuple[Path, bytes]]:
    """Each file with its bytes, refused with one clear line when one cannot be read."""
    out = []
    for path in paths:
        try:
            out.append((path, path.read_bytes()))
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return out


def sniff_file(sniff, data: bytes, name: str):
    """``sniff`` of one file's text; a file that is not text is no sign of any format."""
    from threadkit.detect import Guess

    try:
        return sniff(load_bytes(data, name))
    except InputError as exc:
        return Guess("", 0.0, (str(exc),))


def _shifted(raw: RawMessage, offset: int) -> RawMessage:
    move = lambda line: RawLine(line.no + offset, line.data)  # noqa: E731
    return RawMessage(move(raw.envelope) if raw.envelope else None, tuple(map(move, raw.lines)))


def folder_messages(name: str, files: list[tuple[Path, bytes]], frame=lambda raw: raw) -> tuple[Source, list[tuple[Path, RawMessage]]]:
    """The source made of ``files`` in their order, and each file's message (``frame`` may
    turn a first line into the message's envelope, as a news spool's "Article N of g")."""
    chunks: list[bytes] = []
    messages: list[tuple[Path, RawMessage]] = []
    offset = 0
    for path, data in files:
        if data and not data.endswith(b"\n"):
            data += b"\n"
        for raw in iter_raw_messages(io.BytesIO(data), split=False):
            messages.append((path, frame(_shifted(raw, offset))))
        offset += data.count(b"\n")
        chunks.append(data)
    return load_bytes(b"".join(chunks), printable_name(name)), messages


def with_file(post, path: Path, root: Path):
    """The post with the name of its file (relative to the folder) in its metadata."""
    return attrs.evolve(post, metadata=post.metadata + (("file", path.relative_to(root).as_posix()),))
