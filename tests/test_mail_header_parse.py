"""Issue 10, item 6: header values read by threadkit's fast path equal what the stdlib's
``policy.default`` parser gives, on the forms it takes and on the ones it must hand over.

The values are built from pieces that are known trouble for address and MIME parsing
(quotes, escapes, comments, groups, encoded words, masked addresses, odd spaces), combined
by a seeded generator: deterministic, and many more shapes than a list of examples.
"""

from __future__ import annotations

import random

import pytest

from threadkit.mail import header as headers

NAMES = ["Jane Doe", "Jane   Doe", "'Jane' via list", '"Doe, Jane"', '" Jane "', '""', '"J. Doe"', "J. Doe",
         '"a\\"b"', "Jörg", "=?utf-8?q?J=C3=B6rg?=", "Jane (the boss) Doe", "", "x@y", "<>", "Ann\tLee", '"Ann" Lee',
         '"Wu (T)"', '"(x)"', '"a, (b" c', '"wu \\(T\\)"', '"a\\@b.com"', '"x\\\\y"', '"a\\b" c', '"\\"',
         # encoded words in names of lists (read item by item): Latin-1, base64, an encoded comma,
         # adjacent words, a bad charset, a word glued to an atom, a word as the whole item
         "Uwe =?iso-8859-1?Q?Kleine-K=F6nig?=", "=?UTF-8?B?5p2c5pWP5p2w?=", "=?utf-8?q?Doe=2C_Jane?=",
         "=?utf-8?q?a?= =?utf-8?q?b?=", "=?x-bad?q?J=F6rg?=", "Kleine=?utf-8?q?K=C3=B6?=", "=?utf-8?q?a=22b?= c",
         "=?utf-8?q?(x)?= y", "Ann =?utf-8?b?Sm9yZw==?= Lee"]
SPECS = ["a@b.com", "alert...@googlegroups.com", "a.b@c", ".a@b", "a..b@c", "a@[1.2.3.4]", "a b@c", "a@b.",
         "a+tag@example.org", '"q u"@b.com', "a", "a@b@c"]
SEPARATORS = [", ", ",", " , ", ",,", "; ", ": "]
DATES = ["Sat, 22 Jun 2019 15:00:41 +0000", "22 Jun 2019 15:00:41 -0000", "Sat, 22 Jun 19 15:00 EST", "garbage",
         "Sat, 22 Jun 2019 25:61:00 +0000", "", "Mon, 32 Jun 2019 10:00:00 +0000", "Tue, 1 Jan 2000 00:00:00 +2400",
         "Sat, 22 Jun 2019 15:00:41 +0000 (UTC)", "Sat,22 Jun 2019 15:00:41 GMT", "1 2 3 4 5"]
IDS = ["<a@b.com>", "<a.b-c@d.e>", " <a@b> ", "<a@b> <c@d>", "<a@b@c>", "<abc>", "<a b@c>", "(c) <a@b>",
       "<a..b@c>", "<a@[1.2.3.4]>", "a@b", "<=?utf-8?q?x?=@b>", "<a@b> (comment)"]
CTYPES = ['text/plain; charset="utf-8"', "text/plain; charset=UTF-8; format=flowed", "TEXT/HTML", "text",
          'multipart/mixed; boundary="--==_x"', "multipart/alternative; boundary=abc", "application/pdf; name=a.pdf",
          'application/pdf; name="=?utf-8?q?r=C3=A9sum=C3=A9.pdf?="', "text/plain; charset*=utf-8''%C3%A9",
          "text/plain; name*0=a; name*1=b.txt", "text/plain;; charset=utf-8", "image/png; name=\"a;b.png\"", ""]
DISPOSITIONS = ["attachment", 'attachment; filename="a.txt"', "inline", "attachment; filename*=utf-8''%C3%A9.txt",
                "ATTACHMENT; filename=a b.txt", ""]
TEXTS = ["Hello", "  spaced   out  ", "Re: [list] x", "=?utf-8?q?caf=C3=A9?=", "a =?bad", "(x)", "tab\there"]


def _addresses(rng: random.Random) -> str:
    items = []
    for _ in range(rng.randint(1, 3)):
        name, spec = rng.choice(NAMES), rng.choice(SPECS)
        form = rng.random()
        items.append(f"{name} <{spec}>" if name and form < 0.7 else f"<{spec}>" if form < 0.85 else spec)
    out = items[0]
    for item in items[1:]:
        out += rng.choice(SEPARATORS) + item
    return out


def _reference(pairs):
    return headers._parser().parsestr("".join(f"{n}: {v}\n" for n, v in pairs) + "\n")


def _answers_fast(header: headers.Header):
    out = {name: header.get(name) for name in ("subject", "date", "message-id", "in-reply-to", "content-transfer-encoding", "x-other")}
    for name in ("from", "to", "cc"):
        try:
            found = header.addresses(name)
        except Exception as exc:  # noqa: BLE001 -- compared with what the stdlib raises
            out[name] = type(exc)
        else:
            out[name] = None if found is None else [(n, a, headers.address_text(n, a)) for n, a in found]
    for method in ("get_content_type", "get_content_maintype", "get_content_subtype", "get_filename", "get_content_disposition", "get_content_charset"):
        out[method] = getattr(header, method)()
    out["boundary"] = header.get_param("boundary")
    return out


