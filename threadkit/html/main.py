"""A page's tree → the element holding its article.

A cascade, as for comments: the page's own markup first (``itemprop="articleBody"``, then a
class or id that names the article's text: ``entry-content``, ``post-body``,
``article__body``...), then ``<article>`` and ``<main>``, then a readability-style score
(paragraphs of prose vote for their parent and, at half weight, their grandparent, scaled
down by the share of link text). Among candidates of a tier the one with the most text that
is not comments wins. The article then grows to its ancestors while they add little text
(a title, a byline, a date above the body), never over the comments.
"""

from __future__ import annotations

import re

from lxml import etree

from threadkit.html.comments import TextIndex
from threadkit.html.vocab import furniture_kind, signals

_BODY_WORDS = re.compile(
    r"(?<![a-z0-9])(?:(?:entry|post|article|story|blog|single|news|main|page|text|body|content|artikel|beitrag|td-post|c-article|"
    r"article__|rich|field)[-_]{0,2}(?:content|body|text|inner|entry|main|copy|detail|details|container|item)s?|articlebody|"
    r"article-?text|storytext|story-?body|post-?entry|postcontent|entrycontent|blogpost|post-?message|"
    r"(?:entry|post|article|story)s?|artikeltext|texte|contenu|cuerpo|contenido|detail-?text)(?![a-z0-9])")
_NOT_BODY = re.compile(r"(?<![a-z0-9])(?:comments?|comment-\w+|sidebar|widget|footer|header|nav|menu|teaser|related|excerpt|summary|"
                       r"list|listing|archive|preview|card)(?![a-z0-9])")
#: Growing stops when an ancestor adds more than this share of the article's text.
GROW_SHARE = 0.3
GROW_CHARS = 500


def _candidates(root, test) -> list:
    return [el for el in root.iter() if isinstance(el.tag, str) and test(el)]


def _by_itemprop(el) -> bool:
    return el.get("itemprop", "").lower() in ("articlebody", "text", "reviewbody") and el.tag not in ("meta", "span", "a")


def _by_class(el) -> bool:
    text = signals(el)
    return el.tag not in ("a", "span", "li", "ul", "ol", "img", "body", "html", "p", "h1", "h2", "h3", "form", "nav", "aside", "footer") \
        and bool(_BODY_WORDS.search(text)) and not _NOT_BODY.search(text) and furniture_kind(el) is None


def _by_tag(el) -> bool:
    return el.tag in ("article", "main") or el.get("role", "") == "main"


def find_article(root, text: TextIndex, comment_text, inside_comment) -> etree._Element | None:
    """The element holding the article, or None for a page without one.

    ``comment_text(el)``: visible text of comments inside ``el``; ``inside_comment(el)``:
    whether ``el`` is inside a comment (comments are not articles).
    """
    if root is None:
        return None
    own = lambda el: text(el) - comment_text(el)  # noqa: E731
    for test in (_by_itemprop, _by_class, _by_tag):
        found = [el for el in _candidates(root, test) if not inside_comment(el) and own(el) >= 150]
        if found:
            best = max(found, key=lambda el: (own(el), -_depth(el)))
            # a wrapper of the body scores as much as the body: take the innermost with nearly all of it
            inner = [el for el in found if own(el) >= 0.85 * own(best) and best in el.iterancestors()]
            core = max(inner, key=_depth) if inner else best
            return grow(core, own, comment_text)
    core = _scored(root, text, inside_comment)
    return grow(core, own, comment_text) if core is not None else None


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


def grow(core, own, comment_text):
    """The core's ancestors while each adds little text and no comments: they hold its title and byline."""
    el = core
    while True:
        parent = el.getparent()
        if parent is None or parent.tag in ("body", "html") or comment_text(parent) > comment_text(el):
            return el
        extra = own(parent) - own(el)
        if extra > max(GROW_SHARE * own(core), 0) or extra > GROW_CHARS:
            return el
        el = parent


def _scored(root, text: TextIndex, inside_comment):
    """Readability's vote: each paragraph of prose scores its parent fully, its grandparent half."""
    scores: dict = {}
    for p in root.iter("p", "pre", "td", "blockquote"):
        shown = " ".join("".join(p.itertext()).split())
        if len(shown) < 25 or inside_comment(p):
            continue
        points = 1 + shown.count(",") + min(len(shown) // 100, 3)
        links = sum(len("".join(a.itertext())) for a in p.iter("a"))
        points *= 1 - min(links / max(len(shown), 1), 1)
        for level, anc in enumerate(p.iterancestors()):
            if level > 1:
                break
            scores[anc] = scores.get(anc, 0) + points / (1 + level)
    if not scores:
        return None
    return max(scores, key=scores.get)
