""":class:`Document` → one self-contained HTML page a person can read (issue 14).

The thread is a reply tree (an article first, then its comments), each post with its author,
date and a permalink anchor. A post's own words come first in weight; quotes are folded
behind ``<details>`` with their attribution as the summary; signatures and boilerplate are
dimmed and folded by kind, with a count; forwarded articles are boxed with their title and
source. Every block carries its source lines (a ``title`` and ``data-lines``), and defects
are listed where they apply. The page needs no script, no network and no other file: its
style is inline, with light and dark schemes, and every text element has ``dir="auto"`` so
right-to-left text shows as it should.

The page is built as an lxml tree and serialised by lxml, so text from the input is always
escaped: nothing a document holds can become markup.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from itertools import groupby

from attrs import frozen
from lxml import etree

from threadkit import patterns
from threadkit import __version__
from threadkit.model import (Attachment, Block, Boilerplate, Defect, Document, Embedded, Heading, Post, Quote,
                             Signature, Span, Text, date_range)

FORMAT = "html"
EXTENSION = ".html"
DESCRIPTION = 'one self-contained page to read: the reply tree, quotes folded'

#: Replies nest visibly down to this depth; deeper ones are shown at it, with a link to the
#: post they answer (a hostile thread may nest thousands deep; no reader follows that).
MAX_DEPTH = 8

STYLE = """
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fdfdfb; --dim: #5a5a5a; --rule: #d6d6d0;
  --quote: #f1f1ec; --accent: #1d4f91; --warn: #8a3b00; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8e3; --bg: #161616; --dim: #a9a9a2; --rule: #3a3a38; --quote: #222221;
    --accent: #8cb4ff; --warn: #ffb37a; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 48rem; padding: 1rem; background: var(--bg); color: var(--fg);
  font: 1rem/1.5 system-ui, sans-serif; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; line-height: 1.25; }
