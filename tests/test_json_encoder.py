"""JSON Lines are written by orjson when it is installed: its bytes must be the stdlib's
``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` for every value model data
can hold (escapes, non-ASCII, U+2028/2029, floats, integers of any size), or the line falls
back to the stdlib encoder."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import AWKWARD, documents, texts
from threadkit import codec
from threadkit.writers import jsonl


def stdlib_line(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


#: JSON-ready data as the codec makes it: every float goes through ``codec.to_data``.
floats = st.floats(allow_nan=True, allow_infinity=True).map(codec.to_data)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(2**70), 2**70), floats, texts(max_size=40))
data = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(texts(max_size=8), inner, max_size=4)), max_leaves=20)


@given(data)
@settings(max_examples=300)
def test_any_data_is_written_as_the_stdlib_writes_it(value):
    assert jsonl.line(value) == stdlib_line(value)


@given(documents(max_posts=3))
@settings(max_examples=40)
def test_documents_are_written_as_the_stdlib_writes_them(document):
    lines = jsonl.write(document).splitlines(keepends=True)
    expected = [stdlib_line(jsonl.head_data(document, len(document.posts)))]
    expected += [stdlib_line(codec.to_data(post)) for post in document.posts]
    assert lines == expected


@pytest.mark.parametrize("value", [1e-05, -3.5e-9, 5e-324, 0.0001, 9.999999999999999e-05, 0.0, -0.0, 1e16, 1e22,
                                   1.7976931348623157e308, math.nan, math.inf, -math.inf, 0.1 + 0.2])
def test_floats_keep_pythons_spelling(value):
    data = {"score": codec.to_data(value), "scores": codec.to_data((value, 1.0))}
    assert jsonl.line(data) == stdlib_line(data)


def test_every_character_is_escaped_as_the_stdlib_escapes_it():
    text = "".join(map(chr, range(0x80))) + AWKWARD + "\u2028\u2029\x85\U0010ffff"
    assert jsonl.line({"text": text, text: [text]}) == stdlib_line({"text": text, text: [text]})


def test_what_orjson_refuses_is_written_or_refused_by_the_stdlib():
    big = {"n": 2**64, "m": -(2**63) - 1, 1: "an integer key"}
    assert jsonl.line(big) == stdlib_line(big)
    deep: list = []
    for _ in range(300):  # past orjson's nesting limit
        deep = [deep]
    assert jsonl.line(deep) == stdlib_line(deep)
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate: as before, the writer's error
        jsonl.line({"text": "\ud800"})


def test_without_orjson_the_bytes_are_the_same(monkeypatch):
    value = {"text": AWKWARD, "score": codec.to_data(1e-05), "n": 2**64}
    fast = jsonl.line(value)
    monkeypatch.setattr(jsonl, "_fast", None)
    assert jsonl.line(value) == fast == stdlib_line(value)
