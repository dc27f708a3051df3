"""A page's tree → the element holding its article.

A cascade, as for comments: the page's own markup first (``itemprop="articleBody"``, then a
class or id that names the article's text: ``entry-content``, ``post-body``,
``article__body``...), then ``<article>`` and ``<main>``, then a readability-style score
(paragraphs of prose vote for their parent and, at half weight, their grandparent, scaled
down by the share of link text). Among candidates of a tier the one with the most text that
is not comments wins, or rather the innermost element that holds nearly all of its text. A
title outside that body (an ``<h1>`` above it, with its small header block) joins the article.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from threadkit import patterns
from threadkit.html.blocks import block_element
from threadkit.html.page import TextIndex
from threadkit.html.vocab import _kind, _signals, furniture_kind

_BODY_WORDS = patterns.compile(
    r"(?<![a-z0-9])(?:(?:entry|post|article|story|blog|single|news|main|page|text|body|content|artikel|beitrag|td-post|c-article|"
    r"article__|rich|field)[-_]{0,2}(?:content|body|text|inner|entry|main|copy|detail|details|container|item)s?|articlebody|"
    r"article-?text|storytext|story-?body|post-?entry|postcontent|entrycontent|blogpost|post-?message|"
    r"(?:entry|post|article|story)s?|artikeltext|texte|contenu|cuerpo|contenido|detail-?text)(?![a-z0-9])")
_NOT_BODY = patterns.compile(r"(?<![a-z0-9])(?:comments?|comment-\w+|sidebar|widget|footer|header|nav|menu|teaser|related|excerpt|summary|"
                       r"list|listing|archive|preview|card)(?![a-z0-9])")
#: A title's header block holds at most this much more text than the title (a byline, a date).
GROW_CHARS = 500


def _by_itemprop(page) -> list:
    """Elements whose microdata names them the article's text."""
    return [el for el in page.microdata if (el.get("itemprop") or "").lower() in ("articlebody", "text", "reviewbody")
            and el.tag not in ("meta", "span", "a")]


_NOT_BODY_TAGS = frozenset({"a", "span", "li", "ul", "ol", "img", "body", "html", "p", "h1", "h2", "h3", "form", "nav", "aside", "footer"})


def _by_class(page) -> list:
    """Elements whose class or id names them the article's text."""
    # (the words first: few elements have them, and asking an element its tag costs a call)
    return [el for el, (cls, ident) in page.named.items() if _body_words(cls, ident) and _names_body(el.tag, cls, ident, el.get("role"))]


@lru_cache(maxsize=16384)
def _body_words(cls: str | None, ident: str | None) -> bool:
    text = _signals(cls, ident)
    return bool(_BODY_WORDS.search(text)) and not _NOT_BODY.search(text)


@lru_cache(maxsize=16384)
def _names_body(tag: str, cls: str | None, ident: str | None, role: str | None) -> bool:
    return tag not in _NOT_BODY_TAGS and _body_words(cls, ident) and _kind(tag, role, cls, ident, False) is None


def _by_tag(page) -> list:
    """``<article>``, ``<main>`` and the elements of ``role=main``, in document order."""
    tagged = list(page.root.iter("article", "main"))
    main = [el for el in page.roles if el.get("role") == "main"]
    if not main:
        return tagged
    found = set(tagged).union(main)
    return [el for el in page.elements if el in found]


#: An element holding more than this share of the page's text is a wrapper, whatever its
#: class says ("sidebar-left" on <body>, "off-canvas" on the page's wrapper).
WRAPPER_SHARE = 0.5
#: A run of text under one block element this long is a paragraph of prose.
PARAGRAPH = 120
#: An element holding this much prose is content, whatever its class says ("widget Blog" on
#: Blogger's post column, "category-no-newsletter" among a post's taxonomy classes).
PROSE_CHARS = 500


def _in_link(node, block) -> bool:
    el = node.parent
    while el is not None and el is not block:
        if el.tag == "a":
            return True
        el = el.getparent()
    return False


def block_texts(nodes) -> dict:
    """Block element → the length of its text outside links (a paragraph's weight)."""
    sizes: dict = {}
    parent = block = None
    linked = True
    for node in nodes:
        if node.blank:
            continue
        if node.parent is not parent:  # (both depend on the parent, which neighbouring nodes mostly share)
            parent = node.parent
            block = block_element(node)
            linked = block is None or _in_link(node, block)
        if not linked:
            sizes[block] = sizes.get(block, 0) + node.size
    return sizes


