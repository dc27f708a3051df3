"""Header lines (bytes) → decoded fields and the stdlib message that parses their values.

Everything between the raw bytes of a header block and ``email``'s parser is decided here,
once, for a message's header and for every MIME part header:

* 8-bit bytes (RFC 6532 UTF-8 headers, or legacy Latin-1 ones) are decoded with the best
  charset evidence: the field's own encoded words' charset, then the body's, then UTF-8,
  then Windows-1252; a field that was not UTF-8 gets an ``undeclared-8bit-header`` defect.
  (The stdlib's bytes parser would leave them as lone surrogates, which no writer can encode.)
* Runs of adjacent encoded words in one charset are decoded as one byte string, as RFC 2047
  §6.2 lets readers do, so that a character split across two words (a UTF-8 "ö" whose two
  bytes fall in two words) comes out whole; an unknown or malformed charset name falls back
  to the same evidence, with an ``encoded-word-charset`` defect.
* The stdlib parser recurses once per nested comment and is quadratic in a value's length:
  comments nested deeper than :data:`MAX_COMMENT_DEPTH` are removed before parsing and
  values longer than :data:`MAX_VALUE_CHARS` are cut, each with a defect. The model keeps
  every line of the field verbatim either way.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import email.utils
import functools
import re
from itertools import accumulate, compress, repeat, starmap
from operator import add, attrgetter, gt, or_
from email.message import Message
from typing import TYPE_CHECKING, Iterator, NamedTuple

from threadkit import patterns
from threadkit.mail.mboxfile import RawLine, line_numbers, lines_data
from threadkit.model import Defect, HeaderField, Span, unchecked, unchecked_columns
from threadkit.source import codec_name, decode_with_evidence

if TYPE_CHECKING:
    from email.message import EmailMessage

#: No real header nests comments this deep; the stdlib parser recurses once per level.
MAX_COMMENT_DEPTH = 32
#: The stdlib parser is quadratic in a value's length; the longest real values (References
#: of a long thread) stay far below this.
MAX_VALUE_CHARS = 32 * 1024


@functools.cache
def _parser():
    """The stdlib's header parser under ``policy.default``, made when a value first needs it:
    its modules (``email.policy``, ``email.headerregistry``, ``email._header_value_parser``)
    cost every run 15 M instructions at start-up, and most archives' values are read
    without it (:class:`Header`); gg-mbox needs it for 21 values of 535 messages."""
    from email import policy
    from email.parser import HeaderParser

    return HeaderParser(policy=policy.default)

#: An RFC 2047 encoded word; the charset part is read loosely (a malformed name is a defect,
#: not a reason to leave the word undecoded), the encoded text strictly (printable ASCII but '?').
_WORD = patterns.compile(r"=\?([^?\s]+)\?([QqBb])\?([!->@-~]*)\?=")
_WORD_BYTES = patterns.compile(rb"=\?([^?\s]+)\?[QqBb]\?")
_SPACE = patterns.compile(r"\s*")
_CHARSET_PARAM = patterns.compile(rb"""charset\s*=\s*["']?([^\s"';]+)""", re.I)


def field_value(field: HeaderField, tab_is_space: bool = False) -> str:
    """A field's body on one line: RFC 5322 §2.2.3 unfolding removes the line breaks only.

    See :func:`_unfolded` for ``tab_is_space``.
    """
    unfolded = _unfolded(field.text, tab_is_space)
    return unfolded.split(":", 1)[1].strip() if ":" in unfolded else unfolded.strip()


def _grouped(lines: tuple[RawLine, ...] | list[RawLine], block: bytes | str | None = None) -> list[tuple[str, int, int, bytes]]:
    """Header lines grouped into fields: (name, first and last line numbers, the field's
    bytes, its lines joined by LF) (see :func:`_named`). ``block``: the lines joined, when
    the caller has them; or, for ASCII lines, that decoded (then each field's bytes are its text).
    """
    if not lines:
        return []
    names, raws = _named(_joined(lines) if block is None else block)
    firsts, lasts = _field_lines(lines, raws)
    return list(zip(names, firsts, lasts, raws))


def _field_lines(lines, raws: list[bytes] | list[str]) -> tuple[list[int], list[int]]:
    """The first and the last line number of each field (``raws``: :func:`_named`'s) of a
    header's ``lines``, counted in C: a field's first line is the line after the previous
    field's last."""
    line_end = "\n" if isinstance(raws[0], str) else b"\n"
    numbers = line_numbers(lines)
    base = numbers[0]
    if numbers[-1] - base == len(numbers) - 1:  # (a header's lines: always)
        # the last line of each field, after the line before the first
        ends = list(accumulate(map(add, map(type(line_end).count, raws, repeat(line_end)), repeat(1)), initial=base - 1))
        return list(map(add, ends[:-1], repeat(1))), ends[1:]
    stops = list(accumulate(map(add, map(type(line_end).count, raws, repeat(line_end)), repeat(1))))  # index of the line after each field
    return [numbers[k] for k in [0] + stops[:-1]], [numbers[k - 1] for k in stops]


def _named(block: bytes | str) -> tuple[list[str], list[bytes] | list[str]]:
    """A header's lines joined by LF (bytes, or their ASCII text) cut into fields: their
    names, and each field's lines. The block is cut where a line does not open with a space
    or a tab (a continuation), and each field's name is found, by one split over the whole
    block (the pattern's group keeps each field's head, its text up to a colon or the line's
    end) and a lookup of the heads met before: C-level work in place of a loop over the
    lines or fields, which are many (the Received, DKIM and ARC fields of list mail). The
    name is the first line's text before a colon, lowercased; ``malformed`` for a line
    without one."""
    text = isinstance(block, str)
    # (a line end put before the block makes its first field cut like the others)
    parts = (_FIELD_HEAD_TEXT if text else _FIELD_HEAD).split(("\n" if text else b"\n") + block)
    if parts[0]:  # the block opens with a continuation line: it stays with the first field
        raws = (_FIELD_START_TEXT if text else _FIELD_START).split(block)
        heads = [(_FIELD_FIRST_HEAD_TEXT if text else _FIELD_FIRST_HEAD).match(block)[0]] + parts[1::2]
    else:
        heads = parts[1::2]
        raws = list(map(add, heads, parts[2::2]))
    known = _NAMES
    names = list(map(known.get, heads))
    if None in names:
        for k, head in enumerate(heads):
            if names[k] is None:
                if not head.endswith(b":" if not text else ":"):
                    names[k] = "malformed"  # (not kept: a malformed line is a line's whole text)
                    continue
                names[k] = (head[:-1] if text else head[:-1].decode("ascii", "replace")).strip().lower()
                if len(known) < _MAX_NAMES and len(head) <= MAX_KEPT_CHARS:  # (a hostile archive may name every field anew, at length)
                    known[head] = names[k]
    return names, raws


def _joined(lines: tuple[RawLine, ...] | list[RawLine]) -> bytes:
    """A header's lines joined by LF."""
    return b"\n".join(lines_data(lines))


#: A field's head (its first line's bytes or text up to the colon, the colon included) → its
#: name: a few dozen names recur in every header of an archive.
_NAMES: dict[bytes | str, str] = {}
_MAX_NAMES = 4096
#: Where a field starts in a header's lines joined by LF: a line that is no continuation.
_FIELD_START = patterns.compile(rb"\n(?![ \t])")
_FIELD_START_TEXT = patterns.compile(r"\n(?![ \t])")
#: At each field start after the first (:data:`_FIELD_START`), the text up to a colon or the
#: line's end, with the colon if it came first: the field's head. (The pattern opens with a
#: literal, which the engine finds at C speed; with the block's start as an alternative it
#: was tried at every byte.)
_FIELD_HEAD = patterns.compile(rb"\n(?![ \t])([^:\n]*:?)")
_FIELD_HEAD_TEXT = patterns.compile(r"\n(?![ \t])([^:\n]*:?)")
#: The same at the block's start (the first field).
_FIELD_FIRST_HEAD = patterns.compile(rb"[^:\n]*:?")
_FIELD_FIRST_HEAD_TEXT = patterns.compile(r"[^:\n]*:?")


def _charset(grouped) -> str | None:
    for name, _first, _last, raw in grouped:
        if name == "content-type":
            m = _CHARSET_PARAM.search(raw.replace(b"\n", b" "))
            if m:
                return m[1].decode("ascii", "replace")
    return None


def body_charset(lines: tuple[RawLine, ...] | list[RawLine]) -> str | None:
    """The charset the Content-Type field declares for the body, if any (evidence for 8-bit header bytes)."""
    return _charset(_grouped(lines))


def decode_fields(lines: tuple[RawLine, ...] | list[RawLine], defects: list[Defect], charset: str | None = None, body: bool = False) -> list[HeaderField]:
    """Header lines → fields with decoded text, as the model keeps them: the name lowercased
    (``malformed`` for a line that is no field), the lines decoded and joined by LF, the
    span from the first line to the last (``charset``: the body's, as evidence; ``body``:
    take the charset the header's own Content-Type declares for it)."""
    return _header_fields(lines, defects, charset, body).fields


class _Fields(NamedTuple):
    """A header's fields (:func:`decode_fields`) and what was learnt making them: its lines
    joined, and for a header in ASCII, each field's name, text and span, in order (else None)."""

    fields: list[HeaderField]
    block: bytes
    names: list[str] | None = None
    texts: list[str] | None = None
    spans: list[Span] | None = None


def _header_fields(lines, defects: list[Defect], charset: str | None, body: bool) -> _Fields:
    """:func:`decode_fields`, with what :func:`read_fields` reads again (:class:`_Fields`)."""
    block = _joined(lines)
    if block.isascii():  # (nearly every header) each field's text is its bytes: decoded at once
        if not lines:
            return _Fields([], block)
        names, texts = _named(block.decode("ascii"))
        spans = _spans(lines, texts)
        return _Fields(_FIELDS(len(names), names, texts, spans), block, names, texts, spans)
    return _Fields(_fields(_decoded(_grouped(lines, block), defects, charset, body)), block)


def _spans(lines, texts: list[str]) -> list[Span]:
    """The spans of a header's fields (``texts``: :func:`_named`'s) over its ``lines``: a
    field's first line is the line after the previous field's last, counted in C."""
    return _SPANS(len(texts), *_field_lines(lines, texts))


#: ``HeaderField(name, text, span)`` and ``Span(first, last)`` without attrs' checks: a list
#: message has some 50 header fields, and their line numbers make valid spans.
_FIELD = unchecked(HeaderField)
_SPAN = unchecked(Span)
#: The same for many at once (:func:`threadkit.model.unchecked_columns`).
_FIELDS = unchecked_columns(HeaderField)
_SPANS = unchecked_columns(Span)


def _fields(decoded: list[tuple[str, int, int, str]]) -> list[HeaderField]:
    field, span = _FIELD, _SPAN
    return [field(name, text, span(first, last)) for name, first, last, text in decoded]


def read_fields(lines: tuple[RawLine, ...] | list[RawLine], defects: list[Defect], tab_is_space: bool = False,
                names: frozenset[str] | None = None) -> tuple[list[HeaderField], Header]:
    """A message's header: its fields, ``decode_fields(lines, defects, body=True)``, and their
    values, ``parse(fields, defects, tab_is_space)``.

    ``names``: the only fields whose values will be asked. When the header is plain ASCII
    (:func:`_plain_ascii`, as :func:`header_values` says), only these are parsed, with the
    fields whose reading records a defect (:func:`_read_alone`): list mail has some 50
    fields a message, a post reads a dozen.
    """
    fields, values, _spans_of = read_header_fields(lines, defects, tab_is_space, names)
    return fields, values


def read_header_fields(lines: tuple[RawLine, ...] | list[RawLine], defects: list[Defect], tab_is_space: bool = False,
                       names: frozenset[str] | None = None) -> tuple[list[HeaderField], Header, dict[str, Span]]:
    """:func:`read_fields`, and the span of each field name's first field (for defects)."""
    made = _header_fields(lines, defects, None, True)
    fields = made.fields
    if made.names is None:
        field_names, spans = list(map(_NAME, fields)), list(map(_SPAN_OF, fields))
    else:
        field_names, spans = made.names, made.spans
    first_spans = dict(zip(reversed(field_names), reversed(spans)))
    if names is not None and made.names is not None:
        block = made.block  # (ASCII: each field's text is its lines' bytes)
        if not _has_break_byte(block) and _are_field_names(_well_formed(field_names)):
            return fields, parse(list(compress(fields, _read_alone(field_names, made.texts, block, names))), defects, tab_is_space, names), first_spans
    return fields, parse(fields, defects, tab_is_space), first_spans


_NAME, _SPAN_OF = attrgetter("name"), attrgetter("span")


def _well_formed(names: list[str]) -> list[str]:
    """The names of a header's fields but its malformed lines (which are no field)."""
    return [name for name in names if name != "malformed"] if "malformed" in names else names


def _read_alone(names: list[str], raws: list[str] | list[bytes], block: bytes, wanted: frozenset[str]) -> Iterator[bool]:
    """Which fields of a plain header (ASCII, no line break character, every name a field
    name: the stdlib reads each field alone as it reads it in the whole) :func:`parse` must
    read to give the values of the fields ``wanted`` and every defect the whole header's
    reading records: the wanted fields, and those whose reading records a defect, the
    fields with encoded words (charset problems) or over the comment and length limits
    (:func:`_parseable`). Each question is asked of the whole ``block`` (the fields' lines
    joined, in bytes) first, all in C; ``raws``: each field's text, or its bytes."""
    read = map(wanted.__contains__, names)
    kind = type(raws[0]) if raws else bytes
    words, paren = ("=?", "(") if kind is str else (b"=?", b"(")
    if b"=?" in block:
        read = map(or_, read, map(kind.__contains__, raws, repeat(words)))
    if block.count(b"(") > MAX_COMMENT_DEPTH:
        read = map(or_, read, map(gt, map(kind.count, raws, repeat(paren)), repeat(MAX_COMMENT_DEPTH)))
    if len(block) > MAX_VALUE_CHARS:
        read = map(or_, read, map(gt, map(len, raws), repeat(MAX_VALUE_CHARS)))
    return read


def _decoded(grouped: list[tuple[str, int, int, bytes]], defects: list[Defect], charset: str | None, body: bool) -> list[tuple[str, int, int, str]]:
    """(name, first line, last line, decoded text) of each field of a header (:func:`_grouped`;
    see :func:`decode_fields`)."""
    if body:
        charset = _charset(grouped)
    fields = []
    for name, first, last, raw in grouped:
        if raw.isascii():
            text = raw.decode("ascii")
        else:
            evidence = [m.decode("ascii", "replace").split("*")[0] for m in _WORD_BYTES.findall(raw)] + ([charset] if charset else [])
            text, used = decode_with_evidence(raw, evidence)
            if used != "utf-8":
                defects.append(Defect("undeclared-8bit-header", f"{name}: 8-bit bytes without a declared charset, read as {used}", Span(first, last)))
        fields.append((name, first, last, text))
    return fields


class _Unkept(NamedTuple):
    """A field read for its value alone: no span, no model object (see :func:`header_values`)."""

    name: str
    text: str
    span: None = None


def header_values(lines: tuple[RawLine, ...] | list[RawLine], tab_is_space: bool = False, names: frozenset[str] | None = None) -> Header:
    """A header's values as ``parse(decode_fields(lines, [], body=True), [], tab_is_space)``
    gives them, without the fields and their defects: what an archive's index reads of
    every message (pass 1 of :class:`threadkit.mail.archive.Archive`), which keeps no field
    (pass 2 makes the posts, and their defects).

    ``names``: the only fields whose values will be asked (lowercased). When every field is
    plain ASCII (:func:`_plain_ascii`), the values of the others cannot change
    how these are read, and they are neither decoded nor parsed (list mail has some 50
    fields a message, threading reads 6).
    """
    if names is not None:
        block = _joined(lines)
        field_names, raws = _named(block) if lines else ([], [])
        if _plain_ascii(field_names, raws, block):
            asked = list(map(names.__contains__, field_names))  # (a loop in C: some 50 fields, 6 asked)
            texts = map(bytes.decode, compress(raws, asked), repeat("ascii"))
            return parse(list(map(_Unkept, compress(field_names, asked), texts)), [], tab_is_space, names)
    return parse([_Unkept(name, text) for name, _first, _last, text in _decoded(_grouped(lines), [], None, True)], [], tab_is_space)


def _plain_ascii(names: list[str], raws: list[bytes], block: bytes | None = None) -> bool:
    """Whether a header's fields (their names and bytes, :func:`_named`) are all ASCII and make a plain
    :class:`Header` (its field names are names, no value holds a line break): then any of
    its fields read alone gives the value it has in the whole (a value over the comment or
    length limits is cut or stripped by :func:`parse` alone as in the whole). Malformed
    lines are no field of the header.

    ``block``, the fields' lines joined (:func:`_joined`), is asked first, each question once
    for all fields at C speed: what holds for the whole holds for each field (a block that
    fails may still pass field by field, its malformed lines left out)."""
    if block is not None and block.isascii() and not _has_break_byte(block):
        return _are_field_names(_well_formed(names))
    kept = []
    for name, raw in zip(names, raws):
        if name == "malformed":
            continue
        if not raw.isascii() or _has_break_byte(raw):
            return False
        kept.append(name)
    return _are_field_names(kept)


def parse(fields: list[HeaderField] | list[_Unkept], defects: list[Defect], tab_is_space: bool = False,
          only: frozenset[str] | None = None) -> Header:
    """Decoded fields → the header's values, parsed on access (see :class:`Header`; ``only``:
    the names that may be asked, when ``fields`` are only those of a plain header)."""
    out = []
    append = out.append  # (one pass per field of every header of an archive: kept lean)
    for field in fields:
        if field.name == "malformed":
            continue
        name, colon, value = field.text.partition(":")
        if not colon:
            value = name
        if "\n" in value:
            value = _unfolded(value, tab_is_space)
        value = value.strip()
        if len(value) > MAX_VALUE_CHARS or "(" in value and value.count("(") > MAX_COMMENT_DEPTH:
            value = _parseable(field, value, defects)
        if "=?" in value:
            value, problems = _merged_words(value)
            defects += [Defect("encoded-word-charset", f"{field.name}: {p}", field.span) for p in problems]
        append((name.strip(), value))
    return Header(out, stripped=True, only=only)


def _unfolded(text: str, tab_is_space: bool) -> str:
    """RFC 5322 §2.2.3 unfolding, which removes the line breaks only; Mailman 2 refolded
    headers with a tab in place of the space it broke at, so for Pipermail archives
    (``tab_is_space``) a tab opening a continuation line was a space."""
    if "\n" not in text:
        return text
    return (text.replace("\n\t", " ") if tab_is_space else text).replace("\n", "")


#: Characters at which the stdlib's header parser (``str.splitlines``) breaks a line, the
#: ASCII ones and the others.
_ASCII_BREAKS = "\r\n\v\f\x1c\x1d\x1e"
#: The ASCII ones in a field's bytes, but LF: the field's lines are joined by LF, which
#: unfolding removes.
_BREAK_BYTES = _ASCII_BREAKS.replace("\n", "").encode("ascii")


def _has_break_byte(data: bytes) -> bool:
    """Whether ``data`` holds one of :data:`_BREAK_BYTES`: one search per byte value, each at
    memory speed (a pattern's class would be tried at every byte; deleting them with
    ``bytes.translate`` was seven times slower than the searches)."""
    return any(map(data.__contains__, _BREAK_BYTES))
_OTHER_BREAKS = "\x85\u2028\u2029"


def _has_line_break(text: str) -> bool:
    """Whether ``text`` holds a character ``str.splitlines`` breaks at: one substring search
    per character, each at memory speed (a regular expression's class is tried per character)."""
    return any(c in text for c in _ASCII_BREAKS) or (not text.isascii() and any(c in text for c in _OTHER_BREAKS))
#: A field name the stdlib's parser reads as one (RFC 5322 ftext).
_FIELD_NAME = patterns.compile(r"[!-9;-~]+")
#: Names that are field names (:data:`_FIELD_NAME`), as met: a few dozen recur in every header.
_GOOD_NAMES: set[str] = set()


def _are_field_names(names: list[str]) -> bool:
    """Whether every name is a field name: a set lookup in C for the names met before."""
    if _GOOD_NAMES.issuperset(names):
        return True
    if not all(map(_FIELD_NAME.fullmatch, names)):
        return False
    if len(_GOOD_NAMES) < _MAX_NAMES:  # (a hostile archive may name every field anew, at length)
        _GOOD_NAMES.update(name for name in names if len(name) <= MAX_KEPT_CHARS)
    return True
#: Field names the stdlib reads as something other than unstructured text.
_STRUCTURED = frozenset({
    "date", "resent-date", "orig-date", "sender", "resent-sender", "to", "resent-to", "cc", "resent-cc", "bcc",
    "resent-bcc", "from", "resent-from", "reply-to", "mime-version", "content-type", "content-disposition",
    "content-transfer-encoding", "message-id",
})
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATEXT}(?:\.{_ATEXT})*"
_ADDR_SPEC = rf"{_DOT_ATOM}@{_DOT_ATOM}"
_SIMPLE_ID = patterns.compile(rf"<{_ADDR_SPEC}>")
_TOKEN = patterns.compile(r"[A-Za-z0-9-]+")
#: The fields the MIME questions read (type, parameters, charset, file name, disposition).
_MIME_FIELDS = ("content-type", "content-disposition")
_MIME_TOKEN = r"[!#$%&'*+.^_`{|}~0-9A-Za-z-]+"
#: A Content-* value in the common form: ``type/subtype; name=value; name="value"``.
_SIMPLE_MIME = patterns.compile(rf"{_MIME_TOKEN}(?:/{_MIME_TOKEN})?(?:[ \t]*;[ \t]*{_MIME_TOKEN}=(?:{_MIME_TOKEN}|\"[^\"\\]*\"))*")
#: One address of a list in the forms nearly all mail uses: ``a@b``, ``<a@b>``, ``Jane Doe <a@b>``,
#: ``"Doe, Jane" <a@b>``, ``"Wu \\(T\\)" <a@b>`` (no comments, escapes outside quoted names,
#: groups, routes or encoded words).
_SIMPLE_ADDRESS = patterns.compile(
    rf"[ \t]*(?:(?:\"(?P<quoted>(?:[^\"\\]|\\.)*)\"|(?P<words>{_ATEXT}(?:[ \t]+{_ATEXT})*))?[ \t]*<(?P<spec>{_ADDR_SPEC})>|(?P<bare>{_ADDR_SPEC}))[ \t]*"
)
#: A quoted string, with its quoted pairs (``"Wu \\(T\\)"``).
_QUOTED = patterns.compile(r'"(?:[^"\\]|\\.)*"')
#: An address list's items: text between commas outside quoted strings.
_LIST_ITEM = patterns.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*")+')
_QUOTED_PAIR = patterns.compile(r"\\(.)")
#: What makes the stdlib quote a display name (``email._header_value_parser.SPECIALS``).
_SPECIALS = frozenset(r'()<>@,:;.\"[]')


