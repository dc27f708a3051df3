"""Issue 9 (hostile input) for the article readers, reply inference and quote segmentation:
no look-ahead past the last line, no line claimed twice, and work that grows linearly.

Growth is checked by counting operations (Python calls, or lines run inside difflib), never
by the clock: the same input gives the same count on any machine under any load. Timings
are in bench/hostile_growth.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from threadkit import api
from threadkit.article import body
from threadkit.invariants import coverage_problems
from threadkit.segment import segment_text
from threadkit.source import load_bytes, load_path
from threadkit.validate import validate_path

CASES = Path(__file__).parent / "cases" / "hostile"
PROSE = "The harbour reopened on Monday after three weeks of repairs, the port authority said in a statement today."

#: (case, reader or None for detection)
ARTICLE_CASES = [
    ("F02-article-trailing-byline-indexerror-comments76", None),
    ("F02-article-trailing-byline-indexerror-comments76-min-forced", "article-comments-text"),
    ("F02b-article-trailing-byline-indexerror-init217", None),
    ("F11-article-comments-line-claimed-twice", None),
    ("F10-article-long-repetitive-lines-difflib-quadratic", "article-text"),
    ("F05-gg-1000-posts-quadratic", None),
]


def case_source(case: str):
    return load_path(CASES / case / f"{case}.txt")


@pytest.mark.parametrize("case, fmt", ARTICLE_CASES)
def test_hostile_article_cases_convert_losslessly_to_valid_outputs(case, fmt, tmp_path):
    source = case_source(case)
    doc = api.read(source, fmt)
    assert coverage_problems(doc, source.lines) == []
    for to, suffix in (("json", ".json"), ("mbox", ".mbox"), ("tei", ".tei.xml")):
        out = tmp_path / f"out{suffix}"
        out.write_bytes(api.write(doc, to))
        assert validate_path(out) == [], to


# --- look-ahead past the last line ----------------------------------------------------------

#: One comment byline of every shape the byline parser knows (see threadkit.article.bylines).
BYLINES = [
    "Bob Jones says:",
    "Bob Jones says: August 15, 2020 at 9:35 am",
    "Heidemarie Heim | Di, 21. April 2020 - 16:40",
    "October 11, 2012  Eve",
    "6. JUNI 2015 UM 10:23",
    "August 9th, 2012",
    "by Jane Copland on January 31, 2011 at 10:29 am",
    "Posted by: Lulaine  November 07, 2012",
    "by Pieroxy (222434) on Tuesday July 24, @10 34AM (#40749375) Homepage",
    "Sana",
]


def _pages_ending_in_a_byline():
    comment = "I was there last week and the new pier is much better than the old one, honestly."
    for byline in BYLINES:
        for gap in ("\n\n\n\n\n\n", "\n\n", "\n"):
            for ending in ("", "\n", "\n\n"):
                # the byline as the last line, alone or after a comment opened by the same shape
                yield PROSE + "\n" + PROSE + gap + byline + ending
                yield PROSE + "\n" + PROSE + gap + byline + "\n" + comment + "\n\n" + byline + ending
                yield PROSE + "\n" + PROSE + gap + "12 Comments\n" + byline + "\n" + comment + "\n" + byline + ending


@pytest.mark.parametrize("fmt", ["article-text", "article-comments-text"])
def test_trailing_byline_lookahead_stays_inside_the_page(fmt):
    """A byline on the last line (with or without blank lines after it) left the comment's
    body end one past the page: IndexError (issue 9, F02)."""
    for text in _pages_ending_in_a_byline():
        source = load_bytes(text.encode(), "page.txt")
        doc = api.read(source, fmt)
        assert coverage_problems(doc, source.lines) == [], text


def test_article_quote_stops_at_the_comment_section():
    """A quoted document opened in the article ran on into the comments below it, and the
    article's quote and two comments claimed the same lines (issue 9, F11)."""
    source = case_source("F11-article-comments-line-claimed-twice")
    doc = api.read(source, "article-comments-text")
    assert coverage_problems(doc, source.lines) == []
    section_start = dict(doc.metadata).get("comments_start_line")
    article = [p for p in doc.posts if p.role == "article"]
    if section_start and article:
        assert all(b.span.last < section_start for b in article[0].blocks)


