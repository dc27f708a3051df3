"""mbox framing: envelope ("From ") lines, mboxrd escaping, and a streaming split into raw messages.

An mbox is messages one after another, each opened by an envelope line
``From <sender> <asctime date>``. Body lines that start with "From " must be escaped so they do
not open a message. The old convention (mboxo) writes ``>From `` for ``From `` only, so a body
line ">From x" and "From x" come back the same; mboxrd adds one '>' to *every* line matching
``>*From `` and removes one when reading, which is reversible
(https://www.loc.gov/preservation/digital/formats/fdd/fdd000385.shtml). We write mboxrd and read
both with the mboxrd rule: for mboxo files this only differs on ">>From " lines.

Splitting is streamed: :func:`iter_raw_messages` holds one message in memory at a time, so a
multi-gigabyte archive needs memory for its largest message, not for the archive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import count, islice, repeat
from operator import indexOf, itemgetter, methodcaller
from typing import BinaryIO, Iterable, Iterator, NamedTuple

from attrs import frozen

from threadkit import patterns
from threadkit.model import Span

_DAYS = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTHS = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
#: ``From randy@example.com Sat Jun 22 15:00:44 2019`` (asctime date, optional zone after the
#: year as some writers add). Pipermail obfuscates the sender: ``From x at y.com  Tue Mar  4 ...``;
#: Google Takeout puts the zone before the year: ``From 1234@xxx Thu Apr 16 09:53:04 +0000 2015``.
ENVELOPE = patterns.compile(
    rb"^From (?P<sender>\S+(?: at \S+)?) +(?P<date>" + _DAYS + rb" " + _MONTHS
    + rb" [ \d]?\d \d{1,2}:\d\d(?::\d\d)? (?:[A-Z]{3,5} )?(?:[+-]\d{4} )?\d{4}(?: [+-]\d{4})?)\s*$"
)
#: The line Mailman's Scrubber ends a scrubbed attachment's note with: "URL: <link>", or
#: "Url : link" in Mailman 2.1's first releases.
_SCRUBBER_URL = patterns.compile(rb"^URL ?: <?[A-Z][A-Z0-9+.-]*://\S+>?\s*$", re.IGNORECASE)
_ESCAPE = patterns.compile(rb"^(>*From )", re.MULTILINE)


class RawLine(NamedTuple):
    """One line of the file: its 1-based number and its bytes without the line end."""

    no: int
    data: bytes


#: Builds a RawLine from a (number, bytes) pair without a Python-level call: there is one per line.
_NEW_TUPLE = tuple.__new__


class RawLines(Sequence):
    """Numbered lines held as their bytes: line ``first + k`` is ``data[k]``. It reads as a
    tuple of :class:`RawLine` (index, slice, iterate, compare, ``+``), but makes a RawLine
    only for a line asked for: a message has hundreds of lines (list mail, some 145 header
    lines alone), and the hot paths read ``data`` (joined, searched, decoded in C)
    without a tuple per line."""

    __slots__ = ("data", "first")

    def __init__(self, data: list[bytes], first: int) -> None:
        self.data = data
        """The lines' bytes, without line ends."""
        self.first = first
        """The number of the first line (of the line after none, when empty)."""

    def __len__(self) -> int:
        return len(self.data)

    def __bool__(self) -> bool:
        return bool(self.data)

    def __getitem__(self, k):
        if isinstance(k, slice):
            start, stop, step = k.indices(len(self.data))
            if step != 1:
                return tuple(self)[k]
            return RawLines(self.data[start:stop], self.first + start)
        if k < 0:
            k += len(self.data)
        return RawLine(self.first + k, self.data[k])

    def __iter__(self) -> Iterator[RawLine]:
        return map(_NEW_TUPLE, repeat(RawLine), zip(count(self.first), self.data))

    def __reversed__(self) -> Iterator[RawLine]:
        return map(_NEW_TUPLE, repeat(RawLine), zip(count(self.first + len(self.data) - 1, -1), reversed(self.data)))

    def __add__(self, other) -> RawLines | tuple[RawLine, ...]:
        if isinstance(other, RawLines) and (other.first == self.first + len(self.data) or not other.data):
            return RawLines(self.data + other.data, self.first)  # (a part's header and body: lines that follow)
        return tuple(self) + tuple(other)

    def __radd__(self, other) -> RawLines | tuple[RawLine, ...]:
        if not other:
            return self
        return tuple(other) + tuple(self)

    def __eq__(self, other) -> bool:
        if isinstance(other, RawLines):
            return self.data == other.data and (self.first == other.first or not self.data)
        return isinstance(other, tuple) and tuple(self) == other

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"RawLines({self.data!r}, {self.first})"