#: MIME fields (as :meth:`Header._mime_fields`) → compat32's answers to the MIME questions.
_ANSWERS: dict[tuple, dict] = {}
_MAX_ANSWERS = 4096


class Header:
    """A message's or a MIME part's header: its values as the stdlib's ``policy.default``
    parser gives them, for a fraction of the cost.

    ``policy.default`` builds a parse tree for every value each time one is read, which was
    a quarter of the time of reading an mbox. The forms nearly every message uses (plain
    text, dates, simple addresses and message ids, MIME parameters without encoded words)
    are read here with the compat32 functions (:mod:`email.utils`, ``email.message.Message``)
    whose results are the same for them (``tests/test_mail_header_parse.py`` compares both);
    any other value is read by the stdlib's parser, built only when such a value is read.
    """

    def __init__(self, pairs: list[tuple[str, str]], stripped: bool = False, only: frozenset[str] | None = None):
        """``stripped``: the values have no leading blanks already (:func:`parse`'s).
        ``only``: the pairs are those of these fields alone (:func:`read_fields`): asking
        another is an error, not a field that seems absent."""
        self._only = only
        if not stripped:
            pairs = [(name, value.lstrip(" \t")) for name, value in pairs]  # as the stdlib's parser reads "Name: value"
        self._pairs = pairs
        self._first: dict[str, str] = {name.lower(): value for name, value in reversed(pairs)}
        # the stdlib's parser sees other lines than these fields when a value holds a line
        # break or a name is no field name: then every value is read by it
        names = [name for name, _ in pairs]
        self._plain = _are_field_names(names) and not _has_line_break("".join([value for _, value in pairs]))
        self._full: EmailMessage | None = None
        self._compat: Message | None = None
        self._answers: dict | None = None

    def _message(self) -> EmailMessage:
        """The stdlib's reading of the whole header (built once, when first needed)."""
        if self._full is None:
            self._full = _parser().parsestr("".join(f"{name}: {value}\n" for name, value in self._pairs) + "\n")
        return self._full

    def _mime(self) -> Message:
        """The header for the MIME questions (content type, parameters, file name), chosen
        once: compat32 reads the raw values, which are the stdlib's own values when they are of
        the common form; it holds only the fields those questions read (its lookups scan
        the list, and list mail has dozens of other fields)."""
        if self._compat is None:
            fields = self._mime_fields()
            if fields is None:
                self._compat = self._message()
            else:
                self._compat = Message()
                self._compat._headers = list(fields)
        return self._compat

    def _mime_fields(self) -> tuple[tuple[str, str], ...] | None:
        """The fields the MIME questions read, when compat32 answers them (their values
        of the common form), else None."""
        if not self._plain or any(not _SIMPLE_MIME.fullmatch(v) or "=?" in v for n, v in self._first.items() if n in _MIME_FIELDS):
            return None
        return tuple((n, v) for n, v in self._pairs if n.lower() in _MIME_FIELDS)

    def _answer(self, question: str, *args):
        """The answer of the MIME reader to ``question``, asked once (a part's type is asked
        by several steps of the MIME walk). A header whose MIME fields compat32 reads shares
        its answers with every header that has the same fields: the answers are those
        fields' alone, and most parts of an archive have the same few Content-Types."""
        if self._answers is None:
            fields = self._mime_fields()
            if fields is None:
                self._answers = {}
            else:
                if len(_ANSWERS) >= _MAX_ANSWERS:  # (boundaries make most multipart fields unique)
                    _ANSWERS.clear()
                self._answers = _ANSWERS.setdefault(fields, {})
        key = (question, *args)
        answers = self._answers
        if key not in answers:
            answers[key] = getattr(self._mime(), question)(*args)
        return answers[key]

    def get(self, name: str, failobj=None):
        """The value of the first field ``name`` as ``str(EmailMessage.get(name))`` gives it."""
        name = self._asked(name)
        if not self._plain:
            return self._message().get(name, failobj)
        value = self._first.get(name)
        if value is None:
            return failobj
        fast = self._fast(name, value) if "=?" not in value else None
        return _stdlib_value(name, value) if fast is None else fast

    def get_date(self):
        """``get("date")``, and the datetime that value was written from when it was read
        here (None: parse the value): a Date is parsed once, not once for the header's value
        and again for the post's date."""
        if self._plain:
            value = self._first.get(self._asked("date"))
            if value is not None and "=?" not in value:
                text, when = _parsed_date(value)
                if text is not None:
                    return text, when
        return self.get("date"), None

    def _asked(self, name: str) -> str:
        """``name`` lowercased, when this header can answer for it."""
        name = name.lower()
        if self._only is not None and name not in self._only:
            raise KeyError(f"{name}: not among the fields this header was read for")
        return name

    def _fast(self, name: str, value: str) -> str | None:
        if name not in _STRUCTURED or name == "content-transfer-encoding" and _TOKEN.fullmatch(value):
            return value
        if name in ("date", "resent-date", "orig-date"):
            return _date_value(value)
        if name == "message-id" and _SIMPLE_ID.fullmatch(value):
            return value
        return None

    def addresses(self, name: str) -> list[tuple[str, str]] | None:
        """The (display name, address) pairs of the first field ``name``; None when it is absent."""
        name = self._asked(name)
        value = self._first.get(name)
        if self._plain:
            if value is None:
                return None  # no such field (the stdlib's reading has the same fields)
            known = _ADDRESSES.get((name, value))  # (a list's own address is in most To fields, a person's in each of their Froms)
            if known is None:
                known = keep(_ADDRESSES, (name, value), _plain_addresses(name, value), len(value))
            return list(known)
        else:
            field = self._message().get(name)
        if field is None:
            return None
        return [(a.display_name, a.addr_spec) for a in field.addresses] if hasattr(field, "addresses") else []

    def address_texts(self, name: str) -> tuple[str, ...]:
        """The addresses of the first field ``name`` as ``str(email.headerregistry.Address)``
        writes them (:func:`address_text`); () when it is absent. A plain header's are kept by
        value, as :meth:`addresses` keeps its pairs: a list's own address is in most To fields."""
        if not self._plain:
            return tuple(starmap(address_text, self.addresses(name) or ()))
        name = self._asked(name)
        value = self._first.get(name)
        if value is None:
            return ()
        known = _ADDRESS_TEXTS.get((name, value))
        if known is None:
            known = keep(_ADDRESS_TEXTS, (name, value), tuple(starmap(address_text, self.addresses(name))), len(value))
        return known

    def get_content_type(self) -> str:
        return self._answer("get_content_type")

    def get_content_maintype(self) -> str:
        return self._answer("get_content_maintype")

    def get_content_subtype(self) -> str:
        return self._answer("get_content_subtype")

    def get_param(self, param: str):
        return self._answer("get_param", param)

    def get_filename(self):
        return self._answer("get_filename")

    def get_content_disposition(self):
        return self._answer("get_content_disposition")

    def get_content_charset(self):
        return self._answer("get_content_charset")


