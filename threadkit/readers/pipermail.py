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
from threadkit.mail.mboxfile import is_envelope
from threadkit.readers.eml import HEADER_LINES, header_fields
from threadkit.readers.mbox import envelope_count, opens_like_mbox
from threadkit.source import Source

FORMAT = "pipermail"
DESCRIPTION = "Mailman 2 (Pipermail) monthly .txt archive"


#: The header Pipermail writes for every message, in its order: Mailman 2 writes From, Date,
#: Subject, then In-Reply-To, References and Message-ID when known; Mailman 1 (Pipermail
#: 0.0x, 1998-2000) wrote Date, From ("Name address"), Subject and nothing else.
_SHAPES = (("from", "date", "subject"), ("date", "from", "subject"))
_OPTIONAL = frozenset({"in-reply-to", "references", "message-id"})


def pipermail_headers(source: Source, messages: int = 20) -> tuple[int, int]:
    """(messages looked at, of which with a header of Pipermail's shape) among the first ones."""
    seen = shaped = 0
    for k, line in enumerate(source.lines[:20000]):
        if seen == messages:
            break
        if line.startswith("From ") and is_envelope(line.encode("utf-8", "replace")):
            seen += 1
            names = header_fields(source.lines[k + 1:k + 1 + HEADER_LINES]) or []
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
