"""Issue 10, speed: the fast paths of the mail pipeline give what the plain ones give.

``model.unchecked`` constructors, the comment depth found from the parentheses alone, and the
surrogate question asked level by level (``invariants.has_invalid_text``) are each compared
with the straightforward version they replace."""

from __future__ import annotations

import random

import attrs
import pytest

from threadkit import api
from threadkit.invariants import has_invalid_text, valid_unicode
from threadkit.mail import header as headers
from threadkit.mail.mboxfile import RawLine
from threadkit.model import Author, Document, Embedded, HeaderField, Post, Quote, SourceInfo, Span, Text, unchecked
from threadkit.source import load_bytes

BAD = "x \udcff y"


def test_unchecked_constructors_make_the_values_the_classes_make():
    span, field = unchecked(Span), unchecked(HeaderField)
    assert span(3, 5) == Span(3, 5) and hash(span(3, 5)) == hash(Span(3, 5))
    assert field("to", "To: a@b", span(2, 2)) == HeaderField("to", "To: a@b", Span(2, 2))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        span(1, 1).first = 2  # still frozen


def test_header_fields_are_the_checked_values():
    lines = [RawLine(no, data) for no, data in enumerate(
        [b"From: a@b.org", b"Subject: long", b" folded", b"no colon here", b"To: =?utf-8?q?J=C3=B6?= <j@x>"], 7)]
    fields = headers.decode_fields(lines, [])
    assert fields == [HeaderField("from", "From: a@b.org", Span(7, 7)), HeaderField("subject", "Subject: long\n folded", Span(8, 9)),
                      HeaderField("malformed", "no colon here", Span(10, 10)),
                      HeaderField("to", "To: =?utf-8?q?J=C3=B6?= <j@x>", Span(11, 11))]


def _comment_depth_char_by_char(value: str) -> int:
    depth = deepest = 0
    escaped = False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")" and depth:
            depth -= 1
    return deepest


def test_comment_depth_counts_as_a_walk_over_every_character():
    rng = random.Random(7)
    for _ in range(5000):
        value = "".join(rng.choice("()\\a \n") for _ in range(rng.randint(0, 30)))
        assert headers.comment_depth(value) == _comment_depth_char_by_char(value), value
    assert headers.comment_depth("(" * 40 + "x" + ")" * 40) == 40
    assert headers.comment_depth("\\(" * 40) == 0


def _places(post: Post):
    """``post`` with BAD put in each string it holds, one place at a time (nested blocks too)."""
    for f in attrs.fields(Post):
        if isinstance(getattr(post, f.name), str):
            yield attrs.evolve(post, **{f.name: BAD})
    yield attrs.evolve(post, author=Author(name=BAD))
    yield attrs.evolve(post, metadata=(("key", BAD),))
    yield attrs.evolve(post, references=("<a@b>", BAD))
    for k, field in enumerate(post.header):
        yield attrs.evolve(post, header=post.header[:k] + (attrs.evolve(field, text=BAD),) + post.header[k + 1:])

    def inside(blocks):
        for k, block in enumerate(blocks):
            if isinstance(getattr(block, "text", None), str):
                yield blocks[:k] + (attrs.evolve(block, text=BAD),) + blocks[k + 1:]
            for inner in inside(getattr(block, "blocks", ())):
                yield blocks[:k] + (attrs.evolve(block, blocks=inner),) + blocks[k + 1:]

    for blocks in inside(post.blocks):
        yield attrs.evolve(post, blocks=blocks)


def test_a_surrogate_anywhere_in_a_post_is_found():
    nested = Quote(text="> a\n> > b", span=Span(3, 4),
                   blocks=(Text(text="a", span=Span(3, 3)), Quote(text="> b", span=Span(4, 4), blocks=(Text(text="b", span=Span(4, 4)),))))
    post = Post("p1", Span(1, 6), subject="s", header=(HeaderField("from", "From: a", Span(1, 1)), HeaderField("to", "To: b", Span(2, 2))),
                blocks=(nested, Embedded(text="e", span=Span(5, 6), blocks=(Text(text="e", span=Span(5, 6)),), kind="decoded-plain")))
    assert not has_invalid_text(post)
    places = list(_places(post))
    assert len(places) > 12
    for planted in places:
        assert has_invalid_text(planted)
        document = Document(source=SourceInfo("x", "0", "mbox"), posts=(planted,))
        assert has_invalid_text(document)
        assert not has_invalid_text(valid_unicode(document))  # and the repairing walk finds it too
    assert has_invalid_text(BAD) and not has_invalid_text("é") and not has_invalid_text(("a", Span(1, 1), None, 3))


def test_valid_mail_has_no_invalid_text():
    data = b"From a@b Thu Jan  1 00:00:00 2015\nFrom: J\xc3\xb6 <a@b>\nSubject: s\n\n> quoted\nbody \xe2\x82\xac\n"
    document = api.read(load_bytes(data, "x.mbox"), "mbox")
    assert not has_invalid_text(document) and valid_unicode(document) is document
