"""One raw message (from an mbox, a Pipermail archive or an .eml file) → :class:`Post`: the one mail adapter.

Every header field becomes a :class:`HeaderField` with its lines (the envelope line too);
the body's text parts are decoded (:mod:`threadkit.mail.mime`) and segmented with the shared
rules, MIME structure becomes ``mime`` boilerplate and non-text parts become attachments, so
every line of the message lands in exactly one place. Nothing of the stdlib ``email``
objects used for decoding leaves this module.
"""

from __future__ import annotations

import email.utils
import re
from email.errors import HeaderParseError
from email.header import decode_header, make_header

import attrs

from threadkit.mail import mime
from threadkit.mail.mboxfile import RawLine, RawMessage, raw_span
from threadkit.model import Attachment, Author, Block, Boilerplate, Defect, Embedded, HeaderField, Post, Span
from threadkit.segment import segment
from threadkit.segment.lines import Line, is_blank

MSG_ID = re.compile(r"<[^<>\s]+>")
#: Google Groups' DMARC rewrite: ``"'Jane Doe' via open-iscsi" <open-iscsi@googlegroups.com>``.
_VIA = re.compile(r"^'?(?P<name>.*?)'? via (?P<list>.+)$")
#: The old "address (Name)" form, kept by Pipermail with the address obfuscated ("x at y.com").
_PAREN_FROM = re.compile(r"^\s*(?P<addr>[^\s()<>]+(?: at [^\s()<>]+)?)\s*(?:\((?P<name>[^()]*)\))?\s*$")
#: Pipermail's replacement for a scrubbed attachment (Mailman 2 ``Scrubber.py``).
NEXT_PART = "-------------- next part --------------"


def _text(line: RawLine) -> str:
    return line.data.decode("utf-8", "replace")


def _fields(lines: tuple[RawLine, ...]) -> list[tuple[str, list[RawLine]]]:
    """Header lines grouped into fields: (name, lines with continuations)."""
    fields: list[tuple[str, list[RawLine]]] = []
    for line in lines:
        if line.data[:1] in (b" ", b"\t") and fields:
            fields[-1][1].append(line)
        else:
            name = line.data.split(b":", 1)[0].decode("ascii", "replace").strip().lower() if b":" in line.data else "malformed"
            fields.append((name, [line]))
    return fields


def _unfolded(lines: list[RawLine], tab_is_space: bool = False) -> bytes:
    """A field on one line: RFC 5322 §2.2.3 unfolding removes the line breaks only.

    Mailman 2 refolded headers with a tab in place of the space it broke at, so for Pipermail
    archives (``tab_is_space``) a tab opening a continuation line was a space.
    """
    parts = [line.data for line in lines]
    if tab_is_space:
        parts = [parts[0]] + [b" " + p[1:] if p.startswith(b"\t") else p for p in parts[1:]]
    return b"".join(parts).rstrip()


def _value(header, name: str, defects: list[Defect], span: Span | None) -> str | None:
    """A decoded header value, or None; a value the stdlib cannot parse is a defect, not a crash."""
    try:
        value = header.get(name)
        return None if value is None else str(value)
    except (HeaderParseError, ValueError, IndexError, TypeError, AttributeError) as exc:
        defects.append(Defect("bad-header", f"{name}: header cannot be parsed ({exc})", span))
        return None


def _addresses(header, name: str) -> tuple[str, ...]:
    try:
        field = header.get(name)
        return tuple(str(a) for a in field.addresses) if field is not None and hasattr(field, "addresses") else ()
    except (HeaderParseError, ValueError, IndexError, TypeError, AttributeError):
        return ()


