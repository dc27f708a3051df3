"""The cues of a line: one bit per segmentation rule, set when the line passes the rule's
one-line test (see :mod:`threadkit.segment.features`, which sets them, and
:data:`threadkit.segment.RULES`, which names each rule's cue). A rule never matches a line
without its cue; a view of lines that has not worked the cues out says :data:`ANY` for each.
"""

import re

from threadkit import patterns

# One bit per rule (see RULES in threadkit.segment).
FOOTER = 1 << 0
TAGLINE = 1 << 1
ATTRIBUTION = 1 << 2
"""The line is a whole attribution ("On <date>, <name> wrote:")."""
WRAPPED_ATTRIBUTION = 1 << 3
"""The line may open an attribution a client wrapped over up to three lines."""
ORIGINAL_MESSAGE = 1 << 4
MARKER_QUOTE = 1 << 5
INLINE_QUOTE = 1 << 6
DASH_DASH = 1 << 7
MOBILE = 1 << 8
SEPARATOR = 1 << 9
ATTACHMENT = 1 << 10
DISCLAIMER = 1 << 11
SIGNOFF = 1 << 12
"""A sign-off ("Thanks,", "-Jane"): tried, with a look-ahead, when no rule claims the line."""

BAR_QUOTE = 1 << 14
"""The line is quoted with a bar ("| text"): :func:`threadkit.segment.lines.is_bar_quoted`."""

CLOSES_ATTRIBUTION = 1 << 13
"""Not a rule's cue: the line may close an attribution wrapped over lines above it (it ends
with ':' and is short), which a :data:`WRAPPED_ATTRIBUTION` line needs one or two lines below."""

#: The cues the segmenter stops a paragraph at to try a rule or a sign-off: every rule's and
#: SIGNOFF (the segmenter checks that its RULES name no other).
STOPS = (FOOTER | TAGLINE | ATTRIBUTION | WRAPPED_ATTRIBUTION | ORIGINAL_MESSAGE | MARKER_QUOTE | INLINE_QUOTE | DASH_DASH | MOBILE
         | SEPARATOR | ATTACHMENT | DISCLAIMER | SIGNOFF | BAR_QUOTE)

#: Every cue: what a line whose cues are not known may be.
ANY = -1


# A line's kind: whether it is blank, carries a cue the segmenter stops at (cues.STOPS), may
# close a wrapped attribution, is quoted; four bits as one letter. A view joins its lines'
# letters into one string (in C), and finds the next line the segmenter stops at, the lines
# that close attributions, or where a '>' run ends, with one regex search each: asked with a
# C pass over the lines per question (compress over map over map), they were a tenth of a
# pass over the gg-mbox bodies.
BLANK_KIND, STOP_KIND, CLOSES_KIND, QUOTED_KIND = 1, 2, 4, 8


def kind_of(blank: bool, depth: int, cues: int) -> str:
    """The letter of a line's kind bits."""
    return chr(97 + (BLANK_KIND if blank else 0) + (STOP_KIND if cues & STOPS else 0) + (CLOSES_KIND if cues & CLOSES_ATTRIBUTION else 0)
               + (QUOTED_KIND if depth else 0))


def kinds_pattern(wanted) -> re.Pattern:
    """The letters whose kind bits pass ``wanted(bits)``, as a pattern a view's letters are searched with."""
    return patterns.compile("[" + "".join(chr(97 + bits) for bits in range(16) if wanted(bits)) + "]")
