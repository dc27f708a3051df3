"""A line's text → what the segmentation rules need to know of it, worked out once per text.

The segmenter used to try every rule on every line: each rule cleaned the line again and ran
its own pattern, a sign-off looked ahead by trying all the rules on the lines below, and every
level of a nested quote did it all once more. Here each distinct line text is read once into
its :class:`Features`: its cleaned text, whether it is blank, its '>' depth, and its *cues*,
one bit per rule, set when the line passes that rule's one-line test (an attribution parses, a
footer's first sentence, a separator ...). A rule is tried only on the lines that carry its cue
(:data:`threadkit.segment.RULES` names each rule's cue), so a line of prose costs one look-up,
and the rules themselves, which also read the lines around, run on a few lines in a hundred.

A cue is a *necessary* condition: a rule never matches a line without its cue, so the rules
decide exactly what they decided when they were tried everywhere. Most cues are the rule's own
one-line test; a rule that also reads the lines around (a "--" footer, a separator under a
blank line, an attribution wrapped over three lines) gets the part that reads this line alone.

Texts repeat (the quoted lines of a thread come back in every reply), so the features are kept
by text in a bounded memo (:data:`MEMO`), cleared with ``MEMO.cache_clear()``.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from threadkit import patterns
from threadkit.lang import phrases
from threadkit.segment import attribution, boilerplate, quotes, signature
from threadkit.segment.cues import (ATTACHMENT, ATTRIBUTION, BAR_QUOTE, CLOSES_ATTRIBUTION, DASH_DASH, DISCLAIMER, FOOTER, INLINE_QUOTE,
                                    MARKER_QUOTE, MOBILE, ORIGINAL_MESSAGE, SEPARATOR, SIGNOFF, TAGLINE, WRAPPED_ATTRIBUTION,
                                    CLOSES_KIND, kind_of, kinds_pattern)
from threadkit.segment.lines import _FOLD, clean, is_bar_quoted, is_icon, more_markers, quote_depth
from threadkit.segment.openings import _ASCII, KEY_LENGTH, OTHER, PhrasePattern, Source, needs_non_ascii, openings, shipped, sorted_table


class Features(NamedTuple):
    """What the rules need to know of one line's text: the layout of the plain tuples
    :func:`features` returns (a named tuple costs a Python call to build, per line)."""

    cleaned: str
    """:func:`~threadkit.segment.lines.clean` text."""
    blank: bool
    depth: int
    """:func:`~threadkit.segment.lines.quote_depth`."""
    cues: int
    """The bits of the rules whose one-line test the line passes."""
    kind: str
    """What the segmenter asks of every line of a view, as one letter (:func:`kind_of`)."""


_BLANK = ("", True, 0, 0, kind_of(True, 0, 0))
# A quoted line: its cleaned text starts with '>', which no rule but the '>' run accepts (no
# pattern of the others opens with '>', and an attribution is refused when quoted).
_QUOTED_CUES = MARKER_QUOTE
_QUOTED_KIND, _QUOTED_CLOSES_KIND = kind_of(False, 1, _QUOTED_CUES), kind_of(False, 1, _QUOTED_CUES | CLOSES_ATTRIBUTION)
_PLAIN_KIND = kind_of(False, 0, 0)
_DIGIT = patterns.compile(r"\d")
_EXTENSIONS = boilerplate.EXTENSIONS
_INTRO = 1 << 30  # not a rule's cue: the line opens with an attribution's intro word ("On", "Le")
_FOOTER_DASHES = ("--", "-- ", "---", "___")
_DASH_DASH_LINES = signature.DELIMITER_LINES
_MAX_SIGNOFF, _signoff_match, _NAME_DASHES = signature.MAX_SIGNOFF_LENGTH, signature.SIGNOFF.match, signature._NAME_DASHES


def features(text: str) -> Features:
    """The :class:`Features` of a line's text (kept in :data:`MEMO` when the text is short)."""
    found = MEMO.get(text)
    return found if found is not None else remembered(text)


def features_of(texts: list[str]) -> list[Features]:
    """The :class:`Features` of each of ``texts``: the memo's, looked up in C, and the others
    worked out and kept by the memo's ``__missing__`` (see :func:`new_memo`), each once.

    One pass (``map``) over the texts: the texts not in the memo used to be gathered, each
    distinct one worked out, and the answers merged back by text, which took five more passes
    over every body holding a new text (most do), two of them building dicts: 60 M of the 1,008
    M instructions of segmenting the gg-mbox bodies more than a Python call per new text costs.
    The memo's count is bounded here, once per body, not at each new text."""
    memo = MEMO
    if len(memo) + len(texts) > MEMO_MAX_TEXTS:
        memo.clear()  # bounded: a long archive keeps at most this many texts
        if len(texts) > MEMO_MAX_TEXTS:
            return list(map(features, texts))  # (one by one, each bounded: a body longer than the memo)
    return list(map(memo.__getitem__, texts))


