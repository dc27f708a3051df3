"""The one-pass segmentation engine (threadkit.segment.features): its cues are necessary
conditions, so the rules decide what they decided when every rule was tried on every line.

Checked on real text: every line of the seeds and the shared corpus (mail bodies, pages,
articles), not on lines written for the test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import SEEDS, corpus_dir
from threadkit.segment import attribution, cues, segment
from threadkit.segment.lines import clean, numbered
from threadkit.source import load_bytes

features = sys.modules["threadkit.segment.features"]  # the module (the package exports its function)


def _texts() -> list[list[str]]:
    """The lines of each seed and corpus text file (each file's lines in order)."""
    paths = sorted(SEEDS.glob("*.txt"))
    # the language packs' fixtures: the phrasings of every pack, CJK text without spaces
    paths += sorted((Path(__file__).parent / "cases" / "lang").glob("*/*/input.txt"))
    root = corpus_dir()
    if root is not None:
        paths += sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".txt", ".mbox", "") and p.stat().st_size < 20_000_000)
    found = []
    for path in paths:
        try:
            found.append(load_bytes(path.read_bytes(), path.name).lines)
        except Exception:  # noqa: BLE001 -- a file the loader refuses has no lines to check
            continue
    return found


@pytest.fixture(scope="module")
def texts() -> list[list[str]]:
    return _texts()


@pytest.fixture(scope="module")
def distinct(texts) -> list[str]:
    return sorted({line for lines in texts for line in lines})


def test_dispatch_by_first_characters_tries_every_test_that_can_pass(distinct, monkeypatch):
    """The tests picked by a line's first characters (features.openings) find the cues that
    trying every test finds."""
    picked = [features._cues(text, cleaned) for text in distinct if (cleaned := clean(text))]
    monkeypatch.setattr(features, "_tests_for", lambda cleaned: features.tables()[0])
    monkeypatch.setattr(features, "_PICKED", {})  # the picked tests kept by key are not asked
    every = [features._cues(text, cleaned) for text in distinct if (cleaned := clean(text))]
    assert len(distinct) > 10_000  # real text was read
    assert picked == every


def test_features_are_the_line_helpers_answers(distinct):
    """What the features say of a line is what clean(), is_blank() and quote_depth() say, and its
    kind letter is its blank, depth and cues."""
    from threadkit.segment.lines import is_blank, quote_depth

    for text in distinct + ["> x\\> y", " > x", "  > x", ">\t> x", "\\> x", ">\u00a0>\u200b> x "]:
        cleaned, blank, depth, found, kind = features._features(text)
        assert (cleaned, blank, depth) == (clean(text), is_blank(text), quote_depth(text)), repr(text)
        assert kind == cues.kind_of(blank, depth, found), repr(text)


def _reference_verb_last(text: str):
    """parse_attribution with the verb-last pattern run as written (tries every split)."""
    line = clean(text)
    m = attribution.verb_last_pattern().match(line)
    return (m.group("intro"), m.group("verb")) if m else None


def test_verb_last_intro_is_what_the_pattern_finds(distinct):
    lines = [clean(t) for t in distinct]
    lines = [t for t in lines if t.endswith(":") and len(t) < attribution.MAX_LENGTH]
    lines += ["X, a écrit :", "Jan heeft het volgende geschreven:", "Jan ,, , wrote  :", "wrote:", "Piotr napisał(a):", "a,b  writes:"]
    checked = 0
    for line in lines:
        before = line[:-1].rstrip()
        window = before[-attribution._VERB_WINDOW:]
        verb = attribution.ends_with_verb_pattern().search(window)
        expected = _reference_verb_last(line)
        if verb is None:
            assert expected is None, line
            continue
        intro = attribution._verb_last_intro(line, len(before) - len(window) + verb.start())
        assert (intro, verb.group()) == expected, line
        checked += 1
    assert checked > 50


def _any_cue(found: tuple) -> tuple:
    """A line's features with every cue set (and its kind saying so)."""
    cleaned, blank, depth = found[:3]
    return cleaned, blank, depth, cues.ANY, cues.kind_of(blank, depth, cues.ANY)


