"""The mbox splitter (:func:`threadkit.mail.mboxfile.iter_raw_messages`) on crafted archives:
boundary rules, escapes, line ends, and the same answer whatever the size of the blocks it
reads (a message larger than a block, an envelope line cut by a block's end)."""

from __future__ import annotations

import io

import pytest

from threadkit.mail import mboxfile
from threadkit.mail.mboxfile import iter_raw_messages

ENV = b"From a@b.com Sat Jun 22 15:00:44 2019"
PIPERMAIL_ENV = b"From x at y.com  Tue Mar  4 10:00:00 2003"


def _split(data: bytes, **kw):
    return [
        (m.envelope and tuple(m.envelope), [tuple(line) for line in m.lines], m.inner_envelopes, m.offset, m.length, m.last_line)
        for m in iter_raw_messages(io.BytesIO(data), **kw)
    ]


def test_boundaries_offsets_and_line_numbers():
    data = b"\n" + ENV + b"\nSubject: one\n\nbody\n\n" + ENV + b"\nSubject: two\n\nlast"
    first, second = _split(data)
    assert first == ((2, ENV), [(3, b"Subject: one"), (4, b""), (5, b"body"), (6, b"")], (), 1, len(ENV) + 21, 6)
    assert second[0] == (7, ENV) and second[1][-1] == (10, b"last")  # no line end after the last line
    assert second[3] == first[3] + first[4] and second[3] + second[4] == len(data) and second[5] == 10


def test_escaped_from_lines_are_unescaped_once():
    data = ENV + b"\n\n>From here\n>>From there\n> From not escaped\nx>From inside\n"
    ((_env, lines, inner, *_),) = _split(data)
    assert [d for _, d in lines] == [b"", b"From here", b">From there", b"> From not escaped", b"x>From inside"]
    assert inner == ()
    ((_env, lines, *_),) = _split(data, split=False)  # one message read whole (.eml): nothing is unescaped
    assert lines[2][1] == b">From here"


def test_envelope_without_blank_line_before_stays_in_the_body_and_is_reported():
    patch = b"From 1a2b3c Mon Sep 17 00:00:00 2001"
    data = ENV + b"\nSubject: p\n\ntext\n" + patch + b"\nmore\n\n" + ENV + b"\n\nnext\n"
    first, second = _split(data)
    assert first[2] == (5,) and (5, patch) in first[1]
    assert second[0] == (8, ENV)


def test_pipermail_envelope_opens_a_message_anywhere_and_after_a_scrubber_note():
    data = (PIPERMAIL_ENV + b"\nbody\n" + PIPERMAIL_ENV + b"\nsecond\nURL: <http://x.org/a.bin>\n" + ENV + b"\nthird\n")
    assert [m[0][0] for m in _split(data)] == [1, 3, 6]


def test_crlf_line_ends_and_a_lone_cr():
    data = ENV + b"\r\nSubject: crlf\r\n\r\nbody\rinside\r\r\n\r\n" + ENV + b"\r\nlast\r"
    first, second = _split(data)
    assert first[0] == (1, ENV)
    assert [d for _, d in first[1]] == [b"Subject: crlf", b"", b"body\rinside\r", b""]
    assert second[1] == [(7, b"last")] and second[5] == 7


def test_headers_only_keeps_the_header_and_the_whole_message_extent():
    data = ENV + b"\nSubject: h\n\nbody\nmore\n\n" + ENV + b"\n\nx\n"
    whole, head = _split(data), _split(data, headers_only=True)
    assert [d for _, d in head[0][1]] == [b"Subject: h", b""]
    assert [m[3:] for m in head] == [m[3:] for m in whole]


def test_text_before_the_first_envelope_and_leading_blank_lines():
    assert _split(b"\n\n   \n") == []
    ((env, lines, *_), _second) = _split(b"\npreamble\n\n" + ENV + b"\nx\n")
    assert env is None and lines == [(2, b"preamble"), (3, b"")]


ARCHIVE = b"".join(
    ENV + b"\nSubject: m%d\n\n" % k + b"line %d with some words\n" % k * (k * 7 % 40) + b">From escaped\n\n" for k in range(30)
) + PIPERMAIL_ENV + b"\r\nno blank before\r\n" + ENV + b"\nlast without line end"


@pytest.mark.parametrize("block", [1, 2, 3, 5, 16, 37, 64, 1000, 1 << 16])
def test_the_same_messages_whatever_the_block_size(monkeypatch, block):
    """Blocks of any size, so that envelope lines and escapes straddle block ends and messages
    are larger than a block; the input may also be an iterable of lines."""
    expected = _split(ARCHIVE)
    assert len(expected) == 31 and expected[-1][2] == (expected[-1][5] - 1,)  # the last envelope has no blank line before it
    monkeypatch.setattr(mboxfile, "BLOCK_BYTES", block)
    monkeypatch.setattr(mboxfile, "BLOCK_LINES", max(1, block // 16))
    assert _split(ARCHIVE) == expected
    lines = io.BytesIO(ARCHIVE).readlines()
    assert [(m.envelope, m.lines, m.offset, m.length, m.last_line) for m in iter_raw_messages(lines)] == [
        (m.envelope, m.lines, m.offset, m.length, m.last_line) for m in iter_raw_messages(io.BytesIO(ARCHIVE))
    ]
