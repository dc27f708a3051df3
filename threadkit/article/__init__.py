"""News and blog pages copied as plain text → an article post and its comment posts.

Article extractors (trafilatura, jusText, readability) read HTML; a copy-paste has lost
the tags, so this package reads the text itself: :mod:`.comments` finds the comment
section first (its bylines repeat), :mod:`.body` finds the article above it (the densest
stretch of prose), and everything else is page furniture, labelled (:mod:`.furniture`).

Two readers share this code: ``article-text`` reads the article and leaves whatever
follows it as page boilerplate; ``article-comments-text`` also splits the comments.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import attrs

from threadkit import patterns
from threadkit.detection import Guess
from threadkit.model import (
    Author,
    Block,
    Boilerplate,
    Defect,
    Document,
    Evidence,
    HeaderField,
    Post,
    Span,
)
from threadkit.segment import segment
from threadkit.segment.lines import Line, Lines, clean, is_blank, numbered
from threadkit.source import Source

if TYPE_CHECKING:
    from threadkit.article.bylines import Byline
    from threadkit.article.comments import Comment, Section

# The reading modules below are imported where they are used, not here: detection asks this
# package's sniffer about text inputs (prose lines alone), and the Groups reader imports its
# ``dates``; neither should pay for the page-layout readers.

#: Only the start of very long inputs is looked at to sniff them.
SNIFF_LINES = 5000
#: Sniff scores. Google Groups copies score higher with their own reader (0.7 and more).
ARTICLE_SCORE = 0.6
COMMENTS_SCORE = 0.75


@attrs.frozen
class Layout:
    """Where things are in a page copy (line indexes)."""

    lines: tuple[Line, ...]
    floor: int | None
    """The first prose line."""
    section: Section | None
    links: int | None
    """The heading of the first list of dated links under the article ("Recent posts"):
    with no comment section, the article ends above it."""


@lru_cache(maxsize=8)
def layout(source: Source) -> Layout:
    """The page's layout, computed once per source (sniffing and reading both need it)."""
    from threadkit.article.comments import find_section
    from threadkit.article.prose import first_prose

    lines = tuple(numbered(source.lines))
    floor = first_prose(lines)
    section, links = find_section(lines, floor) if floor is not None else (None, None)
    return Layout(lines, floor, section, links)


_GREETING = patterns.compile(r"^(?:Dear|Hi|Hello|Hey|Bonjour|Salut|Hallo|Liebe[rs]?|Sehr geehrte[rs]?|Hola|Ciao|Buongiorno)\b.{0,60}[,:!]$", re.I)


def _mail_like(lines: Lines) -> int:
    """How many signs of a mail or Groups message: '>' quotes, headers, quote attributions,
    "-----Original Message-----" blocks, mobile taglines, a greeting, a sign-off."""
    from threadkit.readers.googlegroups import DATE_LINE
    from threadkit.segment.quotes import attribution_rule, no_content, original_message_rule
    from threadkit.segment.signature import MOBILE, SIGNOFF

    n = 0
    content = [line for line in lines[:SNIFF_LINES] if not is_blank(line.text)]
    if content and _GREETING.match(clean(content[0].text)):
        n += 2
    for k, line in enumerate(content):
        t = clean(line.text)
        if len(t) < 300 and (original_message_rule(content, k, no_content, 1) or attribution_rule(content, k, no_content, 1)):
            n += 3
        elif len(t) < 200 and (MOBILE.match(t) or SIGNOFF.match(t)):
            n += 2
        elif t.startswith(">") or t.startswith(("From: ", "Subject: ", "Message-ID:", "In-Reply-To:")) or (len(t) < 80 and DATE_LINE.match(t)):
            n += 1
    return n


