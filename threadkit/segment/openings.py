"""What a pattern's matches may open with, and phrase patterns matched by their opening.

The language packs' phrase sets are long alternations (every pack's sign-offs, attribution
intros, disclaimers ...), and the regex engine tries each alternative in turn at the start of a
line: a sign-off test cost 9-12 µs a line, whatever the line. :func:`openings` reads from a
pattern's parse tree the first characters its matches may have; :class:`PhrasePattern` uses it
to match a line with only the phrases that may open it (most lines: none, or two or three).

The segmenter's one-line tests are picked the same way (see
:mod:`threadkit.segment.features`).
"""

from __future__ import annotations

import re
from itertools import product
from typing import NamedTuple

from threadkit import patterns
from threadkit.lang import phrase_list


class Source(NamedTuple):
    """A pattern read only for its openings (:func:`openings` reads ``pattern`` and ``flags``):
    not compiled, as compiling is the costly part of a pattern and these never match."""

    pattern: str
    flags: int = 0


#: How many characters of a line pick the tests tried on it.
KEY_LENGTH = 3
_ASCII = tuple(map(chr, range(128)))
_ASCII_TEXT = "".join(_ASCII)
#: What stands for every character outside ASCII in a key and in an opening: a line's key holds
#: it for each of its first characters outside ASCII, an opening where the pattern may match
#: one of them ("é", "在", or 'K' (Kelvin) for a 'k' when case is ignored).
OTHER = "\x80"
_ANY = frozenset((*_ASCII, OTHER))
#: The characters outside ASCII that the engine matches with an ASCII letter when case is
#: ignored, and that letter: 'İ' and 'ı' match 'i', 'K' (Kelvin) 'k', 'ſ' 's' (the engine's case
#: rules; tests/test_segment_first_use.py asks it of every character).
ASCII_FOLDS = {"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"}
#: The ASCII letters, in either case, that a character outside ASCII matches when case is ignored.
CASED_OUTSIDE_ASCII = frozenset(c for letter in ASCII_FOLDS.values() for c in (letter, letter.upper()))
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_CHARS: dict = {}  # the ASCII characters (and OTHER) of one character item of a pattern, by item and flags
#: More opening strings than this for one test: the test is tried on every line instead. The
#: largest set a pack's pattern needs is about 4,000 (a dash before a capital of any Latin
#: script); a wide class repeated ("\S+@", "[^、。]{1,30}") passes the bound at its second
#: character, before its 9,000-16,000 strings are built (50,000 let them be built: 90 ms of
#: the first line that needed the taglines and list-footer phrases).
_MAX_OPENINGS = 8_000


def openings(pattern: re.Pattern, k: int = KEY_LENGTH) -> frozenset[str] | None:
    """What a match of ``pattern`` may start with, as lower-cased strings of at most ``k``
    characters, ASCII or :data:`OTHER`: a line whose :func:`key_of` starts with none of them
    cannot match. A string shorter than ``k`` is a match that may end there (any line starting
    with it may match); a match that ends with the line ('$') shorter than ``k`` is left out
    (lines shorter than ``k`` are read with :func:`short_matches`). None when the pattern may
    start any way (too many openings).

    Read from the pattern's parse tree (the stdlib's ``re._parser``), always erring on the
    side of more openings: lookarounds and word boundaries are ignored, and an item that may
    match a character outside ASCII gives :data:`OTHER` (Unicode case rules match 'K' (Kelvin)
    with 'k', 'ſ' with 's' ...)."""
    return _read(pattern, k, line_ends=False)


def short_matches(pattern: re.Pattern, k: int = KEY_LENGTH) -> frozenset[str] | None:
    """The whole matches of ``pattern`` shorter than ``k`` characters, as :func:`openings` writes
    them: a line shorter than ``k`` whose key starts with none of them cannot match (a
    match of such a line is all of it or a start of it). None when the pattern may match any
    short line (the empty string, too many strings). Read as :func:`openings` reads, a line's
    end ('$') ignored as the other assertions are."""
    found = _read(pattern, k, line_ends=True)
    return None if found is None else frozenset(p for p in found if len(p) < k)