def prose_index(blocks: dict) -> dict:
    """Element → the text of the paragraphs of prose inside it."""
    prose: dict = {}
    for block, size in blocks.items():
        if size >= PARAGRAPH:
            for el in (block, *block.iterancestors()):
                prose[el] = prose.get(el, 0) + size
    return prose


def content_index(page, excluded, text: TextIndex, prose: dict | None = None) -> TextIndex:
    """Text that may be the article's: not in furniture, not in a link, not ``excluded(element)``
    (comments). Link lists (menus, related posts) weigh nothing, sidebars nothing."""
    memo: dict = {}
    nodes = page.nodes
    whole = text(page.root) if page.root is not None else 0

    prose = prose or {}

    def furniture(el) -> bool:
        # (the page's furniture kind first: known once per element, and None for most)
        return (page.furniture(el) is not None and el.tag not in ("body", "html") and text(el) < WRAPPER_SHARE * whole
                and prose.get(el, 0) < PROSE_CHARS)

    def outside(el) -> bool:
        path = []
        verdict = True
        while el is not None:
            if el in memo:
                verdict = memo[el]
                break
            if el.tag == "a" or excluded(el) or furniture(el):
                verdict = False
                memo[el] = False
                break
            path.append(el)
            el = el.getparent()
        for p in path:
            memo[p] = verdict
        return verdict

    known = memo.get
    kept = []  # (each node's verdict once: most are known from a neighbour's walk up)
    for node in nodes:
        verdict = known(node.parent)
        kept.append(outside(node.parent) if verdict is None else verdict)
    index = TextIndex(page, kept=kept)
    # the paragraphs of prose among that text: what ranks the candidates
    index.prose = prose_index(block_texts([n for n, keep in zip(nodes, kept) if keep]))
    return index


def find_article(page, content: TextIndex, inside_comment, blocks: dict) -> etree._Element | None:
    """The element holding the article, or None for a page without one.

    ``content(el)``: the article-like text inside ``el`` (:func:`content_index`);
    ``inside_comment(el)``: whether ``el`` is inside a comment (comments are not articles).
    """
    if page.root is None:
        return None
    for candidates in (_by_itemprop, _by_class, _by_tag):
        found = [el for el in candidates(page) if not inside_comment(el) and content(el) >= 150]
        if found:
            prose = content.prose
            weight = lambda el: prose.get(el, 0) or content(el) / 10  # noqa: E731  (paragraphs of prose first)
            best = max(found, key=lambda el: (weight(el), -_depth(el)))
            # a wrapper of the body scores as much as the body: take the innermost with nearly all of it
            inner = [el for el in found if weight(el) >= 0.85 * weight(best) and (el is best or best in el.iterancestors())]
            return max(inner, key=_depth)
    return _scored(blocks, inside_comment)


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


def title_element(root, core, content) -> etree._Element | None:
    """The article's title when it stands outside its body: the last ``<h1>`` before the body,
    with the header block around it when that is small (it holds the byline and date)."""
    if core.find(".//h1") is not None:
        return None
    before = None
    for h1 in root.iter("h1"):
        if h1.sourceline and core.sourceline and h1.sourceline > core.sourceline:
            break
        if any(a is core for a in h1.iterancestors()):
            break
        before = h1
    if before is None or furniture_kind(before) is not None:
        return None
    el = before
    parent = el.getparent()
    while parent is not None and parent is not core and core not in set(parent.iterancestors()) and not any(
            a is parent for a in core.iterancestors()) and content(parent) <= content(before) + GROW_CHARS // 2:
        el, parent = parent, parent.getparent()
    return el


def _scored(blocks: dict, inside_comment):
    """Readability's vote: each paragraph of prose scores its parent fully, its grandparent
    half (paragraphs are block elements' text runs: ``<p>``, or a ``<div>`` of lines)."""
    scores: dict = {}
    for block, size in blocks.items():
        if size < 25 or inside_comment(block):
            continue
        shown = "".join(block.itertext()) if size < 2000 else ""
        points = 1 + shown.count(",") + min(size // 100, 3)
        for level, anc in enumerate((block, *block.iterancestors())):
            if level > 2:
                break
            if level:
                scores[anc] = scores.get(anc, 0) + points / level
    if not scores:
        return None
    return max(scores, key=scores.get)
