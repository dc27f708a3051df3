"""One raw message (from an mbox, a Pipermail archive or an .eml file) → :class:`Post`: the one mail adapter.

Every header field becomes a :class:`HeaderField` with its lines (the envelope line too);
the body's text parts are decoded (:mod:`threadkit.mail.mime`) and segmented with the shared
rules, MIME structure becomes ``mime`` boilerplate and non-text parts become attachments, so
every line of the message lands in exactly one place. Nothing of the stdlib ``email``
objects used for decoding leaves this module.
"""

from __future__ import annotations

import email.utils
from email.errors import HeaderParseError
from operator import attrgetter, itemgetter

import attrs
from attrs import frozen

from threadkit import patterns
from threadkit.mail import header as headers
from threadkit.mail import mime
from threadkit.mail.mboxfile import RawLine, RawMessage, first_blank, line_numbers, lines_data, raw_span
from threadkit.model import Attachment, Author, Block, Boilerplate, Defect, Embedded, HeaderField, Post, Span, Text
from threadkit.segment import error_text, segment_body
from threadkit.segment.lines import Line
from threadkit.source import LENIENT, blank_in_every_encoding

MSG_ID = patterns.compile(r"<[^<>\s]+>")
#: Google Groups' DMARC rewrite: ``"'Jane Doe' via open-iscsi" <open-iscsi@googlegroups.com>``.
_VIA = patterns.compile(r"^'?(?P<name>.*?)'? via (?P<list>.+)$")
#: The old "address (Name)" form, kept by Pipermail with the address obfuscated ("x at y.com").
_PAREN_FROM = patterns.compile(r"^\s*(?P<addr>[^\s()<>]+(?: at [^\s()<>]+)?)\s*(?:\((?P<name>[^()]*)\))?\s*$")
#: "Name address", as Mailman 1's Pipermail (1998-2000) wrote From: ("From: John Doe jdoe at x.edu").
_NAME_THEN_ADDR = patterns.compile(r"^\s*(?P<name>[^\s<>()\"@][^<>()\"@]*?)\s+(?P<addr>[^\s()<>@]+(?:@| at )[^\s()<>@]+)\s*$")
#: Pipermail's replacement for a scrubbed attachment (Mailman 2 ``Scrubber.py``).
NEXT_PART = "-------------- next part --------------"


#: What reading a header value may raise (the stdlib's parser on a broken value): a defect, not a crash.
_PARSE_ERRORS = (HeaderParseError, ValueError, IndexError, TypeError, AttributeError)


def _text(line: RawLine) -> str:
    return line.data.decode("utf-8", LENIENT)


def _value(header: headers.Header, name: str, defects: list[Defect], span: Span | None) -> str | None:
    """A decoded header value, or None; a value the stdlib cannot parse is a defect, not a crash."""
    try:
        value = header.get(name)
        return None if value is None else str(value)
    except _PARSE_ERRORS as exc:
        defects.append(Defect("bad-header", f"{name}: header cannot be parsed ({exc})", span))
        return None


def _date_value(header: headers.Header, defects: list[Defect], span: Span | None):
    """The Date value as :func:`_value` reads it, and its datetime when already parsed (else None)."""
    try:
        value, when = header.get_date()
    except _PARSE_ERRORS as exc:
        defects.append(Defect("bad-header", f"date: header cannot be parsed ({exc})", span))
        return None, None
    return (None if value is None else str(value)), when


def _addresses(header: headers.Header, name: str) -> tuple[str, ...]:
    try:
        return header.address_texts(name)
    except _PARSE_ERRORS:
        return ()


def _author(header: headers.Header, raw_from: str | None, defects: list[Defect], span: Span | None) -> Author:
    """The person: "'X' via list" is reduced to X, with X-Original-From's address when present.

    ``raw_from`` is the undecoded, unfolded field: the stdlib reads "x at y.com (Name)" (the old
    comment form, kept by Pipermail with its obfuscated address) as a broken address.
    """
    if not raw_from:
        return Author()
    old = _PAREN_FROM.match(raw_from) or _NAME_THEN_ADDR.match(raw_from)
    if old and ("@" in old["addr"] or " at " in old["addr"]):
        name = headers.decode_words(old["name"], defects, "from", span).strip() if old["name"] else None
        return Author(name=name or None, email=old["addr"])
    try:
        name, addr = header.addresses("from")[0]
    except (*_PARSE_ERRORS, KeyError):
        # parseaddr recurses once per nested comment, as the header parser does.
        name, addr = email.utils.parseaddr(headers.without_comments(raw_from))
    via = _VIA.match(name or "")
    if via:
        name = via["name"]
        original = header.get("x-original-from")
        if original is not None:
            addr = _address_of(str(original)) or addr
    return Author(name=name or None, email=addr or None)


