"""The date search of attributions (threadkit.lang.dates.DATE) with its month names factored by
their openings (threadkit.lang.word_alternation): the same matches as the longest-first list of
names it replaced, which the regex engine tried name by name at every position of a line."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

from conftest import SEEDS
from threadkit.lang import dates, word_alternation
from threadkit.source import load_bytes


def _longest_first(words) -> str:
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


def _matches(pattern: re.Pattern, texts) -> list:
    return [[(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)] for text in texts]


def test_word_alternation_matches_as_the_longest_first_list():
    """Words that open one another, share openings, differ in case: every text of their letters
    up to 4 long, matched with continuations that make the engine backtrack."""
    words = ["mar", "mars", "march", "marzo", "ma", "mai", "may", "Maj", "m", "jan", "janv", "j", "é", "ét", "É"]
    texts = ["".join(chars) for length in range(5) for chars in product("marchzijéÉ. ", repeat=length)]
    for after in ("", r"(?:\.|(?!\w))", r"ch", r"\s*\d"):
        factored = re.compile("(?:" + word_alternation(words) + ")" + after, re.I)
        plain = re.compile(_longest_first(words) + after, re.I)
        assert _matches(factored, texts) == _matches(plain, texts), after


def test_letters_the_engine_takes_for_one_another_give_the_plain_list():
    """'s' and 'ſ', 'i' and 'ı' match one another when case is ignored, and 'İ' lower-cases to two
    characters: such words are not factored, so they still match as the longest-first list."""
    texts = ["".join(chars) for length in range(5) for chars in product("imarİıſsI ", repeat=length)]
    for words in (["mar", "İm", "im", "İmar"], ["ıma", "i", "im"], ["ſa", "sam", "s"]):
        assert word_alternation(words) == _longest_first(words)
        for after in ("", "a", r"\d"):
            factored = re.compile("(?:" + word_alternation(words) + ")" + after, re.I)
            assert _matches(factored, texts) == _matches(re.compile(_longest_first(words) + after, re.I), texts)
    assert word_alternation(["mar", "march"]) != _longest_first(["mar", "march"])


def test_no_word_matches_nothing():
    assert re.compile(word_alternation([])).search("anything") is None


def _lines() -> list[str]:
    """Lines that may hold a date: the seeds', the language fixtures', and every month name of
    the packs in the shapes attributions write."""
    paths = sorted(SEEDS.glob("*.txt")) + sorted((Path(__file__).parent / "cases").rglob("input.txt"))
    found = {line for path in paths for line in load_bytes(path.read_bytes(), path.name).lines if len(line) <= 300 and re.search(r"\d", line)}
    for month in dates.MONTHS:
        found.update((f"On Mon, 5 {month} 2020 at 10:30, Jane wrote:", f"Le mar. {month}. 1er 2026 à 18:27", f"{month} 15, 2020, 9:35 am",
                      f"{month.upper()} 3 2021", f"Di, 21. {month} 2020 - 16:40", f"x{month}y 12 {month}2020"))
    return sorted(found)


def test_dates_are_found_as_with_the_plain_lists_of_names():
    """The date pattern as it was: the months as a longest-first list, no look-ahead before the
    weekday names."""
    plain = dates.DATE.pattern.replace(dates._MONTH, "(?:" + _longest_first(dates.MONTHS) + r")(?:\.|(?!\w))")
    plain = re.compile(plain.replace(f"(?=[{dates._WEEKDAY_OPENINGS}])", ""), dates.DATE.flags)
    assert plain.pattern != dates.DATE.pattern
    lines = _lines()
    assert len(lines) > 1_500
    assert _matches(dates.DATE, lines) == _matches(plain, lines)


def test_every_weekday_opens_with_a_letter_of_the_look_ahead():
    """The weekday names' look-ahead (dates._WEEKDAY_OPENINGS) is a necessary condition: every
    opening of the names (read from the pattern's parse tree) starts with one of its letters."""
    from threadkit.segment.openings import Source, openings

    names = dates._WEEKDAY.removeprefix(f"(?=[{dates._WEEKDAY_OPENINGS}])")
    assert names != dates._WEEKDAY
    found = openings(Source(names, re.I))
    assert found and {opening[0] for opening in found} <= set(dates._WEEKDAY_OPENINGS)