def _read(pattern: re.Pattern, k: int, line_ends: bool) -> frozenset[str] | None:
    """:func:`openings`, or with ``line_ends`` what :func:`short_matches` filters."""
    from re import _parser as parser

    flags = pattern.flags

    def chars_of(op, arg) -> set[str]:
        key = (str(op), repr(arg), flags)
        found = _CHARS.get(key)
        if found is None:
            found = _CHARS[key] = frozenset(chars_in(op, arg))
        return found

    def chars_in(op, arg) -> set[str]:
        name = str(op)
        # the ASCII characters one item matches, found by one search over all of them (the
        # packs hold hundreds of distinct CJK literals: a match per character and literal was
        # most of the import time), and OTHER when it may match one outside ASCII
        if name == "LITERAL":
            char = chr(arg)
            if arg < 128:
                # an ASCII literal matches the ASCII characters equal to it, in either case
                # when case is ignored (and then 'K' (Kelvin) ... for a few letters)
                if not flags & re.I:
                    return {char}
                return {char.lower(), char.upper(), OTHER} if char in CASED_OUTSIDE_ASCII else {char.lower(), char.upper()}
            return {*re.findall(re.escape(char), _ASCII_TEXT, flags), OTHER}
        if name == "NOT_LITERAL":
            return {*_ASCII, OTHER} - (chars_of("LITERAL", arg) - {OTHER})
        if name == "RANGE":
            found = set(re.findall(f"[{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}]", _ASCII_TEXT, flags))
            return found | {OTHER} if arg[1] > 127 or (flags & re.I and found & CASED_OUTSIDE_ASCII) else found
        if name == "CATEGORY" and str(arg) in _CATEGORIES:
            return {*re.findall(_CATEGORIES[str(arg)], _ASCII_TEXT, flags), OTHER}  # (Unicode digits, spaces, letters)
        if name == "IN":
            negate = any(str(o) == "NEGATE" for o, _ in arg)
            found = set().union(*(chars_of(o, v) for o, v in arg if str(o) != "NEGATE"))
            return {*_ASCII, OTHER} - (found - {OTHER}) if negate else found
        return set(_ANY)  # ANY, an unknown category: any character

    class TooMany(Exception):
        pass

    def extend(partial: set[str], items) -> set[str]:
        """The strings of ``partial`` (shorter than k: open) followed by a match of ``items``."""
        done = {p for p in partial if len(p) >= k}
        current = partial - done
        for op, arg in items:
            if not current:
                break
            name = str(op)
            if name in ("AT", "ASSERT", "ASSERT_NOT"):
                if name == "AT" and str(arg) in ("AT_END", "AT_END_STRING") and not line_ends:
                    current = set()  # the line ends here: shorter than k, read with short_matches
                continue
            if name in ("LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY"):
                chars = chars_of(op, arg)
                if len(current) * len(chars) > _MAX_OPENINGS:
                    raise TooMany  # before building them: "[^、。]{1,30}" would make 2M strings
                current = {p + c for p in current for c in chars}
            elif name == "BRANCH":
                current = set().union(*(extend(current, alternative) for alternative in arg[1]))
            elif name == "SUBPATTERN":
                current = extend(current, arg[-1])
            elif name == "ATOMIC_GROUP":
                current = extend(current, arg)
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, high, sub = arg
                result = set(current) if low == 0 else set()
                step = current
                for count in range(1, k + 1):  # each repetition adds a character, or ends
                    step = extend(step, sub)
                    full = {p for p in step if len(p) >= k}
                    result |= full  # k characters read: what more repetitions add is past the key
                    step -= full
                    if count >= low:
                        result |= step
                    if count >= high or not step:
                        break
                else:
                    result |= step  # a repetition that may match nothing: erring on more
                current = result
            else:
                return {""}  # a back reference ...: any opening
            if len(current) > _MAX_OPENINGS:
                raise TooMany
            done |= {p for p in current if len(p) >= k}
            current = {p for p in current if len(p) < k}
        return done | current

    try:
        found = extend({""}, parser.parse(pattern.pattern, flags))
    except TooMany:
        return None
    if "" in found:
        return None
    return frozenset(p.lower()[:k] for p in found)


