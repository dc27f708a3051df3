"""A page's comment markup → comments: element, author, date, body and the comment answered.

A cascade, most specific first; the first tier that finds comments gives them all:

1. schema.org ``Comment`` / ``UserComments`` in microdata (``itemtype``, ``itemprop="comment"``);
2. microformats: an ``h-entry`` or ``h-cite`` inside another entry, or marked ``p-comment``/``u-comment``;
3. comment-list templates: WordPress (``li.comment``, ``ol.children``), Disqus' ``<noscript>``
   list (``li#dsq-comment-N``), Blogger, and any element whose id is ``comment-N`` or whose
   class names it a comment;
4. definition-list threads (Blogger's classic ``dl#comments-block``: ``dt`` byline, ``dd`` body);
5. repeated siblings: a run of same-shaped elements each showing a short name and a date.

Inside a comment, its author and date are found by their markup (``.fn``, ``itemprop=author``,
``<time>``, ``.comment-date``...) or, failing that, a short element whose text is a date;
the comment's furniture (avatar, meta line, reply link) by :func:`vocab.is_comment_meta`.
A comment nested in another answers it (WordPress nests replies in ``ol.children``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import attrs
from lxml import etree

from threadkit import patterns
from threadkit.article.bylines import SPEECH_VERBS
from threadkit.article.dates import find_date as _find_date
from threadkit.html.meta import datetime_of
from threadkit.html.page import Page, TextIndex, shown_text
from threadkit.html.vocab import is_comment_meta, signal_word, signals

_COMMENT_ID = patterns.compile(r"^(?:li-|div-|dsq-)?(?:comment|comments|com|cmt|kommentar|c)[-_]?\d+$", re.I)
_COMMENT_CLASS = patterns.compile(r"(?<![a-z0-9_-])(?:comment|comment-item|commentlist-item|single-comment|comment-container|comment-wrap|"
                            r"comment-entry|media-comment|js-comment|dsq-comment|comment-thread-item|kommentar|user-comment|"
                            r"reader-comment|c-comment|comment-row|commentbox|commentbody|comment-body|comment_body)(?![a-z0-9_-])")
_MICRODATA = patterns.compile(r"schema\.org/(?:Comment|UserComments|Answer)\b", re.I)
_AUTHOR_CLASS = patterns.compile(r"(?<![a-z0-9])(?:fn|p-author|p-name|author-name|authorname|comment-author-name|comment-author|"
                           r"author|user-?name|nick-?name|nick|poster|commenter|display-name|comment-user|user|name|"
                           r"dsq-commenter-name|screen-name)(?![a-z0-9])")
_DATE_CLASS = patterns.compile(r"(?<![a-z0-9])(?:dt-published|comment-date|comment-time|commentdate|comment-timestamp|timestamp|"
                         r"datetime|date|time|published|posted|post-date|meta-date|comment-metadata|dsq-comment-header-time)(?![a-z0-9])")
_SAYS_TAIL = patterns.compile(rf"\s+(?:{SPEECH_VERBS})\s*(?:\.\.\.|…|[:,])?\s*$", re.I)
#: A name or a date shows at most this much text.
SHORT = 120


@attrs.frozen(eq=False)
class Comment:
    """One comment found in the page's markup."""

    element: etree._Element
    """The element holding the whole comment (a ``dt`` for definition-list threads)."""
    parts: tuple[etree._Element, ...] = ()
    """Further elements of the comment outside ``element`` (the ``dd`` of a ``dt``)."""
    author: etree._Element | None = None
    date: etree._Element | None = None
    date_iso: str | None = None
    parent: Comment | None = None
    tier: str = ""
    byline_author: str | None = None
    """The name read from a byline's text ("Posted by: tj at October 29, 2012"), when no
    element holds the name alone."""

    @property
    def elements(self) -> tuple[etree._Element, ...]:
        return (self.element, *self.parts)


_DIGIT = patterns.compile(r"\d")


def find_date(text: str):
    """:func:`threadkit.article.dates.find_date`, skipping text without a digit (every date
    it reads has one; its pattern is slow to fail)."""
    return _find_date(text) if _DIGIT.search(text) else None