#: (field name, value) → its addresses, as :meth:`Header.addresses` reads them from a plain header.
_ADDRESSES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
#: (field name, value) → its addresses as text, as :meth:`Header.address_texts` reads them from a plain header.
_ADDRESS_TEXTS: dict[tuple[str, str], tuple[str, ...]] = {}
#: The longest value (or part header) a store of answers keeps: a hostile archive's long
#: values would make the stores large, and repeating values are short.
MAX_KEPT_CHARS = 1024


def keep(store: dict, key, value, size: int, limit: int = _MAX_ANSWERS):
    """``value``, kept in ``store`` (a store of answers by the text they were read from) under
    ``key`` when that text, ``size`` characters long, is short: whatever the archive, a store
    holds at most ``limit`` answers (emptied when full) of at most :data:`MAX_KEPT_CHARS` each."""
    if size <= MAX_KEPT_CHARS:
        if len(store) >= limit:
            store.clear()
        store[key] = value
    return value


def _plain_addresses(name: str, value: str) -> tuple[tuple[str, str], ...]:
    """The addresses of field ``name`` of a plain header (:attr:`Header._plain`) whose value is ``value``."""
    simple = _simple_addresses(value) if "=?" not in value else _addresses_by_item(name, value)
    if simple is not None:
        return tuple(simple)
    field = _stdlib_value(name, value)
    return tuple((a.display_name, a.addr_spec) for a in field.addresses) if hasattr(field, "addresses") else ()


