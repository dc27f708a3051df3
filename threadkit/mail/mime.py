"""A message body's raw lines → pieces: decoded text with source line numbers, attachments, MIME structure.

The MIME tree (RFC 2046) is walked over numbered lines so every piece knows its lines in the
file. Text parts are decoded line by line where the transfer encoding allows it:

* 7bit / 8bit / binary: one raw line is one text line (``mode="exact"``);
* quoted-printable: a text line is one raw line plus its soft-broken continuations ("=" at the
  end, RFC 2045 §6.7 rule 5); the line is numbered by its first raw line and ``ends`` gives the
  last (``mode="stretch"``);
* base64, and HTML turned into text: no line correspondence survives, so the lines are numbered
  in proportion across the part (``mode="embedded"``; the reader keeps them as one block).
"""

from __future__ import annotations

import binascii
import re
from itertools import compress, repeat
from operator import not_

import attrs
from attrs import frozen

from threadkit import patterns
from threadkit.mail import header as headers
from threadkit.mail.mboxfile import RawLine, first_blank, line_numbers, lines_data, raw_span
from threadkit.model import Defect
from threadkit.source import LENIENT, codec_name
from threadkit.segment.lines import Line

#: The fields of a header that the MIME walk reads (type, parameters, file name, disposition, transfer encoding).
HEADER_NAMES = frozenset({"content-type", "content-disposition", "content-transfer-encoding"})
#: Deeper multipart nesting is kept as one opaque part (a hostile message must not recurse forever).
MAX_DEPTH = 20


@frozen
class Structure:
    """Lines of MIME structure: boundaries, part headers, preamble, epilogue."""

    lines: tuple[RawLine, ...]


@frozen
class Part:
    """A part that is not body text: an attachment, an alternative rendering, a signature."""

    header: tuple[RawLine, ...]
    lines: tuple[RawLine, ...]
    """The whole part, header included."""
    name: str
    content_type: str
    kind: str
    """``mime-attachment`` (named, or disposition attachment), ``mime-alternative`` (another rendering of the text), ``mime-part``."""


@frozen
class TextPart:
    """Body text, decoded, with the source line of every text line."""

    lines: tuple[Line, ...]
    raw: tuple[RawLine, ...]
    """The part's raw body lines."""
    mode: str
    """``exact``, ``stretch`` or ``embedded`` (see the module docstring)."""
    ends: dict = attrs.Factory(dict)
    """For ``stretch``: first raw line of a text line → its last raw line."""
    content_type: str = "text/plain"
    text: str | None = None
    """The lines' texts joined by LF, when the part was decoded at once (None: not kept)."""


Piece = "Structure | Part | TextPart"


def parse_header(lines: tuple[RawLine, ...], defects: list[Defect]) -> headers.Header:
    """A part's header lines → a stdlib message holding only the header (values parsed on access).

    A header read without a defect is kept for its bytes: the parts of an archive's
    messages have a few headers in common ("Content-Type: text/plain; charset=UTF-8" and
    its transfer encoding), and the values of one are the same wherever it stands (only
    defects name lines). Boundaries make most multipart headers unique: the store is bounded."""
    data = lines_data(lines)
    block = b"\n".join(data)
    known = _PART_HEADERS.get(block)
    if known is not None:
        return known
    found: list[Defect] = []
    header = headers.parse(headers.decode_fields(lines, found), found)
    if found:
        defects += found
    else:
        headers.keep(_PART_HEADERS, block, header, len(block), _MAX_PART_HEADERS)
    return header


#: A part header's lines joined → its values (:func:`parse_header`).
_PART_HEADERS: dict[bytes, headers.Header] = {}
_MAX_PART_HEADERS = 1024


def split_header(lines: tuple[RawLine, ...]) -> tuple[tuple[RawLine, ...], tuple[RawLine, ...]]:
    """A part's header lines and body lines (the blank separator line goes with neither)."""
    k = first_blank(lines)
    if k != 0 and lines and not _looks_like_header(lines[0].data):
        return (), lines  # no header at all: the part is body (RFC 2046 §5.1.1 default type)
    if k is None:
        return lines, ()
    return lines[:k], lines[k + 1:]


def _looks_like_header(data: bytes) -> bool:
    return _HEADER_START.match(data) is not None


#: A line that opens a header: a field name and its colon.
_HEADER_START = patterns.compile(rb"[!-9;-~]+:")


def walk(header: headers.Header, part_header: tuple[RawLine, ...], body: tuple[RawLine, ...], defects: list[Defect], depth: int = 0) -> list:
    """The pieces of a part (``part_header`` is empty for the message itself), in file order."""
    if header.get_content_maintype() == "multipart" and depth < MAX_DEPTH:
        boundary = header.get_param("boundary")
        if boundary:
            return [Structure(part_header)] + _walk_multipart(header.get_content_subtype(), str(boundary), body, defects, depth)
        defects.append(Defect("mime-no-boundary", "multipart body without a boundary parameter: read as text", raw_span(body)))
    leaf = _leaf(header, part_header, body, defects)
    return [leaf] if isinstance(leaf, Part) else [Structure(part_header), leaf]


