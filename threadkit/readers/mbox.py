"""An mbox archive (mboxo or mboxrd, e.g. a Google Groups or public-inbox export) → :class:`Document`.

Messages are split at envelope lines, decoded and segmented one at a time, then threaded
from their Message-ID / In-Reply-To / References headers (:mod:`threadkit.mail.jwz`). An
archive too large to hold in memory is read by :func:`stream` in two passes, message by
message, and threaded all the same.
"""

from __future__ import annotations

from threadkit.detection import Guess
from threadkit.mail.archive import Archive, read_document
from threadkit.mail.mboxfile import ENVELOPE
from threadkit.model import Document
from threadkit.source import Source

FORMAT = "mbox"
DESCRIPTION = "mbox mail archive (mboxo or mboxrd; Google Groups exports, public-inbox)"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("*.mbox", "*.mbox.gz", "*.mbx", "topics.mbox (Google Takeout)")


def envelope_count(source: Source, limit: int = 20000) -> tuple[int, int]:
    """(envelope lines, of which with a Pipermail-obfuscated "x at y" sender) in the first lines."""
    total = obfuscated = 0
    for line in source.head(limit):
        if line.startswith("From "):
            m = ENVELOPE.match(line.encode("utf-8", "replace"))
            if m:
                total += 1
                obfuscated += b" at " in m["sender"]
    return total, obfuscated


def opens_like_mbox(source: Source) -> bool:
    """True when the first non-blank line is an envelope line and a header line follows it."""
    lines = [line for line in source.head(50) if line.strip()]
    return len(lines) > 1 and bool(ENVELOPE.match(lines[0].encode("utf-8", "replace"))) and ":" in lines[1]


def sniff(source: Source) -> Guess:
    """An mbox opens with an envelope line followed by mail headers."""
    if not opens_like_mbox(source):
        return Guess(FORMAT, 0.0, ())
    total, obfuscated = envelope_count(source)
    if obfuscated:
        return Guess(FORMAT, 0.5, (f"{total} envelope line(s), with Pipermail's 'x at y' senders",))
    return Guess(FORMAT, 0.9, (f"{total} envelope line(s) followed by mail headers",), decisive=True)


def read(source: Source) -> Document:
    """Read every message of an mbox and thread them."""
    return read_document(source, FORMAT)


def stream(open_stream, name: str) -> Archive:
    """An mbox of any size, read from its file in two passes (:class:`threadkit.mail.archive.Archive`)."""
    return Archive(open_stream, name, FORMAT, pipermail=False)
