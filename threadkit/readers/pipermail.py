"""A Mailman 2 (Pipermail) monthly ``.txt`` archive → :class:`Document`.

The archive is an mbox whose addresses are obfuscated ("From x at y.com  Tue Mar  4 ..."),
whose non-ASCII characters were written as "?", and whose attachments were scrubbed into
"-------------- next part --------------" sections (kept as ``scrubbed`` attachments).
Authors come from the old "From: x at y.com (Name)" form; addresses stay as the archive shows them.
"""

from __future__ import annotations

from threadkit.detect import Guess
from threadkit.mail.archive import Archive, read_document
from threadkit.model import Document
from threadkit.readers.mbox import envelope_count, opens_like_mbox
from threadkit.source import Source

FORMAT = "pipermail"
DESCRIPTION = "Mailman 2 (Pipermail) monthly .txt archive"


def sniff(source: Source) -> Guess:
    """Envelope lines whose senders read "x at y.com"."""
    if not opens_like_mbox(source):
        return Guess(FORMAT, 0.0, ())
    total, obfuscated = envelope_count(source)
    if obfuscated and obfuscated * 2 >= total:
        return Guess(FORMAT, 0.95, (f"{obfuscated} of {total} envelope line(s) with 'x at y' senders",))
    return Guess(FORMAT, 0.1, ("envelope lines without Pipermail's obfuscated senders",))


def read(source: Source) -> Document:
    """Read every message of a Pipermail archive and thread them."""
    return read_document(source, FORMAT, pipermail=True)


def stream(open_stream, name: str) -> Archive:
    """A Pipermail archive of any size, read from its file in two passes (:class:`threadkit.mail.archive.Archive`)."""
    return Archive(open_stream, name, FORMAT, pipermail=True)
