"""Where a page's comment section is, and where each comment in it starts and ends.

Evidence, strongest first:

1. Comment bylines (see :mod:`threadkit.article.bylines`) repeating in one layout below
   the article: two or more, or one under a comments heading or a wide blank gap. Each
   byline opens its comment (or closes it, for bylines printed under the text).
2. A comments heading ("12 Kommentare", "20 thoughts on …") or a view counter after the
   article, followed by text: without bylines, each paragraph is taken as one comment,
   with no author (the page shows none).
3. A wide blank gap after the article followed by prose, read the same way.

The article must come first: bylines above the first long prose line are the article's.
"""

from __future__ import annotations

from attrs import frozen

from threadkit.article.bylines import Byline, find_bylines
from threadkit.article.furniture import furniture_kind, is_author_note, is_comments_heading, is_list_heading
from threadkit.segment.lines import Lines, clean, is_blank

#: The last comment's text is looked for at most this many lines below its byline.
MAX_COMMENT_LINES = 400
#: Bylines of one section stand at most this many lines apart (further apart, a byline is
#: more often the article's own or a sidebar's than a long comment's).
MAX_BYLINE_GAP = 150
#: Blank lines that separate page sections (a comment block from the article above it).
WIDE_GAP = 4
#: A gap this wide, with prose after it and nothing else to go by, opens a comment section.
SECTION_GAP = 5
#: How far above its first byline a section's first comment may start (non-blank lines).
MAX_LEAD_IN = 8
#: A longer line is an article paragraph or a comment, not a linked title or its teaser.
MAX_LIST_ENTRY_CHARS = 300
#: Furniture that ends a comment section (the form, the site's footer).
SECTION_END_KINDS = frozenset({"comment-form", "navigation", "related-links", "copyright", "cookie-notice", "tags", "share"})


@frozen
class Comment:
    """One comment: its line indexes [start, end) and its byline, when it has one."""

    start: int
    end: int
    byline: Byline | None = None
    depth: int = 0
    """Indentation of its first line: deeper comments answer the one above them."""


@frozen
class Section:
    """A comment section: where it starts and ends (indexes) and its comments."""

    start: int
    end: int
    comments: tuple[Comment, ...]
    evidence: str
    """``bylines``, ``heading``, ``view-counter`` or ``gap``: what showed the section."""


def _gap_before(lines: Lines, i: int) -> int:
    """How many blank lines stand directly above index ``i``."""
    n = 0
    k = i - 1
    while k >= 0 and is_blank(lines[k].text):
        n += 1
        k -= 1
    return n


def _is_content(text: str) -> bool:
    return not is_blank(text) and furniture_kind(text) is None and not is_comments_heading(text) and not is_author_note(text)


def _has_body(lines: Lines, a: int, b: int) -> bool:
    return any(_is_content(lines[k].text) for k in range(a, b))


def _indent(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip(" \u00a0"))


def _family(byline: Byline) -> tuple[str, bool]:
    return ("footer" if byline.footer else byline.shape), bool(byline.date and byline.date.has_time)


def _groups(bylines: list[Byline]) -> list[list[Byline]]:
    """Runs of bylines of one layout, each close to the one before."""
    groups: list[list[Byline]] = []
    for b in bylines:
        if groups and _family(groups[-1][-1]) == _family(b) and b.first - groups[-1][-1].last <= MAX_BYLINE_GAP:
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


def _lead_in(lines: Lines, first: int, floor: int) -> tuple[int, bool]:
    """Where the section's text starts above its first byline at index ``first``.

    Returns (index, bounded): bounded is False when no gap, heading or furniture bounds
    the text above (it then runs into the article, and only its last paragraph is taken).
    """
    k = first - 1
    seen = 0
    top = first
    while k >= 0:
        text = lines[k].text
        if is_blank(text):
            if _gap_before(lines, k + 1) >= WIDE_GAP:
                return top, True
            k -= 1
            continue
        if not _is_content(text):
            return top, True
        seen += 1
        if seen > MAX_LEAD_IN:
            break
        top = k
        k -= 1
    if k < 0:
        return top, False  # ran into the article
    # unbounded: the paragraph right above the byline
    top = first
    k = first - 1
    while k >= floor and is_blank(lines[k].text):
        k -= 1
    while k >= floor and not is_blank(lines[k].text) and _is_content(lines[k].text):
        top = k
        k -= 1
    return top, False