def lines_data(lines) -> list[bytes]:
    """The bytes of ``lines`` (RawLines, or any sequence of RawLine), each without its line end."""
    return lines.data if isinstance(lines, RawLines) else [line.data for line in lines]


def line_numbers(lines) -> Sequence[int]:
    """The numbers of ``lines`` (RawLines, or any sequence of RawLine)."""
    return range(lines.first, lines.first + len(lines.data)) if isinstance(lines, RawLines) else [line.no for line in lines]


@frozen
class RawMessage:
    """One message as it stands in the file, body lines already unescaped."""

    envelope: RawLine | None
    """The "From " line; None for a message without one (an .eml file, text before the first envelope)."""
    lines: RawLines | tuple[RawLine, ...]
    """Header and body lines, without the envelope (only the header lines when split with ``headers_only``)."""
    inner_envelopes: tuple[int, ...] = ()
    """Numbers of lines of the message that read as envelope lines but do not open a message
    (:func:`starts_message`): kept as body, and reported, never merged silently."""
    offset: int = 0
    """Byte offset of the message's first line (its envelope) in the stream."""
    length: int = 0
    """Bytes from ``offset`` to the next message, line ends included."""
    last_line: int = 0
    """Number of the message's last line in the stream (its body's, also when only the header is kept)."""


def raw_span(lines) -> Span | None:
    """The span from the first to the last of ``lines`` (None for none)."""
    return Span(lines[0].no, lines[-1].no) if lines else None


def is_envelope(data: bytes) -> bool:
    """True for an mbox envelope line."""
    return data.startswith(b"From ") and ENVELOPE.match(data) is not None


def starts_message(data: bytes, previous: bytes | None) -> bool:
    """Whether line ``data`` opens a new message; ``previous`` is the line before it (None for
    the first line of the file).

    An envelope line opens a message at the start of the file or after a blank line, as mboxcl
    readers require: an unescaped "From " line inside a body (a git patch's "From 1a2b...
    Mon Sep 17 00:00:00 2001") does not split a message in two. Pipermail (Mailman's archiver)
    neither escapes body lines nor ends every message with a blank line: a message whose body
    Mailman rewrote (the Scrubber's "URL: <link>" note for a removed attachment, the last line
    of the body) is followed at once by the next envelope. So an envelope with Pipermail's
    obfuscated "x at y" sender, which no mail writer puts anywhere else, opens a message
    wherever it stands, and any envelope does after a Scrubber note (archives written
    without address obfuscation).
    """
    if not is_envelope(data):
        return False
    if previous is None or not previous.strip():
        return True
    return b" at " in ENVELOPE.match(data)["sender"] or _SCRUBBER_URL.match(previous) is not None


def escape(data: bytes) -> bytes:
    """mboxrd-escape a message: one more '>' before every line matching ``>*From ``."""
    return _ESCAPE.sub(rb">\1", data)


def unescape_line(data: bytes) -> bytes:
    """Undo :func:`escape` for one line."""
    if data.startswith(b">") and data.lstrip(b">").startswith(b"From "):
        return data[1:]
    return data


def message_bytes(raw: RawMessage) -> bytes:
    """The message as bytes, without the blank line that separates it from the next one."""
    data = lines_data(raw.lines)
    if raw.envelope is not None and data and not data[-1]:
        data = data[:-1]
    return b"".join([line + b"\n" for line in data])


