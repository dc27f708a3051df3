"""The words of page markup: element signals (tag, role, class and id tokens) → what a part is.

Page templates name their parts in class names and ids ("share-buttons", "related-posts",
"comment-respond", "cookie-banner"); HTML5 and ARIA name some by tag and role (``<nav>``,
``role="navigation"``). These tables are the vocabulary; code asks :func:`furniture_kind`.
A token matches as a whole word of a class or id, hyphens and underscores separating words
("share" in "post-share-bar", not in "shareholder").
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from threadkit import patterns


def _tokens(*words: str) -> re.Pattern:
    return patterns.compile(r"(?<![a-z0-9])(?:" + "|".join(words) + r")(?![a-z0-9])")


#: (kind, words) tried in order: the first that names an element gives its kind.
_FURNITURE_WORDS: tuple[tuple[str, re.Pattern], ...] = (
    ("cookie-notice", _tokens("cookies?", "cookie-?(?:banner|notice|consent|bar|law)", "consent", "gdpr", "cmp-?\\w*", "privacy-?banner")),
    ("comment-form", _tokens("respond", "comment-?respond", "comment-?form", "commentform", "reply-?form", "comment-?reply-?title",
                             "form-?comment", "comment-?(?:form|input|editor)-?\\w*", "add-?comment", "write-?comment", "new-?comment")),
    ("share", _tokens("share", "shares", "sharing", "sharer", "social", "sociable", "social-?\\w+", "share-?\\w+", "sharedaddy",
                      "addthis\\w*", "addtoany", "a2a\\w*", "shariff", "sd-?sharing\\w*", "likes?", "like-?button", "wpl-?\\w+",
                      "follow-?us", "print-?button", "socials")),
    ("related-links", _tokens("related", "related-?\\w+", "jp-relatedposts", "yarpp\\w*", "recommend\\w*", "more-?(?:stories|articles|posts|news)",
                              "popular\\w*", "trending", "most-?(?:read|viewed|popular|commented)", "read-?more", "see-?also",
                              "teaser-?list", "post-?navigation", "nav-?links", "nav-?(?:previous|next)", "prev-?next", "similar\\w*",
                              "latest-?(?:posts|news|articles)", "recent-?(?:posts|comments|articles)", "outbrain", "taboola")),
    ("advertisement", _tokens("ads?", "advert\\w*", "ad-?(?:slot|unit|container|wrapper|banner|box)\\w*", "adsbygoogle",
                              "sponsor\\w*", "banner-?ad", "google-?ad\\w*", "dfp\\w*", "promo\\w*")),
    ("newsletter", _tokens("newsletter\\w*", "subscribe\\w*", "subscription", "signup", "sign-?up", "mailchimp\\w*", "optin")),
    ("navigation", _tokens("nav", "navbar", "navigation", "menu\\w*", "breadcrumbs?", "pagination", "pager", "skip-?link\\w*",
                           "topbar", "top-?bar", "tabs", "toolbar", "site-?nav\\w*", "main-?nav\\w*", "mobile-?nav\\w*")),
    ("tags", _tokens("tags", "tag-?list", "tags-?links", "post-?tags", "entry-?tags", "cat-?links", "categories", "post-?categories",
                     "entry-?categories", "taxonomy", "keywords", "labels")),
    ("author-box", _tokens("author-?(?:bio|box|info|about|profile|description)", "about-?(?:the-?)?author", "bio-?box")),
    ("sidebar", _tokens("sidebar\\w*", "side-?bar", "widget\\w*", "widget-?area", "secondary", "aside", "rail", "right-?col\\w*", "left-?col\\w*")),
    ("page-header", _tokens("masthead", "site-?header", "page-?header", "global-?header", "header-?(?:top|bar|wrap|main)", "branding", "site-?title", "logo")),
    ("page-footer", _tokens("site-?footer", "page-?footer", "global-?footer", "footer", "footer-?\\w+", "colophon", "copyright", "site-?info", "imprint")),
    ("search", _tokens("search\\w*")),
    ("login", _tokens("login", "log-?in", "signin", "sign-?in", "user-?menu", "account")),
)

#: Tags and ARIA roles that name furniture by themselves.
TAG_KINDS = {"nav": "navigation", "aside": "sidebar", "footer": "page-footer", "form": "form", "select": "form", "button": "interface",
              "menu": "navigation", "header": "page-header"}
_ROLE_KINDS = {"navigation": "navigation", "banner": "page-header", "contentinfo": "page-footer", "complementary": "sidebar",
               "search": "search", "menu": "navigation", "menubar": "navigation", "dialog": "interface", "alert": "interface",
               "toolbar": "interface"}
#: The kinds that may sit inside an article or a comment without ending it: the rest
#: (page headers, footers, sidebars) are furniture only at the page's level.
INNER_KINDS = frozenset({"cookie-notice", "comment-form", "share", "related-links", "advertisement", "newsletter", "navigation",
                         "tags", "author-box", "form", "search", "login"})
#: Words of a comment's own furniture: its byline, avatar, meta line, reply and vote links.
COMMENT_META = _tokens("comment-?(?:meta\\w*|author\\w*|header|footer|info|details|actions?|tools|links|byline|head|data|date|time|"
                       "permalink|avatar|user|vcard|reply\\w*|vote\\w*|rating|likes?|controls?|options|menu|number|count|index)",
                       "vcard", "avatar\\w*", "says", "reply", "reply-?link", "replylink", "meta", "metadata", "byline", "post-?meta",
                       "actions?", "votes?", "rating", "permalink", "report\\w*", "flag", "quote-?link", "edit-?link",
                       "dsq-comment-(?:header|footer|meta)", "user-?info", "profile\\w*", "signature",
                       "post-?buttons", "post-?controls", "post-?menu-?area", "back-?2-?top", "back-?to-?top")


#: Class tokens that name a post's taxonomy terms (WordPress's post_class: "category-news",
#: "tag-newsletter"): their words are the site's topics, not the element's role.
_TAXONOMY = patterns.compile(r"(?<!\S)(?:category|tag|post_tag|format)-\S+")


def signals(element: etree._Element) -> str:
    """The element's class and id, lowercased: the text the vocabularies are matched on."""
    return _signals(element.get("class"), element.get("id"))