def _segment_trying_every_rule(monkeypatch, lines):
    """Segment with every line's cues set to "any rule": the rules tried everywhere, as before."""
    with monkeypatch.context() as patched:
        real = features._features
        patched.setattr(features, "_features", lambda text: _any_cue(real(text)))
        patched.setattr(features, "MEMO", features.new_memo())
        patched.setattr(sys.modules["threadkit.segment"], "with_neighbours", lambda found, cleaned, texts, kinds: (found, kinds))
        return segment(lines)


def test_cues_change_no_block(texts, monkeypatch):
    """Every text segmented with the cues, and with every rule tried on every line: the same
    blocks (the cues only skip rules that cannot match)."""
    checked = 0
    for lines in texts:
        if len(lines) > 5_000:
            lines = lines[:5_000]  # the long mbox files: their first messages
        body = numbered(lines)
        assert segment(body) == _segment_trying_every_rule(monkeypatch, body)
        checked += 1
    assert checked > 50


@pytest.mark.parametrize("body", [
    "Hi\n\nOn Mon, Nov 21, 2014,\nat 10:18,\nJohn <j@x.com> wrote:\n> quoted\n",
    "Text\n====\n\n====\n\n++++\nTitle\n",
    "Thanks,\nJane\n\n-- \nJane Doe\nACME\n",
    "« a quote\nover lines »\n\nreply\n",
    # what the language packs brought: a "-- " signature above the quote, '/Name' and
    # non-ASCII names, CJK sign-offs and attributions, full-width forms
    "Fine.\n-- \nJane Doe\n\nOn Mon, 1 Jan 2024 at 10:00, Bob <b@x.com> wrote:\n> hi\n",
    "Ja.\n\n/Jens\n",
    "Tak.\n\n-Łukasz\n",
    "好的。\n\n谢谢！\n张三\n",
    "好的。\n\nＴhanks，\nJane\n",
    "好的\n\n张三 <z@x.cn> 于２０２６年1月7日周三 18:27写道：\n> 你好\n",
    "はい\n\n2026年1月7日(水) 18:27 山田 <y@x.jp>:\n> こんにちは\n",
])
def test_cues_change_no_block_on_constructed_bodies(body, monkeypatch):
    lines = numbered(body.split("\n"))
    assert segment(lines) == _segment_trying_every_rule(monkeypatch, lines)


def test_quote_depth_counts_what_the_marker_pattern_matches():
    """quote_depth counts the opening run of '>' without the pattern: every short line over
    the characters that matter gives what the pattern gives."""
    from itertools import product

    from threadkit.segment.lines import _MARKERS, fold, quote_depth

    def reference(text):
        s = clean(text) if text[:2] in ("\\>", " \\") else fold(text)
        m = _MARKERS.match(s)
        return m.group().count(">") if m else 0

    for length in range(7):
        for chars in product(" >x\\\u00a0\t", repeat=length):
            text = "".join(chars)
            assert quote_depth(text) == reference(text), repr(text)
    assert quote_depth(">" * 700_000 + " > x") == 700_001


def test_strip_marker_takes_off_the_first_marker_quote_depth_counts():
    """One marker off: every quoted line loses its first marker (each level of a quote reads
    shorter lines), and stripping a quote's lines at once (quotes.without_marker, its common
    case inlined) gives what strip_marker gives line by line."""
    from itertools import product

    from threadkit.segment.lines import quote_depth
    from threadkit.segment.quotes import strip_marker, without_marker

    texts = ["".join(chars) for length in range(7) for chars in product(" >x\t\u00a0\\", repeat=length)]
    for text in texts:
        depth = quote_depth(text)
        if depth and "\\" not in text:
            rest = text[text.index(">") + 1:]
            assert strip_marker(text) == (rest[1:] if rest[:1] in (" ", "\u00a0") else rest), repr(text)
    assert without_marker(texts) == [strip_marker(t) for t in texts]


