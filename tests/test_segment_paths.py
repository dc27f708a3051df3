"""The segmenter's shortcuts: what they skip must not change what it finds, and what they
keep must stay bounded."""

from __future__ import annotations

import sys

from threadkit.segment import attribution, segment
from threadkit.segment.embedded import parse_source_line
from threadkit.segment.lines import numbered

features = sys.modules["threadkit.segment.features"]


def test_a_body_without_cues_is_its_paragraphs():
    lines = numbered("first line\nstill first\n\n\nsecond\n \nthird".split("\n"), 10)
    blocks = segment(lines)
    assert [(b.text, b.span.first, b.span.last, b.kind) for b in blocks] == [
        ("first line\nstill first", 10, 11, "paragraph"), ("second", 14, 14, "paragraph"), ("third", 16, 16, "paragraph")]


def test_an_attribution_is_parsed_once_for_its_cue_and_its_citation():
    attribution._parts.cache_clear()
    attribution._cite.cache_clear()
    line = "On Tue, Jun 25, 2019 at 6:37 AM Jane Doe <jane@example.com> wrote:"
    blocks = segment(numbered(["Yes.", "", line, "> hi"]))
    assert blocks[1].cited.name == "Jane Doe" and blocks[1].cited.time == "06:37"
    assert attribution._parts.cache_info().misses == 1  # the cue's reading; the citation reused it


def test_the_kept_attributions_are_bounded_and_short():
    attribution._parts.cache_clear()
    attribution._cite.cache_clear()
    long_line = "On Tue, Jun 25, 2019 " + "x" * 5_000 + " wrote:"
    assert not attribution.is_attribution(long_line)  # longer than MAX_LENGTH: refused unread
    attribution.cite("From: a\n" * 1_000)  # a long header block: parsed, not kept
    assert attribution._cite.cache_info().currsize == 0
    assert attribution._parts.cache_info().maxsize and attribution._cite.cache_info().maxsize


def test_a_source_line_reads_month_names_in_any_script():
    """A forwarded article's source line: the packs' abbreviations and the rest of the name in
    the letters of its language, not only French accents."""
    for text in ("RT, 6 janv. 2026", "ТАСС, 6 сентября 2025", "Belga, 6 März 2026", "Le Soir, 6 janvier"):
        assert parse_source_line(text) is not None, text
    assert parse_source_line("x, 6 mai2026") is None
