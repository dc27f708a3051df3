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
from typing import BinaryIO, Iterator, NamedTuple

from attrs import frozen

from threadkit.model import Span

_DAYS = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTHS = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
#: ``From randy@example.com Sat Jun 22 15:00:44 2019`` (asctime date, optional zone after the
#: year as some writers add). Pipermail obfuscates the sender: ``From x at y.com  Tue Mar  4 ...``;
#: Google Takeout puts the zone before the year: ``From 1234@xxx Thu Apr 16 09:53:04 +0000 2015``.
ENVELOPE = re.compile(
    rb"^From (?P<sender>\S+(?: at \S+)?) +(?P<date>" + _DAYS + rb" " + _MONTHS
    + rb" [ \d]?\d \d{1,2}:\d\d(?::\d\d)? (?:[A-Z]{3,5} )?(?:[+-]\d{4} )?\d{4}(?: [+-]\d{4})?)\s*$"
)
#: The line Mailman's Scrubber ends a scrubbed attachment's note with: "URL: <link>", or
#: "Url : link" in Mailman 2.1's first releases.
_SCRUBBER_URL = re.compile(rb"^URL ?: <?[A-Z][A-Z0-9+.-]*://\S+>?\s*$", re.IGNORECASE)
_ESCAPE = re.compile(rb"^(>*From )", re.MULTILINE)


class RawLine(NamedTuple):
    """One line of the file: its 1-based number and its bytes without the line end."""

    no: int
    data: bytes


@frozen
class RawMessage:
    """One message as it stands in the file, body lines already unescaped."""

    envelope: RawLine | None
    """The "From " line; None for a message without one (an .eml file, text before the first envelope)."""
    lines: tuple[RawLine, ...]
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
    lines = list(raw.lines)
    if raw.envelope is not None and lines and not lines[-1].data:
        lines.pop()
    return b"".join(line.data + b"\n" for line in lines)


def iter_raw_messages(stream: BinaryIO, split: bool = True, pipermail: bool = False, headers_only: bool = False) -> Iterator[RawMessage]:
    """The messages of a binary stream, one at a time, with their byte offsets and lengths.

    Args:
        stream: an mbox (or one message) opened in binary mode.
        split: False reads the whole stream as one message (an .eml file).
        headers_only: keep only each message's header lines (indexing an archive), though
            offsets, lengths and last lines are those of whole messages.

    A message starts where :func:`starts_message` says. ``pipermail`` is kept for the
    archive readers' calls; the one boundary rule covers Pipermail too.
    """
    envelope: RawLine | None = None
    lines: list[RawLine] = []
    inner: list[int] = []
    content = False  # a non-blank line since the last envelope
    in_header = True
    previous: bytes | None = None
    start = position = 0
    no = 0
    for no, data in enumerate(stream, 1):
        size = len(data)
        data = data.rstrip(b"\n")
        if data.endswith(b"\r"):
            data = data[:-1]
        blank = not data.strip()
        if split and starts_message(data, previous):
            if envelope is not None or content:
                yield RawMessage(envelope, tuple(lines), tuple(inner), start, position - start, no - 1)
            envelope, lines, inner, content, in_header, start = RawLine(no, data), [], [], False, True, position
        elif lines or envelope is not None or not blank:  # blank lines before a message are none of it
            if split and is_envelope(data):
                inner.append(no)
            if in_header:
                lines.append(RawLine(no, unescape_line(data) if split else data))
                in_header = not (headers_only and blank)
            content = content or not blank
        previous = data
        position += size
    if envelope is not None or content:
        yield RawMessage(envelope, tuple(lines), tuple(inner), start, position - start, no)