def _address_of(value: str) -> str:
    """The address of a one-address value, as ``email.utils.parseaddr`` reads it, read once
    per value (Google Groups' X-Original-From: a person's is in each of their messages)."""
    address = _ADDRESS_OF.get(value)
    if address is None:
        address = headers.keep(_ADDRESS_OF, value, email.utils.parseaddr(value)[1], len(value))
    return address


_ADDRESS_OF: dict[str, str] = {}


def _date(raw: str | None, span: Span | None, when=None) -> tuple[str | None, Defect | None]:
    """The ISO date of a Date value ``raw`` (``when``: its datetime, when already parsed)."""
    if not raw:
        return None, None
    if when is not None:
        return when.isoformat(), None
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None, Defect("unparsable-date", f"Date header is not an RFC 5322 date: {raw!r}", span)
    return when.isoformat(), None


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(MSG_ID.findall(value or ""))


def _mime_block(lines: tuple[RawLine, ...]) -> list[Boilerplate]:
    """MIME structure lines as boilerplate, one block per run of non-blank lines."""
    blocks = []
    data, numbers = lines_data(lines), line_numbers(lines)
    start = None  # the first line of the run being read
    for k, line in enumerate(data):
        if line.strip():
            if start is None:
                start = k
        elif start is not None:
            blocks.append(_mime_run(data, numbers, start, k))
            start = None
    if start is not None:
        blocks.append(_mime_run(data, numbers, start, len(data)))
    return blocks


def _mime_run(data: list[bytes], numbers, start: int, stop: int) -> Boilerplate:
    """Lines ``start`` to ``stop`` (excluded) as one ``mime`` block (decoded at once: UTF-8
    carries no state over a line end, see :func:`threadkit.mail.mime.decoded_lines`)."""
    return Boilerplate(text=b"\n".join(data[start:stop]).decode("utf-8", LENIENT), span=Span(numbers[start], numbers[stop - 1]), kind="mime")


def _scrubbed(lines: list[Line], text: str | None = None) -> tuple[list[Line], list[Block]]:
    """Split Pipermail's "next part" sections (scrubbed attachments) off a body's lines
    (``text``: their texts joined by LF, when the caller has them)."""
    if NEXT_PART not in (text if text is not None else "\n".join(map(itemgetter(1), lines))):  # one search in C: nearly every body has none
        return lines, []
    cut = next((k for k, line in enumerate(lines) if line.text.strip() == NEXT_PART), None)
    if cut is None:
        return lines, []
    sections, start = [], cut
    for k in range(cut + 1, len(lines) + 1):
        if k == len(lines) or lines[k].text.strip() == NEXT_PART:
            section = [line for line in lines[start:k]]
            while len(section) > 1 and blank_in_every_encoding(section[-1].text):
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
    ends = part.ends  # (empty but for quoted-printable: then most blocks keep their span too)
    out: list[Block] = [b if ends.get(b.span.last, 0) <= b.span.last else attrs.evolve(b, span=Span(b.span.first, ends[b.span.last]))
                        for b in blocks] if ends else list(blocks)
    runs = _unclaimed_runs(out, raw)
    if runs:
        # raw line number → the text of the first text line decoded from it (made in C,
        # the lines taken last to first: the first one of a number is the one kept)
        decoded = dict(zip(map(_NUMBER, reversed(part.lines)), map(_TEXT_OF, reversed(part.lines))))
        for run in runs:
            text = "\n".join(decoded.get(r.no, "") for r in run)
            out.append(Boilerplate(text=text, span=Span(run[0].no, run[-1].no), kind="whitespace"))
    return sorted(out, key=_FIRST_LINE)


