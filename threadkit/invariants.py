"""The lossless invariant: every non-blank source line lies in exactly one place of the
document — the title, a post header field, a post's top-level block, or a page
boilerplate block. Tests, ``threadkit validate`` and the batch all check it here.
"""

from __future__ import annotations

from collections import Counter

from threadkit.model import Document, Span
from threadkit.segment.lines import is_blank


def claimed_spans(document: Document) -> list[Span]:
    """Every span the document claims at the top level (children of blocks are inside these)."""
    spans: list[Span] = []
    if document.title_span:
        spans.append(document.title_span)
    spans += [b.span for b in document.boilerplate]
    for post in document.posts:
        spans += [h.span for h in post.header]
        spans += [b.span for b in post.blocks]
    return spans


def coverage_problems(document: Document, lines: tuple[str, ...] | list[str]) -> list[str]:
    """Non-blank lines that are claimed by no place or by several; empty when lossless."""
    counts: Counter[int] = Counter()
    for span in claimed_spans(document):
        counts.update(span.lines())
    problems = []
    for no, text in enumerate(lines, 1):
        if is_blank(text):
            continue
        if counts[no] == 0:
            problems.append(f"line {no} is lost: {text[:60]!r}")
        elif counts[no] > 1:
            problems.append(f"line {no} is claimed {counts[no]} times: {text[:60]!r}")
    beyond = [no for no in counts if no > len(lines)]
    if beyond:
        problems.append(f"spans reach line {max(beyond)} of a {len(lines)}-line source")
    return problems