def sniff(source: Source, comments: bool) -> Guess:
    """Score a source as an article page copy, with or without comments."""
    from threadkit.article.prose import is_prose

    fmt = "article-comments-text" if comments else "article-text"
    lines = numbered(source.lines[:SNIFF_LINES])
    prose = sum(1 for line in lines if is_prose(line.text))
    if prose < 2:
        return Guess(fmt, 0.0, (f"{prose} prose line(s): not an article",))
    # Detection asks every reader about every input: lay out a prefix only, so that an
    # 8 MB mailbox is not read line by line by the article reader to be turned down.
    head = source if len(source.lines) <= SNIFF_LINES else attrs.evolve(source, lines=source.lines[:SNIFF_LINES])
    found = layout(head).section
    # comments read like mail (greetings, sign-offs): only the text above them counts
    mail = _mail_like(lines[: found.start] if found else lines)
    if mail >= 3:
        return Guess(fmt, 0.1, (f"{mail} sign(s) of mail or Groups: a message, not an article",))
    reasons = [f"{prose} prose line(s)"]
    if found is not None:
        reasons.append(f"a comment section at line {found.start + 1} ({len(found.comments)} comment(s), found by {found.evidence})")
        score = COMMENTS_SCORE if comments else ARTICLE_SCORE - 0.2
    else:
        reasons.append("no comment section")
        score = 0.0 if comments else ARTICLE_SCORE
    return Guess(fmt, score, tuple(reasons))


def read(source: Source, fmt: str, comments: bool) -> Document:
    """Read a page copy: the article as one post, then (with ``comments``) one post per comment."""
    from threadkit.article import body as article_body

    lay = layout(source)
    lines = lay.lines
    section = lay.section if comments else None
    stop = section.start if section else len(lines)
    if lay.section is None and lay.links is not None:
        stop = lay.links
    page: list[Block] = []
    posts: list[Post] = []
    defects: list[Defect] = []
    title_i = None
    core = article_body.find_core(lines, stop)
    if core is None:
        defects.append(Defect("no-article", "no prose was found: the text is kept as page boilerplate"))
        page += article_body.span_blocks(lines, list(range(stop)), article_body.page_kind)
    else:
        article, title_i, before, after = _article(lines, core, stop)
        page += article_body.span_blocks(lines, before + after, article_body.page_kind)
        if article is not None:
            posts.append(article)
    if section is not None:
        comment_posts, section_page = _comments(lines, section, posts[0].id if posts else None, len(posts))
        posts += comment_posts
        page += section_page
        page += article_body.span_blocks(lines, list(range(section.end, len(lines))), article_body.page_kind)
    elif stop < len(lines):
        page += article_body.span_blocks(lines, list(range(stop, len(lines))), article_body.page_kind)
    title = lines[title_i] if title_i is not None else None
    metadata: list[tuple[str, str | int | None]] = []
    if section is not None:
        metadata += [("comments", len(section.comments)), ("comments_start_line", lines[section.start].no), ("comment_section_evidence", section.evidence)]
    return Document(
        source=source.info(fmt),
        title=clean(title.text) if title else None,
        title_span=Span.of(title.no) if title else None,
        posts=tuple(posts),
        boilerplate=tuple(sorted(page, key=lambda b: b.span)),
        metadata=tuple(metadata),
        defects=tuple(defects),
    )


def _article(lines: Lines, core: tuple[int, int], stop: int) -> tuple[Post | None, int | None, list[int], list[int]]:
    """The article post, the title index, and the page lines before and after it."""
    from threadkit.article import body as article_body

    first, last = core
    title_i = article_body.find_title(lines, first)
    start = title_i + 1 if title_i is not None else first
    end = article_body.tail_end(lines, last, stop)
    blocks = article_body.classify(lines, start, end, limit=stop)
    if blocks:
        end = max(end, max(b.span.last for b in blocks))  # a quoted document may run past the core
    blocks = article_body.mark_repetitions(blocks)
    blocks = article_body.name_parts(blocks, title_i is not None)
    before = [k for k in range(0, title_i if title_i is not None else start)]
    after = list(range(end, stop))
    if not blocks:
        return None, title_i, before, after
    byline, _block = article_body.article_byline(blocks)
    date = byline.date if byline else None
    first_no = lines[title_i].no if title_i is not None else blocks[0].span.first
    post = Post(
        id="p1",
        span=Span(first_no, max(b.span.last for b in blocks)),
        role="article",
        author=Author(name=byline.author) if byline and byline.author else Author(),
        date=date.iso if date else None,
        date_raw=date.raw if date else None,
        blocks=tuple(blocks),
    )
    return post, title_i, before, after