_FIRST_LINE = attrgetter("span.first")
_NUMBER, _TEXT_OF = itemgetter(0), itemgetter(1)


def _unclaimed_runs(blocks: list[Block], raw: tuple[RawLine, ...]) -> list[list[RawLine]]:
    """The runs of raw lines that no block claims and that are not empty (an empty line ends
    a run), but for a last run whose lines are all blank in every encoding (trailing blank
    lines matter to no one; one blank only once decoded, a no-break space or an encoded
    "=20", must still be claimed: see blank_in_every_encoding).

    Blocks nearly always follow each other and the raw lines are numbered one after another:
    then only the lines between blocks are looked at (:func:`_gaps`), not every line."""
    gaps = _gaps(blocks, raw)
    if gaps is None:
        return _unclaimed_runs_line_by_line(blocks, raw)
    runs: list[list[RawLine]] = []
    data = lines_data(raw)
    base = line_numbers(raw)[0]
    for first, last, trailing in gaps:
        run: list[RawLine] = []
        for no in range(first, last + 2):
            line = data[no - base] if no <= last else b""
            if line:
                run.append(RawLine(no, line))
                continue
            if run and not (trailing and all(blank_in_every_encoding(r.data) for r in run)):
                runs.append(run)
            run = []
    return runs


def _gaps(blocks: list[Block], raw: tuple[RawLine, ...]) -> list[tuple[int, int, bool]] | None:
    """The line numbers of ``raw`` between ``blocks``: (first, last, after the last block);
    None unless the blocks are in order without overlaps and the raw lines are numbered
    one after another."""
    numbers = line_numbers(raw)
    if not numbers or numbers[-1] - numbers[0] != len(numbers) - 1:
        return None
    gaps = []
    end = numbers[-1]
    before = numbers[0] - 1  # the last line claimed so far
    for block in blocks:
        span = block.span
        if span.first <= before:
            return None
        if span.first > before + 1:
            gaps.append((before + 1, min(span.first - 1, end), False))
        before = span.last
    if before < end:
        gaps.append((before + 1, end, True))
    return [gap for gap in gaps if gap[0] <= gap[1]]


def _unclaimed_runs_line_by_line(blocks: list[Block], raw: tuple[RawLine, ...]) -> list[list[RawLine]]:
    """:func:`_unclaimed_runs` for blocks out of order or raw lines with gaps: every line asked."""
    out = blocks
    runs: list[list[RawLine]] = []
    k = 0
    run: list[RawLine] = []
    for line in raw + (RawLine(-1, b""),):
        while k < len(out) and out[k].span.last < line.no:
            k += 1
        inside = k < len(out) and out[k].span.first <= line.no
        if line.no != -1 and not inside and line.data:
            run.append(line)
            continue
        if run and not (k == len(out) and all(blank_in_every_encoding(r.data) for r in run)):
            runs.append(run)
        run = []
    return runs


def _segmented(lines, defects: list[Defect]) -> tuple[Block, ...]:
    blocks, problems = segment_body(lines)
    defects += problems
    return blocks


def _text_blocks(part: mime.TextPart, defects: list[Defect]) -> list[Block]:
    if part.mode == "embedded":
        text = "\n".join(line.text for line in part.lines).strip("\n")
        content = _content_span(part.raw)
        if not text.strip() or content is None:
            return _mime_block(part.raw)
        kind = "decoded-" + part.content_type.split("/")[-1]
        return [Embedded(text=text, span=content, blocks=_segmented(part.lines, defects), kind=kind)]
    lines, attachments = _scrubbed(list(part.lines), part.text)
    raw = part.raw if not attachments else tuple(r for r in part.raw if r.no < attachments[0].span.first)
    return fit_spans(_segmented(lines, defects), part, raw) + attachments


def _content_span(lines: tuple[RawLine, ...]) -> Span | None:
    """From the first non-blank line to the last (None when all are blank): only the ends
    are looked at, an attachment's base64 lines in between are not."""
    ends = _content_ends(lines_data(lines))
    if ends is None:
        return None
    numbers = line_numbers(lines)
    return Span(numbers[ends[0]], numbers[ends[1]])


