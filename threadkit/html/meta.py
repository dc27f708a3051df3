"""A page's own metadata → author, date, title: JSON-LD, Open Graph, ``<meta>``, ``<time>``.

Pages state who wrote them and when in machine-readable places a browser does not show:
schema.org JSON-LD (``Article``, ``BlogPosting``, ``NewsArticle``, ``DiscussionForumPosting``
with their ``comment`` lists), Open Graph and ``article:`` properties, Dublin Core and plain
``<meta name="author">``, and ``<time datetime>``. The first source that gives a fact wins,
in that order (the most specific first).
"""

from __future__ import annotations

import datetime as dt
import json

import attrs
from lxml import etree

from threadkit import patterns
from threadkit.html.page import shown_text

_ISO = patterns.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "webpage", "posting", "socialmediaposting",
                  "discussionforumposting", "opinionnewsarticle", "analysisnewsarticle", "techarticle", "scholarlyarticle", "review"}


def iso_date(value: str | None) -> str | None:
    """An ISO 8601 date or date-time as the model wants it (seconds, offset as ``+HH:MM``), or None."""
    m = _ISO.match(value or "")
    if m is None:
        return None
    date, time, zone = m.groups()
    if time is None:
        return date
    time = time if len(time) == 8 else time + ":00"
    if zone and zone != "Z" and ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    return f"{date}T{time}{zone or ''}"


@attrs.frozen
class PageMeta:
    """What the page says of itself."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    """ISO 8601."""
    date_raw: str | None = None
    url: str | None = None


def ld_scripts(root) -> list[tuple[etree._Element, list[dict]]]:
    """The page's ``application/ld+json`` scripts, each with its JSON objects (``@graph``
    flattened): parsed once, for the page's metadata and its comments (:mod:`threadkit.html.jsonld`)."""
    found = []
    if root is None:
        return found
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"))
        except ValueError:
            continue
        found.append((script, ld_objects(data)))
    return found


def ld_objects(data) -> list[dict]:
    """The objects of one JSON-LD value, in order: lists and ``@graph`` flattened (what the
    objects hold, such as their comments, is not descended into)."""
    stack, found = [data], []
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if isinstance(item.get("@graph"), list):
                stack.extend(reversed(item["@graph"]))
    return found


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def person_name(value) -> str | None:
    """The name in a JSON-LD author value: a string, a Person, or a list of them (the first)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip() and not value.strip().startswith("http"):
        return " ".join(value.split())
    return None


def _meta_values(root) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in values:
            values[key] = content.strip()
    return values


def page_meta(root, microdata=None, scripts=None) -> PageMeta:
    """The page's metadata, best source first (``microdata``: the page's elements with an
    ``itemprop`` or ``itemtype``, when the walk noted them: :attr:`Page.microdata`;
    ``scripts``: its :func:`ld_scripts`, when parsed already)."""
    if root is None:
        return PageMeta()
    items = [item for _script, objects in (ld_scripts(root) if scripts is None else scripts) for item in objects]
    article = next((i for i in items if _types(i) & _ARTICLE_TYPES and (i.get("datePublished") or i.get("author"))), {})
    metas = _meta_values(root)
    author = person_name(article.get("author")) or _first(metas, "author", "article:author", "dc.creator", "dcterms.creator",
                                                          "sailthru.author", "parsely-author", "byl", "twitter:creator")
    if author and author.startswith(("http", "@")):
        author = None
    microdata = list(root.iter()) if microdata is None else microdata
    author = author or _microdata(microdata, "author")
    raw = article.get("datePublished") or article.get("dateCreated") or _first(
        metas, "article:published_time", "og:article:published_time", "datepublished", "date", "dc.date", "dcterms.date",
        "dc.date.issued", "pubdate", "publishdate", "sailthru.date", "parsely-pub-date", "article.published")
    raw = raw or _microdata_date(microdata)
    if raw is None:
        time = next((t for t in root.iter("time") if t.get("datetime") and iso_date(t.get("datetime"))), None)
        raw = time.get("datetime") if time is not None else None
    title = article.get("headline") or _first(metas, "og:title", "twitter:title", "dc.title")
    url = _first(metas, "og:url") or article.get("url") if isinstance(article.get("url", ""), str) else None
    return PageMeta(title if isinstance(title, str) else None, author, iso_date(raw) if isinstance(raw, str) else None,
                    raw if isinstance(raw, str) else None, url)


def _outside_comments(el) -> bool:
    return not any("comment" in (a.get("itemtype") or "").lower() or (a.get("itemprop") or "").lower() == "comment"
                   for a in el.iterancestors())


def _microdata(elements, prop: str) -> str | None:
    """The text of the first microdata ``prop`` outside comments (its ``name`` when it is a Person)."""
    for el in elements:
        if isinstance(el.tag, str) and (el.get("itemprop") or "").lower() == prop and _outside_comments(el):
            named = next((d for d in el.iter() if (d.get("itemprop") or "").lower() == "name"), el)
            shown = shown_text(named) or named.get("content")
            if shown and len(shown) <= 100:
                return shown
    return None


def _microdata_date(elements) -> str | None:
    for el in elements:
        if isinstance(el.tag, str) and (el.get("itemprop") or "").lower() == "datepublished" and _outside_comments(el):
            value = el.get("datetime") or el.get("content")
            if value:
                return value
    return None


def _first(values: dict[str, str], *keys: str) -> str | None:
    return next((values[k] for k in keys if values.get(k)), None)


def datetime_of(element: etree._Element) -> str | None:
    """A machine-readable date on or inside ``element``: ``<time datetime>``, microdata
    ``content``/``datetime``, or a ``title`` attribute holding an ISO date."""
    for el in element.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("datetime", "content", "title", "data-time", "data-datetime"):
            value = iso_date(el.get(attr))
            if value is not None:
                return value
        value = _epoch_date(el.get("data-time"))
        if value is not None:
            return value
    return None


_EPOCH = patterns.compile(r"^\d{10}(?:\d{3})?$")


def _epoch_date(value: str | None) -> str | None:
    """A Unix time in seconds or milliseconds (Discourse's ``data-time``) as UTC ISO 8601."""
    if not value or not _EPOCH.match(value):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    try:
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    except (OverflowError, OSError, ValueError):
        return None
