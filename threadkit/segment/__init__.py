"""A post body's numbered lines → body blocks, shared by every reader.

The body is read top to bottom; at each non-blank line the rules of :data:`RULES` are
tried in order and the first that matches makes a block and says where the next one
starts. Lines no rule claims become paragraphs. Every non-blank input line ends up in
exactly one top-level block: segmentation labels, it never drops.

One pass: each line's text is read once into its features (cleaned text, '>' depth, and a
cue per rule whose one-line test it passes: :mod:`threadkit.segment.features`), and a rule is
tried only on the lines that carry its cue; a line of prose costs a look-up. A sign-off looks
ahead through a silent probe (:func:`_claimed`) that asks whether a rule claims a line without
building its block. Work is linear in lines × quote depth: each quote level reads its lines
once more, with one '>' fewer.

Example::

    >>> from threadkit.segment import segment_text
    >>> [type(b).__name__ for b in segment_text("Hi\\n\\n> quoted\\n-- \\nJane")]
    ['Text', 'Quote', 'Signature']
"""

from __future__ import annotations

from functools import partial
from itertools import compress
from typing import Callable, NamedTuple, Sequence

from threadkit.model import Block, Defect, Quote, Span, Text
from threadkit.segment import boilerplate, cues, quotes, signature
from threadkit.segment import features as line_features
from threadkit.segment.embedded import group_embedded
from threadkit.segment.features import with_neighbours
from threadkit.segment.lines import BodyLines, Line, Lines, is_blank, joined, numbered, span_of

Rule = Callable[[Lines, int, Callable, int], "tuple[Block, int] | None"]


class NamedRule(NamedTuple):
    name: str
    apply: Callable
    #: The cue bits of the lines the rule may match (:mod:`threadkit.segment.cues`): it is
    #: not tried on other lines.
    cue: int
    #: Whether ``apply`` builds quotes and so takes the segmenter and the depth as well
    #: (``apply(lines, i, segment, depth)``); the others take ``apply(lines, i)``. Called
    #: directly: a wrapper per rule was a tenth of the segmenter's time.
    nests: bool = False


#: The rules, in the order they are tried, each with its cue. Footers come before signatures
#: (a footer opens with "--" too), attributions before '>' runs (they own the run below them).
RULES: tuple[NamedRule, ...] = (
    NamedRule("list-footer", boilerplate.footer_rule, cues.FOOTER),
    NamedRule("tagline", boilerplate.tagline_rule, cues.TAGLINE),
    NamedRule("attribution", quotes.attribution_rule, cues.ATTRIBUTION | cues.WRAPPED_ATTRIBUTION, nests=True),
    NamedRule("original-message", quotes.original_message_rule, cues.ORIGINAL_MESSAGE, nests=True),
    NamedRule("marker-quote", quotes.marker_quote_rule, cues.MARKER_QUOTE, nests=True),
    NamedRule("bar-quote", quotes.bar_quote_rule, cues.BAR_QUOTE, nests=True),
    NamedRule("inline-quote", quotes.inline_quote_rule, cues.INLINE_QUOTE, nests=True),
    NamedRule("dash-dash-signature", signature.dash_dash_rule, cues.DASH_DASH),
    NamedRule("mobile-signature", signature.mobile_rule, cues.MOBILE),
    NamedRule("separator", boilerplate.separator_rule, cues.SEPARATOR),
    NamedRule("attachment", boilerplate.attachment_rule, cues.ATTACHMENT),
    NamedRule("disclaimer", boilerplate.disclaimer_rule, cues.DISCLAIMER),
)
#: A line with none of these cues is claimed by no rule (a sign-off is not a rule: it is asked
#: only of a line no rule claims, see :func:`_signoff`).
RULE_CUES = sum(rule.cue for rule in RULES)


#: The rules of the cheaper mode for very long bodies (see :func:`segment_body`): '>' runs
#: are still quotes, everything else is paragraphs.
CHEAP_RULES: tuple[NamedRule, ...] = tuple(rule for rule in RULES if rule.name == "marker-quote")

