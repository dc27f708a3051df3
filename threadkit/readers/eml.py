"""One RFC 5322 message (an ``.eml`` file) → :class:`Document` with one post.

The message goes through the same adapter as every mbox message
(:mod:`threadkit.mail.message`): MIME parts walked over numbered lines, charsets and
transfer encodings decoded by the stdlib, HTML-only bodies turned into text with
beautifulsoup4/lxml, attachments listed.
"""

from __future__ import annotations

import re

from threadkit.detect import Guess
from threadkit.mail.archive import read_document
from threadkit.model import Document
from threadkit.source import Source

FORMAT = "eml"
DESCRIPTION = "one mail message (.eml, RFC 5322 with MIME)"

_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]{0,60}):")
#: Fields nearly every stored message has; a header with several of them is mail.
_MAIL_FIELDS = {"from", "to", "date", "subject", "message-id", "received", "return-path", "mime-version", "content-type", "delivered-to"}


def sniff(source: Source) -> Guess:
    """A header block (field lines up to a blank line) naming the usual mail fields."""
    seen = set()
    for line in source.lines[:200]:
        if not line.strip():
            break
        if line[:1] in (" ", "\t"):
            continue
        m = _FIELD.match(line)
        if not m:
            return Guess(FORMAT, 0.0, ())
        seen.add(m[1].lower())
    found = seen & _MAIL_FIELDS
    if len(found) >= 3 and "from" in found:
        return Guess(FORMAT, 0.85, (f"a mail header with {', '.join(sorted(found))}",))
    return Guess(FORMAT, 0.1 if found else 0.0, ())


def read(source: Source) -> Document:
    """Read one message."""
    return read_document(source, FORMAT, split=False)
