"""The '>' markers of a line counted with string methods (lines.more_markers) agree with the
pattern that defines them, on every short string of spaces, '>' and text."""

from __future__ import annotations

import itertools
import re

from threadkit.segment.lines import more_markers, quote_depth

#: What more_markers counts: the tail of lines._MARKERS, markers after at most one space each.
MORE_MARKERS = re.compile(r"(?: ?>)*")


def test_more_markers_counts_what_the_pattern_matches():
    for length in range(9):
        for chars in itertools.product(" >x", repeat=length):
            rest = "".join(chars)
            assert more_markers(rest) == MORE_MARKERS.match(rest).group().count(">"), repr(rest)


def test_quote_depth_of_long_marker_runs():
    assert quote_depth("> " * 25_000) == 25_000
    assert quote_depth(">" + " >" * 3 + "  > x") == 4
    assert quote_depth("   > > >x") == 3