def needs_non_ascii(pattern: re.Pattern) -> bool:
    """Whether every match of ``pattern`` holds a character outside ASCII (a literal no ASCII
    character matches, outside any optional part): "[^、。]{1,30}から送信$" may start any
    way, but a line of ASCII cannot match it."""
    from re import _parser as parser

    flags = pattern.flags

    def needs(items) -> bool:
        for op, arg in items:
            name = str(op)
            if name == "LITERAL" and arg > 127 and not re.findall(re.escape(chr(arg)), _ASCII_TEXT, flags):
                return True
            if name == "SUBPATTERN" and needs(arg[-1]):
                return True
            if name == "BRANCH" and all(needs(alternative) for alternative in arg[1]):
                return True
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1 and needs(arg[2]):
                return True
        return False

    return needs(parser.parse(pattern.pattern, flags))



class PhrasePattern:
    """``prefix(?:phrase|phrase|...)suffix``, as one compiled pattern would match it, but tried
    with only the phrases that may open the line: the line's first :data:`KEY_LENGTH`
    characters (:func:`key_of`: a character outside ASCII is :data:`OTHER`) pick them
    (:func:`openings` of each phrase in its context; a shorter line, all of it:
    :func:`short_matches`), and each distinct pick is compiled once, when first needed. (The
    whole alternation, compiled for a line shorter than the key or not opening with ASCII, was
    5-19 ms a pattern, the first time.)

    The same matches as the whole pattern: the alternatives left out cannot match the line, and
    those kept are in the same order, so the first that matches is the same one. ``pattern``
    and ``flags`` are the whole pattern's (what :func:`openings` reads of it).
    """

    __slots__ = ("pattern", "flags", "_prefix", "_phrases", "_suffix", "_index", "_by_key", "_by_pick")

    def __init__(self, prefix: str, phrases: tuple[str, ...], suffix: str = "", flags: int = re.I):
        self._prefix, self._phrases, self._suffix = prefix, tuple(phrases), suffix
        self.pattern = f"{prefix}(?:{'|'.join(self._phrases)}){suffix}" if self._phrases else f"{prefix}(?!){suffix}"
        self.flags = int(flags)
        self._index = None
        self._by_key: dict[str, re.Pattern | None] = {}
        self._by_pick: dict[tuple[int, ...], re.Pattern | None] = {}

    def match(self, text: str) -> re.Match | None:
        head = text[:KEY_LENGTH]
        key = head.lower() if head.isascii() else key_of(head)
        try:
            picked = self._by_key[key]
        except KeyError:
            picked = self._pick(key)
        return picked.match(text) if picked is not None else None

    def _pick(self, key: str) -> re.Pattern | None:
        """The pattern of the phrases that may open a line starting with ``key`` (a line shorter
        than :data:`KEY_LENGTH`: that is all of it); None for none."""
        by_opening, always, short = self.index()
        if len(key) < KEY_LENGTH:
            # a match of a short line is all of it or a start of it ("": the phrases that may match any)
            picked = tuple(sorted({i for n in range(len(key) + 1) for i in short.get(key[:n], ())}))
        else:
            picked = tuple(sorted({*always, *by_opening.get(key[:1], ()), *by_opening.get(key[:2], ()), *by_opening.get(key, ())}))
        found = self._by_pick.get(picked, False)
        if found is False:
            found = self._by_pick[picked] = patterns.compile(f"{self._prefix}(?:{'|'.join(self._phrases[i] for i in picked)}){self._suffix}",
                                                       self.flags) if picked else None
        if len(self._by_key) >= _MAX_KEYS:
            self._by_key.clear()  # bounded: a text of random openings must not fill memory
        self._by_key[key] = found
        return found

    def source(self) -> tuple:
        """What the pattern is made of: what its tables are read from, and found by in the
        shipped tables (:func:`shipped`)."""
        return (self._prefix, self._phrases, self._suffix, self.flags)

    def index(self) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...], dict[str, tuple[int, ...]]]:
        """The phrases by each of their openings (1 to :data:`KEY_LENGTH` characters); the
        phrases that may open any way (tried on every line); the phrases by each of their
        :func:`short_matches` ("": those that may match any short line). The shipped table's
        when it was made from these phrases, else read from them (once, when first needed)."""
        if self._index is None:
            self._index = shipped("PHRASE_PATTERNS", self.source()) or self.read_index()
        return self._index

    def read_index(self) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...], dict[str, tuple[int, ...]]]:
        """:meth:`index`, read from the phrases' parse trees."""
        by_opening: dict[str, list[int]] = {}
        always = []
        short: dict[str, list[int]] = {}
        for i, phrase in enumerate(self._phrases):
            found = self._plain_opening(phrase)
            if found is None:
                whole = Source(f"{self._prefix}(?:{phrase}){self._suffix}", self.flags)
                found = openings(whole)
                matches = short_matches(whole)  # (a phrase with a plain opening has no match that short)
                for match in ("",) if matches is None else matches:
                    short.setdefault(match, []).append(i)
            if found is None:
                always.append(i)
                continue
            for opening in found:
                by_opening.setdefault(opening, []).append(i)
        return sorted_table(by_opening), tuple(always), sorted_table(short)

    def _plain_opening(self, phrase: str) -> frozenset[str] | None:
        """The opening of a phrase that starts with :data:`KEY_LENGTH` plain characters at the
        start of the line (most sign-offs, taglines and footers): those characters, lower-cased,
        as :func:`openings` would find them; None when the pattern must be read. Reading each
        phrase's parse tree was most of what the first line that needs a phrase set paid
        (164 ms of a gg-mbox run)."""
        if self._prefix == "^" and not self.flags & re.X and "|" not in phrase and _PLAIN_START.match(phrase):
            head = phrase[:KEY_LENGTH].lower()
            if not self.flags & re.I or not CASED_OUTSIDE_ASCII.intersection(head):
                return frozenset((head,))
            # 'K' (Kelvin) opens "Kind regards" as 'K' does
            return frozenset(map("".join, product(*((c, OTHER) if c in CASED_OUTSIDE_ASCII else c for c in head))))
        return None

    def openings(self) -> frozenset[str] | None:
        """:func:`openings` of the whole pattern, from the phrases' (already read for the
        picks) instead of the whole alternation's parse tree."""
        by_opening, always, _ = self.index()
        return None if always else frozenset(by_opening)