#: Work allowed on one body, in lines × quote levels: each level of nesting segments the
#: quoted lines once more, so this bounds a message's cost whatever its shape. A body of up
#: to ``WORK_LIMIT // quotes.MAX_DEPTH`` lines gets every level.
WORK_LIMIT = 400_000
#: Bodies longer than this are segmented in the cheaper mode (:data:`CHEAP_RULES`): the full
#: rules look a few lines ahead at every line, and no real message is this long.
MAX_FULL_LINES = 20_000


def _match(lines: BodyLines, i: int, depth: int, rules=RULES, inner: Callable | None = None):
    return _first_hit(rules, lines, i, inner or segment, depth)


def _first_hit(rules: Sequence[NamedRule], lines: BodyLines, i: int, segment: Callable, depth: int):
    """The hit of the first of ``rules`` that claims line ``i``, or None."""
    cue = lines.cues[i]
    for rule in rules:
        if cue & rule.cue:
            hit = rule.apply(lines, i, segment, depth) if rule.nests else rule.apply(lines, i)
            if hit is not None:
                return hit
    return None


def _claimed(lines: BodyLines, i: int) -> bool:
    """Whether a rule claims line ``i``, asked without building the block (the silent probe):
    probing with the real segmenter built a quote's whole nested content once more at every
    level, so an Outlook reply nesting 15 "Original Message" blocks under sign-offs took
    2**depth.

    Asked once per line: the segmenter asks it of every line, and a sign-off's look-ahead
    asks it of the lines below (see :func:`_own_text_end`): the answers are kept in
    ``lines.claims``, with what the segmenter's own tries found."""
    claims = lines.claims
    found = claims.get(i)
    if found is None:
        found = claims[i] = _claimed_at(lines, i)
    return found


def _claimed_at(lines: BodyLines, i: int) -> bool:
    return bool(lines.cues[i] & RULE_CUES) and _first_hit(RULES, lines, i, quotes.no_content, 1) is not None


def _own_text_end(lines: BodyLines, i: int) -> int:
    """Where the author's own text below line ``i`` stops: the next line a rule claims,
    or the end. Gives up (returns -1) after more lines than a sign-off may carry."""
    seen = 0
    blank = lines.blank
    for k in range(i + 1, len(lines)):
        if blank[k]:
            continue
        if _claimed(lines, k):
            return k
        seen += 1
        if seen > signature.MAX_SIGNOFF_TAIL:
            return -1
    return len(lines)


def _signoff(lines: BodyLines, i: int):
    """A sign-off at line ``i`` (whose cue says it opens like one), with the lines it signs with."""
    stop = _own_text_end(lines, i)
    return signature.signoff_rule(lines, i, stop) if stop >= 0 else None


