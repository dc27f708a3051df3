"""The top-level Python API (``threadkit.read``, ``threadkit.convert`` ...), one call per job.

Thin, typed entry points over the pipeline of :mod:`threadkit.api`, which the CLI uses: what
a call does is what the matching command does. An input is a path (``str`` or
:class:`os.PathLike`), raw ``bytes``, or a binary file object; a format is a reader's or a
writer's name, as ``threadkit formats`` lists them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Union

from threadkit.detection import Guess
from threadkit.errors import DefectsError
from threadkit.model import Document, Post

#: What the calls read: a path, the input's bytes, or a binary file object.
Input = Union[str, "os.PathLike[str]", bytes, BinaryIO]

#: Output formats by the ending of the output's name, for :func:`convert` without ``to``.
ENDINGS = {".tei.xml": "tei", ".xml": "tei", ".jsonl": "jsonl", ".json": "json", ".mbox": "mbox"}


def read(source: Input, *, format: str | None = None, strict: bool = False, name: str | None = None) -> Document:
    """Read one input into a :class:`~threadkit.model.Document` (a file, or a folder such as a
    Maildir; raw bytes; a binary file object).

    Args:
        format: the reader to use (default: detected).
        strict: raise :class:`~threadkit.errors.DefectsError` when the document has defects,
            instead of recording them on it.
        name: the document's name, for bytes and file objects (default ``<input>``).

    Raises:
        InputError, FormatError: the input cannot be read, or its format not told.
    """
    from threadkit import api

    held = in_memory(source, name)
    document = api.read_bytes(*held, format) if held else api.read_path(os.fspath(source), format)
    if strict:
        raise_defects(document)
    return document


def in_memory(source: Input, name: str | None) -> tuple[bytes, str] | None:
    """The bytes and document name of an input given as bytes or as an open binary file
    (read now); None for a path, which the pipeline opens itself (a folder, a large archive)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "<input>"
    if hasattr(source, "read"):
        return source.read(), name or file_name(source)
    return None


def file_name(handle) -> str:
    """The name of an open file's document: its file's, as a path's would be."""
    name = getattr(handle, "name", None)
    return Path(name).name if isinstance(name, str) and name else "<input>"


def raise_defects(document: Document) -> None:
    """:class:`~threadkit.errors.DefectsError` when the document or a post has defects."""
    from threadkit.batch_report import defect_counts

    counts = defect_counts(document)
    if counts:
        listed = ", ".join(f"{code} ×{n}" for code, n in counts.items())
        raise DefectsError(f"{document.source.name}: {sum(counts.values())} defects ({listed})", counts)


def detect(source: Input, *, name: str | None = None) -> list[Guess]:
    """The readers' guesses for an input, best first (a folder: the folder readers')."""
    from threadkit import api
    from threadkit.detection import detect as detect_source
    from threadkit.source import load_bytes

    held = in_memory(source, name)
    return detect_source(load_bytes(*held)) if held else api.detect_path(os.fspath(source))


def write(document: Document, to: str = "json") -> bytes:
    """A document in one output format (``json``, ``jsonl``, ``mbox``, ``tei``)."""
    from threadkit import api

    return api.write(document, to)


def convert(source: str | os.PathLike[str], destination: str | os.PathLike[str], *, to: str | None = None,
            format: str | None = None, split: str | None = None) -> None:
    """Convert a file of any size, as ``threadkit convert`` does: a mail archive too large to
    hold streams into ``jsonl`` or, with ``split="thread"``, into a folder of one file per
    thread. The output appears whole or not at all.

    Args:
        to: the output format (default: told by the destination's ending, as in ``out.tei.xml``).
        format: the reader to use (default: detected).
    """
    from threadkit import api
    from threadkit.errors import UnknownFormatError

    to = to or format_for(destination)
    if to is None:
        raise UnknownFormatError(f"{destination}: name the output format (to=...); the ending does not tell it")
    api.convert_path(os.fspath(source), to, os.fspath(destination), format, split)


def format_for(destination: str | os.PathLike[str]) -> str | None:
    """The output format an output's name ends with, if any."""
    name = Path(destination).name.lower()
    return next((fmt for ending, fmt in ENDINGS.items() if name.endswith(ending)), None)


def iter_posts(source: str | os.PathLike[str], *, format: str | None = None) -> Iterator[Post]:
    """The posts of an input one by one, in memory bounded by the largest: for mail archives
    too large to hold as one document (threaded over the whole archive all the same). Other
    inputs are read whole and their posts given in order."""
    from threadkit import api
    from threadkit.source import Source

    item = api.open_input(os.fspath(source), format, stream_over=0)
    if isinstance(item, Source):
        item = api.read(item, format)
    if isinstance(item, Document):
        yield from item.posts
    else:
        yield from item.posts()
