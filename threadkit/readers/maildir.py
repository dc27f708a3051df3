"""A Maildir folder (``cur/``, ``new/``, ``tmp/``; one message per file) → :class:`Document`.

The folder is read as one archive (:mod:`threadkit.mail.folder`): the messages of ``new/``
and ``cur/`` (``tmp/`` holds deliveries in progress) ordered by their Date, then by file
name (whose leading number is the delivery time, the fallback for a message without a
Date), and threaded by their headers. One file of a Maildir, read alone, is an .eml.
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timezone
from pathlib import Path

from threadkit.detect import Guess
from threadkit.mail.archive import document_of
from threadkit.mail.folder import folder_messages, read_files, with_file
from threadkit.model import Document
from threadkit.readers.eml import message_post, read_message
from threadkit.source import Source

FORMAT = "maildir"
DESCRIPTION = "Maildir folder (cur/, new/: one message per file), given as a folder"

_SUBFOLDERS = ("new", "cur")
_DATE = re.compile(rb"^Date:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_DELIVERY_TIME = re.compile(r"^(\d+)")
_NEVER = datetime.max.replace(tzinfo=timezone.utc)


def sniff(source: Source) -> Guess:
    """A Maildir is a folder; a file is not one (see :func:`sniff_folder`)."""
    return Guess(FORMAT, 0.0, ("a Maildir is a folder with cur/ and new/",))


def sniff_folder(path: Path) -> Guess:
    """A folder with ``cur/`` and ``new/`` folders."""
    if all((path / sub).is_dir() for sub in _SUBFOLDERS):
        return Guess(FORMAT, 1.0, ("a folder with cur/ and new/ folders",), decisive=True)
    return Guess(FORMAT, 0.0, ())


def _when(name: str, data: bytes) -> datetime:
    """When a message was written: its Date field, else the delivery time its file name starts with."""
    header = data.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")
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


def read_folder(path: Path) -> tuple[Source, Document]:
    """Read the messages of a Maildir as one archive, oldest first."""
    paths = [f for sub in _SUBFOLDERS for f in sorted((path / sub).iterdir()) if f.is_file() and not f.name.startswith(".")]
    files = sorted(read_files(paths), key=lambda item: (_when(item[0].name, item[1]), item[0].name))
    source, messages = folder_messages(path.name, files)
    posts = [with_file(message_post(raw, k), f, path) for k, (f, raw) in enumerate(messages, 1)]
    return source, document_of(source, FORMAT, posts)


def read(source: Source) -> Document:
    """One file of a Maildir: one message."""
    return read_message(source, FORMAT)