def remembered(text: str) -> Features:
    """The :class:`Features` of a text not in :data:`MEMO`, worked out and kept there if short."""
    found = _features(text)
    if len(text) <= MEMO_MAX_TEXT:
        if len(MEMO) >= MEMO_MAX_TEXTS:
            MEMO.clear()  # bounded: a long archive keeps at most this many texts
        MEMO[text] = found
    return found


def _features(text: str) -> Features:
    # clean() inlined (this runs once per distinct line text, the engine's inner loop)
    cleaned = text.replace("\t", " ").strip() if text.isascii() else text.translate(_FOLD).strip()
    if not cleaned:
        return _BLANK
    if "\\" in cleaned:
        cleaned = clean(text)
    if cleaned[0] == ">":
        # a '>' depth needs a '>' first in the cleaned text; quote_depth says whether it is one.
        # A line that opens with '>' and holds no '\\' reads the same markers folded as cleaned
        # (cleaning then only strips its end): marker_count inlined.
        if text[0] == ">" and "\\" not in text:
            rest = cleaned.lstrip(">")
            depth = len(cleaned) - len(rest)
            if rest[:2] == " >":
                depth += more_markers(rest)
        else:
            depth = quote_depth(text)
        if depth:
            if cleaned[-1] == ":" and len(text) <= quotes.MAX_WRAPPED_LENGTH:
                return (cleaned, False, depth, _QUOTED_CUES | CLOSES_ATTRIBUTION, _QUOTED_CLOSES_KIND)
            return (cleaned, False, depth, _QUOTED_CUES, _QUOTED_KIND)
    cues = _cues(text, cleaned)
    return (cleaned, False, 0, cues, kind_of(False, 0, cues) if cues else _PLAIN_KIND)


def _cues(text: str, cleaned: str) -> int:
    """The cues of a line that is not quoted (its :data:`_INTRO` bit kept: the wrapped
    attribution's test reads it, see :func:`with_neighbours`)."""
    cues = 0
    key = cleaned[:KEY_LENGTH].lower()
    tests = _PICKED.get(key if cleaned.isascii() else key + "\0")
    for cue, test in tests if tests is not None else _tests_for(cleaned):
        if test(text, cleaned):
            cues |= cue
    last = cleaned[-1]
    # an attribution ends with ':' once parse_attribution has read it, which it can add only
    # after a "--" (Zoho) or an intro word ("On ... wrote")
    if (last == ":" or cleaned[:2] == "--" or cues & _INTRO) and attribution.is_attribution(text):
        cues |= ATTRIBUTION
    # attachment_match's own first test inlined (most lines holding a '.' are prose: a call
    # each was a fifth of reading a line of prose): an ASCII line is an attachment only if it
    # opens with "cid:", ends with ')' or ends with a file extension
    if "." in cleaned and (last == ")" or (last != "." and cleaned[cleaned.rfind(".") + 1:].lower() in _EXTENSIONS) or cleaned[0] in "cC["
                           or not cleaned.isascii()) and boilerplate.attachment_match(cleaned):
        cues |= ATTACHMENT
    if last == ":" and len(text) <= quotes.MAX_WRAPPED_LENGTH:
        cues |= CLOSES_ATTRIBUTION
    if cleaned[0] == "|" and is_bar_quoted(text, cleaned):
        cues |= BAR_QUOTE
    return cues


def opens_wrapped_attribution(text: str, cleaned: str, cues: int) -> bool:
    """Whether a line (not quoted, not blank) may open an attribution a client wrapped over up
    to three lines: short, not closed by ':', not a whole attribution, and opening with an intro
    word or holding a digit (its date). Asked only of the lines one or two above a line that
    may close one (:func:`with_neighbours`): most lines have none."""
    return (not cues & (ATTRIBUTION | MARKER_QUOTE) and len(text) <= quotes.MAX_WRAPPED_LENGTH and cleaned[-1] != ":"
            and bool(cues & _INTRO or _DIGIT.search(cleaned)))