def test_article_quote_may_still_run_past_the_core():
    """Bounding quotes by the comment section must not cut a quoted document that runs past
    the article's core in a page without comments."""
    quote = ["« Nous, signataires, demandons que la loi soit appliquée sans délai et sans exception aucune,"] + [
        f"et que chaque commune publie ses comptes de l'année {2000 + k} avant la fin du mois prochain," for k in range(6)
    ] + ["Paris, le 6 janvier 2026. »"]
    text = "\n\n".join([PROSE, PROSE, *quote, "Accueil"])
    source = load_bytes(text.encode(), "page.txt")
    doc = api.read(source, "article-text")
    assert coverage_problems(doc, source.lines) == []


# --- operation counts ------------------------------------------------------------------------


def count_calls(fn, *args) -> int:
    """Python function calls made while running ``fn(*args)`` (deterministic)."""
    n = 0

    def profile(frame, event, arg):
        nonlocal n
        if event == "call":
            n += 1

    sys.setprofile(profile)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return n


def count_lines_in(filename_end: str, fn, *args) -> int:
    """Lines executed inside files whose name ends with ``filename_end`` (loops count too)."""
    n = 0

    def local(frame, event, arg):
        nonlocal n
        if event == "line":
            n += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.endswith(filename_end) else None

    sys.settrace(tracer)
    try:
        fn(*args)
    finally:
        sys.settrace(None)
    return n


def growth(counter, make, n: int, factor: int = 10) -> float:
    """How much more work ``make(factor * n)`` takes than ``make(n)`` (after a warm-up run,
    so that caches are as warm for both)."""
    counter(make(n))
    small = counter(make(n))
    large = counter(make(factor * n))
    return large / max(small, 1)


def _read(fmt):
    return lambda data: api.read(load_bytes(data, "t.txt"), fmt)


def gg_posts(n_posts: int) -> bytes:
    """A Google Groups copy of ``n_posts`` posts by one author (T-timing-repro "gg-posts")."""
    post = ["Bob Jones", "unread,", "Jan 1, 2020, 10:00:00 AM", "to group", "", "hello", ""]
    return ("Title\n\n" + "\n".join(post * n_posts) + "\n").encode()