def segment(lines: Sequence[Line], depth: int = 1, max_depth: int = quotes.MAX_DEPTH, cheap: bool = False,
            texts: list[str] | None = None) -> tuple[Block, ...]:
    """Segment numbered body lines into blocks.

    Args:
        lines: the body's lines with their source line numbers.
        depth: quote nesting level of these lines (1 for a post body).
        max_depth: the deepest level segmented; a quote at this level keeps its content
            verbatim in its text, without child blocks.
        cheap: only '>' quotes and paragraphs (:data:`CHEAP_RULES`), for very long bodies.
        texts: the lines' texts, when the caller has them in a list (a quote's content).

    Returns:
        The blocks, in order; together they hold every non-blank line once.
    """
    if depth > max_depth:
        return ()
    lines = BodyLines(lines, line_features.features_of, texts)
    lines.cues, lines.kinds = with_neighbours(lines.cues, lines.cleaned, lines.texts, lines.kinds)
    line_cues, blank, kinds = lines.cues, lines.blank, lines.kinds
    if _STOP_CUE.search(kinds) is None:
        # no line carries a cue the segmenter stops at (most quotes' innermost level, many
        # short replies): no rule can claim a line, the lines are paragraphs, split at blank
        # lines in bulk
        blocks = paragraphs(lines, 0, len(lines))
        return group_embedded(tuple(blocks)) if depth == 1 else tuple(blocks)
    rules = CHEAP_RULES if cheap else RULES
    wanted = cues.MARKER_QUOTE if cheap else RULE_CUES | cues.SIGNOFF
    inner = segment if (max_depth, cheap) == (quotes.MAX_DEPTH, False) else partial(segment, max_depth=max_depth, cheap=cheap)

    # whether a rule claims a line, kept for a sign-off's probes (see _claimed; the cheap mode
    # has no sign-offs): a plain dict, where a self-filling one cost a class instance and a
    # weak reference at every call, once per quote level
    claims = lines.claims = None if cheap else {}
    blocks: list[Block] = []
    i, n = 0, len(lines)
    # The next line a paragraph may stop at (blank, or with a wanted cue), found by a search of
    # the lines' kinds: a paragraph's other lines are not visited one by one.
    next_stop = (_CHEAP_STOP if cheap else _STOP).search
    # The rule hit that ended a paragraph, kept for the next turn: a quote's hit holds its
    # content segmented one level down, and building it twice per level made nested quotes
    # cost 2**depth (issue 6).
    ahead = None
    while i < n:
        if blank[i]:
            i += 1
            continue
        hit = ahead or (_block_at(lines, i, depth, rules, inner, claims) if line_cues[i] & wanted else None)
        ahead = None
        if hit is not None:
            block, i = hit
            blocks.append(block)
            continue
        end = _found_at(next_stop(kinds, i + 1), n)
        while end < n and not blank[end]:  # a line with a wanted cue: a rule may claim it
            ahead = _block_at(lines, end, depth, rules, inner, claims)
            if ahead is not None:
                break
            end = _found_at(next_stop(kinds, end + 1), n)
        blocks.append(paragraph(lines, i, end))
        i = end
    if depth == 1:
        return group_embedded(tuple(blocks))
    return tuple(blocks)


def _block_at(lines: BodyLines, k: int, depth: int, rules: Sequence[NamedRule], inner: Callable, claims: dict | None):
    """The block starting at line ``k`` (whose cues the segmenter wants), or None. A function of
    its own, not a closure in :func:`segment`: a closure and its cells were made at every call
    of the segmenter, once per quote level."""
    if claims is None:
        return _match(lines, k, depth, rules, inner)
    # A sign-off's look-ahead may have probed the line already: when no rule claims it, the
    # rules are not tried again. What the rules answer here is kept for the probes.
    hit = None if claims.get(k) is False else _match(lines, k, depth, rules, inner)
    claims[k] = hit is not None
    if hit is None and lines.cues[k] & cues.SIGNOFF:
        return _signoff(lines, k)
    return hit


#: The kinds (cues.kind_of) of the lines a paragraph stops at: blank, or with a cue the rules or
#: a sign-off want; in the cheap mode blank or quoted.
_STOP = cues.kinds_pattern(lambda bits: bits & (cues.BLANK_KIND | cues.STOP_KIND))
_CHEAP_STOP = cues.kinds_pattern(lambda bits: bits & (cues.BLANK_KIND | cues.QUOTED_KIND))
_STOP_CUE = cues.kinds_pattern(lambda bits: bits & cues.STOP_KIND)
# the kinds' STOP bit is the cues the segmenter wants (RULES' and a sign-off's), no more, no less;
# in the cheap mode it wants MARKER_QUOTE, which the quoted lines carry, and no others
assert RULE_CUES | cues.SIGNOFF == cues.STOPS and all(rule.cue == cues.MARKER_QUOTE for rule in CHEAP_RULES)


def _found_at(found, n: int) -> int:
    """Where a search of the lines' kinds found a line, or ``n`` when it found none."""
    return found.start() if found is not None else n