a { color: var(--accent); }
.about, .meta, .lines, details.fold > summary, .dim { color: var(--dim); font-size: .875rem; }
ol.thread, ol.replies { list-style: none; margin: 0; padding: 0; }
ol.replies { margin-left: .75rem; padding-left: .75rem; border-left: 2px solid var(--rule); }
article.post { margin: 1rem 0; padding-bottom: .5rem; border-bottom: 1px solid var(--rule); }
article.post > header h2 { font-size: 1.05rem; margin: 0; display: inline; }
article.post > header { margin-bottom: .25rem; }
.role-article > header h2 { font-size: 1.25rem; }
p, pre, blockquote { margin: .5rem 0; }
.body p, .body pre { white-space: pre-wrap; unicode-bidi: plaintext; }
pre { font: inherit; }
blockquote { margin: .5rem 0; padding: .25rem .75rem; background: var(--quote); border-left: 3px solid var(--rule); }
details > summary { cursor: pointer; }
details.fold { margin: .25rem 0; }
details.fold > div { opacity: .8; }
section.embedded { border: 1px solid var(--rule); padding: .25rem .75rem; margin: .5rem 0; }
section.embedded h3 { font-size: 1rem; margin: .25rem 0; }
ul.defects { color: var(--warn); font-size: .875rem; padding-left: 1.25rem; }
.attachment::before { content: "attachment · "; color: var(--dim); }
a.permalink { text-decoration: none; margin-left: .25rem; }
"""


def write(document: Document) -> bytes:
    """The document as one HTML5 page, UTF-8."""
    return serialised(_page(document))


def serialised(html: etree._Element) -> bytes:
    """A page as HTML5 bytes, UTF-8 (lxml escapes every text and attribute value)."""
    return b"<!DOCTYPE html>\n" + etree.tostring(html, method="html", encoding="utf-8") + b"\n"


def _el(tag: str, text: str | None = None, parent=None, **attrs) -> etree._Element:
    """An element with text and attributes (``class_`` for ``class``; None values left out)."""
    attrs = {k.rstrip("_").replace("_", "-"): _clean(v) for k, v in attrs.items() if v is not None}
    element = etree.SubElement(parent, tag, attrs) if parent is not None else etree.Element(tag, attrs)
    if text:
        element.text = _clean(text)
    return element


#: What an HTML page may not hold as text (HTML5 parse errors; lxml refuses the C0 ones):
#: controls other than tab and line ends, and the Unicode noncharacters.
_UNFIT = patterns.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                    + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0x10000, 0x110000, 0x10000)) + "]")


def _clean(text: str) -> str:
    """Text fit for an HTML page: what it may not hold is shown as U+FFFD (the other outputs
    keep it verbatim; this page is for reading)."""
    return _UNFIT.sub("\ufffd", text)


def _lines(span: Span | None) -> dict:
    if span is None:
        return {}
    shown = f"line {span.first}" if span.first == span.last else f"lines {span.first}–{span.last}"
    return {"title": shown, "data_lines": f"{span.first}-{span.last}"}


def _skeleton(title: str, style: str) -> tuple[etree._Element, etree._Element]:
    """A page's ``html`` element with its head (charset, viewport, colour schemes, generator,
    title, style) and its empty ``body``."""
    html = _el("html", lang="und")
    head = _el("head", parent=html)
    _el("meta", parent=head, charset="utf-8")
    _el("meta", parent=head, name="viewport", content="width=device-width, initial-scale=1")
    _el("meta", parent=head, name="color-scheme", content="light dark")
    _el("meta", parent=head, name="generator", content=f"threadkit {__version__}")
    _el("title", title, head)
    _el("style", style, head)
    return html, _el("body", parent=html)


def _page(document: Document) -> etree._Element:
    title = document.title or document.source.name
    html, body = _skeleton(title, STYLE)
    banner = _el("header", parent=body)
    _el("h1", title, banner, dir="auto")
    first, last = first_and_last_day(document)
    _el("p", _about(document), banner, class_="about", data_posts=str(len(document.posts)), data_first=first, data_last=last)
    main = _el("main", parent=body)
    _defects(document.defects, main)
    _thread(document.posts, main)
    if document.boilerplate:
        foot = _el("footer", parent=body)
        _blocks(document.boilerplate, foot)
    return html


def first_and_last_day(document: Document) -> tuple[str | None, str | None]:
    """The days (ISO) of the document's earliest and latest post dates, when any post has one."""
    first, last = date_range(document.posts)
    return (first[:10], last[:10]) if first and last else (None, None)


def _about(document: Document) -> str:
    first, last = first_and_last_day(document)
    span = f", {first} to {last}" if first != last else (f", {first}" if first else "")
    count = len(document.posts)
    return f"{document.source.name} · {document.source.format} · {count} post{'s' if count != 1 else ''}{span}"


def reply_tree(posts: tuple[Post, ...]) -> tuple[list[Post], dict[str, list[Post]]]:
    """The top posts (articles first, then in document order) and each post's replies."""
    ids = {p.id for p in posts}
    children: dict[str, list[Post]] = defaultdict(list)
    top = []
    for post in posts:
        if post.in_reply_to in ids and post.in_reply_to != post.id:
            children[post.in_reply_to].append(post)
        else:
            top.append(post)
    top.sort(key=lambda p: p.role != "article")  # stable: document order otherwise
    return top, children


def _thread(posts: tuple[Post, ...], main) -> None:
    """The reply tree, built without recursion (a thread may be deeper than the stack)."""
    top, children = reply_tree(posts)
    by_id = {p.id: p for p in posts}
    root = _el("ol", parent=main, class_="thread")
    stack = [(post, root, 0) for post in reversed(top)]
    seen: set[str] = set()
    while stack:
        post, parent, depth = stack.pop()
        if post.id in seen:  # a reply cycle: each post once
            continue
        seen.add(post.id)
        item = _el("li", parent=parent)
        _post(post, item, by_id, shown_flat=depth >= MAX_DEPTH)
        replies = children.get(post.id)
        if replies:
            holder = _el("ol", parent=item, class_="replies") if depth < MAX_DEPTH else parent
            stack.extend((reply, holder, depth + 1) for reply in reversed(replies))


