"""Quote attribution lines ("On <date>, <name> wrote:") in many languages → :class:`Attribution`.

Matching runs on folded text (see :func:`threadkit.segment.lines.fold`), so the no-break
spaces that mail clients put before the time and the colon ("à 18:27, X a écrit :") match.
Every pattern is anchored and free of nested quantifiers: lines are tested in linear time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from attrs import frozen

from threadkit import patterns
from threadkit.lang import alternation, phrases
from threadkit.model import Citation
from threadkit.segment.lines import clean
from threadkit.segment.openings import ASCII_FOLDS, phrase_pattern

#: Longest line taken for an attribution; longer lines are prose (and keep regexes cheap).
MAX_LENGTH = 400

# Verbs that end an attribution: "<intro> <name> VERB:" (every language pack's).
_VERB_LAST = alternation("attribution_verbs")
# Where a verb may start: after a word boundary, or anywhere for a verb written in CJK
# characters, as those languages put no space between words ("18:27写道：", "山田のメール:").
_VERB_START = r"(?:\b|(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]))"


#: ""<intro> <name> VERB:", what :func:`parse_attribution` finds without running it (see
#: :func:`_verb_last_intro`): kept as the definition, and for the tests.
verb_last_pattern = patterns.lazy(lambda: rf"^(?P<intro>.*?)[\s,]*{_VERB_START}(?P<verb>{_VERB_LAST})\s*:\s*$", re.IGNORECASE)


#: German, Dutch and Scandinavian put the verb before the name: "Am ... um 18:27 Uhr schrieb
#: X:" (few lines hold such a verb, see :func:`_has_verb_first_verb`).
_verb_first = patterns.lazy(
    lambda: rf"^(?P<intro>{alternation('attribution_verb_first_intros')}\b.*?)\s+(?P<verb>{alternation('attribution_verb_first_verbs')})\s+(?P<name>[^:]{{1,160}}?)\s*:\s*$",
    re.IGNORECASE,
)


def _matches_no_ascii(text: str) -> bool:
    """Whether ``text`` holds a character that no ASCII character matches, even when case is
    ignored: one outside ASCII and not one of :data:`ASCII_FOLDS`."""
    return any(ord(c) > 127 and c not in ASCII_FOLDS for c in text)


#: The verb-first verbs written in ASCII, lower-cased: an ASCII line holding none of them is not
#: read by :func:`_verb_first`, whose lazy intro tries every verb at every position.
_VERB_FIRST_ASCII = tuple(verb.lower() for verb in phrases("attribution_verb_first_verbs") if verb.isascii() and re.escape(verb) == verb)
# (exact when every other verb holds a character no ASCII character matches)
_ALL_VERB_FIRST_ASCII = all(re.escape(verb) == verb if verb.isascii() else _matches_no_ascii(verb) for verb in phrases("attribution_verb_first_verbs"))


def _has_verb_first_verb(line: str) -> bool:
    """Whether an ASCII line may hold a verb-first verb (exact: in ASCII, ignoring case is
    lower-casing; True when a verb is a pattern)."""
    if not _ALL_VERB_FIRST_ASCII:
        return True
    return _VERB_FIRST_ASCII_IN(line.lower()) is not None


# any of them in a lower-cased line: one search in C (a generator's "verb in low" for each verb
# was 5,800 instructions a line ending with ':')
_VERB_FIRST_ASCII_IN = patterns.compile("|".join(map(re.escape, _VERB_FIRST_ASCII)) or "(?!)").search


#: Clients that write no verb at all: "2017-11-24 16:32 GMT+01:00 Jane <j@x.com>:", "ср, 30
#: апр. 2025 г. в 15:19, John Doe <doe@example.com>:" — a time, then an address.
_verbless = patterns.lazy(r"^(?P<intro>.{0,200}?\d{1,2}[:.h]\d{2}.{0,200}?)<[^<>\s]{1,200}@[^<>\s]{1,200}>\s*:\s*$")


# Zoho: "---- On Wed, 24 Feb 2021 14:02:50 +0530 john@gmail.com wrote ----".
_DASH_WRAPPED = patterns.compile(r"^-{2,}\s*(?P<inner>.{8,}?)\s*-{2,}$")
#: Words that open an attribution ("On", "Le", "Am" ...), or a numeric date.
INTRO_WORDS = phrase_pattern("^", "attribution_intros", more=(r"\d{1,4}[./-]",))
_EMAIL = patterns.compile(r"<\s*(?P<a>[^<>\s]{1,200}@[^<>\s]{1,200})\s*>|\[mailto:(?P<b>[^\]\s]{1,200})\]|(?P<c>[\w.+'-]{1,100}(?:\.\.\.)?@[\w.-]{1,200}\w)")


def _email(text: str) -> re.Match | None:
    """The first address in ``text`` (:data:`_EMAIL`), searched only when the text holds what
    every match holds, an '@' or "[mailto:": the search tries a name of up to 100 characters
    before an '@' at every position, which on an attribution without an address (Google
    Groups': "On Saturday, June 22, 2019 at 11:00:44 AM UTC-4, Randy Broman wrote:") was a
    quarter of what reading its facts cost."""
    return _EMAIL.search(text) if "@" in text or "[mailto:" in text else None


# A time, and a year: "(?<!\d)" is asked after the first digit, where it reads "(?<!\d\d)" (the
# character before that digit is not one), so that each pattern opens with a digit and the
# regex engine's search skips in C to the next digit of the line (a look-behind first, it
# tried the whole pattern at every position: 12,000 instructions a search of an attribution).
# The same matches as "(?<!\d)(?P<h>\d{1,2})..." and "(?<!\d)(?:19|20)\d{2}(?!\d)" (a test
# compares them).
_TIME = patterns.compile(r"(?P<h>\d(?<!\d\d)\d?)[:h.](?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?(?!\d)")
_YEAR = patterns.compile(r"(?:19|20)(?<!\d\d\d)\d{2}(?!\d)")


def _plain_verbs() -> tuple[str, ...] | None:
    """The packs' verbs as plain text (their escapes read: "napisał(a)"), or None when one of
    them is a pattern, not plain text."""
    plain = []
    for verb in phrases("attribution_verbs"):
        text = re.sub(r"\\(.)", r"\1", verb)
        if re.escape(text) != verb.replace("\\/", "/") and re.fullmatch(verb, text) is None:
            return None
        if re.search(r"[.^$*+?{}\[\]|()]", re.sub(r"\\.", "", verb)):
            return None  # an operator outside an escape: a pattern
        plain.append(text)
    return tuple(plain)


_PLAIN_VERBS = _plain_verbs()


#: A verb at the end of a text, searched at every position: the definition :func:`_verb_start`
#: matches backwards, used when it cannot (a verb that is a pattern, a final line break) and by the tests.
ends_with_verb_pattern = patterns.lazy(lambda: rf"{_VERB_START}(?:{_VERB_LAST})$", re.IGNORECASE)


#: :func:`ends_with_verb_pattern` read backwards: the verbs reversed, longest first, at the
#: start of the reversed text, then what :data:`_VERB_START` asks of the character before the
#: verb (a word boundary reads the same pair of characters either way; a CJK verb's first
#: character is the last one the reversed match reads). An ASCII text is read without it
#: (:func:`_verb_start`); its compile was 43 M instructions, 4 % of converting a few messages.
_verb_reversed = patterns.lazy(lambda: rf"(?:{'|'.join(re.escape(verb[::-1]) for verb in _VERBS_LONGEST_FIRST)})"
                                       rf"(?:\b|(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]))", re.IGNORECASE)


#: The plain verbs, longest first: the order the reversed alternation tries them.
_VERBS_LONGEST_FIRST = tuple(sorted(_PLAIN_VERBS, key=len, reverse=True)) if _PLAIN_VERBS else None
#: The verbs written in ASCII, lower-cased: an ASCII text that ends with none of them cannot
#: end with a verb (:func:`_verb_start` refuses it without a match; exact, as in ASCII ignoring
#: case is lower-casing). None when a verb is a pattern (then the search decides).
_ASCII_VERB_ENDINGS = tuple(verb.lower() for verb in _PLAIN_VERBS if verb.isascii()) if _PLAIN_VERBS is not None else None
#: What each verb that may match ASCII text matches there, lower-cased, longest first: the
#: ASCII verbs, and those whose other characters are :data:`ASCII_FOLDS` ("yazdı" matches
#: "yazdi" and "YAZDI"). An ASCII text's verb is the first of them that ends it at a word
#: boundary, as the reversed alternation finds it.
_ASCII_VERBS_LONGEST_FIRST = tuple("".join(ASCII_FOLDS.get(c, c) for c in verb).lower() for verb in _VERBS_LONGEST_FIRST
                                   if not _matches_no_ascii(verb)) if _VERBS_LONGEST_FIRST else None


def _verb_start(text: str) -> int | None:
    """Where the verb that ends ``text`` starts (the leftmost that :func:`ends_with_verb_pattern` finds),
    or None when no verb ends it.

    Matched backwards, once, at the text's end: the search tried the packs' 42 verbs at every
    position of the text (45 µs an attribution line, most of what reading one cost). The
    leftmost verb that ends the text is the longest, which the reversed alternation, longest
    first, tries first; the same characters are compared, with the same case rules."""
    if _ASCII_VERB_ENDINGS is not None and text.isascii():
        low = text.lower()
        if not low.endswith(_ASCII_VERB_ENDINGS):
            return None
        return _ascii_verb_start(text, low)  # (an ASCII verb ends it: _ASCII_VERBS_LONGEST_FIRST is not None)
    if _VERBS_LONGEST_FIRST is None or text[-1:] == "\n":  # ('$' also matches before a final line break)
        found = ends_with_verb_pattern().search(text)
        return found.start() if found else None
    found = _verb_reversed().match(text[::-1])
    return len(text) - found.end() if found else None


def _ascii_verb_start(text: str, low: str) -> int | None:
    """:func:`_verb_start` of an ASCII text (``low`` is it lower-cased) that ends with an ASCII
    verb, without the reversed alternation: the first of :data:`_ASCII_VERBS_LONGEST_FIRST`
    that ends it with a word boundary before it (in ASCII, '\\b' is a change between
    ``[A-Za-z0-9_]`` and the rest, and ignoring case is lower-casing)."""
    for verb in _ASCII_VERBS_LONGEST_FIRST:
        if low.endswith(verb):
            start = len(text) - len(verb)
            if _is_word(text[start]) != (start > 0 and _is_word(text[start - 1])):
                return start
    return None


def _is_word(char: str) -> bool:
    """Whether an ASCII character is one '\\w' matches."""
    return char.isalnum() or char == "_"


#: Enough of a line's end to hold the longest verb of :data:`_VERB_LAST`.
_VERB_WINDOW = 40


@frozen
class Attribution:
    """What an attribution line says about the quoted message."""

    line: str
    """The line, verbatim."""
    name: str | None
    email: str | None
    hour: int | None
    minute: int | None
    year: int | None
    verb: str


def parse_attribution(text: str) -> Attribution | None:
    """Parse a quote attribution line, or return None when ``text`` is not one."""
    parts = _attribution_parts(text)
    return _build(*parts) if parts is not None else None


def is_attribution(text: str) -> bool:
    """Whether ``text`` is a quote attribution line (:func:`parse_attribution` would parse it),
    without building what it says: the segmenter asks this of every line ending with ':', and
    the name, address and time are read once, for the lines that are one."""
    return _attribution_parts(text) is not None


def _attribution_parts(text: str) -> tuple[str, str, str | None, str] | None:
    """What :func:`_build` makes an :class:`Attribution` of (the line, its intro, its name
    when the pattern gives one, its verb), or None when ``text`` is not an attribution.

    Kept by text (bounded): the segmenter asks :func:`is_attribution` of a line when it reads
    the line's cues, and the quote the line heads parses it again for its citation
    (:func:`cite`); each took 20-70 µs (the verb at the end and the address are searched with
    every pack's phrasings), the parts are worked out once."""
    if len(text) > MAX_LENGTH or ("wr" not in text and ":" not in text and "\uff1a" not in text):
        return None
    return _parts(text)


@lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[str, str, str | None, str] | None:
    """:func:`_attribution_parts` of a text short enough to be kept."""
    line = clean(text)
    if line.startswith(">"):
        return None  # a quoted attribution belongs to the quote one level down
    wrapped = _DASH_WRAPPED.match(line)
    if wrapped and re.search(_VERB_LAST, wrapped["inner"], re.I):
        line = wrapped["inner"].rstrip(":") + ":"
    if line.endswith(">:"):
        line = line[:-2].rstrip() + ">:" if "<" in line else line
    if not line.endswith(":") and INTRO_WORDS.match(line) and _verb_start(line) is not None:
        line += ":"  # "On Wed, 14 Nov 2018 08:14:43 -0200 John <j@x.com> wrote" (no colon)
    if not line.endswith(":") or len(line) < 8:
        return None
    m = _verb_first().match(line) if not line.isascii() or _has_verb_first_verb(line) else None
    if m:
        return text, m.group("intro"), m.group("name"), m.group("verb")
    # What stands before the final colon decides which pattern can match: a verb, or an
    # address in <>.
    before_colon = line[:-1].rstrip()
    window = before_colon[-_VERB_WINDOW:]
    verb = _verb_start(window)
    if verb is None:
        # the verbless pattern tries every split of a line: only on lines whose end fits
        m = _verbless().match(line) if before_colon.endswith(">") and "@" in line else None
        if m:
            return text, line[:-1], None, ""
        return None
    intro = _verb_last_intro(line, len(before_colon) - len(window) + verb)
    if not _plausible(intro):
        return None
    return text, intro, None, window[verb:]


def _verb_last_intro(line: str, verb_start: int) -> str:
    """The intro of :func:`verb_last_pattern` on a line whose verb starts at ``verb_start``: the text
    before it without the separators (``[\\s,]*``) between them.

    What the pattern's lazy ``.*?`` finds, found directly: the pattern tried every split of the
    line, with every verb of every language at each (tens of microseconds a line). The verb
    ends where the text before the colon ends, and the leftmost verb that ends there (the one
    :func:`ends_with_verb_pattern` finds: "a écrit", not "écrit") gives the shortest intro."""
    k = verb_start
    while k and (line[k - 1] == "," or line[k - 1].isspace()):
        k -= 1
    return line[:k]


def _plausible(intro: str) -> bool:
    # "Here is what he wrote:" is prose; an attribution starts with an intro word, or
    # names an address or a time, or is a bare short name ("Jane Doe wrote:").
    if INTRO_WORDS.match(intro) or _email(intro) or _TIME.search(intro):
        return True
    words = intro.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() or w[:1] in "'\"(" for w in words)


def _build(raw: str, intro: str, name: str | None, verb: str) -> Attribution:
    email = None
    source = name if name is not None else intro
    m = _email(source)
    if m:
        email = m.group("a") or m.group("b") or m.group("c")
        # Gmail in Spanish writes "Ana García (<ana@example.es>)": drop the emptied brackets
        source = re.sub(r"\(\s*\)|\[\s*\]", "", source[: m.start()] + source[m.end():]).strip()
    if name is None:
        name = _name_from_intro(source)
    else:
        name = source.strip(" \"'") or None
    time = _TIME.search(intro)
    hour = minute = None
    if time:
        hour, minute = _hour_24(time), int(time.group("m"))
    year = _YEAR.search(intro)
    return Attribution(
        line=raw,
        name=name,
        email=email,
        hour=hour,
        minute=minute,
        year=int(year.group()) if year else None,
        verb=verb,
    )


def _hour_24(time: re.Match) -> int:
    """The hour of a :data:`_TIME` match on a 24-hour clock (a.m. and p.m. resolved)."""
    hour = int(time["h"])
    ampm = (time["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        return hour + 12
    if ampm == "am" and hour == 12:
        return 0
    return hour


# What may follow the time before the name (compiled once: re.sub with a pattern's text looks
# it up in re's cache at every call)
_ZONE_AFTER_TIME = patterns.compile(r"^\s*(?:UTC|GMT)?\s*[+-]?\d{0,4}\b")
_UHR_AFTER_TIME = patterns.compile(r"^\s*(?:Uhr|h)\b")


def _name_from_intro(intro: str) -> str | None:
    """The name at the end of "On <date>, <name>" (after the last comma or the time)."""
    intro = intro.strip().rstrip(",").strip()
    if not intro:
        return None
    times = list(_TIME.finditer(intro))
    tail = intro
    if times:
        tail = intro[times[-1].end():]
        tail = _ZONE_AFTER_TIME.sub("", tail, 1)
        tail = _UHR_AFTER_TIME.sub("", tail, 1)
    if "," in tail:
        tail = tail.rsplit(",", 1)[1]
    tail = tail.strip(" ,\"'")
    if INTRO_WORDS.match(tail) and len(tail.split()) > 4:
        return None
    if not tail or _YEAR.search(tail) or tail.isdigit():
        return None
    return tail


# --- What a quote keeps of its attribution (Quote.cited) -------------------------------------

#: A zone written right after the time: "-0200", "+05:30", "GMT+01:00", "UTC+1", "GMT".
_OFFSET = patterns.compile(
    r"^\s*(?:(?:GMT|UTC)\s*(?P<s1>[+-])(?P<h1>\d{1,2})(?::?(?P<m1>\d{2}))?(?!\d)"
    r"|(?P<s2>[+-])(?P<h2>\d{2}):?(?P<m2>\d{2})(?!\d)"
    r"|(?P<z>GMT|UTC|Z)\b)",
    re.IGNORECASE,
)


def cite(attribution: str) -> Citation | None:
    """The facts of a quote's attribution (its lines, as ``Quote.attribution`` keeps them):
    its first line, or all its lines when a client wrapped it; None when neither parses.

    Kept by text (bounded; a :class:`~threadkit.model.Citation` is frozen): a thread quotes
    the same attribution in reply after reply, at every level of nesting."""
    return _cite(attribution) if len(attribution) <= _MAX_KEPT else _citation(attribution)


#: Longer attributions (a pasted header block may run on) are not kept.
_MAX_KEPT = 2_000


@lru_cache(maxsize=4096)
def _cite(attribution: str) -> Citation | None:
    return _citation(attribution)


def _citation(attribution: str) -> Citation | None:
    lines = attribution.split("\n")
    parsed = parse_attribution(lines[0]) or (parse_attribution(" ".join(lines)) if len(lines) > 1 else None)
    if parsed is None:
        return None
    text = clean(parsed.line if len(lines) == 1 else " ".join(lines))
    date, time, after = _date_and_time(text)
    return Citation(name=parsed.name, email=parsed.email, date=date, time=time, utc_offset=_utc_offset(after) if time else None)


def _date_and_time(text: str) -> tuple[str | None, str | None, str]:
    """The ISO calendar date of an attribution (when it gives day, month and year), its
    ``HH:MM`` time, and the text after the time (where a zone is written). A time is never
    read inside the date: "Am 22.12.2019 um 11:16" is 11:16, not 22:12."""
    # the dates of pages: the same month names and orders (imported on first use: compiling its
    # pattern is 20 ms that a run segmenting no attribution does not pay)
    from threadkit.lang.dates import find_date

    found = find_date(text)
    date = found.iso[:10] if found and found.iso else None
    if found and found.iso and found.has_time:
        return date, found.iso[11:16], text[found.end:]
    for m in _TIME.finditer(text):
        if found and m.start() < found.end and found.start < m.end():
            continue
        hour, minute = _hour_24(m), int(m["m"])
        if hour < 24 and minute < 60:
            return date, f"{hour:02d}:{minute:02d}", text[m.end():]
    return date, None, ""


def _utc_offset(after_time: str) -> str | None:
    """``±HH:MM`` of a zone written right after the time, when it is a real offset."""
    m = _OFFSET.match(after_time)
    if m is None:
        return None
    if m["z"]:
        return "+00:00"
    sign, hours, minutes = (m["s1"], m["h1"], m["m1"]) if m["s1"] else (m["s2"], m["h2"], m["m2"])
    hours, minutes = int(hours), int(minutes or 0)
    if hours > 14 or minutes not in (0, 15, 30, 45):
        return None
    return f"{sign}{hours:02d}:{minutes:02d}"
