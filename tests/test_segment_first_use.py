"""What the segmenter pays the first time a run needs it: its phrase patterns' opening tables
and the date finder's import. These shortcuts must give what the long way gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from threadkit.segment import attribution, boilerplate, features, openings, signature
from threadkit.segment.openings import PhrasePattern, Source

ROOT = Path(__file__).resolve().parent.parent
PHRASE_PATTERNS = {
    "mobile taglines": signature.MOBILE,
    "sign-offs": signature.SIGNOFF,
    "attribution intros": attribution.INTRO_WORDS,
    "list-footer starts": boilerplate.FOOTER_START,
    "list-footer lines": boilerplate._FOOTER_LINE,
    "disclaimers": boilerplate.DISCLAIMER,
}


def _in_context(pattern: PhrasePattern, phrase: str) -> Source:
    return Source(f"{pattern._prefix}(?:{phrase}){pattern._suffix}", pattern.flags)


@pytest.mark.parametrize("name", PHRASE_PATTERNS)
def test_plain_openings_are_what_the_parse_tree_says(name):
    """A phrase opening with plain characters takes them as its opening without reading its
    parse tree: the same set :func:`openings` reads from it."""
    pattern = PHRASE_PATTERNS[name]
    plain = [(phrase, pattern._plain_opening(phrase)) for phrase in pattern._phrases]
    assert any(found is not None for _, found in plain)
    for phrase, found in plain:
        if found is not None:
            assert found == openings.openings(_in_context(pattern, phrase)), phrase


@pytest.mark.parametrize("name", PHRASE_PATTERNS)
def test_phrase_pattern_openings_are_the_whole_patterns(name):
    """The cue tables read a phrase pattern's openings from its phrases': the same as from the
    whole alternation's parse tree."""
    pattern = PHRASE_PATTERNS[name]
    assert pattern.openings() == openings.openings(pattern)


def test_plain_opening_refuses_pattern_syntax():
    pattern = PhrasePattern("^", ("abc", "ab?c", "a|bcd", r"\d{2}x", "ab[cd]", "abc*", "abc{2}", "(?:abc)"))
    assert [pattern._plain_opening(p) for p in pattern._phrases] == [frozenset({"abc"})] + [None] * 7
    assert PhrasePattern("^x", ("abc",))._plain_opening("abc") is None  # another prefix: read it


def test_bound_keeps_every_pack_patterns_openings():
    """The bound on opening strings gives up on a wide class repeated ("\\S+@"), not on a
    pattern of the packs: none of the cue tests' patterns or phrases becomes "any line"."""
    patterns = [p for _, _, found in features._PHRASE_TESTS for p in found if not isinstance(p, PhrasePattern)]
    patterns += [_in_context(p, phrase) for p in PHRASE_PATTERNS.values() for phrase in p._phrases]
    bounded = [openings.openings(p) for p in patterns]
    with mock.patch.object(openings, "_MAX_OPENINGS", 50_000), mock.patch.dict(openings._CHARS):
        wide = [openings.openings(p) for p in patterns]
    assert bounded == wide


def test_segmenting_a_mail_imports_no_article_module():
    """The attribution's date is read by :mod:`threadkit.lang.dates`: segmenting a mail body does
    not import the article reader (its tables cost a mailbox run 40-80 ms)."""
    code = ("import sys\nfrom threadkit.segment import segment_text\n"
            "blocks = segment_text('Hi\\n\\nOn Mon, Jan 5, 2019 at 10:00 AM, Jane <j@x.com> wrote:\\n> hi\\n')\n"
            "assert blocks[1].cited.date == '2019-01-05', blocks\n"
            "print(sorted(m for m in sys.modules if m.startswith('threadkit.article')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, timeout=120)
    assert out.stdout.strip() == "[]"


def test_shipped_tables_are_what_the_patterns_give():
    """The opening tables shipped in the package are what reading the patterns gives (what a run
    whose packs differ reads instead): the check reads every table from the patterns, in a
    process of its own, and compares."""
    command = [sys.executable, "-m", "threadkit.segment.opening_tables", "--check"]
    out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr  # (it says the command that rewrites them)


def test_a_phrase_pattern_the_table_does_not_know_reads_its_own():
    from threadkit.segment import opening_tables

    found = opening_tables.phrase_patterns()
    assert {name for name, _ in found.values()} >= {"threadkit.segment.signature.SIGNOFF", "threadkit.segment.boilerplate._FOOTER_LINE"}
    for source, (name, pattern) in found.items():
        assert openings.shipped("PHRASE_PATTERNS", source) == pattern.read_index(), name
    mine = PhrasePattern("^", ("zzz", "ab", "x+"), suffix="$")
    assert openings.shipped("PHRASE_PATTERNS", mine.source()) is None
    assert mine.index() == ({"xxx": (2,), "zzz": (0,)}, (), {"ab": (1,), "x": (2,), "xx": (2,)})
    assert mine.match("Ab") and mine.match("XX") and not mine.match("zz") and mine.match("zzz")


@pytest.mark.parametrize("name", PHRASE_PATTERNS)
def test_a_short_or_not_ascii_line_is_matched_as_the_whole_alternation_matches_it(name):
    """A line shorter than the key picks its phrases by all of it (:func:`openings.short_matches`),
    a line opening outside ASCII by its key's :data:`openings.OTHER`: every ASCII line of up to
    two characters, and lines opening with characters outside ASCII (some that match ASCII
    letters when case is ignored), match as the whole pattern matches them."""
    import re

    pattern = PHRASE_PATTERNS[name]
    whole = re.compile(pattern.pattern, pattern.flags)
    lines = [""] + [chr(a) for a in range(128)] + [chr(a) + chr(b) for a in range(128) for b in range(128)]
    assert openings.KEY_LENGTH == 3
    # and lines opening outside ASCII, short or not (their characters stand as one in the key)
    others = "éÉüßıİſ\u212a在年В—–«¡\u00a0\u3000"
    lines += [c + d for c in others for d in others + "abkKsSiI .-0"] + [d + c for c in others for d in "abkKsSiI .-0"]
    lines += [line + tail for line in lines[-500:] for tail in ("x", " x", ".", " regards", "nd regards,")]
    for line in lines:
        found, expected = pattern.match(line), whole.match(line)
        assert (found and found.span()) == (expected and expected.span()), repr(line)


def test_short_matches_read_whole_matches_up_to_the_line_end():
    assert openings.short_matches(Source("^(?:br)[ ,.]*$", 2)) == frozenset({"br"})
    assert openings.short_matches(Source("^(?:--$|---+$)")) == frozenset({"--"})
    assert openings.short_matches(Source("^(?:On|\\d{1,4}[./-])", 2)) == frozenset({"on"} | {f"{d}{s}" for d in "0123456789\x80" for s in "./-"})  # (\d: other digits too)
    assert openings.short_matches(Source("^(?:a?)")) is None  # the empty string: any line


def test_cased_outside_ascii_are_the_engines_case_rules():
    """The ASCII characters some character outside ASCII matches when case is ignored, asked of
    every character."""
    import re

    others = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert {c for c in map(chr, range(128)) if re.search(re.escape(c), others, re.I)} == openings.CASED_OUTSIDE_ASCII
