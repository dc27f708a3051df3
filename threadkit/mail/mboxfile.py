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
#: year as some writers add). Pipermail obfuscates the sender: ``From x at y.com  Tue Mar  4 ...``.
ENVELOPE = re.compile(
    rb"^From (?P<sender>\S+(?: at \S+)?) +(?P<date>" + _DAYS + rb" " + _MONTHS
    + rb" [ \d]?\d \d{1,2}:\d\d(?::\d\d)? (?:[A-Z]{3,5} )?\d{4}(?: [+-]\d{4})?)\s*$"
)
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


def opens_message(data: bytes, previous_blank: bool, pipermail: bool = False) -> bool:
    """Whether line ``data`` opens a new message: the one envelope-boundary rule of the splitter.

    A message starts at an envelope line that opens the file or follows a blank line, as
    mboxcl readers require: an unescaped "From " line inside a body (a git patch's
    "From 1a2b... Mon Sep 17 00:00:00 2001") does not split a message in two.
    ``pipermail``: the stream is a Mailman 2 archive (whose own envelope rule may differ).
    """
    return previous_blank and is_envelope(data)


def iter_raw_messages(stream: BinaryIO, split: bool = True, pipermail: bool = False, headers_only: bool = False) -> Iterator[RawMessage]:
    """The messages of a binary stream, one at a time (boundaries: :func:`opens_message`).

    Args:
        stream: an mbox (or one message) opened in binary mode.
        split: False reads the whole stream as one message (an .eml file).
        pipermail: the stream is a Mailman 2 (Pipermail) archive.
        headers_only: keep each message's lines only up to its first blank line (its header,
            as :func:`threadkit.mail.mime.split_header` cuts it): for indexing an archive.

    Line numbers, offsets and lengths are those of the whole stream.
    """
    envelope: RawLine | None = None
    lines: list[RawLine] = []
    content = False  # a non-blank line since the last envelope
    in_header = True
    previous_blank = True
    start = position = 0
    no = 0
    for no, data in enumerate(stream, 1):
        size = len(data)
        data = data.rstrip(b"\n")
        if data.endswith(b"\r"):
            data = data[:-1]
        blank = not data.strip()
        if split and opens_message(data, previous_blank, pipermail):
            if envelope is not None or content:
                yield RawMessage(envelope, tuple(lines), start, position - start, no - 1)
            envelope, lines, content, in_header, start = RawLine(no, data), [], False, True, position
        else:
            if in_header:
                lines.append(RawLine(no, unescape_line(data) if split else data))
                in_header = not (headers_only and blank)
            content = content or not blank
        previous_blank = blank
        position += size
    if envelope is not None or content:
        yield RawMessage(envelope, tuple(lines), start, position - start, no)