def _author(header, raw_from: str | None) -> Author:
    """The person: "'X' via list" is reduced to X, with X-Original-From's address when present.

    ``raw_from`` is the undecoded, unfolded field: the stdlib reads "x at y.com (Name)" (the old
    comment form, kept by Pipermail with its obfuscated address) as a broken address.
    """
    if not raw_from:
        return Author()
    old = _PAREN_FROM.match(raw_from)
    if old and ("@" in old["addr"] or " at " in old["addr"]):
        name = decode_words(old["name"]).strip() if old["name"] else None
        return Author(name=name or None, email=old["addr"])
    try:
        address = header["from"].addresses[0]
        name, addr = address.display_name, address.addr_spec
    except (HeaderParseError, ValueError, IndexError, TypeError, AttributeError, KeyError):
        name, addr = email.utils.parseaddr(raw_from)
    via = _VIA.match(name or "")
    if via:
        name = via["name"]
        original = header.get("x-original-from")
        if original is not None:
            addr = email.utils.parseaddr(str(original))[1] or addr
    return Author(name=name or None, email=addr or None)


def decode_words(text: str) -> str:
    """RFC 2047 encoded words decoded ("=?utf-8?q?J=C3=B6rg?=" → "Jörg"); broken ones kept as they are."""
    try:
        return str(make_header(decode_header(text)))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return text


def _date(raw: str | None, span: Span | None) -> tuple[str | None, Defect | None]:
    if not raw:
        return None, None
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None, Defect("unparsable-date", f"Date header is not an RFC 5322 date: {raw!r}", span)
    return when.isoformat(), None


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(MSG_ID.findall(value or ""))


def _mime_block(lines: tuple[RawLine, ...]) -> list[Boilerplate]:
    """MIME structure lines as boilerplate, one block per run of non-blank lines."""
    blocks, run = [], []
    for line in lines + (RawLine(-1, b""),):
        if line.data.strip():
            run.append(line)
        elif run:
            blocks.append(Boilerplate(text="\n".join(map(_text, run)), span=Span(run[0].no, run[-1].no), kind="mime"))
            run = []
    return blocks


def _scrubbed(lines: list[Line]) -> tuple[list[Line], list[Block]]:
    """Split Pipermail's "next part" sections (scrubbed attachments) off a body's lines."""
    cut = next((k for k, line in enumerate(lines) if line.text.strip() == NEXT_PART), None)
    if cut is None:
        return lines, []
    sections, start = [], cut
    for k in range(cut + 1, len(lines) + 1):
        if k == len(lines) or lines[k].text.strip() == NEXT_PART:
            section = [line for line in lines[start:k]]
            while len(section) > 1 and not section[-1].text.strip():
                section.pop()
            name = next((line.text.split(":", 1)[1].strip() for line in section if line.text.startswith("Name:")), "")
            sections.append(Attachment(text="\n".join(line.text for line in section), span=Span(section[0].no, section[-1].no), name=name, kind="scrubbed"))
            start = k
    return lines[:cut], sections


def fit_spans(blocks: tuple[Block, ...], part: mime.TextPart, raw: tuple[RawLine, ...]) -> list[Block]:
    """Stretch decoded blocks over the raw lines they came from (quoted-printable soft breaks).

    A line between blocks that is not empty (" ", or "=20" that decodes to a space) becomes a
    ``whitespace`` block holding its decoded text: the line is claimed, and a writer can put
    the same whitespace back (a patch's " " context lines matter to ``git am``).
    """
    out: list[Block] = [attrs.evolve(b, span=Span(b.span.first, max(part.ends.get(b.span.last, b.span.last), b.span.last))) for b in blocks]
    decoded: dict[int, str] = {}
    for line in part.lines:
        decoded.setdefault(line.no, line.text)
    k = 0
    run: list[RawLine] = []
    for line in raw + (RawLine(-1, b""),):
        while k < len(out) and out[k].span.last < line.no:
            k += 1
        inside = k < len(out) and out[k].span.first <= line.no
        if line.no != -1 and not inside and line.data:
            run.append(line)
            continue
        # trailing blank lines matter to no one; an encoded one ("=20") must still be claimed
        if run and k == len(out) and all(is_blank(r.data.decode("utf-8", "replace")) for r in run):
            run = []
        if run:
            text = "\n".join(decoded.get(r.no, "") for r in run)
            out.append(Boilerplate(text=text, span=Span(run[0].no, run[-1].no), kind="whitespace"))
            run = []
    return sorted(out, key=lambda b: b.span.first)