def find_comments(page: Page, text: TextIndex) -> list[Comment]:
    """The page's comments, in document order, each knowing its parent comment."""
    root = page.root
    if root is None:
        return []
    for tier, finder in _TIERS:
        if tier == "dl-thread":
            found = dl_thread(root, text)
        else:
            items = [el for el in finder(page, text) if text(el) > 0]
            if tier == "forum":
                items = _replies_only(_outermost_twins(items))
            found = _as_comments(_outermost_twins(items), tier) if items else []
            if tier == "forum" and found:
                found = _forum_parents(found)
        if found:
            return found
    return []


_REPLY_SUBJECT = patterns.compile(r"^\s*(?:Re|AW|Antw|Réf|RE|Sv|Vs)\s*:", re.I)


def _opening_post(el) -> bool:
    """Whether a forum post opens its topic: Discourse's post number 1, or a phpBB post whose
    subject is not a reply's ("Re: …")."""
    if el.get("data-post-number") == "1" or el.get("id") == "post_1" or any(d.get("id") == "post_1" for d in el.iter("article")):
        return True
    subject = next((d for d in el.iter("h3", "h2") if shown_text(d, SHORT)), None)
    return subject is not None and "postbody" in " ".join(a.get("class") or "" for a in subject.iterancestors()).split() \
        and not _REPLY_SUBJECT.match(shown_text(subject, SHORT))


def forum_opening(page: Page, text: TextIndex):
    """The opening post of a forum topic page (its article), or None."""
    items = _outermost_twins([el for el in _forum_posts(page) if text(el) > 0])
    return items[0] if items and _opening_post(items[0]) else None


def _replies_only(items: list) -> list:
    """A topic's opening post is its article, read as one: the replies are the comments."""
    return items[1:] if items and _opening_post(items[0]) else items


_POST_NUMBER = patterns.compile(r"/(\d+)/?$")


def _forum_parents(found: list[Comment]) -> list[Comment]:
    """Discourse shows the post a reply answers in a ``reply-to-tab`` link ("/t/slug/ID/N"):
    post N among the page's posts; other posts answer the topic (the article)."""
    by_number = {}
    for c in found:
        number = c.element.get("data-post-number") or next(
            (d.get("id")[5:] for d in c.element.iter("article") if _DISCOURSE_ID.match(d.get("id") or "")), None)
        if number:
            by_number[number] = c
    out: list[Comment] = []
    made: dict = {}
    for c in found:
        tab = next((a for a in c.element.iter("a") if "reply-to-tab" in (a.get("class") or "").split()), None)
        m = _POST_NUMBER.search(tab.get("href") or "") if tab is not None else None
        target = by_number.get(m.group(1)) if m else None
        parent = made.get(target.element) if target is not None else made.get(c.parent.element) if c.parent is not None else None
        made[c.element] = attrs.evolve(c, parent=parent)
        out.append(made[c.element])
    return out


def _microdata(page: Page, _text=None) -> list:
    return [el for el in page.microdata if (
        _MICRODATA.search(el.get("itemtype", "")) or el.get("itemprop", "").lower() in ("comment", "comments")
        and el.get("itemscope") is not None)]


def _microformats(page: Page, _text=None) -> list:
    items = []
    for el, (cls, _ident) in page.named.items():
        if not cls or ("h-" not in cls and "-comment" not in cls):
            continue
        words = cls.split()
        if "p-comment" in words or "u-comment" in words or (("h-entry" in words or "h-cite" in words) and _inside_entry(el)):
            items.append(el)
    return items


def _inside_entry(el) -> bool:
    return any("h-entry" in a.get("class", "").split() for a in el.iterancestors())


_NOT_ITEMS = frozenset({"a", "span", "p", "img", "section", "body", "form"})


@lru_cache(maxsize=16384)
def _comment_words(cls: str | None, ident: str | None) -> bool:
    return bool(_COMMENT_ID.match(ident or "") or _COMMENT_CLASS.search((cls or "").lower()))


def _templates(page: Page, _text=None) -> list:
    # (the words first: few elements have them, and asking an element its tag costs a call)
    return [el for el, (cls, ident) in page.named.items() if _comment_words(cls, ident) and el.tag not in _NOT_ITEMS]