def _body_end(lines: Lines, start: int) -> int:
    """Where the last comment's text ends: at the form, the footer, a wide gap or a menu.

    ``start`` may be ``len(lines)`` (a byline on the page's last line): the comment then
    has no text, and the end never passes the last line.
    """
    k = start
    end = start
    short_run = 0
    while k < min(len(lines), start + MAX_COMMENT_LINES):
        text = lines[k].text
        if is_blank(text):
            if _gap_before(lines, k + 1) >= WIDE_GAP and k + 1 < len(lines) and not is_blank(lines[k + 1].text):
                break
            k += 1
            continue
        kind = furniture_kind(text)
        if (kind in SECTION_END_KINDS) or is_comments_heading(text) or is_author_note(text):
            break
        t = clean(text)
        short_run = short_run + 1 if (len(t) < 30 and not t.endswith((".", "!", "?", ")", ":"))) else 0
        if short_run >= 4:
            return _last_content(lines, start, k - 3)
        end = k + 1
        k += 1
    return max(end, min(start + 1, len(lines)))


def _last_content(lines: Lines, start: int, stop: int) -> int:
    end = min(start + 1, len(lines))
    for k in range(start, stop):
        if not is_blank(lines[k].text):
            end = k + 1
    return end


def _from_bylines(lines: Lines, group: list[Byline], floor: int) -> Section:
    footer = sum(b.footer for b in group) * 2 > len(group)
    top, bounded = _lead_in(lines, group[0].first, floor)
    comments: list[Comment] = []
    if footer:
        start = top
        for b in group:
            comments.append(Comment(start, b.last + 1, b, _indent(lines[start].text)))
            start = b.last + 1
        end = group[-1].last + 1
    else:
        if bounded and top < group[0].first and _has_body(lines, top, group[0].first):
            comments.append(Comment(top, group[0].first, None, _indent(lines[top].text)))
        else:
            top = group[0].first
        for b, nxt in zip(group, group[1:] + [None]):
            stop = nxt.first if nxt else _body_end(lines, b.last + 1)
            comments.append(Comment(b.first, stop, b, _indent(lines[b.first].text)))
        end = comments[-1].end
    return Section(top, end, tuple(comments), "bylines")


def _paragraph_comments(lines: Lines, start: int, end: int) -> tuple[Comment, ...]:
    """One comment per paragraph; per line when the section has no blank lines at all."""
    content = [k for k in range(start, end) if not is_blank(lines[k].text)]
    if not content:
        return ()
    spaced = any(is_blank(lines[k].text) for k in range(content[0], content[-1] + 1))
    comments: list[Comment] = []
    run: list[int] = []
    for k in content:
        if run and (not spaced or k != run[-1] + 1 or not _is_content(lines[k].text)):
            comments.append(Comment(run[0], run[-1] + 1, None, _indent(lines[run[0]].text)))
            run = []
        run.append(k)
    if run:
        comments.append(Comment(run[0], run[-1] + 1, None, _indent(lines[run[0]].text)))
    return tuple(c for c in comments if _has_body(lines, c.start, c.end))


def _first_content(lines: Lines, i: int) -> int | None:
    for k in range(i, len(lines)):
        if not is_blank(lines[k].text):
            return k if _is_content(lines[k].text) else None
    return None


