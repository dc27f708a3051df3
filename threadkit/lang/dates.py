"""Dates as web pages and mail attributions print them, with the month names of every language pack.

"August 15, 2020 at 9:35 am", "22. Dezember 2019 um 11:16 Uhr", "6 janvier 2026",
"Di, 21. April 2020 - 16:40", "10/31/2012", "July 10th, 2012, 1:26 am", "2021年10月4日 08:12" ... :func:`find_date`
finds one inside a line and turns it into ISO 8601 (no offset: pages show wall-clock times).
Relative dates ("Today", "3 days ago") are not dates here: they say nothing without the
capture time.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from attrs import frozen

from threadkit import patterns
from threadkit.lang import Pack
from threadkit.lang import packs as lang_packs
from threadkit.lang import word_alternation


def _folded(name: str) -> str:
    """A name without the diacritics of its Latin letters ("février" → "fevrier"): pages write
    both. Other scripts keep theirs (the Cyrillic "й" is a letter of its own, not an "и")."""
    return "".join(base if (base := unicodedata.normalize("NFKD", c)[0]).isascii() else c for c in name)


def _month_names(packs: tuple[Pack, ...]) -> dict[str, int]:
    """Every month name and abbreviation of the language packs → its month number.

    A pack's full names and variants give their number; an abbreviation gets the number of the
    one month of its pack whose name starts with it (diacritics aside: "févr", "fevr" → février);
    an abbreviation that starts several ("ма": март, май) or none ("мая") is left out. A name two
    packs give different numbers is left out too (none is, today).
    """
    found: dict[str, set[int]] = {}
    for lang in packs:
        names = [(k, name) for k, name in enumerate(lang.months, 1)] + list(lang.month_variants)
        folded = [(number, _folded(name)) for number, name in names]  # (once: each abbreviation asks them all)
        for (number, name), (_number, plain) in zip(names, folded):
            for form in dict.fromkeys((name, plain)):  # (not a set: the names' order is the same in every run)
                found.setdefault(form, set()).add(number)
        for short in lang.month_abbreviations:
            plain = _folded(short)
            numbers = {k for k, name in folded if name.startswith(plain)}
            if len(numbers) == 1:
                for form in dict.fromkeys((short, plain)):
                    found.setdefault(form, set()).update(numbers)
    return {name: numbers.pop() for name, numbers in found.items() if len(numbers) == 1}


#: Month names and abbreviations → month number, from the language packs (:mod:`threadkit.lang`):
#: a pack's months are read here with no further change.
MONTHS: dict[str, int] = _month_names(lang_packs())
# factored by their openings (word_alternation: the same match as longest first, without a try
# per name at every position of a line, which was most of an attribution's date search)
_MONTH = "(?:" + word_alternation(MONTHS) + r")(?:\.|(?!\w))"
#: The letters a weekday name below opens with: a look-ahead the engine tests in one step before
#: trying the names one by one (a date search tries them at every position of a line, twice).
_WEEKDAY_OPENINGS = "dfjlmstvw"
_WEEKDAY = (
    rf"(?=[{_WEEKDAY_OPENINGS}])"
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo)\.?,?"
)
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_TIME = r"(?P<h>[01]?\d|2[0-3])[:.h](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*(?P<ap>[ap]\.?m\.?)?"
_AT = r"(?:\s*(?:,|at|um|à|a las|alle|om|-|–|\||@)?\s*)"

_PATTERNS = (
    # the day first: 22. Dezember 2019 / 6 janvier 2026 / 26 October 2012 / 1er mars 2020 / 5 de mayo de 2020;
    # or the month first: August 15, 2020 / July 10th, 2012 / Aug 8, 2012 / Monday, November 5 2012.
    # One alternative whose day (d1) is optional before the month, and the month-first tail
    # when it is absent (?(d1)...): the month names (and weekday names) once, not twice, in the
    # pattern, whose compiling was most of this module's import. The same first match as the
    # two alternatives one after the other: a weekday is tried with both before none (a day
    # follows no weekday with a digit where a month would follow one with a letter), and a
    # day-first date has a month after its day where a month-first one has its year.
    rf"(?:{_WEEKDAY}\s*)?(?:(?P<d1>{_DAY})(?:\.|er|st|nd|rd|th)?\s*(?:de\s+)?)?(?P<m>{_MONTH})"
    rf"(?(d1)\s*(?:de\s+)?(?:(?P<y1>{_YEAR}))?|\s+(?P<d2>{_DAY})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR}))",
    # 2020-08-15
    rf"(?P<y3>{_YEAR})-(?P<m3>[01]?\d)-(?P<d3>[0-3]?\d)",
    # 21.04.2020 / 11.05.12 (day first with dots)
    rf"(?P<d4>{_DAY})\.(?P<m4>[01]?\d)\.(?P<y4>{_YEAR}|\d{{2}})(?!\d)",
    # 10/31/2012 / 31/10/2012 (month first unless impossible)
    rf"(?P<a5>[0-3]?\d)/(?P<b5>[0-3]?\d)/(?P<y5>{_YEAR}|\d{{2}})(?!\d)",
    # 2021年10月4日 / 2021년 10월 4일 (Chinese, Japanese, Korean: year, month, day)
    rf"(?P<y6>{_YEAR})\s*[年년]\s*(?P<m6>[01]?\d)\s*[月월]\s*(?P<d6>[0-3]?\d)\s*[日일]?",
)
DATE = patterns.compile(
    r"(?<![\d/.])(?:" + "|".join(_PATTERNS) + rf")(?:{_AT}{_TIME})?(?:\s*(?:Uhr|h|Uhr\.))?",
    re.IGNORECASE,
)


@frozen
class FoundDate:
    """A date found in a line: where it stands, what it says, and its ISO form when valid."""

    start: int
    end: int
    raw: str
    iso: str | None
    has_time: bool


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _ymd(m: re.Match) -> tuple[int | None, int, int] | None:
    g = m.groupdict()
    if g["d1"]:
        return (_year(g["y1"]) if g["y1"] else None), MONTHS[g["m"].lower().rstrip(".")], int(g["d1"])
    if g["d2"]:
        return _year(g["y2"]), MONTHS[g["m"].lower().rstrip(".")], int(g["d2"])
    if g["y3"]:
        return int(g["y3"]), int(g["m3"]), int(g["d3"])
    if g["d4"]:
        return _year(g["y4"]), int(g["m4"]), int(g["d4"])
    if g["y6"]:
        return int(g["y6"]), int(g["m6"]), int(g["d6"])
    a, b = int(g["a5"]), int(g["b5"])
    month, day = (b, a) if a > 12 else (a, b)
    return _year(g["y5"]), month, day


def _iso(m: re.Match) -> str | None:
    ymd = _ymd(m)
    if ymd is None or ymd[0] is None:
        return None
    year, month, day = ymd
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if not m.group("h"):
        return date.isoformat()
    hour = int(m.group("h"))
    ap = (m.group("ap") or "").lower().replace(".", "")
    if ap == "pm" and hour < 12:
        hour += 12
    elif ap == "am" and hour == 12:
        hour = 0
    return dt.datetime(year, month, day, hour, int(m.group("mi")), int(m.group("s") or 0)).isoformat()


@lru_cache(maxsize=1 << 16)
def find_date(text: str) -> FoundDate | None:
    """The first date in ``text`` (the longest reading at the first position), or None.

    Lines longer than 300 characters are prose, not bylines, and are not searched.
    """
    if len(text) > 300:
        return None
    for m in DATE.finditer(text):
        if m.group("d1") and not m.group("y1") and not m.group("h"):
            continue  # "5 mai" alone is too often prose ("les 5 mai")
        return FoundDate(m.start(), m.end(), m.group(0), _iso(m), bool(m.group("h")))
    return None