def _repeated_siblings(page: Page, text: TextIndex) -> list:
    """The largest run of same-shaped siblings (tag and class) of which most show a short date
    and some words: a comment list whose markup names nothing (inline styles only)."""
    best: list = []
    memo: dict = {}  # element → whether it shows a date (members nest: each is asked once)
    for parent in page.elements:
        size = len(parent)
        if size < MIN_SIBLINGS or size <= len(best) or text(parent) < MEMBER_CHARS * MIN_SIBLINGS or not isinstance(parent.tag, str):
            continue  # (too few children, or too little text for enough members of MEMBER_CHARS)
        shapes: dict = {}
        for child in parent:
            if MEMBER_CHARS <= text(child) <= 20_000:  # (the size first: most children are small, and their tags need not be read)
                tag = child.tag
                if isinstance(tag, str) and tag not in _NOT_SIBLINGS:
                    shapes.setdefault((tag, child.get("class")), []).append(child)
        for members in shapes.values():
            if len(members) < MIN_SIBLINGS or len(members) <= len(best):
                continue
            dated = [m for m in members if _dated(m, memo)]
            if len(dated) >= MIN_SIBLINGS and len(dated) >= 0.6 * len(members) and len(dated) > len(best) and not _in_furniture(parent, page):
                best = dated
    return best


#: A generic comment list has at least this many members, each showing this much text.
MIN_SIBLINGS = 3
MEMBER_CHARS = 40
_NOT_SIBLINGS = frozenset({"script", "style", "br", "hr", "option", "a", "img", "span", "input", "meta", "link"})


def _in_furniture(el, page: Page) -> bool:
    return any(page.furniture(a) not in (None, "form") for a in (el, *el.iterancestors()) if a.tag not in ("body", "html"))


def _dated(member, memo: dict) -> bool:
    """Whether a small element inside ``member`` shows a date."""
    for d in member.iter():
        if isinstance(d.tag, str) and len(d) <= 2 and d.text:
            known = memo.get(d)
            if known is None:
                shown = shown_text(d, SHORT)
                known = memo[d] = 0 < len(shown) <= SHORT and find_date(shown) is not None
            if known:
                return True
    return False


#: Forum topic pages: Discourse's posts (``article#post_N`` in ``div.topic-post``) and phpBB's
#: (``div#pN.post`` holding ``div.postbody``).
_DISCOURSE_ID = patterns.compile(r"^post_\d+$")
_PHPBB_ID = patterns.compile(r"^p\d+$")


def _forum_posts(page: Page, _text=None) -> list:
    items = []
    for el, (cls, ident) in page.named.items():
        if ident and ident[0] == "p":  # (a cheap test first: this runs over every named element)
            if el.tag == "article" and _DISCOURSE_ID.match(ident):
                items.append(el)
                continue
            if _PHPBB_ID.match(ident) and "post" in (cls or "").split() and any(
                    "postbody" in (d.get("class") or "").split() for d in el.iter("div")):
                items.append(el)
                continue
        if cls and "topic-post" in cls and "topic-post" in cls.split():
            items.append(el)
    return items


_TIERS = (("microdata", _microdata), ("microformats", _microformats), ("forum", _forum_posts), ("dl-thread", None),
          ("template", _templates), ("repeated-siblings", _repeated_siblings))


def _outermost_twins(items: list) -> list:
    """Drop an item that merely wraps the start of an outer item (WordPress's ``li#li-comment-5``
    holding ``div#comment-5``): the outer one, which also holds the replies, stands for it."""
    chosen = set(items)
    keep = []
    for el in items:
        outer = next((a for a in el.iterancestors() if a in chosen), None)
        if outer is not None and _starts(outer, el):
            chosen.discard(el)
            continue
        keep.append(el)
    return keep


def _starts(outer, inner) -> bool:
    """Whether no visible text comes before ``inner`` inside ``outer``."""
    if outer.text and outer.text.strip():
        return False
    ancestors = set(inner.iterancestors())
    for el in outer.iterdescendants():
        if el is inner:
            return True
        if isinstance(el.tag, str) and el.tag not in ("script", "style") and el.text and el.text.strip():
            return False
        if el not in ancestors and el.tail and el.tail.strip():
            return False
    return True


