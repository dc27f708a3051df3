"""The lossless invariant for documents read from HTML: every visible text node of the page
lies in exactly one place of the document (the title, a post header field, a post's
top-level block, or page boilerplate), with a span that holds its line.

Lines are the wrong unit for HTML (one line of a minified page holds a whole site), so the
check is on text: the page is parsed again (:func:`threadkit.html.page.parse_page`), and

* the non-blank characters of all visible nodes and of all places must be the same multiset
  (a lost node leaves characters unmatched, a node placed twice leaves a surplus), and
* the first line of each node must lie inside some place's span.

Script, style and hidden markup are not visible text; the readers name them in the
document's metadata (``skipped``). Comments read from a JSON-LD script (the page shows
them nowhere) are posts whose text is no visible text: they are not places.
"""

from __future__ import annotations

from collections import Counter

from threadkit.html.blocks import content_lines
from threadkit.html.jsonld import TIER as LD_TIER
from threadkit.html.page import Page, TextNode, parse_page
from threadkit.model import Document, Span, meta_get


def page_of_lines(lines, offset: int = 0) -> Page:
    """The page whose lines these are, parsed (readers and this check parse the same text);
    ``offset``: the source's lines before them."""
    return parse_page("\n".join(lines), len(lines), offset)


def page_of_source(source) -> Page:
    """The page of a whole source, parsed: :func:`page_of_lines` of its lines, from its bytes
    as they are when those are the lines' text in UTF-8 (a UTF-8 file with LF ends, decoded
    without a stray byte): joining the lines and encoding them again would copy the page twice."""
    text = source.text
    if source.encoding == "utf-8" and "\r" not in text and not any(d.code == "undecodable-bytes" for d in source.defects):
        data = source.data
        # (the lines drop one final line end)
        return parse_page(data[:-1] if data.endswith(b"\n") else data, len(source.lines))
    return page_of_lines(source.lines)


def page_ranges(document: Document, lines) -> list[tuple[int, int]]:
    """The (first, last) lines of each page of the source: one page, or the pages of a folder
    read as one source, as its reader lists them in the document's ``pages`` metadata."""
    listed = meta_get(document.metadata, "pages")
    if not listed:
        return [(1, len(lines))]
    return [tuple(map(int, r.split("-"))) for r in str(listed).split()]


def shown_nodes(document: Document, lines) -> list[TextNode]:
    """Every visible text node of the source's pages (and their titles)."""
    shown = []
    for first, last in page_ranges(document, lines):
        page = page_of_lines(lines[first - 1:last], first - 1)
        shown += [n for n in page.nodes if not n.blank] + ([page.title] if page.title is not None else [])
    return shown


def places(document: Document) -> list[tuple[str, Span | None]]:
    """(text, span) of every place the document puts page text in."""
    out: list[tuple[str, Span | None]] = []
    if document.title is not None and document.title_span is not None:  # (a title without span is derived, not page text)
        out.append((document.title, document.title_span))
    out += [(b.text, b.span) for b in document.boilerplate]
    for post in document.posts:
        if meta_get(post.metadata, "comment_markup") == LD_TIER:
            continue  # read from a JSON-LD script, which shows nothing (see threadkit.html.jsonld)
        out += [(h.text, h.span) for h in post.header]
        out += [(b.text, b.span) for b in post.blocks]
    return out


def _chars(text: str) -> Counter:
    return Counter("".join(text.split()))


def html_coverage_problems(document: Document, lines) -> list[str]:
    """Visible text lost, duplicated or placed outside its lines; empty when lossless."""
    shown = shown_nodes(document, lines)
    have = Counter()
    covered: set[int] = set()
    problems = []
    for text, span in places(document):
        have.update(_chars(text))
        if span is not None:
            if span.last > len(lines):
                problems.append(f"a span reaches line {span.last} of a {len(lines)}-line page")
            covered.update(span.lines())
    want = Counter()
    for node in shown:
        want.update(_chars(node.text))
        line = content_lines(node)[0]
        if line not in covered:
            problems.append(f"line {line}: text in no place: {node.text.strip()[:60]!r}")
    lost, extra = want - have, have - want
    if lost:
        problems.append(f"{sum(lost.values())} visible characters in no place: {''.join(sorted(lost))[:60]!r}")
    if extra:
        problems.append(f"{sum(extra.values())} characters placed twice or not in the page: {''.join(sorted(extra))[:60]!r}")
    return problems