def _answers_stdlib(message):
    out = {}
    for name in ("subject", "date", "message-id", "in-reply-to", "content-transfer-encoding", "x-other"):
        value = message.get(name)
        out[name] = None if value is None else str(value)
    for name in ("from", "to", "cc"):
        try:
            field = message.get(name)
            out[name] = None if field is None else [(a.display_name, a.addr_spec, str(a)) for a in field.addresses]
        except Exception as exc:  # noqa: BLE001
            out[name] = type(exc)
    for method in ("get_content_type", "get_content_maintype", "get_content_subtype", "get_filename", "get_content_disposition", "get_content_charset"):
        out[method] = getattr(message, method)()
    out["boundary"] = message.get_param("boundary")
    return out


@pytest.mark.parametrize("seed", range(3))
def test_header_fast_path_equals_stdlib(seed):
    rng = random.Random(seed)
    for _ in range(400):
        pairs = [
            ("From", _addresses(rng)),
            ("To", _addresses(rng)),
            ("Subject", rng.choice(TEXTS)),
            ("Date", rng.choice(DATES)),
            ("Message-ID", rng.choice(IDS)),
            ("In-Reply-To", rng.choice(IDS)),
            ("Content-Type", rng.choice(CTYPES)),
            ("Content-Disposition", rng.choice(DISPOSITIONS)),
            ("Content-Transfer-Encoding", rng.choice(["7bit", "quoted-printable", " BASE64", "x y"])),
        ]
        if rng.random() < 0.3:
            pairs.append(("Cc", _addresses(rng)))
        if rng.random() < 0.3:  # read by no MIME question: it must not change their answers
            pairs.append(("Content-ID", rng.choice(["<f_jxeu6hf80>", "<a@b>", "x (y)", "=?utf-8?q?x?="])))
        rng.shuffle(pairs)
        assert _answers_fast(headers.Header(pairs)) == _answers_stdlib(_reference(pairs)), pairs


def test_header_fast_path_hands_line_breaks_to_the_stdlib():
    """A value with a character the stdlib's parser breaks lines at, or a name it does not
    take for one, changes what it reads of the whole header: all of it is then its reading."""
    for pairs in ([("Subject", "a\x0bb"), ("From", "a@b.com")], [("Bad Name", "x"), ("From", "Jane <a@b.com>")]):
        header = headers.Header(pairs)
        assert not header._plain
        assert _answers_fast(header) == _answers_stdlib(_reference(pairs))


ENCODED_ITEMS = ["Uwe =?iso-8859-1?Q?Kleine-K=F6nig?= <u@k.org>", "=?UTF-8?B?5p2c5pWP5p2w?= <d@vivo.com>",
                 "=?utf-8?q?Doe=2C_Jane?= <j@d.com>", "=?utf-8?q?a?= =?utf-8?q?b?= <ab@c.d>", "=?x-bad?q?J=F6rg?= <j@g.de>",
                 "Kleine=?utf-8?q?K=C3=B6?= <k@k.de>", "=?utf-8?q?a=22b?= c <q@q.q>", "=?utf-8?q?x?=<x@y.z>",
                 "Ann =?utf-8?b?Sm9yZw==?= Lee <a@l.ee>", "=?utf-8?q?J=C3=B6rg?= <bad..dots@x.y>", "=?utf-8?q?=?= <e@e.e>"]
PLAIN_ITEMS = ["Jane Doe <jane@doe.com>", '"Rafael J. Wysocki" <r@k.org>', '"Doe, Jane" <j@d.com>', "a@b.com",
               "<c@d.org>", '"Wu (T)" <wu@t.cn>', "Lee  Duncan <l@s.com>"]


@pytest.mark.parametrize("seed", range(3))
def test_address_lists_with_encoded_names_equal_stdlib(seed):
    """Long address lists with a few encoded-word names (read item by item) give what the
    stdlib's reading of the whole list gives."""
    rng = random.Random(seed)
    for _ in range(150):
        items = [rng.choice(ENCODED_ITEMS if rng.random() < 0.3 else PLAIN_ITEMS) for _ in range(rng.randint(1, 12))]
        value = items[0]
        for item in items[1:]:
            value += rng.choice([", ", ",", ",\t", " , "]) + item
        pairs = [("From", "a@b.com"), ("Cc", value)]
        assert _answers_fast(headers.Header(pairs)) == _answers_stdlib(_reference(pairs)), pairs


def test_a_long_name_of_encoded_words_is_read_in_linear_time():
    """Fuzz-found hang (seed 5, input 3636): the name pattern tried an encoded word both as a
    word and as atext, exponentially in the number of words. Each word is now taken once."""
    from threadkit.mail.header import _ENCODED_NAME_ADDRESS

    name = " ".join(["=?utf-8?q?ab?="] * 60 + ["=?utf-8?q?unterminated"])
    assert _ENCODED_NAME_ADDRESS.fullmatch(name + " <a@example.org>")
    assert not _ENCODED_NAME_ADDRESS.fullmatch(name + " <a@example.org")