def _stdlib_value(name: str, value: str):
    """What ``EmailMessage.get(name)`` gives for a field whose value is ``value``, when the
    stdlib's parser reads the header as these fields (:attr:`Header._plain`): its policy's
    header object, made from this one value without parsing the whole header again."""
    return _parser().policy.header_fetch_parse(name, value)


def address_text(display_name: str, addr_spec: str) -> str:
    """An address as ``str(email.headerregistry.Address)`` writes it."""
    if not display_name:
        return addr_spec
    if not _SPECIALS.isdisjoint(display_name):
        display_name = '"' + display_name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{display_name} <{'' if addr_spec == '<>' else addr_spec}>"


def _simple_addresses(value: str) -> list[tuple[str, str]] | None:
    if "=?" in value:
        return None
    outside = _QUOTED.sub("", value) if '"' in value else value
    if '"' in outside or "\\" in outside or "(" in outside:
        return None  # an unclosed quote, an escape or a comment outside a quoted name
    out = []
    for item in value.split(",") if '"' not in value else _LIST_ITEM.findall(value):
        m = _SIMPLE_ADDRESS.fullmatch(item)
        if m is None:
            return None
        if m["bare"]:
            out.append(("", m["bare"]))
        else:
            quoted = m["quoted"]
            if quoted is not None:
                name = _QUOTED_PAIR.sub(r"\1", quoted) if "\\" in quoted else quoted
            else:
                name = " ".join(m["words"].split()) if m["words"] else ""
            out.append((name, m["spec"]))
    return out if out else None