def key_of(head: str) -> str:
    """A line's first characters as :func:`openings` writes them: lower-cased, and each
    character outside ASCII :data:`OTHER`."""
    return "".join(c if c.isascii() else OTHER for c in head).lower()


def sorted_table(table: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
    """A table of indexes by string, in the order the shipped tables write it."""
    return {key: tuple(table[key]) for key in sorted(table)}


#: Whether :func:`shipped` gives the shipped tables (the command that writes them reads every
#: table from the patterns: see :mod:`threadkit.segment.opening_tables`).
SHIPPED = True


def shipped(name: str, source: tuple):
    """The table ``name`` of :mod:`threadkit.segment._opening_tables` made from ``source``, or
    None: made from other patterns (a pack changed, a user's pack) or other Unicode case rules,
    the caller reads its own. Reading the patterns' parse trees on first use was 0.15 s of
    profiled time, most of what the first line of a run paid."""
    if not SHIPPED:
        return None
    import unicodedata

    from threadkit.segment import _opening_tables as tables

    if tables.MADE_WITH != (unicodedata.unidata_version, KEY_LENGTH):
        return None
    return getattr(tables, name).get(source)


#: Characters that match themselves (and their other case) in a pattern, none of them
#: pattern syntax; a quantifier right after the third would make it optional.
_PLAIN_START = patterns.compile(rf"[A-Za-z0-9 ',:;!@&%=<>/\"_~-]{{{KEY_LENGTH}}}(?![*+?{{])")

#: Keys kept per phrase pattern.
_MAX_KEYS = 20_000


def phrase_pattern(prefix: str, *fields: str, suffix: str = "", more: tuple[str, ...] = ()) -> PhrasePattern:
    """A case-insensitive :class:`PhrasePattern` of the packs' phrases of ``fields`` (then the
    alternatives ``more``), between ``prefix`` and ``suffix``."""
    return PhrasePattern(prefix, phrase_list(*fields) + tuple(more), suffix, re.I)