def _content_ends(data: list[bytes]) -> tuple[int, int] | None:
    """The indexes of the first and the last non-blank line of ``data``; None when all are blank."""
    first = first_blank(data, False)
    if first is None:
        return None
    last = len(data) - 1
    while not data[last].strip():
        last -= 1
    return first, last


def body_blocks(header: headers.Header, body: tuple[RawLine, ...], defects: list[Defect]) -> tuple[Block, ...]:
    """Every line of a message body in one block: text segmented, structure and parts labelled."""
    blocks: list[Block] = []
    for piece in mime.walk(header, (), body, defects):
        if isinstance(piece, mime.Structure):
            blocks += _mime_block(piece.lines)
        elif isinstance(piece, mime.Part):
            content = _content_span(piece.lines)
            if content is not None:
                text = "\n".join(map(_text, piece.header)) or f"({piece.content_type})"
                blocks.append(Attachment(text=text, span=content, name=piece.name, kind=piece.kind))
        else:
            blocks += _text_blocks(piece, defects)
    return tuple(blocks)


def post_from_raw(raw: RawMessage, number: int, pipermail: bool = False) -> Post:
    """One raw message → a post (threading is done later, over all posts: :mod:`threadkit.mail.jwz`).

    Every mail message of every reader passes here, so this is where one message that cannot
    be read is isolated: whatever goes wrong inside, the message becomes an unparsed post
    (:func:`unparsed_post`) and the archive's other messages are read as usual.

    Args:
        pipermail: the message comes from a Mailman 2 archive (see :func:`threadkit.mail.header.field_value`).
    """
    try:
        return _post(raw, number, pipermail)
    except Exception as exc:  # noqa: BLE001 -- any failure, by design: one message must not sink the archive
        return unparsed_post(raw, number, exc)


def unparsed_post(raw: RawMessage, number: int, error: BaseException) -> Post:
    """A message that could not be read, kept as it stands: its header fields when they can
    be split, every other line in one ``unparsed`` text block, and a defect naming the error."""
    defect = Defect("unparsed-message", f"message could not be read, its lines are kept unparsed: {error_text(error)}", raw_span(raw.lines))
    try:
        header_lines, body = mime.split_header(raw.lines)
        fields = headers.decode_fields(header_lines, [])
    except Exception:  # noqa: BLE001 -- the same failure again: then no line is read as a field
        fields, body = [], raw.lines
    if raw.envelope is not None:
        fields.insert(0, HeaderField("envelope", _text(raw.envelope), Span.of(raw.envelope.no)))
    content = [k for k, line in enumerate(body) if line.data.strip()]
    blocks = ()
    if content:
        kept = body[content[0]:content[-1] + 1]
        blocks = (Text(text="\n".join(map(_text, kept)), span=raw_span(kept), kind="unparsed"),)
    return Post(id=f"p{number}", span=_post_span(raw), header=tuple(fields), blocks=blocks, defects=(defect,))


def _post_span(raw: RawMessage) -> Span:
    """From the envelope or first non-blank line to the last non-blank line (the lines are in
    file order: only the ends are looked at)."""
    ends = _content_ends(lines_data(raw.lines))
    if ends is None:
        return Span.of(raw.envelope.no if raw.envelope else 1)
    numbers = line_numbers(raw.lines)
    first, last = numbers[ends[0]], numbers[ends[1]]
    return Span(min(first, raw.envelope.no), max(last, raw.envelope.no)) if raw.envelope else Span(first, last)


@frozen
class MessageHeader:
    """A message's header, read once: its fields (decoded, with their lines), its values
    (parsed on access, :class:`threadkit.mail.header.Header`) and its body's lines."""

    fields: tuple[HeaderField, ...]
    values: headers.Header
    body: tuple[RawLine, ...]
    spans: dict
    """Field name → the span of its first occurrence (for defects)."""


def read_header(raw: RawMessage, pipermail: bool = False, defects: list[Defect] | None = None) -> MessageHeader:
    """A raw message's header, its problems added to ``defects``.

    Args:
        pipermail: the message comes from a Mailman 2 archive (see :func:`threadkit.mail.header.parse`).
    """
    defects = [] if defects is None else defects
    header_lines, body = mime.split_header(raw.lines)
    fields, values, spans = headers.read_header_fields(header_lines, defects, pipermail, MESSAGE_NAMES)
    return MessageHeader(tuple(fields), values, body, spans)


