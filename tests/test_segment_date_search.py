"""The date search of attributions (threadkit.lang.dates.DATE) with its month names factored by
their openings (threadkit.lang.word_alternation): the same matches as the longest-first list of
names it replaced, which the regex engine tried name by name at every position of a line."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

from conftest import SEEDS, corpus_dir
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
    from threadkit.segment.openings import OTHER, Source, openings

    names = dates._WEEKDAY.removeprefix(f"(?=[{dates._WEEKDAY_OPENINGS}])")
    assert names != dates._WEEKDAY
    found = openings(Source(names, re.I))
    # (OTHER: a character outside ASCII, 'ſ' for the 's' of "sat", which the look-ahead takes too)
    assert found and {opening[0] for opening in found} <= {*dates._WEEKDAY_OPENINGS, OTHER}
    assert re.match(f"[{dates._WEEKDAY_OPENINGS}]", "ſ", re.I)


_DIGIT, _LETTER = re.compile(r"\d"), re.compile(r"[^\W\d_]")


def _two_alternatives() -> re.Pattern:
    """The date pattern as it was before its day-first and month-first dates became one
    alternative: two, each with its own copy of the weekday and month names."""
    day_first = (rf"(?:{dates._WEEKDAY}\s*)?(?P<d1>{dates._DAY})(?:\.|er|st|nd|rd|th)?\s*(?:de\s+)?(?P<m1>{dates._MONTH})\s*(?:de\s+)?"
                 rf"(?:(?P<y1>{dates._YEAR}))?")
    month_first = rf"(?:{dates._WEEKDAY}\s*)?(?P<m2>{dates._MONTH})\s+(?P<d2>{dates._DAY})(?:st|nd|rd|th)?,?\s+(?P<y2>{dates._YEAR})"
    return re.compile(r"(?<![\d/.])(?:" + "|".join((day_first, month_first, *dates._PATTERNS[1:])) + rf")(?:{dates._AT}{dates._TIME})?"
                      r"(?:\s*(?:Uhr|h|Uhr\.))?", re.IGNORECASE)


def test_day_first_and_month_first_dates_match_as_two_alternatives():
    """One alternative for both orders finds what the two found, with the same parts (the
    month, whichever order, is group m)."""
    lines = _lines()
    root = corpus_dir()  # and a fifth of the shared corpus's text lines that hold a digit and a letter (a search is slow)
    if root is not None:
        found = set()
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".txt", ".mbox", "") and p.stat().st_size < 20_000_000):
            found.update(line for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
                         if len(line) <= 300 and _DIGIT.search(line) and _LETTER.search(line))
        lines += sorted(found)[::5]
    for weekday in ("", "mon ", "Mon, ", "mar. ", "sa ", "tues, ", "lun ", "Sonntag, ", "mardi "):
        for date in ("5 may 2020", "may 5, 2020", "5 mai", "mar 5 2020", "5 de mayo de 2020", "March 15th, 2020", "mai 5 mai 2020",
                     "mar. march 5, 2020", "12 12 2020", "dec 31 2020", "31 dec", "1er mars 2020 à 10h30", "Mai 2020 5"):
            lines += [weekday + date, f"x {weekday}{date} at 10:30 am", f"{weekday}{date}2020"]
    old = _two_alternatives()
    found = 0
    for text in lines:
        expected = [(m.start(), m.end(), {**m.groupdict(), "m": m["m1"] or m["m2"]}) for m in old.finditer(text)]
        for parts in (parts for _, _, parts in expected):
            del parts["m1"], parts["m2"]
        assert [(m.start(), m.end(), m.groupdict()) for m in dates.DATE.finditer(text)] == expected, text
        found += bool(expected)
    assert found > 1_000


def test_the_date_pattern_is_the_same_whatever_the_hash_seed():
    """The month names' alternation reads the same in every run (the order of a set of names
    changes with the hash seed): threadkit.patterns keeps a compiled pattern by its text, and a
    pattern written differently each run was compiled again at each start (7-9 ms)."""
    import os
    import subprocess
    import sys

    shown = "import hashlib, threadkit.lang.dates as d; print(hashlib.sha256(repr((d.DATE.pattern, list(d.MONTHS.items()))).encode()).hexdigest())"
    found = {subprocess.run([sys.executable, "-c", shown], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
                            check=True).stdout for seed in ("1", "2", "3")}
    assert len(found) == 1
    assert word_alternation(["mar", "may", "jan", "june", "jun"]) == word_alternation(["june", "jun", "jan", "may", "mar"])