def _walk_multipart(subtype: str, boundary: str, body: tuple[RawLine, ...], defects: list[Defect], depth: int) -> list:
    delimiter = b"--" + boundary.encode("ascii", "replace")
    data = lines_data(body)
    stripped = {k: data[k].rstrip() for k in _lines_starting(data, delimiter)}  # the candidates, without trailing blanks
    cuts = [k for k, line in stripped.items() if line[len(delimiter):] in (b"", b"--") and line.startswith(delimiter)]
    if not cuts:
        defects.append(Defect("mime-no-parts", f"multipart body without any '--{boundary}' line: read as text", raw_span(body)))
        return [TextPart(decoded_lines(body, "utf-8"), body, "exact")]
    closing = next((k for k in cuts if stripped[k].endswith(delimiter + b"--")), None)
    if closing is None:
        defects.append(Defect("truncated", f"multipart body ends without its closing '--{boundary}--' line", raw_span(body)))
    pieces: list = [Structure(body[:cuts[0] + 1])]
    parts = []
    ends = [k for k in cuts if closing is None or k <= closing]
    for a, b in zip(ends, ends[1:] + ([len(body)] if closing is None else [])):
        part_header, part_body = split_header(body[a + 1:b])
        parts.append((parse_header(part_header, defects), part_header, part_body, body[a + 1:b], body[b:b + 1]))
    chosen = _preferred(parts) if subtype == "alternative" else None
    for k, (hdr, part_header, part_body, whole, delimiter_line) in enumerate(parts):
        if chosen is not None and k != chosen:
            pieces.append(Part(part_header, whole, hdr.get_filename() or "", hdr.get_content_type(), "mime-alternative"))
        else:
            pieces += walk(hdr, part_header, part_body, defects, depth + 1)
        pieces.append(Structure(delimiter_line))
    if closing is not None:
        pieces.append(Structure(body[closing + 1:]))  # the epilogue
    return [p for p in pieces if not isinstance(p, Structure) or p.lines]


def _lines_starting(data: list[bytes], prefix: bytes) -> list[int]:
    """Indexes of the lines ``data`` (a body's bytes) that start with ``prefix``, found by
    searching the joined lines (a part's body can be thousands of lines of an attachment)."""
    if not data:
        return []
    joined = b"\n".join(data)
    starts = [0] if joined.startswith(prefix) else []
    at = joined.find(b"\n" + prefix)
    while at >= 0:
        starts.append(at + 1)
        at = joined.find(b"\n" + prefix, at + 1)
    found, k, counted = [], 0, 0
    for at in starts:
        k += joined.count(b"\n", counted, at)
        counted = at
        found.append(k)
    return found


def _preferred(parts: list) -> int:
    """Which alternative to read: plain text first (it is what the author typed), then HTML."""
    types = [hdr.get_content_type() for hdr, *_ in parts]
    for wanted in ("text/plain", "multipart/", "text/html"):
        for k, ctype in enumerate(types):
            if ctype.startswith(wanted):
                return k
    return 0


def _leaf(header: headers.Header, part_header: tuple[RawLine, ...], body: tuple[RawLine, ...], defects: list[Defect]):
    ctype = header.get_content_type()
    name = header.get_filename() or ""
    attached = header.get_content_disposition() == "attachment" or bool(name)
    if ctype in ("text/plain", "text/html") and not attached:
        return decode_text(header, body, defects)
    if ctype.startswith("text/") and not attached and ctype != "text/x-vcard":
        return decode_text(header, body, defects)  # text/x-diff, text/x-patch inline: read as text
    return Part(part_header, part_header + body, name, ctype, "mime-attachment" if attached else "mime-part")


def _codec(header: headers.Header, body: tuple[RawLine, ...], defects: list[Defect]) -> str:
    charset = header.get_content_charset() or "utf-8"
    if charset in ("us-ascii", "ascii"):
        return "utf-8"  # undeclared 8-bit text is most often UTF-8; ASCII is a subset
    name = codec_name(charset)
    if name is None:
        defects.append(Defect("unknown-charset", f"unknown charset {charset!r}: decoded as UTF-8", raw_span(body)))
        return "utf-8"
    return name


def decode_text(header: headers.Header, body: tuple[RawLine, ...], defects: list[Defect]) -> TextPart:
    """A text part's lines, decoded, each with the source line it starts on."""
    codec = _codec(header, body, defects)
    cte = str(header.get("content-transfer-encoding", "7bit")).strip().lower()
    ctype = header.get_content_type()
    if cte == "quoted-printable":
        lines, ends = _decode_qp(body, codec)
        part = TextPart(tuple(lines), body, "stretch", ends, ctype)
    elif cte == "base64":
        try:
            data = binascii.a2b_base64(b"".join(map(bytes.strip, lines_data(body))))
        except (binascii.Error, ValueError):
            defects.append(Defect("bad-base64", "text part with broken base64: kept undecoded", raw_span(body)))
            data = b"\n".join(lines_data(body))
        part = TextPart(_spread(data.decode(codec, LENIENT).splitlines(), body), body, "embedded", {}, ctype)
    else:
        lines, text = _decoded_text(body, codec)
        part = TextPart(lines, body, "exact", {}, ctype, text)
    if ctype == "text/html":
        html = part.text if part.text is not None else "\n".join(line.text for line in part.lines)
        return TextPart(_spread(html_to_text(html).split("\n"), body), body, "embedded", {}, ctype)
    return part