def with_neighbours(cues: Sequence[int], cleaned: Sequence[str], texts: Sequence[str], kinds: str) -> tuple[Sequence[int], str]:
    """The cues of a body's lines with :data:`WRAPPED_ATTRIBUTION` set where the neighbours
    allow it, and their kinds (:func:`kind_of`) to match: a wrapped attribution needs a line
    that closes it one or two lines below (see :func:`threadkit.segment.quotes.attribution_rule`),
    so only the two lines above each closing line are asked."""
    closer = _CLOSER.search(kinds)
    if closer is None:
        return cues, kinds
    cues, changed = list(cues), []
    while closer is not None:
        k = closer.start()
        for j in (k - 1, k - 2):
            if j >= 0 and cleaned[j] and not cues[j] & WRAPPED_ATTRIBUTION and opens_wrapped_attribution(texts[j], cleaned[j], cues[j]):
                cues[j] |= WRAPPED_ATTRIBUTION
                changed.append(j)
        closer = _CLOSER.search(kinds, k + 1)
    if changed:
        letters = list(kinds)
        for j in changed:
            letters[j] = kind_of(False, 0, cues[j])
        kinds = "".join(letters)
    return cues, kinds


_CLOSER = kinds_pattern(lambda bits: bits & CLOSES_KIND)


def _tests_for(cleaned: str) -> tuple:
    """The phrase tests a line may pass, picked by its first characters (see :func:`openings`)."""
    key = cleaned[:KEY_LENGTH].lower()
    if len(key) < KEY_LENGTH or not key.isascii():
        # every test: a line of icon glyphs is a tagline (is_icon), which no pattern's openings say
        return tables()[0]
    if not cleaned.isascii():
        key += "\0"  # a line holding a character outside ASCII: the tests that need one as well
    found = _PICKED.get(key)
    if found is None:
        if len(_PICKED) >= _MAX_PICKED:
            _PICKED.clear()  # bounded: a text of random openings must not fill memory
        tests, by_key, non_ascii = tables()
        one, two, three = by_key[1].get(key[0], ()), by_key[2].get(key[:2], ()), by_key[3].get(key[:3], ())
        more = non_ascii if len(key) > KEY_LENGTH else ()
        found = _PICKED[key] = tuple(tests[i] for i in sorted({*one, *two, *three, *more}))
    return found


#: The tests of each key, worked out the first time a line starts with it.
_PICKED: dict[str, tuple] = {}
_MAX_PICKED = 20_000

# The one-line tests of the phrase cues, each with the pattern whose first characters it
# needs: (cue, test(text, cleaned), opening pattern).
_PHRASE_TESTS = (
    (FOOTER, lambda text, cleaned: cleaned in _FOOTER_DASHES or (len(cleaned) < 300 and bool(boilerplate.FOOTER_START.match(cleaned))),
     (boilerplate.FOOTER_START, Source("[-_]"))),
    (TAGLINE, lambda text, cleaned: (not cleaned.isascii() and is_icon(text)) or (len(cleaned) < 300 and bool(boilerplate.ANY_TAGLINE.match(cleaned))),
     (boilerplate.ANY_TAGLINE,)),
    (ORIGINAL_MESSAGE, lambda text, cleaned: bool(quotes.ORIGINAL.match(cleaned) or (len(cleaned) < 300 and quotes.HEADER_FROM.match(cleaned))),
     (quotes.ORIGINAL, quotes.HEADER_FROM)),
    (INLINE_QUOTE, lambda text, cleaned: cleaned.startswith(quotes.INLINE_OPENERS), (Source("<<|«"),)),
    (DASH_DASH, lambda text, cleaned: cleaned in _DASH_DASH_LINES or text in signature.DASHES, (Source("[-—–_]"),)),
    (MOBILE, lambda text, cleaned: signature.is_mobile_tagline(cleaned),
     tuple(Source(f"^(?:{tagline})", re.I) for tagline in phrases("mobile_taglines"))),
    (SEPARATOR, lambda text, cleaned: bool(boilerplate.SEPARATOR.match(cleaned)), (boilerplate.SEPARATOR,)),
    (DISCLAIMER, lambda text, cleaned: bool(boilerplate.DISCLAIMER.match(cleaned)), (boilerplate.DISCLAIMER,)),
    # (a sign-off's one-line test, SIGNOFF or is_dash_name, inlined with is_dash_name's first test: asked of 5,000 lines a pass over the gg-mbox bodies)
    (SIGNOFF, lambda text, cleaned: bool((len(cleaned) <= _MAX_SIGNOFF and _signoff_match(cleaned)) or (cleaned[0] in _NAME_DASHES and signature.is_dash_name(cleaned))),
     (signature.SIGNOFF, signature.DASH_NAME)),
    (_INTRO, lambda text, cleaned: bool(attribution.INTRO_WORDS.match(cleaned)), (attribution.INTRO_WORDS,)),
)