def _from_marker(lines: Lines, floor: int) -> Section | None:
    """A comments heading or view counter after the article, with text below it."""
    for k in range(floor + 1, len(lines)):
        text = lines[k].text
        kind = "heading" if is_comments_heading(text) else ("view-counter" if furniture_kind(text) == "view-counter" else None)
        if kind is None:
            continue
        first = _first_content(lines, k + 1)
        if first is None:
            continue
        end = _body_end(lines, first)
        comments = _paragraph_comments(lines, first, end)
        if comments:
            return Section(k, end, comments, kind)
    return None


def _from_gap(lines: Lines, floor: int) -> Section | None:
    """The widest blank gap below the article, when prose follows it."""
    best = None
    for k in range(floor + 1, len(lines)):
        if not is_blank(lines[k].text) and is_blank(lines[k - 1].text):
            gap = _gap_before(lines, k)
            if gap >= SECTION_GAP and (best is None or gap > best[0]):
                best = (gap, k)
    if best is None:
        return None
    first = best[1]
    end = _body_end(lines, first)
    texts = [clean(lines[k].text) for k in range(first, end) if _is_content(lines[k].text)]
    if not texts or max(len(t) for t in texts) < 12:
        return None
    comments = _paragraph_comments(lines, first, end)
    return Section(first, end, comments, "gap") if comments else None


def _listed(lines: Lines, floor: int, bylines: list[Byline]) -> dict[int, int]:
    """The bylines that stand in a list of links ("Recent posts", "Sur le même sujet"), as
    {byline ``first``: index of the list's heading}: a post title over its date reads like
    a name over a date. The list runs from its heading to a comments heading, the comment
    form, a wide gap or a long paragraph."""
    if not bylines:
        return {}
    firsts = {b.first for b in bylines}
    listed: dict[int, int] = {}
    heading = None
    blank = 0
    for k in range(floor + 1, bylines[-1].first + 1):
        text = lines[k].text
        if is_blank(text):
            blank += 1
            if blank >= WIDE_GAP:
                heading = None
            continue
        blank = 0
        if is_list_heading(text):
            heading = k
        elif furniture_kind(text) in ("comment-form", "related-links") or is_comments_heading(text) or len(clean(text)) > MAX_LIST_ENTRY_CHARS:
            heading = None
        elif heading is not None and k in firsts:
            listed[k] = heading
    return listed


def _unlisted_runs(groups: list[list[Byline]], listed: set[int]) -> list[list[Byline]]:
    """The groups split at their listed bylines: a link list between two bylines parts them."""
    runs: list[list[Byline]] = []
    for group in groups:
        run: list[Byline] = []
        for b in group:
            if b.first in listed:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(b)
        if run:
            runs.append(run)
    return runs


def find_section(lines: Lines, floor: int) -> tuple[Section | None, int | None]:
    """The comment section below index ``floor`` (the article's first prose line), or None;
    and the index of the first list of links under the article (dated post titles), or None."""
    bylines = find_bylines(lines, floor + 1)
    listed = _listed(lines, floor, bylines)
    links = min(listed.values(), default=None)
    return _section(lines, floor, bylines, set(listed)), links


def _section(lines: Lines, floor: int, bylines: list[Byline], listed: set[int]) -> Section | None:
    for group in _unlisted_runs(_groups(bylines), listed):
        footer = group[0].footer
        bodied = [
            _has_body(lines, a.last + 1, b.first) for a, b in zip(group, group[1:])
        ]
        if len(group) >= 2 and sum(bodied) * 2 >= len(bodied):
            return _from_bylines(lines, group, floor)
        if len(group) == 1:
            b = group[0]
            heading_above = any(is_comments_heading(lines[k].text) for k in range(max(floor, b.first - 6), b.first))
            if heading_above or (_gap_before(lines, b.first) >= WIDE_GAP and not footer):
                if _has_body(lines, b.last + 1, _body_end(lines, b.last + 1)):
                    return _from_bylines(lines, group, floor)
    return _from_marker(lines, floor) or _from_gap(lines, floor)