def decoded_lines(body: tuple[RawLine, ...], codec: str) -> tuple[Line, ...]:
    """Each raw line decoded, with its number. UTF-8 text is decoded in one call: its
    decoder cannot carry a state over a line end (LF is never inside a sequence, and an
    undecodable byte is read alone, :data:`threadkit.source.LENIENT`), so the lines come out
    as decoding each alone would give them."""
    return _decoded_text(body, codec)[0]


def _decoded_text(body: tuple[RawLine, ...], codec: str) -> tuple[tuple[Line, ...], str | None]:
    """:func:`decoded_lines`, and their texts joined by LF when they were decoded at once
    (UTF-8; else None): what the reader searches a body's text for (Pipermail's scrubbed parts)."""
    if not body:
        return (), None
    numbers, data = line_numbers(body), lines_data(body)
    text = None
    if codec == "utf-8":
        text = b"\n".join(data).decode(codec, LENIENT)
        texts = text.split("\n")
    else:
        texts = [line.decode(codec, LENIENT) for line in data]
    return tuple(map(_NEW_TUPLE, repeat(Line), zip(numbers, texts))), text


#: Builds a Line from a (number, text) pair in C: ``Line(no, text)`` is a Python-level call,
#: and there is one per line of every body.
_NEW_TUPLE = tuple.__new__


def _decode_qp(body: tuple[RawLine, ...], codec: str) -> tuple[list[Line], dict[int, int]]:
    """The text lines of a quoted-printable body, each numbered by the first raw line of the
    lines it was decoded from (a line and its soft-broken continuations), and for each
    such group of raw lines, its first line's number → its last's."""
    data, numbers = lines_data(body), line_numbers(body)
    if not data:
        return [], {}
    # the index of each group's last line: a line without a soft break, and the body's last
    lasts = list(compress(range(len(data)), map(not_, map(bytes.endswith, map(bytes.rstrip, data, repeat(b" \t")), repeat(b"=")))))
    if not lasts or lasts[-1] != len(data) - 1:
        lasts.append(len(data) - 1)
    starts = [0] + [k + 1 for k in lasts[:-1]]
    joined = b"\n".join(data)
    if codec == "utf-8" and b"\r" not in joined:
        # Decoded at once, the text has one line per group unless a group's bytes decode to
        # more lines ("=0A", or a soft break binascii does not take: "= " before the line
        # end); then the line count tells, and each group is decoded alone. (A CR after
        # "=" would join lines across groups; UTF-8 carries no state over a line end.)
        texts = binascii.a2b_qp(joined).decode(codec, LENIENT).split("\n")
        if len(texts) == len(starts):
            firsts = [numbers[k] for k in starts]
            return (list(map(_NEW_TUPLE, repeat(Line), zip(firsts, map(str.rstrip, texts, repeat("\r"))))),
                    dict(zip(firsts, [numbers[k] for k in lasts])))
    lines: list[Line] = []
    ends: dict[int, int] = {}
    start = 0  # the first line of the group being read
    for k, line in enumerate(data):
        if line.rstrip(b" \t").endswith(b"=") and k + 1 < len(data):
            continue  # soft line break: the text line goes on
        no = numbers[start]
        text = binascii.a2b_qp(b"\n".join(data[start:k + 1]) if k > start else line).decode(codec, LENIENT)
        lines += map(_NEW_TUPLE, repeat(Line), zip(repeat(no), [t.rstrip("\r") for t in text.split("\n")]))
        ends[no] = numbers[k]
        start = k + 1
    return lines, ends


def _spread(texts: list[str], body: tuple[RawLine, ...]) -> tuple[Line, ...]:
    """Number decoded lines in proportion across the raw lines they came from."""
    if not body:
        return ()
    first, count = body[0].no, len(body)
    n = max(len(texts), 1)
    return tuple(Line(first + (k * count) // n, text) for k, text in enumerate(texts))


def html_to_text(html: str) -> str:
    """An HTML part's text, one line per block element, '>' before blockquote lines."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    for quote in reversed(soup.find_all("blockquote")):  # innermost first, so nesting adds markers
        quote.insert_before("\n")
        text = quote.get_text("\n")
        quote.replace_with("\n".join("> " + line if line.strip() else ">" for line in text.strip("\n").split("\n")) + "\n")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    text = soup.get_text("\n")
    # A soup is a web of reference cycles (parents, children, siblings); taken apart here it is
    # freed at once, not left to the cyclic collector, which a conversion held in memory pauses
    # (threadkit.api.collector_paused): an archive of HTML-only mail would otherwise hold every soup.
    soup.decompose()
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