def _tests_by_key() -> tuple[tuple, tuple[dict, ...], tuple[int, ...]]:
    """Every test; for each key length 1..k the tests a line starting with a key may pass; the
    tests a line may pass whatever its key when it holds a character outside ASCII (see
    :func:`read_tests_by_key`): the shipped table's when it was made from these patterns."""
    tests = tuple((cue, test) for cue, test, _ in _PHRASE_TESTS)
    return (tests, *(shipped("CUES", cue_sources()) or read_tests_by_key()))


def cue_sources() -> tuple:
    """What the cue tests' patterns are made of (what the shipped table is found by)."""
    return tuple(tuple(p.source() if isinstance(p, PhrasePattern) else (p.pattern, int(p.flags)) for p in cue_patterns)
                 for _, _, cue_patterns in _PHRASE_TESTS)


def read_tests_by_key() -> tuple[tuple[dict, ...], tuple[int, ...]]:
    """For each key length 1..k (0: none), the indexes of the tests a line starting with a key may pass
    (by key); the tests a line may pass whatever its key when it holds a character outside ASCII
    (a pattern that may start any way but needs such a character: a Japanese tagline after a
    device name). Read from the patterns' parse trees."""
    by_key: tuple[dict, ...] = tuple({} for _ in range(KEY_LENGTH + 1))
    non_ascii = []
    for index, (cue, test, cue_patterns) in enumerate(_PHRASE_TESTS):
        keys = [p.openings() if isinstance(p, PhrasePattern) else openings(p) for p in cue_patterns]
        wide = [p for p, found in zip(cue_patterns, keys) if found is None]
        if wide and all(map(needs_non_ascii, wide)):
            non_ascii.append(index)
            keys = [found for found in keys if found is not None]
        elif wide:
            keys = [frozenset(_ASCII)]  # every one-character key
        for key in _shortened(frozenset().union(*keys)):
            if OTHER not in key:  # (a line whose key is not ASCII is given every test: see _tests_for)
                by_key[len(key)].setdefault(key, []).append(index)
    return tuple(sorted_table(table) for table in by_key), tuple(non_ascii)


def _shortened(keys: frozenset[str]) -> frozenset[str]:
    """A test's openings, cut to shorter prefixes while they are more than :data:`_MOST_KEYS`: a
    line opening with one of those is tried a test it may not pass, and the table holds a few
    hundred keys where it held thousands (a dash before a name, a number before a date: 5,800
    of 7,000 keys, 10 M instructions to load)."""
    while len(keys) > _MOST_KEYS and (longest := max(map(len, keys))) > 1:
        keys = frozenset(key[:longest - 1] for key in keys)
    return keys


_MOST_KEYS = 500


def tables() -> tuple[tuple, tuple[dict, ...], tuple[int, ...]]:
    """What :func:`_tests_by_key` works out, the first time a line is read: reading the patterns'
    parse trees was a third of what importing the segmenter cost (a run that segments nothing,
    a JSON input or ``--help``, does not pay it). Kept for the process, not in a cache that
    ``cache_clear`` empties: it depends on the patterns alone, not on what was read."""
    global _TABLES
    if _TABLES is None:
        _TABLES = _tests_by_key()
    return _TABLES


_TABLES = None


def new_memo() -> dict:
    """An empty memo of features by line text: looked up with ``memo[text]``, it works out the
    features of a text it does not hold, and keeps them if the text is short (:func:`_features`, read from the module when
    called, so a test may stand in for it); it has ``cache_clear()`` to empty it (as
    functools caches have, so the growth tests and the speed bench find it and start each run
    cold). The class is made here, not at module level: what scans a module for ``cache_clear``
    must find the memo, not its class."""

    class Memo(dict):
        def __missing__(self, text: str) -> Features:
            # (their count is bounded by features_of, which asks it once per body)
            found = _features(text)
            if len(text) <= MEMO_MAX_TEXT:
                self[text] = found
            return found

        def cache_clear(self) -> None:
            self.clear()

    return Memo()


MEMO: dict = new_memo()
#: Longer texts are not kept (one 700 KB line of '>' must not stay in memory).
MEMO_MAX_TEXT = 2_000
#: The memo is emptied when it holds this many texts.
MEMO_MAX_TEXTS = 50_000
