"""Is this document an HTML page? The evidence in its first bytes, for the HTML readers' sniffers.

A saved page opens with a doctype, an ``<html>`` element, or (a fragment saved without them)
with markup: its first non-blank character is ``<`` and HTML's structural tags follow. A text
copy, an e-mail or an mbox does not open with markup (an HTML mail part sits under headers),
so this evidence is decisive for the HTML readers.
"""

from __future__ import annotations

import re

from threadkit import patterns
from threadkit.source import Source

#: How much of the text is looked at.
HEAD_CHARS = 4096
_OPENING = patterns.compile(r"^(?:\ufeff)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(!doctype\s+html|html\b)", re.I | re.S)
_TAGS = patterns.compile(r"<(?:head|body|title|meta|div|p|table|span|a\s+href|br|script|style|link|ul|h[1-6])\b", re.I)
#: A fragment without doctype or <html> needs this many structural tags in its head.
MIN_TAGS = 5


def html_evidence(source: Source) -> tuple[str, ...]:
    """Why the source is HTML (empty when it is not)."""
    head = source.text[:HEAD_CHARS]
    m = _OPENING.match(head)
    if m:
        return (f"opens with <{m[1].lower()}>",)
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        tags = len(_TAGS.findall(head))
        if tags >= MIN_TAGS:
            return (f"opens with markup ({tags} HTML tags in its first {len(head)} characters)",)
    return ()