def _comment_header(lines: Lines, byline: Byline | None) -> tuple[list[HeaderField], set[int]]:
    if byline is None:
        return [], set()
    fields = []
    used = set()
    for k in range(byline.first, byline.last + 1):
        if is_blank(lines[k].text):
            continue
        name = "byline" if k == byline.author_line == byline.date_line else ("author" if k == byline.author_line else ("date" if k == byline.date_line else "byline"))
        fields.append(HeaderField(name, lines[k].text, Span.of(lines[k].no)))
        used.add(k)
    return fields, used


def _comment_blocks(lines: Lines, start: int, end: int, skip: set[int]) -> list[Block]:
    """A comment's blocks: its furniture labelled, the rest segmented like a message body."""
    from threadkit.article.furniture import furniture_kind, is_comments_heading

    blocks: list[Block] = []
    run: list[Line] = []

    def flush():
        if run:
            blocks.extend(segment(run))
            run.clear()

    for k in range(start, end):
        if k in skip:
            flush()
            continue
        text = lines[k].text
        kind = furniture_kind(text) if not is_blank(text) else None
        if kind or (not is_blank(text) and is_comments_heading(text)):
            flush()
            blocks.append(Boilerplate(text=text, span=Span.of(lines[k].no), kind=kind or "comments-heading"))
        else:
            run.append(lines[k])
    flush()
    return blocks


def _comments(lines: Lines, section: Section, article_id: str | None, offset: int) -> tuple[list[Post], list[Block]]:
    """The comment posts, and the section's lines outside any comment (its heading)."""
    from threadkit.article import body as article_body
    from threadkit.article.furniture import is_comments_heading

    posts: list[Post] = []
    covered: set[int] = set()
    stack: list[tuple[int, str]] = []
    for n, comment in enumerate(section.comments, offset + 1):
        pid = f"p{n}"
        header, used = _comment_header(lines, comment.byline)
        blocks = _comment_blocks(lines, comment.start, comment.end, used)
        covered.update(range(comment.start, comment.end))
        spans = [h.span for h in header] + [b.span for b in blocks]
        if not spans:
            continue
        while stack and stack[-1][0] >= comment.depth:
            stack.pop()
        target, evidence = _parent(stack, article_id, comment)
        stack.append((comment.depth, pid))
        b = comment.byline
        date = b.date if b else None
        posts.append(
            Post(
                id=pid,
                span=Span(min(s.first for s in spans), max(s.last for s in spans)),
                role="comment",
                author=Author(name=b.author) if b and b.author else Author(),
                date=date.iso if date else None,
                date_raw=date.raw if date else None,
                in_reply_to=target,
                reply_evidence=(evidence,) if evidence else (),
                header=tuple(header),
                blocks=tuple(blocks),
                metadata=(("comment_section", section.evidence),),
            )
        )
    rest = [k for k in range(section.start, section.end) if k not in covered]
    page = article_body.span_blocks(lines, rest, lambda t: "comments-heading" if is_comments_heading(t) else article_body.page_kind(t))
    return posts, page


def _parent(stack: list[tuple[int, str]], article_id: str | None, comment: Comment) -> tuple[str | None, Evidence | None]:
    if stack:
        depth, pid = stack[-1]
        return pid, Evidence("page-structure", pid, f"indented under {pid} ({comment.depth} > {depth} spaces)")
    if article_id:
        return article_id, Evidence("page-structure", article_id, "a comment below the article")
    return None, None


__all__ = ["layout", "read", "sniff"]