def _as_comments(items: list, tier: str) -> list[Comment]:
    """Items → comments with an author or a date (an item with neither is a part of a
    comment, such as its body box, or no comment at all), each answering the nearest kept
    item it is nested in. A byline printed beside the item (Movable Type's and TypePad's
    ``<p class="posted">Posted by: X at DATE</p>`` after the body) is a part of it."""
    chosen = set(items)
    found = []
    for k, el in enumerate(items):
        byline = _byline_after(el, chosen)
        if byline is not None:
            date_el, iso = find_date_element(byline, set())
            if date_el is None:  # the byline's own text holds the date
                date_el, iso = byline, find_date(shown_text(byline)).iso
            found.append((el, (byline,), _name_link(byline), date_el, iso, _byline_name(byline)))
            continue
        author = find_author(el, chosen)
        date_el, iso = find_date_element(el, chosen)
        if author is not None or date_el is not None:
            found.append((el, (), author, date_el, iso, None))
    kept = {item[0] for item in found}
    made: dict = {}
    out = []
    for el, parts, author, date_el, iso, name in found:
        parent_el = next((a for a in el.iterancestors() if a in kept), None)
        comment = Comment(el, parts, author, date_el, iso, made.get(parent_el), tier, name)
        made[el] = comment
        out.append(comment)
    return out


def _byline_after(item, chosen: set):
    """The short element right after ``item`` (before any other item) that reads as a byline."""
    for sib in item.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib in chosen or any(d in chosen for d in sib.iterdescendants()):
            return None
        shown = shown_text(sib, SHORT * 2)
        if not shown:
            continue
        if len(shown) <= SHORT * 2 and find_date(shown) is not None and _byline_name(sib):
            return sib
        return None
    return None


def _byline_name(el) -> str | None:
    from threadkit.article.bylines import parse_byline
    from threadkit.segment.lines import Line

    byline = parse_byline([Line(1, shown_text(el))], 0)
    return byline.author if byline is not None else None


def own_elements(item, chosen: set):
    """The elements inside ``item`` that are not inside a nested comment, in document order."""
    walk = etree.iterwalk(item, events=("start",))
    next(walk)  # (the item itself)
    for _event, el in walk:
        if el in chosen or type(el.tag) is not str:
            walk.skip_subtree()  # (a nested comment's elements are its own)
            continue
        yield el


def author_name(shown: str | None) -> str | None:
    """The name in a comment's author element: "Peter said..." → "Peter"."""
    if not shown:
        return None
    name = _SAYS_TAIL.sub("", shown).strip(" \t:·|-–—")
    return name or None


def find_author(item, chosen: set) -> etree._Element | None:
    """The element naming the comment's author: by its markup (``itemprop=author``, ``.fn``,
    ``.author``...), else a short link, ``<cite>`` or bold name in the comment's meta line."""
    best = None
    for el in own_elements(item, chosen):
        if el.tag in ("script", "style", "img"):
            continue
        if el.get("itemprop", "").lower() in ("author", "creator"):
            name = next((d for d in el.iter() if d.get("itemprop", "").lower() == "name"), el)
            if 0 < len(shown_text(name, SHORT)) <= SHORT:
                return name
        m = signal_word(_AUTHOR_CLASS, el)
        if m is not None and best is None and 0 < len(shown_text(el, SHORT)) <= SHORT and not _NOT_NAMES.match(shown_text(_innermost_name(el))):
            best = el
            if m == "fn":
                return el
    if best is not None:
        return _innermost_name(best)
    for el in own_elements(item, chosen):
        if el.tag in ("cite", "strong", "b") and 0 < len(shown_text(el, 60)) <= 60:
            return el
        if is_comment_meta(el) or signal_word(_DATE_CLASS, el):
            name = _name_link(el)
            if name is not None:
                return name
    return None


_NOT_NAMES = patterns.compile(r"^(?:#|\d+|reply|antworten|répondre|responder|permalink|link|report|edit|quote|zitieren|melden|"
                        r"(?:view )?profile|profil|avatar|\[avatar\])$", re.I)


def _name_link(meta) -> etree._Element | None:
    """A link in a meta line that reads as a name ("by <a>Kris</a> on May 2"), not as "Reply"."""
    for a in meta.iter("a", "cite", "strong", "b"):
        shown = shown_text(a, 60)
        if 1 < len(shown) <= 60 and not _NOT_NAMES.match(shown) and find_date(shown) is None:
            return a
    return None