def repetitive_paragraphs(chars: int) -> bytes:
    """Paragraphs of one repeated token ("> > > …"), each ``chars`` long (F10)."""
    line = " >" * (chars // 2)
    return ("Bob wrote:\n" + "\n".join([line] * 6) + "\n").encode()


def comments_prose(n: int) -> bytes:
    """``n`` long prose lines read as an article with comments (T-timing-repro)."""
    return "\n".join(f"The harbour reopened on Monday after three weeks of repairs, the port said {i}." for i in range(n)).encode()


def test_reply_inference_is_linear_in_posts():
    """Each post looked at every earlier post (names_match per pair): O(posts²) (F05)."""
    ratio = growth(lambda data: count_calls(_read("googlegroups-text"), data), gg_posts, 100)
    assert ratio < 15, ratio


def test_reply_inference_with_many_distinct_authors_is_linear():
    """Distinct authors, each naming the one before among its recipients and quoting it."""

    def page(n_posts):
        out = ["Title", ""]
        for k in range(n_posts):
            out += [f"Author Number{k}", "unread,", f"Jan 1, 2020, 10:{k % 60:02d}:00 AM", f"to Author Number{max(k - 1, 0)}, group", "",
                    f"message {k} says the harbour reopened after {k} weeks of repairs", "", f"> message {max(k - 1, 0)} says the harbour reopened after {max(k - 1, 0)} weeks of repairs", ""]
        return ("\n".join(out) + "\n").encode()

    ratio = growth(lambda data: count_calls(_read("googlegroups-text"), data), page, 60)
    assert ratio < 15, ratio


def test_duplicate_paragraph_comparison_is_bounded_on_repeated_tokens():
    """difflib compared every '>' token with every other: quadratic per paragraph pair (F10)."""
    ratio = growth(lambda data: count_lines_in("difflib.py", _read("article-text"), data), repetitive_paragraphs, 2000)
    assert ratio < 15, ratio


def test_glued_repeat_search_is_linear_on_huge_lines():
    line = "".join("abcdefgh "[(k * k + 3 * k) % 9] for k in range(20000))
    assert body.glued_repeat(line) == body._glued_repeat_linear(line)
    ratio = growth(lambda t: count_lines_in("body.py", body.glued_repeat, t), lambda n: line[:n], 5000, 4)
    assert ratio < 6, ratio


def test_glued_repeat_linear_search_agrees_with_slices():
    import random

    rng = random.Random(9)
    for _ in range(500):
        base = "".join(rng.choice("ab c") for _ in range(rng.randint(0, 120)))
        text = (base + base[rng.randint(0, len(base)):] + rng.choice(["", " ", "a"])).rstrip()
        slices = next((len(text) - s for s in range(len(text) // 2, body.MIN_GLUED_CHARS - 1, -1) if text[len(text) - 2 * s: len(text) - s] == text[len(text) - s:]), None)
        assert body._glued_repeat_linear(text) == slices


def test_article_comments_prose_is_linear():
    ratio = growth(lambda data: count_calls(_read("article-comments-text"), data), comments_prose, 300)
    assert ratio < 15, ratio


# --- nested quotes ----------------------------------------------------------------------------


def nested_reply(depth: int, per_level: int) -> str:
    """A reply nesting ``depth`` levels, as Outlook and Gmail build them when a thread is
    answered over and over: each level has ``per_level`` lines of its own text and a
    sign-off, then quotes the level below — alternately under an "-----Original
    Message-----" or "____" line with From:/Sent:/To:/Subject: headers, and under an
    "On …, X wrote:" attribution with '>' markers."""
    inner: list[str] = []
    for level in range(depth, 0, -1):
        own = [f"Level {level} line {k}: the shipment left the depot on time and the driver called ahead." if k % 5 else "" for k in range(per_level)]
        own += ["Regards,", f"Person {level}", ""]
        if not inner:
            inner = own
        elif level % 2:
            marker = "-----Original Message-----" if level % 4 == 1 else "________________________________"
            inner = own + [marker, f"From: Person {level + 1} <p{level + 1}@example.org>", "Sent: Monday, January 6, 2020 10:27 AM",
                           f"To: Person {level} <p{level}@example.org>", "Subject: RE: shipment", ""] + inner
        else:
            inner = own + [f"On Mon, Jan 6, 2020 at 10:27 AM, Person {level + 1} <p{level + 1}@example.org> wrote:"] + [
                ("> " + line) if line else ">" for line in inner
            ]
    return "\n".join(inner)


def _segment_cold(text: str):
    """segment_text from an empty line-feature memo: the memo (threadkit.segment.features)
    makes the lines of the warm-up run free the second time, so the small input would be
    counted warm and the large one cold."""
    sys.modules["threadkit.segment.features"].MEMO.cache_clear()
    return segment_text(text)


def test_nested_quote_segmentation_is_linear_in_lines_times_depth():
    """Probing for the end of a sign-off segmented the whole quote below it once more at every
    level: 2**depth (an Outlook thread 15 deep ran for over 30 minutes)."""
    by_size = growth(lambda text: count_calls(_segment_cold, text), lambda n: nested_reply(15, n), 20)
    assert by_size < 15, by_size
    shallow = count_calls(_segment_cold, nested_reply(15, 20))
    deep = count_calls(_segment_cold, nested_reply(30, 20))
    # twice the lines, each segmented at up to twice the depth: about 4x, never 2**15
    assert deep / shallow < 6, deep / shallow


def test_nested_quote_segmentation_keeps_every_line():
    text = nested_reply(20, 12)
    blocks = segment_text(text)
    covered = sorted(n for b in blocks for n in b.span.lines())
    expected = [k for k, line in enumerate(text.split("\n"), 1) if line.strip()]
    assert [n for n in covered if n in set(expected)] == expected