def _addresses_by_item(name: str, value: str) -> list[tuple[str, str]] | None:
    """The addresses of a list some of whose display names are encoded words, or None.

    The stdlib's parser is quadratic in a value's length, and the long Cc lists of patch
    mail name one or two people in encoded words (``Uwe =?iso-8859-1?Q?Kleine-K=F6nig?=``):
    parsed whole, such a list took 15-20 ms. When every item is self-contained (commas only
    between items or inside quoted names; no comments, groups or escapes outside quotes)
    and each item with encoded words is ``words <addr-spec>``, the list's addresses are its
    items': the items without encoded words are read as :func:`_simple_addresses` reads
    them, the others by the stdlib's parser, each alone.
    """
    if any('"' in m[0] or "," in m[0] for m in _WORD.finditer(value)):
        return None  # a quote or comma inside a word would mislead the split into items
    outside = _WORD.sub("", value)
    if '"' in outside:
        outside = _QUOTED.sub("", outside)
    if not _SPECIALS_OUTSIDE_QUOTES.isdisjoint(outside):
        return None
    out = []
    for item in value.split(",") if '"' not in value else _LIST_ITEM.findall(value):
        if "=?" not in item:
            simple = _simple_addresses(item)
            if simple is None:
                return None
            out += simple
        elif _ENCODED_NAME_ADDRESS.fullmatch(item):
            field = _stdlib_value(name, item)
            found = getattr(field, "addresses", ())
            if len(found) != 1 or field.defects:
                return None
            out.append((found[0].display_name, found[0].addr_spec))
        else:
            return None
    return out


