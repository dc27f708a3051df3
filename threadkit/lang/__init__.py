"""Language packs: everything language-specific, one module per language, behind a plain registry.

Each module ``threadkit/lang/<code>.py`` defines ``PACK``, a :class:`~threadkit.lang.pack.Pack`
whose fields (documented on the class) hold that language's attribution phrasings, forward and
original-message labels, sign-offs, mobile taglines, list footers, disclaimers, months ...
The segmenter builds one combined matcher per field from all registered packs
(:func:`alternation`), so a phrase added to a pack is recognised in every body, whatever the
body's language.

Adding a language:

1. write ``threadkit/lang/<code>.py`` with ``PACK = Pack(code="<code>", name=..., ...)``,
   filling the fields the language has with the strings its mail clients, lists and writers
   really put in a body (copy ``fr.py`` for the shape, ``da.py`` for a language whose Gmail
   opens an attribution with the weekday, ``zh.py`` for one written without spaces: there no
   fragment may rely on a word boundary or a space between characters);
2. add ``"<code>"`` to :data:`CODES`;
3. add one fixture folder per case to ``tests/cases/lang/<code>/`` (``attribution``,
   ``forward``, ``reply-header``, ``signoff``, ``tagline``, ``footer``, ``disclaimer``, and
   ``groups-interface`` when the pack has the Google Groups web interface's words):
   ``input.txt`` a realistic body, ``expected.json`` the blocks it must give;
   ``tests/test_lang_fixtures.py`` runs every folder (README.md, "Adding a language");
4. run ``python -m threadkit.segment.opening_tables``: the segmenter ships the tables it
   picks a line's phrases with, made from the packs' phrases (a pack that differs from them
   has its tables read from its patterns on first use, 0.15 s; ``tests/test_segment_first_use.py``
   fails while they are stale).

    >>> from threadkit.lang import pack
    >>> pack("fr").attribution_verbs[:2]
    ('a écrit', 'a ecrit')
"""

from __future__ import annotations

import importlib
import re
from re._casefix import _EXTRA_CASES  # the stdlib's table of case-insensitive extras (3.11+)
from functools import cache
from typing import Iterable

from threadkit.lang.pack import Pack, Phrases

#: The registered languages, in the order their phrases are joined.
CODES: tuple[str, ...] = (
    "en", "fr", "de", "es", "it", "pt", "nl", "da", "sv", "nb", "fi", "pl", "cs", "ru", "ja", "zh", "hu", "ro", "tr", "el", "cy",
)


@cache
def pack(code: str) -> Pack:
    """The pack of language ``code`` (KeyError for a language that has none)."""
    if code not in CODES:
        raise KeyError(f"no language pack {code!r} (known: {', '.join(CODES)})")
    found = importlib.import_module(f"threadkit.lang.{code}").PACK
    assert found.code == code, f"threadkit/lang/{code}.py holds the pack of {found.code!r}"
    return found


def packs() -> tuple[Pack, ...]:
    """Every registered pack, in :data:`CODES` order."""
    return tuple(pack(code) for code in CODES)


@cache
def phrases(field: str) -> Phrases:
    """One :class:`Pack` field over all packs, in :data:`CODES` order, each phrase once."""
    return tuple(dict.fromkeys(p for lang in packs() for p in getattr(lang, field)))


def phrase_list(*fields: str) -> Phrases:
    """The phrases of ``fields``, in order, each once."""
    return tuple(dict.fromkeys(p for f in fields for p in phrases(f)))


def alternation(*fields: str) -> str:
    """The phrases of ``fields`` as one regex alternation, ``(?:a|b|...)``, to embed in a pattern."""
    found = phrase_list(*fields)
    # no phrase at all must match nothing, not the empty string
    return "(?:" + "|".join(found) + ")" if found else "(?!)"


def word_alternation(words: Iterable[str]) -> str:
    """Plain words (no pattern syntax) as one case-insensitive regex alternation that matches
    as ``(?:longest|...|shortest)`` would, factored by their common openings: ``mar(?:ch|s|)``
    for "march", "mars", "mar". Python's regex engine tries an alternation's branches one by one
    at each position, so a search for one of the packs' 254 month names cost 254 tries at every
    position of a line; factored, it costs a try per letter that can open a name.

    The same match: where several words match at a position, they are openings of one another
    (a branch is taken per letter, and letters that differ cannot match the same character), and
    the longer are tried first, as the longest-first list tries them; backtracking then tries
    the shorter in the same order. When two letters of the words could match one character
    ("s" and "ſ", "i" and "ı" are the same letter to the engine when case is ignored) or a
    letter does not lower-case to one letter ("İ"), the words are given as the plain list."""
    words = list(words)
    letters = {char.lower() for word in words for char in word}
    if any(len(letter) != 1 for letter in letters) or any(_FOLDS_TOO.get(ord(letter), frozenset()) & letters for letter in letters):
        return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")" if words else "(?!)"
    root: dict = {}
    for word in words:
        node = root
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branches(node: dict) -> tuple[str, int]:
        """The pattern of the words below ``node``, and the length of the longest of them."""
        # longest first, and by their text where as long (their first letters differ, so the
        # order among them changes no match): the same pattern whatever the order of the words,
        # which a set's order, changing with the hash seed, made differ from run to run (and
        # threadkit.patterns' cache, which finds a pattern by its text, never held it)
        found = sorted(((re.escape(char) + below, 1 + longest) for char, child in node.items() if char for below, longest in [branches(child)]),
                       key=lambda branch: (-branch[1], branch[0]))
        if not found:
            return "", 0
        longest = found[0][1]
        if len(found) == 1 and "" not in node:
            return found[0][0], longest
        return "(?:" + "|".join(pattern for pattern, _ in found) + ("|)" if "" in node else ")"), longest  # the word ending here last

    return branches(root)[0] or "(?!)"


#: The letters the regex engine also takes for a lower-case letter when case is ignored, beyond
#: its upper case ("s": "ſ"), as the engine's own table lists them.
_FOLDS_TOO: dict[int, frozenset[str]] = {code: frozenset(map(chr, more)) for code, more in _EXTRA_CASES.items()}


__all__ = ["CODES", "Pack", "alternation", "pack", "packs", "phrase_list", "phrases", "word_alternation"]
