"""A Maildir folder (``cur/``, ``new/``, ``tmp/``; one message per file) → :class:`Document`.

The folder is read as one archive (:mod:`threadkit.mail.folder`): the messages of ``new/``
and ``cur/`` (``tmp/`` holds deliveries in progress) ordered by their Date, then by file
name (whose leading number is the delivery time, the fallback for a message without a
Date), and threaded by their headers. One file of a Maildir, read alone, is an .eml. A
Maildir of any size streams (:func:`stream_folder`): the order needs only each file's header.
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timezone
from pathlib import Path

from threadkit import patterns
from threadkit.detection import Guess
from threadkit.mail.archive import Archive
from threadkit.mail.folder import folder_archive, folder_document, read_files, read_head, with_file
from threadkit.model import Document
from threadkit.readers.eml import message_post, read_message
from threadkit.source import Source

FORMAT = "maildir"
DESCRIPTION = "Maildir folder (cur/, new/: one message per file), given as a folder"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("FOLDER/ with cur/ and new/",)

_SUBFOLDERS = ("new", "cur")
_DATE = patterns.compile(rb"^Date:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_DELIVERY_TIME = patterns.compile(r"^(\d+)")
_NEVER = datetime.max.replace(tzinfo=timezone.utc)


def sniff(source: Source) -> Guess:
    """A Maildir is a folder; a file is not one (see :func:`sniff_folder`)."""
    return Guess(FORMAT, 0.0, ("a Maildir is a folder with cur/ and new/",))


def sniff_folder(path: Path) -> Guess:
    """A folder with ``cur/`` and ``new/`` folders."""
    if all((path / sub).is_dir() for sub in _SUBFOLDERS):
        return Guess(FORMAT, 1.0, ("a folder with cur/ and new/ folders",), decisive=True)
    return Guess(FORMAT, 0.0, ())


#: How much of each file is read to find its Date (a header longer than this sorts by its file name's time).
HEAD_BYTES = 64 << 10


def _when(name: str, head: bytes) -> datetime:
    """When a message was written: its Date field, else the delivery time its file name starts with."""
    header = head.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")
    m = _DATE.search(header)
    if m:
        try:
            when = email.utils.parsedate_to_datetime(" ".join(m[1].decode("ascii", "replace").split()))
            return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    seconds = _DELIVERY_TIME.match(name)
    try:
        return datetime.fromtimestamp(int(seconds[1]), timezone.utc) if seconds else _NEVER
    except (OverflowError, OSError, ValueError):
        return _NEVER


def folder_files(path: Path) -> list[Path]:
    """The message files of a Maildir, oldest first (reading the head of each)."""
    paths = [f for sub in _SUBFOLDERS for f in sorted((path / sub).iterdir()) if f.is_file() and not f.name.startswith(".")]
    return sorted(paths, key=lambda f: (_when(f.name, read_head(f, HEAD_BYTES)), f.name))


def _post(path: Path):
    return lambda raw, number, file: with_file(message_post(raw, number), file, path)


def read_folder(path: Path) -> tuple[Source, Document]:
    """Read the messages of a Maildir as one archive, oldest first."""
    return folder_document(path.name, FORMAT, read_files(folder_files(path)), _post(path))


def stream_folder(path: Path, files: list[Path] | None = None) -> Archive:
    """A Maildir of any size, read a file at a time in two passes (:func:`threadkit.mail.folder.folder_archive`);
    ``files``: its :func:`folder_files`, when the caller has them already."""
    return folder_archive(path.name, FORMAT, folder_files(path) if files is None else files, _post(path))


def read(source: Source) -> Document:
    """One file of a Maildir: one message."""
    return read_message(source, FORMAT)