def read_values(raw: RawMessage, pipermail: bool = False) -> MessageHeader:
    """A raw message's header values alone (no fields, spans or defects), for an archive's
    index: :func:`threading_fields` of it equals that of :func:`read_header` (whose
    defects the posts record)."""
    header_lines, body = mime.split_header(raw.lines)
    return MessageHeader((), headers.header_values(header_lines, pipermail, THREADING_NAMES), body, {})


@frozen
class ThreadingFields:
    """What threading needs of a message's header (:mod:`threadkit.mail.jwz`), each value
    read once, as the post and an archive's index both take it."""

    message_id: str | None
    in_reply_to: str | None
    """The first id of In-Reply-To."""
    references: tuple[str, ...]
    subject: str | None
    date: str | None
    """ISO 8601, when the Date header parses."""
    date_raw: str | None
    date_defect: Defect | None
    thread_id: str | None
    """Gmail's thread id (``X-GM-THRID``, Google Takeout exports): thread evidence for
    messages whose reply headers are missing."""


#: The fields :func:`threading_fields` reads.
THREADING_NAMES = frozenset({"date", "in-reply-to", "message-id", "subject", "references", "x-gm-thrid"})
#: The fields whose values a post is made of: threading's, the people's (:func:`_author`,
#: :func:`_addresses`) and the MIME walk's.
MESSAGE_NAMES = THREADING_NAMES | {"from", "x-original-from", "to", "cc"} | mime.HEADER_NAMES


def threading_fields(header: MessageHeader, defects: list[Defect] | None = None) -> ThreadingFields:
    """The threading fields of a message's header; values the stdlib cannot parse are
    defects in ``defects`` (:func:`_value`)."""
    defects = [] if defects is None else defects

    def value(name: str) -> str | None:
        return _value(header.values, name, defects, header.spans.get(name))

    date_raw, when = _date_value(header.values, defects, header.spans.get("date"))
    date, date_defect = _date(date_raw, header.spans.get("date"), when)
    in_reply_to, message_id = _ids(value("in-reply-to")), _ids(value("message-id"))
    subject = value("subject")
    return ThreadingFields(
        message_id=message_id[0] if message_id else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=_ids(value("references")),
        subject=subject,
        date=date,
        date_raw=date_raw,
        date_defect=date_defect,
        thread_id=(value("x-gm-thrid") or "").strip() or None,
    )


def _post(raw: RawMessage, number: int, pipermail: bool) -> Post:
    defects: list[Defect] = []
    header = read_header(raw, pipermail, defects)
    fields = header.fields
    model_fields = list(fields)
    if raw.envelope is not None:
        model_fields.insert(0, HeaderField("envelope", _text(raw.envelope), Span.of(raw.envelope.no)))
    if not fields:
        defects.append(Defect("no-header", "message without header lines", raw_span(raw.lines)))
    threading = threading_fields(header, defects)
    raw_from = next((headers.field_value(f, pipermail) for f in fields if f.name == "from"), None)
    blocks = body_blocks(header.values, header.body, defects)
    author = _author(header.values, raw_from, defects, header.spans.get("from")) if raw_from else Author()
    return Post(
        id=f"p{number}",
        span=_post_span(raw),
        role="message",
        author=author,
        date=threading.date,
        date_raw=threading.date_raw,
        to=_addresses(header.values, "to"),
        cc=_addresses(header.values, "cc"),
        subject=threading.subject,
        message_id=threading.message_id,
        references=threading.references,
        header=tuple(model_fields),
        blocks=blocks,
        attachments=tuple(b for b in blocks if isinstance(b, Attachment) and b.kind in ("mime-attachment", "scrubbed")),
        metadata=((("mail_in_reply_to", threading.in_reply_to),) if threading.in_reply_to else ())
        + ((("gmail_thread_id", threading.thread_id),) if threading.thread_id else ()),
        defects=tuple(defects) + ((threading.date_defect,) if threading.date_defect else ()),
    )