def test_verb_start_is_where_the_verb_search_finds_the_verb(distinct):
    """The verb that ends an attribution, matched backwards once (attribution._verb_start), is
    the one the search of every position finds (ends_with_verb_pattern): on the corpus lines, and on
    every verb behind words, CJK, no space, other cases and the letters the regex engine folds
    together ("ı" and "i")."""
    verbs = attribution._PLAIN_VERBS
    windows = [clean(t)[-attribution._VERB_WINDOW:] for t in distinct if t.strip()]
    for verb in verbs:
        for before in ("", "x", "X ", "Jan ", "山田", "山田 ", "-", "é", "ı", "a"):
            for form in (verb, verb.upper(), verb.title(), verb.replace("i", "ı"), verb.replace("ı", "i"), verb[1:], verb + "s"):
                windows.append(before + form)
                windows.append((before + form)[-attribution._VERB_WINDOW:])
    windows += ["wrote\n", "x wrote\n", "", "a"]
    found = 0
    for window in windows:
        expected = attribution.ends_with_verb_pattern().search(window)
        if window.isascii() and not window.lower().endswith(attribution._ASCII_VERB_ENDINGS):
            expected = None  # the ASCII pre-test, as before (it refuses "YAZDI", which the engine's "ı" matches)
        assert attribution._verb_start(window) == (expected.start() if expected else None), repr(window)
        found += expected is not None
    assert found > 500


def test_memo_is_bounded_and_clearable():
    features.MEMO.cache_clear()
    for k in range(features.MEMO_MAX_TEXTS + 10):
        features.features(f"line {k}")
    assert len(features.MEMO) <= features.MEMO_MAX_TEXTS
    features.features("x" * (features.MEMO_MAX_TEXT + 1))
    assert "x" * (features.MEMO_MAX_TEXT + 1) not in features.MEMO
    features.MEMO.cache_clear()
    assert not features.MEMO
    # a body's lines at once (features_of, the segmenter's way): the same bounds
    for start in range(0, features.MEMO_MAX_TEXTS + 500, 700):
        texts = [f"body line {k}" for k in range(start, start + 700)] + ["y" * (features.MEMO_MAX_TEXT + 1)]
        assert features.features_of(texts) == [features._features(text) for text in texts]
        assert len(features.MEMO) <= features.MEMO_MAX_TEXTS
    assert "y" * (features.MEMO_MAX_TEXT + 1) not in features.MEMO
    longest = [f"long body line {k}" for k in range(features.MEMO_MAX_TEXTS + 10)]
    assert features.features_of(longest) == [features._features(text) for text in longest]
    assert len(features.MEMO) <= features.MEMO_MAX_TEXTS
    features.MEMO.cache_clear()


def _phrase_patterns():
    from threadkit.segment import boilerplate, signature

    return {"signoffs": signature.SIGNOFF, "mobile taglines": signature.MOBILE, "list footers": boilerplate.FOOTER_START,
            "list footer lines": boilerplate._FOOTER_LINE, "disclaimers": boilerplate.DISCLAIMER,
            "attribution intros": attribution.INTRO_WORDS}


@pytest.mark.parametrize("name", list(_phrase_patterns()))
def test_a_phrase_pattern_matches_as_its_whole_alternation(name, distinct):
    """A PhrasePattern tries only the phrases a line's first characters allow: it must match
    where, and as far as, the whole alternation compiled as one pattern matches (on every real
    line, cleaned, and on each phrase written plainly, in capitals, with punctuation after)."""
    import re

    from threadkit.lang import phrases

    pattern = _phrase_patterns()[name]
    whole = re.compile(pattern.pattern, pattern.flags)
    lines = [clean(text) for text in distinct]
    for field in ("signoffs", "attribution_intros", "disclaimers", "list_footer_starts", "list_footer_lines", "mobile_taglines"):
        for phrase in phrases(field):
            plain = re.sub(r"\\(.)", r"\1", phrase)
            lines += [plain, plain.upper(), plain.title() + ",", plain + " x", plain[:3]]
    matched = 0
    for line in lines:
        found, expected = pattern.match(line), whole.match(line)
        assert (found and found.span()) == (expected and expected.span()), repr(line)
        matched += expected is not None
    assert matched > 20


