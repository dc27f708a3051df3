"""Comment bylines in a page copy → :class:`Byline`: who wrote a comment and when.

Sites print them in a handful of shapes, one or two lines long:

* ``Gitta Peyn sagt:`` / ``Roscoe says:`` / ``infamousdx said,`` (a speech verb), with the
  date on the next line or the same one;
* ``Heidemarie Heim | Di, 21. April 2020 - 16:40``, ``Chris Huang — July 10th, 2012, 1:26 am``,
  ``Anna (South Molton St Style)26 October 2012 17:38`` (a name, then a date);
* ``October 11, 2012  Eve`` (a date, then a name);
* ``Sana`` over ``6. JUNI 2015 UM 10:23`` (a name line and a date line);
* ``by Jane Copland on January 31, 2011 at 10:29 am`` / ``Posted by: Lulaine  November 07, 2012``
  (under the comment's text, not above it: a *footer*).

A byline names its author only when the page shows a name: nothing is invented.
"""

from __future__ import annotations

import re
from functools import lru_cache

from attrs import frozen

from threadkit import patterns
from threadkit.article.dates import FoundDate, find_date
from threadkit.article.furniture import furniture_kind, is_comments_heading
from threadkit.segment.lines import Lines, clean, is_blank

#: The verbs of "<name> says:" bylines, as one regex alternation: text bylines use it, and the
#: HTML comment finders (threadkit.html.comments) strip it from a comment's author line.
SPEECH_VERBS = (
    r"says|said|wrote|writes|sagt|schreibt|schrieb|meint|dit|a dit|a écrit|écrit|dice|dijo|escribió|escribe|disse|scrive|zegt|schreef"
)
_SAYS = patterns.compile(rf"^(?P<name>.{{1,60}}?)\s+(?:{SPEECH_VERBS})\s*[:,]?\s*(?P<rest>.{{0,60}})$", re.I)
_BY = patterns.compile(r"^(?:(?:Posted|Written|Submitted|Commented|Geschrieben|Publié|Écrit)\s+)?(?:by|von|par|por|de)\s*:?\s+(?P<name>.{1,60})$", re.I)
#: Slashdot: "by Pieroxy (222434) on Tuesday July 24, @10 34AM (#40749375) Homepage".
_BY_ON = patterns.compile(r"^by\s+(?P<name>[^()]{1,40}?)(?:\s+\(\d+\))?\s+on\s+.{0,80}$", re.I)
_SEPARATORS = " \t|·•—–-,:;@#"
#: What may follow the date on a byline line: "reply", "PDT", "| Permalink", "#3", "4 recs", "Uhr".
_TAIL = patterns.compile(
    r"^[\s|·•,.\-–—:#()\d]*(?:(?:reply|permalink|link|antworten|répondre|responder|edit|report|uhr|(?-i:[A-Z]{2,4})|\(#?\d+\)|#\d+|\d+\s+recs?|homepage|"
    r"said|says|sagt|dit|wrote)[\s|·•,.\-–—:#()\d]*){0,4}$",
    re.I,
)
_PREFIX = patterns.compile(r"^(?:(?:Posted|Written|Submitted|Commented|Published|Veröffentlicht|Publié)(?:\s+on|\s+am|\s+le)?|On|Am|Le|El|Il)\s*:?$", re.I)
_SENTENCE_END = patterns.compile(r"[.!?…]$")
#: Labels a page prints before its own data ("Date 23.05.2011", "Aktualisiert: …", "Auteur"
#: over a name): the page's fields, never a commenter's name. A labelled date is a dateline.
PAGE_LABEL = patterns.compile(
    r"^(?:(?:Date|Datum|Data|Fecha|Time|Zeit|Heure|Uhrzeit|Stand|Published|Publication|Updated|Last updated|Modified|Posted|Created|"
    r"Veröffentlicht|Aktualisiert|Zuletzt aktualisiert|Erstellt|Geändert|Publié|Mis à jour|Modifié|Créé|Publicado|Actualizado|"
    r"Pubblicato|Aggiornato|Gepubliceerd|Bijgewerkt|Author|Autor|Autorin|Auteur|Autrice|Autore|Auteurs?|Authors|Autoren|Rubrique|Rubrik|"
    r"Ressort|Thème|Thema|Section|Category|Catégorie|Kategorie|Source|Quelle|Fuente|Lieu|Ort|Place|Read(?:ing)? time|Lesezeit|"
    r"Temps de lecture)(?:\s*/\s*)?)+\s*:?$",
    re.I,
)
#: The attribution under an embedded social-media post, as a page copy shows it:
#: "— Name (@handle) 25. September 2018". The dash and the handle say it is an embed.
_EMBED = patterns.compile(r"^[—–-]\s*(?P<name>[^()]{1,60}?)\s*\(@\w{1,30}\)\s*(?P<rest>.{0,60})$")
#: A name is a few words; longer text before a date is a headline or prose.
MAX_NAME_WORDS = 5
MAX_NAME_CHARS = 60


@frozen
class Byline:
    """A comment byline: its lines (indexes into the section's lines) and what they say."""

    first: int
    last: int
    author: str | None
    author_line: int | None
    """Index of the line the name was read from."""
    date: FoundDate | None
    date_line: int | None
    footer: bool
    """True for bylines printed under the comment's text ("by X on <date>")."""
    shape: str
    """The layout, for grouping bylines of one comment section: ``says``, ``name-date`` ..."""