def _post(post: Post, item, by_id: dict[str, Post], shown_flat: bool) -> None:
    article = _el("article", parent=item, id=post.id, class_=f"post role-{post.role}", aria_labelledby=f"{post.id}-h")
    head = _el("header", parent=article)
    _el("h2", post.author.name or post.author.email or ("The article" if post.role == "article" else "(no author)"),
        head, id=f"{post.id}-h", dir="auto")
    link = _el("a", "#", head, href=f"#{post.id}", class_="permalink", aria_label=f"link to post {post.id}")
    link.tail = " "
    meta = _el("span", parent=head, class_="meta")
    if post.date or post.date_raw:
        _el("time", post.date_raw or post.date, meta, datetime=post.date)
    parent = by_id.get(post.in_reply_to or "")
    if parent is not None and (shown_flat or parent.role == "article"):
        answer = _el("span", " · in reply to ", meta)
        _el("a", parent.author.name or parent.id, answer, href=f"#{parent.id}")
    if post.subject:
        _el("span", f" · {post.subject}", meta, dir="auto")
    _el("span", f" · {_lines(post.span)['title']}", meta, class_="lines")
    _defects(post.defects, article)
    body = _el("div", parent=article, class_="body")
    _blocks(post.blocks, body)
    if post.attachments:
        _blocks(post.attachments, body)


def _defects(defects: tuple[Defect, ...], parent) -> None:
    if not defects:
        return
    listing = _el("ul", parent=parent, class_="defects", role="note", aria_label="defects")
    for defect in defects:
        _el("li", f"⚠ {defect.code}: {defect.message}", listing, **_lines(defect.span))


def _blocks(blocks: tuple[Block, ...], parent) -> None:
    """Blocks in order; a run of boilerplate of one kind is folded into one ``<details>``."""
    for folded, run in groupby(blocks, key=lambda b: ("boilerplate", b.kind) if isinstance(b, Boilerplate) else None):
        run = list(run)
        if folded:
            _fold(f"{run[0].kind.replace('-', ' ')} ({len(run)})", run, parent, "boilerplate")
        else:
            for block in run:
                _block(block, parent)


def _fold(summary: str, blocks: list, parent, kind: str) -> None:
    details = _el("details", parent=parent, class_=f"fold {kind}")
    _el("summary", summary, details)
    inner = _el("div", parent=details)
    for block in blocks:
        _el("pre", block.text, inner, dir="auto", **_lines(block.span))


def _block(block: Block, parent) -> None:
    lines = _lines(block.span)
    if isinstance(block, Text):
        _el("p", block.text, parent, dir="auto", class_=block.kind, **lines)
    elif isinstance(block, Heading):
        _el("h3", block.text, parent, dir="auto", **lines)
    elif isinstance(block, Quote):
        quote = _el("blockquote", parent=parent, **lines)
        details = _el("details", parent=quote, class_="quote")
        count = block.span.last - block.span.first + 1
        _el("summary", block.attribution or f"quoted text ({count} line{'s' if count != 1 else ''})", details, dir="auto")
        if block.blocks:
            _blocks(block.blocks, details)
        else:
            _el("pre", block.text, details, dir="auto")
    elif isinstance(block, Signature):
        _fold("signature" if not block.kind else f"signature ({block.kind.replace('-', ' ')})", [block], parent, "signature")
    elif isinstance(block, Boilerplate):
        _fold(block.kind.replace("-", " "), [block], parent, "boilerplate")
    elif isinstance(block, Attachment):
        _el("p", block.text or block.name, parent, class_="attachment", dir="auto", **lines)
    elif isinstance(block, Embedded):
        box = _el("section", parent=parent, class_="embedded", aria_label=block.kind.replace("-", " ") if block.kind else "embedded", **lines)
        if block.title:
            _el("h3", block.title, box, dir="auto")
        about = " · ".join(x for x in (block.source, block.byline) if x)
        if about:
            _el("p", about, box, class_="dim", dir="auto")
        _blocks(block.blocks, box)