def iter_raw_messages(stream: BinaryIO | Iterable[bytes], split: bool = True, pipermail: bool = False, headers_only: bool = False,
                      first_line: int = 1, first_offset: int = 0) -> Iterator[RawMessage]:
    """The messages of a binary stream, one at a time, with their byte offsets and lengths.

    Args:
        stream: an mbox (or one message) opened in binary mode, or its lines (each with its
            line end) as an iterable.
        split: False reads the whole stream as one message (an .eml file).
        headers_only: keep only each message's header lines (indexing an archive), though
            offsets, lengths and last lines are those of whole messages.
        first_line, first_offset: the number and byte offset of the stream's first line in
            the file: a stream positioned at a message's envelope (a range of an archive,
            :meth:`threadkit.mail.archive.Archive.posts`) numbers its lines as the whole file does.

    A message starts where :func:`starts_message` says. ``pipermail`` is kept for the
    archive readers' calls; the one boundary rule covers Pipermail too.

    The stream is read in blocks of whole lines (:func:`_blocks`); only lines that begin
    with "From " (the candidates for an envelope) are looked at one by one, and a message's
    lines are cut by ``bytes.split``: a per-line loop in Python was most of the time of
    splitting an archive. Memory holds one block and the message being read.
    """
    if not split:
        message, _count = _message([b"".join(_blocks(stream))], first_line, first_offset, False, [], None, headers_only)
        if message is not None:
            yield message
        return
    pieces: list[bytes] = []  # the bytes of the message being read
    first, start, opened, inner = first_line, first_offset, False, []  # its first line's number and offset, whether it has an envelope, its inner envelopes
    escaped: list[int] = []  # the offsets of its mboxrd-escaped lines (">From ", ">>From " ...)
    position = first_offset  # the offset of the block
    previous: bytes | None = None  # the line before the block (None at the start of the file)
    for block in _blocks(stream):
        last = 0  # where the message being read starts in the block (0: before it)
        for at, quoted in _from_lines(block):
            if quoted:
                escaped.append(position + at)
                continue
            line = _line_at(block, at)
            if not is_envelope(line):
                continue
            before = previous if at == 0 else _line_at(block, block.rfind(b"\n", 0, at - 1) + 1)
            if starts_message(line, before):
                pieces.append(block[last:at])
                message, count = _message(pieces, first, start, opened, inner, escaped, headers_only)
                if message is not None:
                    yield message
                pieces, first, start, opened, inner, escaped, last = [], first + count, position + at, True, [], [], at
            else:  # (rare: its number is counted here, a message's others by _message's split)
                inner.append(first + sum(map(_LINE_ENDS, pieces)) + block.count(b"\n", last, at))
        pieces.append(block[last:] if last else block)
        position += len(block)
        previous = _line_at(block, block.rfind(b"\n", 0, len(block) - 1) + 1)
    message, _count = _message(pieces, first, start, opened, inner, escaped, headers_only)
    if message is not None:
        yield message


_LINE_ENDS = methodcaller("count", b"\n")


#: How much of a stream is read at once (a block is extended to the end of its last line).
BLOCK_BYTES = 1 << 16
#: Lines joined into one block when the input is an iterable of lines.
BLOCK_LINES = 8192


def _from_lines(data: bytes) -> Iterator[tuple[int, bool]]:
    """The lines of ``data`` that start with "From " (the candidates for an envelope: False)
    or with ">From ", ">>From " ... (mboxrd-escaped lines, which :func:`unescape_line`
    changes: True), each as (its offset, which). One scan finds both: ``bytes.find`` looks
    for a literal at C speed (a regular expression anchored at line starts tries every
    byte), yet each search of the whole text costs as much as the rest of splitting it;
    "From " within a line is rare."""
    at = data.find(b"From ")
    while at >= 0:
        if not at or data[at - 1] == 0x0A:  # "\n"
            yield at, False
        elif data[at - 1] == 0x3E:  # ">"
            start = at - 1
            while start and data[start - 1] == 0x3E:
                start -= 1
            if not start or data[start - 1] == 0x0A:  # the '>'s open the line
                yield start, True
        at = data.find(b"From ", at + 1)


def _blocks(stream: BinaryIO | Iterable[bytes]) -> Iterator[bytes]:
    """The stream's bytes in blocks that end at a line end (the last one may not)."""
    read = getattr(stream, "read", None)
    if read is None:
        lines = iter(stream)
        while block := b"".join(islice(lines, BLOCK_LINES)):
            yield block
        return
    parts: list[bytes] = []  # the start of a line longer than a block
    while data := read(BLOCK_BYTES):
        cut = data.rfind(b"\n") + 1
        if not cut:
            parts.append(data)
            continue
        yield b"".join(parts + [data[:cut]]) if parts else data[:cut] if cut < len(data) else data
        parts = [data[cut:]] if cut < len(data) else []
    if parts:
        yield b"".join(parts)