@lru_cache(maxsize=1 << 16)
def is_name(text: str) -> bool:
    """True when ``text`` can be a commenter's display name (a handle, a few words)."""
    t = clean(text).strip(_SEPARATORS)
    if not t or len(t) > MAX_NAME_CHARS or len(t.split()) > MAX_NAME_WORDS:
        return False
    if _SENTENCE_END.search(t) and not re.search(r"\.\.\.$|\b[A-Z]\.$", t):
        return False
    if furniture_kind(t) or is_comments_heading(t) or find_date(t) or PAGE_LABEL.match(t):
        return False
    if t.startswith(("http://", "https://", "www.")) and " " not in t:
        return False
    return any(c.isalpha() for c in t)


def _name_around(before: str, after: str) -> str | None:
    """The name beside a date on one line: before it, or (for "date  name") after it."""
    before = before.strip(_SEPARATORS + " ")
    by = _BY.match(before)
    if by:
        before = by.group("name")
    before = re.sub(r"\s+(?:on|am|le|el|il|at|um)$", "", before, flags=re.I).strip(_SEPARATORS)
    if before and not _PREFIX.match(before):
        return before if is_name(before) else None
    after = after.strip(_SEPARATORS + " ")
    if after and not _TAIL.match(after) and is_name(after):
        return after
    return None


@lru_cache(maxsize=1 << 16)
def _one_line(text: str) -> tuple[str | None, FoundDate | None, bool, str] | None:
    """(author, date, footer, shape) of a one-line byline, or None."""
    t = clean(text)
    if not t or len(t) > 160 or furniture_kind(t):
        return None
    embed = _EMBED.match(t)
    if embed:
        return clean(embed.group("name")), find_date(embed.group("rest")), False, "embed"
    says = _SAYS.match(t)
    if says and is_name(says.group("name")):
        rest = says.group("rest")
        date = find_date(rest) if rest else None
        if rest and not date and not _TAIL.match(rest):
            return None
        return clean(says.group("name")).strip(_SEPARATORS), date, False, "says"
    date = find_date(t)
    if date is not None:
        before, after = t[: date.start], t[date.end:]
        if PAGE_LABEL.match(before.strip(_SEPARATORS + " ")) and (not after.strip() or _TAIL.match(after)):
            return None, date, False, "dateline"
        footer = bool(_BY.match(before.strip(_SEPARATORS + " ")) or before.lower().startswith("posted by"))
        if before.strip(_SEPARATORS) and after.strip(_SEPARATORS) and not _TAIL.match(after):
            return None  # prose around a date
        name = _name_around(before, after)
        if name is None and before.strip(_SEPARATORS) and not _PREFIX.match(before.strip(_SEPARATORS)):
            return None
        if name is None and after.strip() and not _TAIL.match(after):
            return None
        shape = "by-date" if footer else ("name-date" if name and before.strip(_SEPARATORS) else ("date-name" if name else "date"))
        return name, date, footer, shape
    by = _BY_ON.match(t) or _BY.match(t)
    if by and is_name(by.group("name")):
        return clean(by.group("name")).strip(_SEPARATORS), None, False, "by"
    return None


def _next_nonblank(lines: Lines, i: int) -> int | None:
    """The next non-blank line below ``i`` when at most one blank line stands between."""
    for k in (i + 1, i + 2):
        if k < len(lines) and not is_blank(lines[k].text):
            return k
    return None


def parse_byline(lines: Lines, i: int) -> Byline | None:
    """The byline starting at index ``i`` of ``lines``, or None.

    A date-only line takes the name from a short line just above it ("Sana" / "6. JUNI
    2015 UM 10:23") or a speech line just below it ("August 9th, 2012" / "infamousdx said,").
    """
    one = _one_line(lines[i].text)
    if one is None:
        k = _next_nonblank(lines, i)
        if k is not None and is_name(lines[i].text):
            below = _one_line(lines[k].text)
            if below and below[3] == "date":
                return Byline(i, k, clean(lines[i].text).strip(_SEPARATORS), i, below[1], k, False, "name/date")
        return None
    author, date, footer, shape = one
    k = _next_nonblank(lines, i)
    below = _one_line(lines[k].text) if k is not None else None
    if shape == "date":
        if below and below[3] == "says" and below[1] is None:
            return Byline(i, k, below[0], k, date, i, False, "date/says")
    if shape == "says" and date is None:
        if below and below[3] == "date":
            return Byline(i, k, author, i, below[1], k, False, "says/date")
    return Byline(i, i, author, i if author else None, date, i if date else None, footer, shape)


def embed_credit(text: str) -> bool:
    """True for the credit line under an embedded social-media post."""
    return bool(_EMBED.match(clean(text)))


#: Byline shapes that never open a comment: a page's labelled date, an embedded post's credit.
NOT_COMMENT_SHAPES = frozenset({"dateline", "embed"})


def find_bylines(lines: Lines, start: int = 0) -> list[Byline]:
    """Every comment byline at or after index ``start``, in order, not overlapping."""
    found: list[Byline] = []
    i = start
    while i < len(lines):
        if is_blank(lines[i].text):
            i += 1
            continue
        byline = parse_byline(lines, i)
        if byline is not None:
            if byline.shape not in NOT_COMMENT_SHAPES:
                found.append(byline)
            i = byline.last + 1
        else:
            i += 1
    return found