# --- The index of a batch's pages ------------------------------------------------------------


@frozen
class Entry:
    """One page in the index of a batch: what its report record and the page's header say."""

    href: str
    """The page, relative to the index."""
    title: str
    format: str
    posts: int
    first: str | None
    last: str | None
    defects: int


def page_entry(page: Path, href: str, format: str, defects: int) -> Entry:
    """An index entry for a page this writer wrote, read from the page's header."""
    with open(page, "rb") as handle:
        head = handle.read(16384)  # the title and the "about" line come before any post
    root = etree.fromstring(head, etree.HTMLParser(recover=True, encoding="utf-8"))
    title = root.findtext(".//title") if root is not None else None
    about = root.find(".//p[@class='about']") if root is not None else None
    facts = about.attrib if about is not None else {}
    return Entry(href, title or href, format, int(facts.get("data-posts", 0)), facts.get("data-first"),
                 facts.get("data-last"), defects)


#: The orders the index offers: (anchor, heading, sort key, newest or largest first).
ORDERS = (  # ties go by title, then by page: the index is the same whatever order files finish in
    ("by-format", "format", lambda e: (e.format, e.title.casefold(), e.href)),
    ("by-posts", "posts", lambda e: (-e.posts, e.title.casefold(), e.href)),
    ("by-date", "from", lambda e: (e.first or "9999", e.title.casefold(), e.href)),
    ("by-defects", "defects", lambda e: (-e.defects, e.title.casefold(), e.href)),
    ("by-title", "title", lambda e: (e.title.casefold(), e.href)),
)

#: The index's columns: (heading, the order its link shows, numeric).
COLUMNS = (("title", "by-title", False), ("format", "by-format", False), ("posts", "by-posts", True),
           ("from", "by-date", False), ("to", None, False), ("defects", "by-defects", True))

INDEX_STYLE = STYLE + """
body { max-width: 64rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
td.n, th.n { text-align: right; }
.view { display: none; }
.view:target, .view.default { display: block; }
.view:target ~ .view.default { display: none; }
"""


def index_page(entries: list[Entry], title: str = "threadkit: the documents of a batch") -> bytes:
    """The index of a batch's pages: every document with its title, format, post count, date
    range and defects, sortable by each column without a server or a script (each order is a
    table of its own, shown when its column's link is the page's target; by title otherwise)."""
    html, body = _skeleton(title, INDEX_STYLE)
    banner = _el("header", parent=body)
    _el("h1", title, banner)
    count = len(entries)
    _el("p", f"{count} document{'s' if count != 1 else ''}, {sum(e.posts for e in entries)} posts", banner, class_="about")
    main = _el("main", parent=body)
    for anchor, label, key in ORDERS:
        view = _el("section", parent=main, id=anchor, class_="view default" if anchor == "by-title" else "view",
                   aria_label=f"sorted by {label}")
        table = _el("table", parent=view)
        row = _el("tr", parent=_el("thead", parent=table))
        for label, target, numeric in COLUMNS:
            cell = _el("th", parent=row, scope="col", class_="n" if numeric else None,
                       aria_sort=("descending" if numeric else "ascending") if target == anchor else None)
            if target:
                _el("a", label, cell, href=f"#{target}")
            else:
                cell.text = label
        rows = _el("tbody", parent=table)
        for entry in sorted(entries, key=key):
            row = _el("tr", parent=rows)
            _el("a", entry.title, _el("td", parent=row, dir="auto"), href=entry.href)
            _el("td", entry.format, row)
            _el("td", str(entry.posts), row, class_="n")
            _el("td", entry.first or "", row)
            _el("td", entry.last or "", row)
            _el("td", str(entry.defects), row, class_="n")
    return serialised(html)