def paragraph(lines: BodyLines, start: int, end: int) -> Text:
    """Lines ``start`` to ``end`` (none blank) as a paragraph."""
    numbers = lines.lines
    # positional: a keyword call to the attrs __init__ cost a fifth more, at 6,300 paragraphs
    # a pass over the gg-mbox bodies (Text's first fields are text, span, kind)
    return Text("\n".join(lines.texts[start:end]), Span(numbers[start][0], numbers[end - 1][0]), "paragraph")


def paragraphs(lines: BodyLines, start: int, end: int) -> list[Text]:
    """Lines ``start`` to ``end`` as paragraphs, split at the blank lines (found in C)."""
    found = []
    i = start
    for k in compress(range(start, end), lines.blank[start:end]):
        if k > i:
            found.append(paragraph(lines, i, k))
        i = k + 1
    if end > i:
        found.append(paragraph(lines, i, end))
    return found


def segment_body(lines: Sequence[Line]) -> tuple[tuple[Block, ...], tuple[Defect, ...]]:
    """Segment one post body within the work limit, never raising: the blocks and the defects
    to record on the post.

    * A body of more than :data:`MAX_FULL_LINES` lines is segmented in the cheaper mode, and
      nesting stops where lines × levels would pass :data:`WORK_LIMIT` (a ``segmentation-limit``
      defect says so); quotes below the deepest level keep their lines verbatim
      (``quote-depth-limit``).
    * If segmentation fails all the same (a bug, which one body must not turn into a lost
      archive), the body's lines become one ``unparsed`` text block with a
      ``segmentation-failed`` defect naming the error.
    """
    lines = list(lines)
    n = len(lines)
    cheap = n > MAX_FULL_LINES
    max_depth = max(1, min(quotes.MAX_DEPTH, WORK_LIMIT // max(n, 1)))
    try:
        blocks = segment(lines, max_depth=max_depth, cheap=cheap)
    except Exception as exc:  # noqa: BLE001 -- any failure, by design: the body is kept unsegmented
        return _unsegmented(lines, exc)
    defects = []
    if cheap or max_depth < quotes.MAX_DEPTH:
        what = "only '>' quotes and paragraphs told apart, " if cheap else ""
        defects.append(Defect("segmentation-limit", f"body of {n} lines: {what}quotes segmented {max_depth} level(s) deep", span_of(lines)))
    flat = _flat_quotes(blocks, max_depth, [])
    if flat:
        defects.append(Defect("quote-depth-limit", f"{len(flat)} quote(s) at nesting level {max_depth}: their content is kept verbatim, not segmented further", flat[0].span))
    return blocks, tuple(defects)


def _flat_quotes(blocks: Sequence[Block], max_depth: int, found: list) -> list:
    """The quotes at nesting level ``max_depth`` that have content (kept verbatim, not segmented),
    in reading order: the blocks walked as :func:`~threadkit.model.iter_blocks` walks them,
    without a generator per block."""
    for block in blocks:
        if type(block) is Quote and block.depth == max_depth and block.kind != "inline" and block.text != (block.attribution or ""):
            found.append(block)
        children = getattr(block, "blocks", None)
        if children:
            _flat_quotes(children, max_depth, found)
    return found


def error_text(error: BaseException) -> str:
    """An exception as a defect states it: its type and message on one short line (no traceback)."""
    message = " ".join(str(error).split())
    if len(message) > 200:
        message = message[:200] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _unsegmented(lines: list[Line], error: Exception) -> tuple[tuple[Block, ...], tuple[Defect, ...]]:
    content = [k for k, line in enumerate(lines) if not is_blank(line[1])]
    if not content:
        return (), ()
    kept = lines[content[0]:content[-1] + 1]
    defect = Defect("segmentation-failed", f"body could not be segmented, its lines are kept as one block: {error_text(error)}", span_of(kept))
    return (Text(text=joined(kept), span=span_of(kept), kind="unparsed"),), (defect,)


def segment_text(text: str, first_line: int = 1) -> tuple[Block, ...]:
    """Segment a body given as text (lines numbered from ``first_line``)."""
    return segment(numbered(text.split("\n"), first_line))


__all__ = ["RULES", "Line", "error_text", "numbered", "segment", "segment_body", "segment_text"]
