"""A post body's numbered lines → body blocks, shared by every reader.

The body is read top to bottom; at each non-blank line the rules of :data:`RULES` are
tried in order and the first that matches makes a block and says where the next one
starts. Lines no rule claims become paragraphs. Every non-blank input line ends up in
exactly one top-level block: segmentation labels, it never drops.

Example::

    >>> from threadkit.segment import segment_text
    >>> [type(b).__name__ for b in segment_text("Hi\\n\\n> quoted\\n-- \\nJane")]
    ['Text', 'Quote', 'Signature']
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

from threadkit.model import Block, Text
from threadkit.segment import boilerplate, quotes, signature
from threadkit.segment.embedded import group_embedded
from threadkit.segment.lines import Line, Lines, is_blank, joined, numbered, span_of

Rule = Callable[[Lines, int, Callable, int], "tuple[Block, int] | None"]


class NamedRule(NamedTuple):
    name: str
    apply: Rule


def _plain(rule) -> Rule:
    return lambda lines, i, segment, depth: rule(lines, i)


#: The rules, in the order they are tried. Footers come before signatures (a footer opens
#: with "--" too), attributions before '>' runs (they own the run below them).
RULES: tuple[NamedRule, ...] = (
    NamedRule("list-footer", _plain(boilerplate.footer_rule)),
    NamedRule("tagline", _plain(boilerplate.tagline_rule)),
    NamedRule("attribution", quotes.attribution_rule),
    NamedRule("original-message", quotes.original_message_rule),
    NamedRule("marker-quote", quotes.marker_quote_rule),
    NamedRule("inline-quote", quotes.inline_quote_rule),
    NamedRule("dash-dash-signature", _plain(signature.dash_dash_rule)),
    NamedRule("mobile-signature", _plain(signature.mobile_rule)),
    NamedRule("separator", _plain(boilerplate.separator_rule)),
    NamedRule("attachment", _plain(boilerplate.attachment_rule)),
    NamedRule("disclaimer", _plain(boilerplate.disclaimer_rule)),
)


def _match(lines: Lines, i: int, depth: int):
    for rule in RULES:
        hit = rule.apply(lines, i, segment, depth)
        if hit is not None:
            return hit
    return None


def _claimed(lines: Lines, i: int) -> bool:
    """Whether a rule claims line ``i``, asked without building the block: probing with the
    real segmenter built a quote's whole nested content once more at every level, so an
    Outlook reply nesting 15 "Original Message" blocks under sign-offs took 2**depth."""
    return any(rule.apply(lines, i, quotes.no_content, 1) is not None for rule in RULES)


def _own_text_end(lines: Lines, i: int) -> int:
    """Where the author's own text below line ``i`` stops: the next line a rule claims,
    or the end. Gives up (returns -1) after more lines than a sign-off may carry."""
    seen = 0
    for k in range(i + 1, len(lines)):
        if is_blank(lines[k].text):
            continue
        if _claimed(lines, k):
            return k
        seen += 1
        if seen > signature.MAX_SIGNOFF_TAIL:
            return -1
    return len(lines)


def _signoff(lines: Lines, i: int):
    text = lines[i].text.strip()
    if not (signature.SIGNOFF.match(text[:40]) or signature.DASH_NAME.match(text)):
        return None
    stop = _own_text_end(lines, i)
    return signature.signoff_rule(lines, i, stop) if stop >= 0 else None


def segment(lines: Sequence[Line], depth: int = 1) -> tuple[Block, ...]:
    """Segment numbered body lines into blocks.

    Args:
        lines: the body's lines with their source line numbers.
        depth: quote nesting level of these lines (1 for a post body).

    Returns:
        The blocks, in order; together they hold every non-blank line once.
    """
    lines = list(lines)
    blocks: list[Block] = []
    i, n = 0, len(lines)
    # The rule hit that ended a paragraph, kept for the next turn: a quote's hit holds its
    # content segmented one level down, and building it twice per level made nested quotes
    # cost 2**depth (issue 6).
    ahead = None
    while i < n:
        if is_blank(lines[i].text):
            i += 1
            continue
        hit = ahead or _match(lines, i, depth) or _signoff(lines, i)
        ahead = None
        if hit is not None:
            block, i = hit
            blocks.append(block)
            continue
        end = i + 1
        while end < n and not is_blank(lines[end].text):
            ahead = _match(lines, end, depth) or _signoff(lines, end)
            if ahead is not None:
                break
            end += 1
        para = lines[i:end]
        blocks.append(Text(text=joined(para), span=span_of(para), kind="paragraph"))
        i = end
    if depth == 1:
        return group_embedded(tuple(blocks))
    return tuple(blocks)


def segment_text(text: str, first_line: int = 1) -> tuple[Block, ...]:
    """Segment a body given as text (lines numbered from ``first_line``)."""
    return segment(numbered(text.split("\n"), first_line))


__all__ = ["RULES", "Line", "segment", "segment_text", "numbered"]
