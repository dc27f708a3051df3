"""The pipeline: source → detect → read → transforms → write. Everything the CLI does goes through here."""

from __future__ import annotations

from pathlib import Path

import attrs

from threadkit import transforms
from threadkit.detect import MIN_SCORE, Guess, choose, detect, detect_folder
from threadkit.errors import InputError
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
    guesses = detect_folder(path)
    if not guesses or guesses[0].score < MIN_SCORE:
        raise InputError(f"{path}: is a folder, not a file (nor a Maildir or a news spool)")
    return get_reader(guesses[0].format)


def read_bytes(data: bytes, name: str = "<input>", from_format: str | None = None) -> Document:
    """Read raw bytes."""
    return read(load_bytes(data, name), from_format)


def write(document: Document, to: str = "json") -> bytes:
    """Serialise a document with the named writer."""
    return get_writer(to).write(document)


def detect_path(path: str | Path) -> list[Guess]:
    """Ranked format guesses for a file, or for a folder (folder readers only)."""
    if str(path) != "-" and Path(path).is_dir():
        guesses = detect_folder(Path(path))
        if not guesses or guesses[0].score < MIN_SCORE:
            raise InputError(f"{path}: is a folder, not a file (nor a Maildir or a news spool)")
        return guesses
    return detect(load_path(path))
