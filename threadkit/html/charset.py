"""The charset a page declares in its own bytes → a Python codec name.

Browsers decide an HTML page's encoding from a byte-order mark, the HTTP header, then a
prescan of the first bytes for ``<meta charset=...>`` or ``<meta http-equiv="Content-Type"
content="...; charset=...">`` (WHATWG "prescan a byte stream"). A saved page has lost its
HTTP header, so the prescan is the page's own word. :func:`threadkit.source.decode` asks it
when the bytes are not UTF-8, before guessing.
"""

from __future__ import annotations

import re

from threadkit import patterns

#: How far into the page the declaration is looked for. WHATWG says 1024 bytes; saved pages
#: often put scripts and styles first, and browsers look further in practice.
PRESCAN_BYTES = 8192

_META = patterns.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:+-]+)", re.I)
_XML = patterns.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:+-]+)", re.I)
#: WHATWG's encoding labels where they differ from Python's: Latin-1 and ASCII labels mean
#: Windows-1252, which is what a browser shows for them.
_WHATWG = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252", "iso8859-1": "cp1252",
           "us-ascii": "cp1252", "ascii": "cp1252", "iso_8859-1": "cp1252", "windows-1252": "cp1252",
           "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030", "iso-8859-9": "cp1254", "tis-620": "cp874"}


def declared_charset(data: bytes) -> str | None:
    """The Python codec of the charset the page declares in its first bytes, or None."""
    from threadkit.source import codec_name

    head = data[:PRESCAN_BYTES]
    m = _XML.match(head) or _META.search(head)
    if m is None:
        return None
    label = m[1].decode("ascii").lower()
    return codec_name(_WHATWG.get(label, label))


def decode_declared(data: bytes) -> tuple[str, str] | None:
    """``(text, codec)`` when the page declares a charset whose decoder takes all its bytes."""
    codec = declared_charset(data)
    if codec is None or codec.startswith(("utf-16", "utf-32")):  # a prescan found ASCII: not UTF-16
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None