#: Outside quoted names, what may put a comma inside an item or make its reading depend on
#: its neighbours (an unclosed quote, an escape, a comment, a group).
_SPECIALS_OUTSIDE_QUOTES = frozenset('"\\():;')
#: An address whose display name has encoded words: ``Jane =?utf-8?q?D=C3=B6e?= <a@b.c>``.
# Each word of the name is taken whole, once (a lookahead and its backreference, as an
# atomic group): an encoded word is also a run of atext in part, and letting the two readings
# be tried against each other took exponential time on a long name (a fuzz-found hang).
_ENCODED_NAME_ADDRESS = patterns.compile(
    rf"[ \t]*(?:(?=({_WORD.pattern}(?=[ \t])|{_ATEXT}(?=[ \t])))\1[ \t]+)+<{_ADDR_SPEC}>[ \t]*")


def _date_value(value: str) -> str | None:
    """A Date value as the stdlib's DateHeader gives it: normalised when it parses."""
    return _parsed_date(value)[0]


def _parsed_date(value: str):
    """(:func:`_date_value`, the datetime it was written from or None)."""
    common = _COMMON_DATE.match(value)
    if common is not None:
        try:
            return _common_date(*common.groups())
        except ValueError:  # (no such day or time: the stdlib's reading says what it is)
            pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except ValueError:
        return value, None
    except Exception:  # noqa: BLE001 -- what the stdlib's header would raise: let it
        return None, None
    return email.utils.format_datetime(when), when


