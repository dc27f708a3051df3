"""The cues of a line: one bit per segmentation rule, set when the line passes the rule's
one-line test (see :mod:`threadkit.segment.features`, which sets them, and
:data:`threadkit.segment.RULES`, which names each rule's cue). A rule never matches a line
without its cue; a view of lines that has not worked the cues out says :data:`ANY` for each.
"""

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

#: Every cue: what a line whose cues are not known may be.
ANY = -1