def signal_word(pattern: re.Pattern, element: etree._Element) -> str | None:
    """The first match of ``pattern`` (a vocabulary's words) in the element's :func:`signals`,
    or None (at once for an element with neither class nor id, as most are)."""
    cls, ident = element.get("class"), element.get("id")
    if cls is None and ident is None:
        return None
    return _signal_word(pattern, _signals(cls, ident))


@lru_cache(maxsize=16384)
def _signal_word(pattern: re.Pattern, text: str) -> str | None:
    # (the finders ask every element of each comment: the same few class names, each searched once)
    found = pattern.search(text)
    return found[0] if found else None


@lru_cache(maxsize=8192)
def _signals(cls: str | None, ident: str | None) -> str:
    text = f"{cls or ''} {ident or ''}".lower()
    return _TAXONOMY.sub(" ", text) if "-" in text else text


@lru_cache(maxsize=4096)
def kind_of_signals(text: str) -> str | None:
    for kind, words in _FURNITURE_WORDS:
        if words.search(text):
            return kind
    return None


def furniture_kind(element: etree._Element, inner: bool = False) -> str | None:
    """The kind of furniture ``element`` is by its tag, role, class or id, or None.

    ``inner``: only the kinds that can stand inside an article or a comment
    (:data:`INNER_KINDS`); a "header" class inside an article is its title block.
    """
    tag = element.tag if isinstance(element.tag, str) else ""
    return _kind(tag, element.get("role"), element.get("class"), element.get("id"), inner)


def kind_of_names(tag: str, role: str | None, cls: str | None, ident: str | None) -> str | None:
    """:func:`furniture_kind` of an element whose tag, role, class and id are known."""
    return _kind(tag, role, cls, ident, False)


@lru_cache(maxsize=16384)
def _kind(tag: str, role: str | None, cls: str | None, ident: str | None, inner: bool) -> str | None:
    kind = _ROLE_KINDS.get((role or "").lower()) or TAG_KINDS.get(tag)
    if kind is None and (cls or ident):
        text = _signals(cls, ident)
        kind = kind_of_signals(text) if text.strip() else None
    if kind is not None and inner and kind not in INNER_KINDS:
        return None
    return kind


def is_comment_meta(element: etree._Element) -> bool:
    """Whether ``element`` is part of a comment's furniture (byline box, meta line, reply link)."""
    return signal_word(COMMENT_META, element) is not None


#: Labels of page parts that the text-copy rules (:mod:`threadkit.article.furniture`) do not
#: name: a blog's post navigation and "more from" boxes, in the corpus's languages.
_LABELS: tuple[tuple[str, re.Pattern], ...] = (
    ("post-navigation", patterns.compile(
        r"^(?:(?:der|die|das)\s+)?(?:nächste[rn]?|vorherige[rn]?|vorige[rn]?|ältere[rn]?|neuere[rn]?)\s+(?:Beitrag|Artikel|Post|Eintrag)\b.{0,30}$|"
        r"^(?:Vorschau auf )?(?:den )?nächsten Artikel\b.{0,30}$|"
        r"^(?:next|previous|older|newer|prev)\s+(?:post|article|entry|story|page)s?\b.{0,30}$|"
        r"^(?:article|billet|post)\s+(?:suivant|précédent)\b.{0,30}$|^(?:artículo|entrada)\s+(?:siguiente|anterior)\b.{0,30}$", re.I)),
    ("related-links", patterns.compile(
        r"^(?:mehr|weitere)\s+(?:aus|von|zu|zum|zur|nachrichten|artikel|beiträge|themen|news)\b.{0,40}$|"
        r"^(?:plus|autres?)\s+(?:d'articles|articles|de)\b.{0,40}$|^(?:more|other)\s+(?:stories|articles|news|posts)\b.{0,40}$", re.I)),
)


def label_kind(text: str) -> str | None:
    """The kind of page part a short label names ("Der nächste Beitrag", "Mehr aus Thüringen"), or None."""
    for kind, pattern in _LABELS:
        if pattern.match(text):
            return kind
    return None