#: A Date in the form nearly all mail writes (RFC 5322 §3.3 with a numeric zone, a 4-digit
#: year, seconds; maybe a comment or other words after the zone, which the stdlib's parser
#: ignores), read without the stdlib's general parser: it was a twentieth of reading a header.
_COMMON_DATE = patterns.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]\d{3}) "
    r"([01]\d|2[0-3]):([0-5]\d):([0-5]\d) ([+-])([01]\d|2[0-3])([0-5]\d)(?:\s|\Z)")
_MONTHS = {name: k for k, name in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_DAYNAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ZONES: dict[str, datetime.timezone] = {}


def _common_date(day: str, month: str, year: str, hour: str, minute: str, second: str, sign: str, zone_hours: str, zone_minutes: str):
    """:func:`_parsed_date` of a :data:`_COMMON_DATE` value, as ``email.utils.parsedate_to_datetime``
    and ``format_datetime`` give it: a zone of -0000 is no zone (a naive datetime), the
    weekday is the date's own.

    Raises:
        ValueError: no such date (the 31st of a 30-day month).
    """
    zone = sign + zone_hours + zone_minutes
    tz = _ZONES.get(zone)
    if tz is None and zone != "-0000":
        offset = int(zone_hours) * 3600 + int(zone_minutes) * 60
        tz = _ZONES.setdefault(zone, datetime.timezone(datetime.timedelta(seconds=-offset if sign == "-" else offset)))
    when = datetime.datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=tz)
    return f"{_DAYNAMES[when.weekday()]}, {int(day):02d} {month} {year} {hour}:{minute}:{second} {zone}", when


def _parseable(field: HeaderField | _Unkept, value: str, defects: list[Defect]) -> str:
    """``value`` within what the stdlib parser handles in bounded time and stack."""
    if value.count("(") > MAX_COMMENT_DEPTH and comment_depth(value) > MAX_COMMENT_DEPTH:
        defects.append(Defect("deep-comments", f"{field.name}: comments nested over {MAX_COMMENT_DEPTH} deep, removed for parsing", field.span))
        value = without_comments(value)
    if len(value) > MAX_VALUE_CHARS:
        cut = value.rfind(" ", 0, MAX_VALUE_CHARS)
        value = value[: cut if cut > 0 else MAX_VALUE_CHARS]
        defects.append(Defect("header-truncated", f"{field.name}: value over {MAX_VALUE_CHARS} characters, cut to {len(value)} for parsing (its lines are kept)", field.span))
    return value