def _text_blocks(part: mime.TextPart) -> list[Block]:
    if part.mode == "embedded":
        text = "\n".join(line.text for line in part.lines).strip("\n")
        content = [line for line in part.raw if line.data.strip()]
        if not text.strip() or not content:
            return _mime_block(part.raw)
        kind = "decoded-" + part.content_type.split("/")[-1]
        return [Embedded(text=text, span=Span(content[0].no, content[-1].no), blocks=segment(part.lines), kind=kind)]
    lines, attachments = _scrubbed(list(part.lines))
    raw = part.raw if not attachments else tuple(r for r in part.raw if r.no < attachments[0].span.first)
    return fit_spans(segment(lines), part, raw) + attachments


def body_blocks(header, body: tuple[RawLine, ...], defects: list[Defect]) -> tuple[Block, ...]:
    """Every line of a message body in one block: text segmented, structure and parts labelled."""
    blocks: list[Block] = []
    for piece in mime.walk(header, (), body, defects):
        if isinstance(piece, mime.Structure):
            blocks += _mime_block(piece.lines)
        elif isinstance(piece, mime.Part):
            content = [line for line in piece.lines if line.data.strip()]
            if content:
                text = "\n".join(map(_text, piece.header)) or f"({piece.content_type})"
                blocks.append(Attachment(text=text, span=Span(content[0].no, content[-1].no), name=piece.name, kind=piece.kind))
        else:
            blocks += _text_blocks(piece)
    return tuple(blocks)


def post_from_raw(raw: RawMessage, number: int, pipermail: bool = False) -> Post:
    """One raw message → a post (threading is done later, over all posts: :mod:`threadkit.mail.jwz`).

    Args:
        pipermail: the message comes from a Mailman 2 archive (see :func:`_unfolded`).
    """
    defects: list[Defect] = []
    header_lines, body = mime.split_header(raw.lines)
    fields = _fields(header_lines)
    header = mime.parse_header([RawLine(0, _unfolded(lines, pipermail)) for _name, lines in fields])
    spans = {name: Span(lines[0].no, lines[-1].no) for name, lines in reversed(fields)}
    model_fields = [HeaderField(name, "\n".join(map(_text, lines)), Span(lines[0].no, lines[-1].no)) for name, lines in fields]
    if raw.envelope is not None:
        model_fields.insert(0, HeaderField("envelope", _text(raw.envelope), Span.of(raw.envelope.no)))
    if not fields:
        defects.append(Defect("no-header", "message without header lines", raw_span(raw.lines)))
    raw_from = next((_unfolded(lines, pipermail).split(b":", 1)[1].strip().decode("utf-8", "replace") for name, lines in fields if name == "from"), None)
    date_raw = _value(header, "date", defects, spans.get("date"))
    date, date_defect = _date(date_raw, spans.get("date"))
    blocks = body_blocks(header, body, defects)
    irt = _ids(_value(header, "in-reply-to", defects, spans.get("in-reply-to")))
    message_id = _ids(_value(header, "message-id", defects, spans.get("message-id")))
    content = [line.no for line in raw.lines if line.data.strip()] + ([raw.envelope.no] if raw.envelope else [])
    return Post(
        id=f"p{number}",
        span=Span(min(content), max(content)) if content else Span.of(raw.envelope.no if raw.envelope else 1),
        role="message",
        author=_author(header, raw_from) if raw_from else Author(),
        date=date,
        date_raw=date_raw,
        to=_addresses(header, "to"),
        cc=_addresses(header, "cc"),
        subject=_value(header, "subject", defects, spans.get("subject")),
        message_id=message_id[0] if message_id else None,
        references=_ids(_value(header, "references", defects, spans.get("references"))),
        header=tuple(model_fields),
        blocks=blocks,
        attachments=tuple(b for b in blocks if isinstance(b, Attachment) and b.kind in ("mime-attachment", "scrubbed")),
        metadata=(("mail_in_reply_to", irt[0]),) if irt else (),
        defects=tuple(defects) + ((date_defect,) if date_defect else ()),
    )
