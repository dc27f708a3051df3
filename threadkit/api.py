"""The pipeline: source → detect → read → transforms → write. Everything the CLI does goes through here."""

from __future__ import annotations

from pathlib import Path

import attrs

from threadkit import transforms
from threadkit.detect import Guess, choose, detect
from threadkit.invariants import valid_unicode
from threadkit.model import Document
from threadkit.readers import get_reader
from threadkit.source import Source, load_bytes, load_path
from threadkit.writers import get_writer


def read(source: Source, from_format: str | None = None) -> Document:
    """Read a source with the named reader, or the one detection chooses, then transform.

    A reader whose documents are already transformed (threadkit's own JSON) says so with
    ``TRANSFORMED = True``; running the transforms again would not be the identity.
    What decoding the source had to repair joins the document's defects; then every
    document, whichever reader made it, is made to hold the model's invariant that its text
    is valid Unicode (:func:`threadkit.invariants.valid_unicode`).
    """
    reader = get_reader(from_format) if from_format else get_reader(choose(detect(source), source.name).format)
    document = reader.read(source)
    if not getattr(reader, "TRANSFORMED", False):  # (a JSON document's spans are not its file's lines)
        document = transforms.run(attrs.evolve(document, defects=source.defects + document.defects))
    return valid_unicode(document)


def read_path(path: str | Path, from_format: str | None = None) -> Document:
    """Read a file (``-`` for standard input)."""
    return read(load_path(path), from_format)


def read_bytes(data: bytes, name: str = "<input>", from_format: str | None = None) -> Document:
    """Read raw bytes."""
    return read(load_bytes(data, name), from_format)


def write(document: Document, to: str = "json") -> bytes:
    """Serialise a document with the named writer."""
    return get_writer(to).write(document)


def detect_path(path: str | Path) -> list[Guess]:
    """Ranked format guesses for a file."""
    return detect(load_path(path))