def comment_depth(value: str) -> int:
    """How deep parenthesised comments nest in ``value`` (backslash escapes honoured).

    Only the parentheses and escapes are looked at one by one (:data:`_COMMENT_MARKS` finds
    them in C), not every character: this is asked of every value with over
    :data:`MAX_COMMENT_DEPTH` parentheses, such as the long authentication fields of list
    mail (35 values of gg-mbox's headers, read in both passes of a streamed archive)."""
    depth = deepest = 0
    for mark in _COMMENT_MARKS.findall(value):
        if mark == "(":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif mark == ")" and depth:
            depth -= 1
    return deepest


#: A parenthesis, or an escape (a backslash and the character it escapes, which is no mark).
_COMMENT_MARKS = patterns.compile(r"\\.|[()]", re.S)


def without_comments(value: str) -> str:
    """``value`` without its parenthesised comments (an unclosed one runs to the end), in one pass."""
    out = []
    depth = 0
    escaped = False
    for ch in value:
        if escaped:
            escaped = False
            if not depth:
                out.append(ch)
            continue
        if ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
            continue
        elif ch == ")" and depth:
            depth -= 1
            continue
        if not depth:
            out.append(ch)
    return "".join(out)


def _word_runs(text: str):
    """Runs of encoded words separated by nothing but whitespace: (start, end, [matches])."""
    run: list[re.Match] = []
    for m in _WORD.finditer(text):
        if run and _SPACE.fullmatch(text, run[-1].end(), m.start()):
            run.append(m)
            continue
        if run:
            yield run[0].start(), run[-1].end(), run
        run = [m]
    if run:
        yield run[0].start(), run[-1].end(), run


def _word_bytes(m: re.Match) -> bytes | None:
    encoded = m[3].encode("ascii")
    if m[2] in "qQ":
        return binascii.a2b_qp(encoded, header=True)
    try:
        return base64.b64decode(encoded + b"=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        return None


def _groups(run: list[re.Match]) -> list[tuple[str, list[re.Match], bytes | None]]:
    """Adjacent words of one charset (language suffix dropped, RFC 2231) with their bytes joined."""
    groups: list[tuple[str, list[re.Match], bytes | None]] = []
    for m in run:
        charset = m[1].split("*")[0].lower()
        data = _word_bytes(m)
        if groups and groups[-1][0] == charset and data is not None and groups[-1][2] is not None:
            groups[-1] = (charset, groups[-1][1] + [m], groups[-1][2] + data)
        else:
            groups.append((charset, [m], data))
    return groups


def _group_text(charset: str, data: bytes, problems: list[str]) -> str:
    text, used = decode_with_evidence(data, [charset])
    declared = codec_name(charset)
    if declared is None:
        problems.append(f"encoded words in an unknown charset {charset!r}, read as {used}")
    elif used != declared:
        problems.append(f"encoded words that are not valid {charset}, read as {used}")
    return text


def _merged_words(value: str) -> tuple[str, list[str]]:
    """``value`` with each run of adjacent encoded words, and each word in a bad charset,
    rewritten as one UTF-8 encoded word: still an encoded word, so that the stdlib parses the
    value's structure as before, but decoded as RFC 2047 §6.2 says (the stdlib's address
    parser decodes word by word and keeps the spaces between them)."""
    if "=?" not in value:
        return value, []
    problems: list[str] = []
    out, last = [], 0
    for start, end, run in _word_runs(value):
        groups = _groups(run)
        before = len(problems)
        texts = [_group_text(charset, data, problems) if data is not None else None for charset, _words, data in groups]
        if len(run) == 1 and len(problems) == before:
            continue  # a lone word that decodes: nothing to mend
        pieces: list[tuple[bool, str]] = []  # (decoded text?, text or a word left as it is)
        for (_charset, words, _data), text in zip(groups, texts):
            if text is None:  # undecodable transfer encoding: left for the stdlib to report
                pieces += [(False, m[0]) for m in words]
            elif pieces and pieces[-1][0]:
                pieces[-1] = (True, pieces[-1][1] + text)
            else:
                pieces.append((True, text))
        # Whitespace between encoded words is not text (RFC 2047 §6.2): the decoded texts of a
        # run become one word, which the stdlib decodes as one.
        encoded = ["=?utf-8?b?" + base64.b64encode(p.encode("utf-8")).decode("ascii") + "?=" if decoded else p for decoded, p in pieces]
        out += [value[last:start], " ".join(encoded)]
        last = end
    return "".join(out) + value[last:], problems


def decode_words(text: str, defects: list[Defect] | None = None, where: str = "", span: Span | None = None) -> str:
    """RFC 2047 encoded words decoded ("=?utf-8?q?J=C3=B6rg?=" → "Jörg"), adjacent words of one
    charset as one byte string; broken words kept as they are."""
    if "=?" not in text:
        return text
    problems: list[str] = []
    out, last = [], 0
    for start, end, run in _word_runs(text):
        pieces = [_group_text(charset, data, problems) if data is not None else " ".join(m[0] for m in words) for charset, words, data in _groups(run)]
        out += [text[last:start], "".join(pieces)]
        last = end
    if defects is not None:
        defects += [Defect("encoded-word-charset", f"{where}: {p}", span) for p in problems]
    return "".join(out) + text[last:]
