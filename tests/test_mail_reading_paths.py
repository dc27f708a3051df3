"""The mail reading path's shortcuts give what the general path gives.

* :class:`threadkit.mail.mboxfile.RawLines` reads as the tuple of RawLine it stands for;
* a Date of the common form is read as the stdlib reads it (value and datetime);
* a plain header read for some fields (:func:`threadkit.mail.header.read_fields` with
  ``names``) gives those fields' values, and every defect, as the whole header's reading.
"""

from __future__ import annotations

import email.utils
import random
import pytest
from conftest import corpus_dir

from threadkit.mail import header as headers
from threadkit.mail.mboxfile import RawLine, RawLines

def test_raw_lines_read_as_their_tuple():
    data = [b"From: a@b.c", b"Subject: x", b"", b"body", b" ", b"last"]
    lines = RawLines(data, 7)
    as_tuple = tuple(RawLine(7 + k, line) for k, line in enumerate(data))
    assert tuple(lines) == as_tuple and lines == as_tuple and as_tuple == lines
    assert len(lines) == 6 and bool(lines) and not RawLines([], 3)
    assert lines[0] == as_tuple[0] and lines[-1] == as_tuple[-1] and lines[3].no == 10
    for cut in (slice(2, 4), slice(None, -1), slice(4, None), slice(9, 12), slice(None, None, 2)):
        assert tuple(lines[cut]) == as_tuple[cut]
    assert tuple(reversed(lines)) == tuple(reversed(as_tuple))
    assert lines[:2] + lines[2:] == lines and isinstance(lines[:2] + lines[2:], RawLines)
    assert lines + (RawLine(-1, b""),) == as_tuple + (RawLine(-1, b""),)
    assert () + lines == as_tuple and hash(lines) == hash(as_tuple)


def _stdlib_date(value: str):
    try:
        when = email.utils.parsedate_to_datetime(value)
    except ValueError:
        return value, None
    except Exception:  # noqa: BLE001 -- as _parsed_date: the stdlib's header would raise
        return None, None
    return email.utils.format_datetime(when), when


def _dates() -> list[str]:
    rnd = random.Random(10)
    days = ["Mon", "Tue", "Sat", "Sun", "Xyz"]
    made = []
    for _ in range(3000):
        value = (f"{rnd.choice(days)}, {rnd.randint(0, 32)} {rnd.choice(['Jan', 'Feb', 'Jun', 'Dec', 'jun'])} "
                 f"{rnd.choice([1999, 2019, 2020, 2100, 999, 1000])} {rnd.randint(0, 24):02d}:{rnd.randint(0, 60):02d}:"
                 f"{rnd.randint(0, 60):02d} {rnd.choice('+-')}{rnd.randint(0, 2400):04d}{rnd.choice(['', ' (PDT)', ' x y', '  (UTC)'])}")
        made += [value, value.split(", ", 1)[1]]
    corpus, root = [], corpus_dir()  # (the shared corpus's Dates, when it is there)
    for path in sorted(root.glob("gg-mbox/*.mbox")) + sorted(root.glob("pipermail/*/*.txt")) if root else ():
        corpus += [line[5:].strip() for line in path.read_text("utf-8", "replace").splitlines() if line.startswith("Date:")]
    return made + corpus + ["Sat, 29 Feb 2019 08:00:44 -0700", "Sat, 22 Jun 2019 08:00:44 -0000", "Sat, 22 Jun 2019 08:00:44 +0000"]


def test_common_dates_read_as_the_stdlib_reads_them():
    values = _dates()
    fast = 0
    for value in values:
        text, when = headers._parsed_date(value)
        expected_text, expected = _stdlib_date(value)
        assert text == expected_text, value
        assert (when is None) == (expected is None), value
        if when is not None:
            assert when == expected and when.isoformat() == expected.isoformat() and when.tzinfo == expected.tzinfo, value
        fast += headers._COMMON_DATE.match(value) is not None
    assert fast > len(values) // 4  # the shortcut is taken


def _lines(text: str) -> RawLines:
    return RawLines(text.encode().split(b"\n"), 1)


@pytest.mark.parametrize("extra", [
    "Received: " + "(a " * 40 + ")" * 40,  # nested deeper than MAX_COMMENT_DEPTH: a defect
    "X-Many: " + "(a) " * 40,  # many comments, none deep: no defect
    "X-Long: " + "word " * 8000,  # over MAX_VALUE_CHARS: a defect
    "X-Words: =?bogus-charset?q?caf=E9?=",  # an unknown charset: a defect
    "not a field",
])
def test_a_header_read_for_some_fields_is_read_as_the_whole(extra):
    text = "\n".join(["From: Jane <jane@example.com>", extra, "Subject: =?utf-8?q?caf=C3=A9?= time",
                      "Date: Sat, 22 Jun 2019 08:00:44 -0700", "Message-ID: <a@b>", "Content-Type: text/plain; charset=utf-8"])
    names = frozenset({"from", "subject", "date", "message-id", "content-type"})
    some_defects, all_defects = [], []
    fields, some = headers.read_fields(_lines(text), some_defects, False, names)
    whole_fields, whole = headers.read_fields(_lines(text), all_defects)
    assert fields == whole_fields and some_defects == all_defects
    for name in sorted(names):
        assert str(some.get(name)) == str(whole.get(name))
    assert some.addresses("from") == whole.addresses("from") and some.get_content_charset() == whole.get_content_charset()
    assert headers.header_values(_lines(text), False, names).get("subject") == whole.get("subject")


def _qp_group_by_group(data: list[bytes], first: int, codec: str):
    """Quoted-printable lines decoded group by group (a line and its soft-broken
    continuations): the general reading the whole-body shortcut must equal."""
    import binascii

    lines, ends, start = [], {}, 0
    for k, line in enumerate(data):
        if line.rstrip(b" \t").endswith(b"=") and k + 1 < len(data):
            continue
        text = binascii.a2b_qp(b"\n".join(data[start:k + 1])).decode(codec, "threadkit-cp1252")
        lines += [(first + start, t.rstrip("\r")) for t in text.split("\n")]
        ends[first + start] = first + k
        start = k + 1
    return lines, ends


@pytest.mark.parametrize("seed", range(40))
def test_quoted_printable_bodies_decode_as_group_by_group(seed):
    from threadkit.mail import mime

    rnd = random.Random(seed)
    pieces = [b"plain text", b"caf=C3=A9", b"=E9t=E9", b"soft=", b"soft  =", b"two==", b"=0A", b"=0a", b"", b" ",
              b"=3D", b"=\r", b"x\r", b"=", b"=C3", b"=A9 end", b"= ", b"\xc3\xa9 raw", b"=ZZ", b"tab\t=\t"]
    for _ in range(30):
        data = [b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 4))) for _ in range(rnd.randint(0, 12))]
        for codec in ("utf-8", "iso-8859-1"):
            lines, ends = mime._decode_qp(RawLines(data, 5), codec)
            expected_lines, expected_ends = _qp_group_by_group(data, 5, codec)
            assert [tuple(line) for line in lines] == expected_lines and ends == expected_ends, data