def _innermost_name(el):
    """A byline box often wraps the name link with an avatar and "says:": the link when there is one."""
    for d in el.iter("a", "span", "b", "strong", "cite"):
        if d is not el and 0 < len(shown_text(d, SHORT)) <= SHORT and signal_word(_AUTHOR_CLASS, d):
            return d
    links = [d for d in el.iter("a") if shown_text(d, 0)]
    return links[0] if len(links) == 1 else el


def find_date_element(item, chosen: set) -> tuple[etree._Element | None, str | None]:
    """The element showing the comment's date, and the date in ISO form: by its markup
    (``<time>``, ``itemprop``, a date class), else the smallest short element whose text
    holds a date."""
    fallback = None
    for el in own_elements(item, chosen):
        tag = el.tag
        if tag in ("script", "style"):
            continue
        shown = shown_text(el, SHORT)
        if not shown or len(shown) > SHORT:
            continue
        if tag == "time" or el.get("itemprop", "").lower() in ("datecreated", "datepublished", "commenttime", "datemodified") \
                or signal_word(_DATE_CLASS, el) is not None:
            found = find_date(shown)
            iso = datetime_of(el) or (found.iso if found else None)
            if iso or found:
                return el, iso
        if fallback is None:
            found = find_date(shown)
            if found is not None and found.iso and not any(find_date(shown_text(child)) for child in el if isinstance(child.tag, str)) \
                    and not _in_profile(el, item):
                fallback = (el, found.iso)
    return fallback or (None, None)


_PROFILE = patterns.compile(r"(?<![a-z0-9])(?:postprofile|profile|user-?info|author-?info|poster-?info)(?![a-z0-9])")


def _in_profile(el, item) -> bool:
    """Whether ``el`` is in the poster's profile box (a forum's "Joined: <date>" is no post date)."""
    for a in el.iterancestors():
        if a is item:
            return False
        if signal_word(_PROFILE, a) is not None:
            return True
    return False


def comment_meta(item, chosen: set, text: TextIndex) -> list:
    """The comment's own furniture elements (meta line, avatar box, reply link): small parts
    of the comment whose class names them so."""
    whole = max(text(item), 1)
    out = []
    skip = set()
    for el in own_elements(item, chosen):
        if el in skip:
            continue
        if is_comment_meta(el) and text(el) <= max(SHORT * 2, whole // 2) and not _holds_body(el):
            out.append(el)
            skip.update(el.iter())  # (its parts are in it)
    return out


_BODY_CLASS = patterns.compile(r"(?<![a-z0-9])(?:body|content|text|message|entry|comment-?text|comment-?content)(?![a-z0-9])")


def _holds_body(el) -> bool:
    """Whether ``el`` holds the comment's own words: paragraphs, or a part named for them
    (a meta box that wraps the whole comment is not furniture)."""
    for d in el.iter():
        if d.tag in ("p", "blockquote", "pre") or (d is not el and signal_word(_BODY_CLASS, d) is not None):
            return True
    return False


_DL_THREAD = patterns.compile(r"comment", re.I)


def dl_thread(root, text: TextIndex) -> list[Comment]:
    """Definition-list threads: in a ``<dl>`` named for comments, each ``<dt>`` opens a comment
    (its byline) and the ``<dd>`` elements after it are its body and footer."""
    out = []
    for dl in root.iter("dl"):
        if not _DL_THREAD.search(signals(dl)):
            continue
        current: list = []
        for child in dl:
            if child.tag == "dt":
                if current:
                    out.append(_dl_comment(current))
                current = [child]
            elif child.tag == "dd" and current:
                current.append(child)
        if current:
            out.append(_dl_comment(current))
    return [c for c in out if text(c.element) or any(text(p) for p in c.parts)]


def _dl_comment(elements: list) -> Comment:
    dt, rest = elements[0], tuple(elements[1:])
    date_el, iso = None, None
    for part in rest:
        date_el, iso = find_date_element(part, set())
        if date_el is not None:
            break
    return Comment(dt, rest, _innermost_name(dt), date_el, iso, None, "dl-thread")