def test_is_attribution_is_whether_parse_attribution_parses(distinct):
    lines = [t for t in distinct if ":" in t or "wr" in t or "\uff1a" in t]
    assert sum(attribution.is_attribution(t) for t in lines) > 50
    for text in lines:
        assert attribution.is_attribution(text) == (attribution.parse_attribution(text) is not None), repr(text)


def test_dash_name_is_read_only_after_a_capital(distinct):
    """signature.is_dash_name refuses a line without running DASH_NAME only when the pattern
    would refuse it: on the corpus lines, and on dashes before spaces and letters of any case."""
    import re

    from threadkit.segment import signature

    pattern = re.compile(signature.DASH_NAME.pattern, signature.DASH_NAME.flags)
    texts = [clean(t) for t in distinct]
    texts += [dash + space + name for dash in "-–—~/x" for space in ("", " ", "\u00a0", "\u2003", "  ")
              for name in ("Jane", "jane", "Łukasz", "Иван Петров", "ǅemal", "ẞ", "_x", "1a", "", "Jane Doe Smith Jones Brown")]
    assert sum(signature.is_dash_name(t) for t in texts) > 10
    for text in texts:
        assert signature.is_dash_name(text) == bool(pattern.match(text)), repr(text)


def test_address_search_only_where_an_address_may_be(distinct):
    """attribution._email skips the search on a text holding neither '@' nor "[mailto:", where
    it finds nothing."""
    for text in distinct + ["On Mon, Jane <jane@x.org> wrote:", "[mailto:jane] wrote", "j...@x.org"]:
        found, expected = attribution._email(text), attribution._EMAIL.search(text)
        assert (found and found.group()) == (expected and expected.group()), repr(text)


def test_a_plain_reply_compiles_no_pattern_kept_for_first_use():
    """Segmenting an ASCII reply with an attribution, a '-- ' signature and an attachment line
    compiles none of the rules' patterns that only rarer lines need (each cost every run
    2-43 M instructions at import)."""
    import subprocess

    code = ("from threadkit.segment import segment_text, attribution, quotes, boilerplate, embedded, signature\n"
            "blocks = segment_text('Hi\\n\\nOn Mon, Jan 5, 2019 at 10:00 AM, Jane <j@x.com> wrote:\\n> hi\\n\\nnotes.pdf\\n\\n-- \\nJoe\\n')\n"
            "assert [type(b).__name__ for b in blocks] == ['Text', 'Quote', 'Attachment', 'Signature'], blocks\n"
            "lazy = [attribution._verb_reversed, attribution._verb_first, attribution._verbless, quotes._forwarded,\n"
            "        quotes._header_next, quotes._header_date, boilerplate._cid, embedded.source_line_pattern, signature._dash_name]\n"
            "print([f.__name__ for f in lazy if f.cache_info().currsize])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "[]"


def test_time_and_year_open_with_a_digit_and_match_as_with_the_look_behind_first(distinct):
    """attribution._TIME and _YEAR ask "no digit before" after their first digit (so that the
    engine's search skips to digits): the same matches, spans and groups as the patterns with
    the look-behind first, on the corpus lines and on every short text of digits and separators."""
    import re
    from itertools import product

    old_time = re.compile(r"(?<!\d)(?P<h>\d{1,2})[:h.](?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?(?!\d)")
    old_year = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
    short = ["".join(chars) for length in range(9) for chars in product("129:0 a", repeat=length) if length < 7 or "1" in chars]
    found = 0
    for text in [*distinct, *short, "x٣12:30", "1٢:30", "١٩٩٩", "2020 at 10:30 pm", "10.30h 1920"]:
        for new, old in ((attribution._TIME, old_time), (attribution._YEAR, old_year)):
            expected = [(m.span(), m.groupdict()) for m in old.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in new.finditer(text)] == expected, (text, new.pattern)
            found += bool(expected)
    assert found > 10_000
