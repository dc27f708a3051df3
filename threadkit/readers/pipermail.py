"""A Mailman 2 (Pipermail) monthly ``.txt`` archive → :class:`Document`.

The archive is an mbox whose addresses are obfuscated ("From x at y.com  Tue Mar  4 ..."),
whose non-ASCII characters were written as "?", and whose attachments were scrubbed into
"-------------- next part --------------" sections (kept as ``scrubbed`` attachments).
Authors come from the old "From: x at y.com (Name)" form; addresses stay as the archive shows them.

A folder of such archives (Mailman's ``2004-January.txt``, ``.txt.gz``, also quarterly,
weekly and daily ones) is read as one archive, oldest period first, threaded across months;
a folder of any size streams (:func:`stream_folder`).
"""

from __future__ import annotations

import calendar
from pathlib import Path

from threadkit import patterns
from threadkit.detection import Guess
from threadkit.mail.archive import Archive, archive_post, read_document
from threadkit.mail.folder import folder_archive, folder_document, read_files, sniff_file, with_file
from threadkit.model import Document
from threadkit.mail.mboxfile import is_envelope
from threadkit.readers.eml import HEADER_LINES, header_fields
from threadkit.readers.mbox import envelope_count, opens_like_mbox
from threadkit.errors import InputError
from threadkit.source import Source, decompress

FORMAT = "pipermail"
DESCRIPTION = "Mailman 2 (Pipermail) monthly .txt archive"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("YYYY-Month.txt", "YYYY-Month.txt.gz", "FOLDER/ of months")


#: The header Pipermail writes for every message, in its order: Mailman 2 writes From, Date,
#: Subject, then In-Reply-To, References and Message-ID when known; Mailman 1 (Pipermail
#: 0.0x, 1998-2000) wrote Date, From ("Name address"), Subject and nothing else.
_SHAPES = (("from", "date", "subject"), ("date", "from", "subject"))
_OPTIONAL = frozenset({"in-reply-to", "references", "message-id"})


def pipermail_headers(source: Source, messages: int = 20) -> tuple[int, int]:
    """(messages looked at, of which with a header of Pipermail's shape) among the first ones."""
    seen = shaped = 0
    lines = source.head(20000 + HEADER_LINES)  # (a header's lines after the last envelope looked at too)
    for k, line in enumerate(lines[:20000]):
        if seen == messages:
            break
        if line.startswith("From ") and is_envelope(line.encode("utf-8", "replace")):
            seen += 1
            names = header_fields(lines[k + 1:k + 1 + HEADER_LINES]) or []
            shaped += tuple(names[:3]) in _SHAPES and set(names[3:]) <= _OPTIONAL
    return seen, shaped


def sniff(source: Source) -> Guess:
    """Envelope lines whose senders read "x at y.com", or headers of Pipermail's fixed shape."""
    if not opens_like_mbox(source):
        return Guess(FORMAT, 0.0, ())
    total, obfuscated = envelope_count(source)
    if obfuscated and obfuscated * 2 >= total:
        return Guess(FORMAT, 0.95, (f"{obfuscated} of {total} envelope line(s) with 'x at y' senders",), decisive=True)
    seen, shaped = pipermail_headers(source)
    if seen and shaped == seen:
        return Guess(FORMAT, 0.95, (f"{seen} message header(s) as Pipermail writes them (From/Date/Subject only)",), decisive=True)
    return Guess(FORMAT, 0.1, ("envelope lines without Pipermail's obfuscated senders",))


def read(source: Source) -> Document:
    """Read every message of a Pipermail archive and thread them."""
    return read_document(source, FORMAT, pipermail=True)


def stream(open_stream, name: str) -> Archive:
    """A Pipermail archive of any size, read from its file in two passes (:class:`threadkit.mail.archive.Archive`)."""
    return Archive(open_stream, name, FORMAT, pipermail=True)


# --- A folder of archives ------------------------------------------------------------------

#: Mailman's archive file names: ``2004-January.txt``, ``2004q1.txt``, ``Week-of-Mon-20040105.txt``,
#: ``20040105.txt``, ``2004.txt`` (each possibly ``.gz``).
_ARCHIVE_NAME = patterns.compile(r"(?:Week-of-Mon-)?(\d{4})(?:-([A-Za-z]+)|q([1-4])|(\d{2})(\d{2}))?\.txt(?:\.gz)?$")
_MONTHS = {name.lower(): k for k, name in enumerate(calendar.month_name) if name}
#: How many of a folder's archives are looked at to recognise it, and how much of each.
FOLDER_SAMPLE = 3
SAMPLE_BYTES = 256 << 10


def _period(path: Path) -> tuple[int, int, int]:
    """(year, month, day) that an archive's name stands for (its first day)."""
    m = _ARCHIVE_NAME.match(path.name)
    year, month_name, quarter, month, day = m.groups()
    if month_name:
        return int(year), _MONTHS.get(month_name.lower(), 13), 1
    if quarter:
        return int(year), 3 * int(quarter) - 2, 1
    return int(year), int(month or 1), int(day or 1)


def folder_files(path: Path) -> list[Path]:
    """The archives of a folder named as Mailman names them, oldest period first."""
    files = [f for f in path.iterdir() if _ARCHIVE_NAME.match(f.name) and f.is_file()]
    return sorted(files, key=lambda f: (_period(f), f.name))


def sniff_folder(path: Path) -> Guess:
    """A folder of Mailman-named archive files that read as Pipermail archives."""
    files = folder_files(path)
    if not files:
        return Guess(FORMAT, 0.0, ())
    sample = [sniff_file(sniff, head, f.name) for f in files[:FOLDER_SAMPLE] if (head := _head_lines(f)).strip()]
    if sample and all(g.decisive and g.format == FORMAT for g in sample):
        return Guess(FORMAT, 0.96, (f"a folder of {len(files)} Pipermail archive(s) named by period",), decisive=True)
    return Guess(FORMAT, 0.0, ())


def _head_lines(path: Path) -> bytes:
    """The first whole lines of an archive (decompressed), enough for :func:`sniff`."""
    from threadkit.source import read_prefix

    try:
        return read_prefix(path, SAMPLE_BYTES)
    except (OSError, InputError):
        return b""


def _post(path: Path):
    return lambda raw, number, file: with_file(archive_post(raw, number, True, True), file, path)


def read_folder(path: Path) -> tuple[Source, Document]:
    """Read a folder of Pipermail archives as one, oldest first."""
    files = [(f, decompress(data, f.name)) for f, data in read_files(folder_files(path))]
    return folder_document(path.name, FORMAT, files, _post(path), split=True, pipermail=True)


def stream_folder(path: Path, files: list[Path] | None = None) -> Archive:
    """A folder of Pipermail archives of any size, read a message at a time in two passes;
    ``files``: its :func:`folder_files`, when the caller has them already."""
    return folder_archive(path.name, FORMAT, folder_files(path) if files is None else files, _post(path), split=True, pipermail=True)
