"""A source's lines are split on first use (issue 10): a mail archive is parsed from its
bytes and detection reads its first lines only. Counting them, taking the first few, and
splitting them all must agree with :func:`threadkit.source.split_lines` for every text."""

from __future__ import annotations

import pickle

import attrs
from hypothesis import given
from hypothesis import strategies as st

from threadkit.source import count_lines, head_lines, load_bytes, split_lines

#: Texts made of the characters line ends are made of, and a letter.
TEXTS = st.text(alphabet="a\r\n", max_size=40)


@given(TEXTS, st.integers(0, 45))
def test_the_first_lines_and_the_count_are_those_of_the_split(text: str, count: int):
    lines = split_lines(text)[0]
    assert count_lines(text) == len(lines)
    assert head_lines(text, count) == lines[:count]


def test_the_first_lines_of_a_long_text_are_cut_from_its_start():
    text = "x" * 300 + "\r\n" + "\n".join(f"line {k}" for k in range(100_000)) + "\r"
    lines = split_lines(text)[0]
    for count in (0, 1, 50, 20_000, 100_000, 100_001, 100_002):
        assert head_lines(text, count) == lines[:count]


def test_a_source_splits_its_lines_once_and_on_first_use():
    source = load_bytes(b"From a@b Mon Jan  2 10:00:00 2023\nSubject: x\r\n\nbody\n", "m.mbox")
    unsplit = attrs.evolve(source)
    assert source._lines is None and source.head(2) == ("From a@b Mon Jan  2 10:00:00 2023", "Subject: x")
    assert source._lines is None and source.line_count == 4 and source.info("mbox").line_count == 4
    assert source.lines == ("From a@b Mon Jan  2 10:00:00 2023", "Subject: x", "", "body")
    assert source.lines is source.lines and source.line(4) == "body"
    assert source == unsplit and hash(source) == hash(unsplit)  # (equal whether split or not)
    assert pickle.loads(pickle.dumps(source)).lines == source.lines == pickle.loads(pickle.dumps(unsplit)).lines
    assert attrs.evolve(source, lines=("a",)).lines == ("a",)


def test_control_characters_are_found_with_their_lines():
    source = load_bytes(b"one\ntw\x00o\nthree\n", "c.txt")
    assert [d.code for d in source.defects] == ["control-characters"] and source.defects[0].span.first == 2
    assert source.line_count == 3


def test_a_source_cut_to_its_first_lines_is_not_its_whole():
    """(:func:`threadkit.article.layout` caches by source: a sniffer's cut source must not stand for the whole.)"""
    source = load_bytes(b"one\ntwo\nthree\n", "t.txt")
    cut = attrs.evolve(source, lines=("one",))
    assert cut != source and source != cut and source == attrs.evolve(source, lines=("one", "two", "three"))


def test_a_sniffer_asking_again_for_the_first_lines_is_given_those_cut_before():
    text = b"".join(b"line %d\r\n" % k for k in range(5000))
    source = load_bytes(text, "long.txt")
    first = source.head(1000)
    assert source.head(10) == first[:10] and source.head(1000) is first and source._lines is None
    assert source.head(6000) == source.lines == split_lines(text.decode())[0]  # (all of them: the lines, kept)