def _line_at(block: bytes, at: int) -> bytes:
    """The line of ``block`` that starts at ``at``, without its line end (LF, CR LF)."""
    end = block.find(b"\n", at)
    line = block[at:] if end < 0 else block[at:end]
    return line[:-1] if line.endswith(b"\r") else line


def _lines(data: bytes) -> list[bytes]:
    """``data`` cut into lines without their line ends, as iterating over a binary file and
    removing one LF and then one CR would give them."""
    # (CR LF → LF first, not a split at r"\r?\n": a pattern that opens with an optional
    # character is tried at every byte; a CR before a CR LF stays in its line either way)
    # (a CR is looked for first: one byte is found at memory speed, a two-byte string is
    # searched for some fifty times slower, and nearly every mbox has no CR)
    lines = (data.replace(b"\r\n", b"\n") if b"\r" in data and b"\r\n" in data else data).split(b"\n")
    if lines[-1]:
        if lines[-1].endswith(b"\r"):
            lines[-1] = lines[-1][:-1]
    else:
        lines.pop()  # the text after the last line end (none)
    return lines


def _message(pieces: list[bytes], first: int, start: int, opened: bool, inner: list[int],
             escaped: list[int] | None, headers_only: bool) -> tuple[RawMessage | None, int]:
    """The message made of ``pieces`` (its lines from ``first``, its bytes from offset
    ``start``; an envelope line first when ``opened``), None for text before the first
    envelope that has only blank lines; and how many lines the pieces hold (the splitter
    numbers lines by them: its own count was a second pass over every byte).
    ``escaped``: the offsets of its lines to unescape (:func:`unescape_line`; None: none,
    an .eml is read as it is)."""
    data = whole = b"".join(pieces)
    if headers_only and opened:
        data = data[:_header_end(data)]  # the body's lines are not kept: they are not cut either
    lines = _lines(data)
    # (a header cut after its blank line ends with a line end: each of its lines is one; only
    # the body's are counted, which are not cut)
    count = len(lines) if data is whole else len(lines) + whole.count(b"\n", len(data)) + (bool(whole) and not whole.endswith(b"\n"))
    last_line = first + count - 1
    skipped = 1 if opened else first_blank(lines, False)  # blank lines before a message are none of it
    if skipped is None:
        return None, count
    if escaped:
        counted, k = 0, 0
        for at in escaped:
            at -= start
            if at >= len(data):
                break  # (a line of the body, which headers_only does not keep)
            k += data.count(b"\n", counted, at)
            counted = at
            lines[k] = lines[k][1:]
    body = lines[skipped:]
    if headers_only and not opened:  # (else ``data`` was cut there)
        end = first_blank(body)
        body = body[:len(body) if end is None else end + 1]
    first_body = first + skipped
    return RawMessage(
        RawLine(first, lines[0]) if opened else None,
        RawLines(body, first_body),
        tuple(inner), start, len(whole), last_line,
    ), count


def first_blank(lines, blank: bool = True) -> int | None:
    """The index of the first of ``lines`` (bytes, or lines whose second item is their bytes)
    that is blank (not blank: ``blank=False``), as ``not line.strip()`` says; None for none.
    The lines are asked in C (``map``, ``operator.indexOf``): a header has dozens of lines,
    and every message and part has a header."""
    if isinstance(lines, RawLines):
        lines = lines.data
    elif lines and not isinstance(lines[0], bytes):
        lines = map(_DATA, lines)
    try:
        return indexOf(map(bool, map(bytes.strip, lines)), not blank)
    except ValueError:
        return None


_DATA = itemgetter(1)
#: The line end before a blank line (as ``not line.strip()`` finds it blank) that has a line
#: end: the end of a header. (It opens with a literal, which the pattern engine finds at C
#: speed; a pattern anchored at line starts, ``^...$``, is tried at every byte. A blank last
#: line without a line end is not looked for: the header would run to the end all the same,
#: and the alternative ``\Z`` made every search twice as slow.)
_BLANK_LINE = patterns.compile(rb"\n[ \t\r\x0b\x0c]*\n")


def _header_end(data: bytes) -> int:
    """Where the lines of a message that opens with an envelope line stop being needed to
    read its header: after the first blank line after the envelope (the whole message when
    there is none, or only as its last line, without a line end)."""
    envelope_end = data.find(b"\n")
    blank = _BLANK_LINE.search(data, envelope_end) if envelope_end >= 0 else None
    return len(data) if blank is None else blank.end()
