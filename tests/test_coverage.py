"""Lose nothing: every non-blank input line lies in exactly one place of the document —
on the seeds, on the corpus, and on random text (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, corpus_dir
from threadkit import api
from threadkit.invariants import coverage_problems
from threadkit.readers import googlegroups
from threadkit.segment import numbered, segment
from threadkit.segment.lines import is_blank
from threadkit.source import load_bytes, load_path


def gg_inputs():
    paths = [SEEDS / "000_0d91296e416bf5fc.txt"]
    root = corpus_dir()
    if root:
        paths += sorted((root / "gg-web").glob("*.txt"))
    return paths


@pytest.mark.parametrize("path", gg_inputs(), ids=lambda p: p.stem[:40])
def test_every_line_is_covered_once(path):
    source = load_path(path)
    document = api.read(source)
    assert coverage_problems(document, source.lines) == []


def test_coverage_check_catches_a_lost_line():
    source = load_path(SEEDS / "000_0d91296e416bf5fc.txt")
    document = api.read(source)
    import attrs

    post = document.posts[1]
    damaged = attrs.evolve(document, posts=(document.posts[0], attrs.evolve(post, blocks=post.blocks[1:])) + document.posts[2:])
    problems = coverage_problems(damaged, source.lines)
    assert problems and "line 162 is lost" in problems[0]


# Lines that exercise the Groups reader and the segmentation rules, mixed with noise.
FRAGMENTS = [
    "unread,", "Jan 7, 2026, 4:13:08 AM (7 days ago) Jan 7", "Jun 23, 2021, 10:55:30\u202fAM6/23/21", "to alert...@googlegroups.com",
    "Jane Doe", "Reply to author", "Reply all", "0 new messages", "5 views", "Skip to first unread message", "\ue5d3",
    "> quoted", "> > deeper", ">", "--", "-- ", "Sent from my iPhone", "Cdlt", "FD", "++++++", "* * *", "RT, 6 janv. 2026",
    "On Wed, Jan 7, 2026 at 6:27 PM X <x@y.z> wrote:", "Le mer. 7 janv. 2026 à\u00a018:27, X <x@y> a écrit\u00a0:",
    "<< quoted >>", "« début", "fin »", "Message has been deleted", "image002.jpg", "cid:a.png@x",
    "You received this message because you are subscribed to the Google Groups \"X\" group.",
    "To unsubscribe from this group and stop receiving emails from it, send an email to x...@y.", "-----Original Message-----",
    "From: A", "Sent: B", "To: C", "Subject: D", "", " ", "\u00a0",
]
line = st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=40))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=60))
def test_random_text_never_crashes_and_loses_nothing(lines):
    data = "\n".join(lines).encode("utf-8")
    try:
        source = load_bytes(data, "random.txt")
    except Exception as exc:  # only the documented refusals (empty input ...)
        from threadkit.errors import InputError

        assert isinstance(exc, InputError)
        return
    document = api.read(source, googlegroups.FORMAT)
    assert coverage_problems(document, source.lines) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(line, min_size=1, max_size=60))
def test_segmentation_covers_each_line_once_and_is_stable(lines):
    numbered_lines = numbered(lines)
    blocks = segment(numbered_lines)
    counts = {}
    for block in blocks:
        for no in block.span.lines():
            counts[no] = counts.get(no, 0) + 1
    for no, text in numbered_lines:
        if not is_blank(text):
            assert counts.get(no) == 1, (no, text)
    assert segment(numbered_lines) == blocks
