"""The article readers (article-text, article-comments-text): seeds 001-004 as the issue
describes them, goldens, lossless coverage and schema validity on seeds, corpus and random
text, detection, and the corpus accuracy floors with the pinned baseline gate."""

from __future__ import annotations

import importlib.util
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, ROOT, SEEDS, assert_golden, corpus_dir
from threadkit import api
from threadkit.article.bylines import parse_byline
from threadkit.article.body import glued_repeat
from threadkit.detection import choose, detect
from threadkit.invariants import coverage_problems
from threadkit.model import Boilerplate, Heading, Quote, Span, Text, iter_blocks
from threadkit.segment.lines import numbered
from threadkit.source import load_bytes, load_path
from threadkit.validate import validate_json_data
from threadkit.writers.json import document_to_data

#: Article text copies of one kind each (issue 12, item 5), made-up text: ``<case>/page.txt``.
CASES = ROOT / "tests" / "cases" / "articles"
ARTICLE_SEEDS = ["001_afd40c108c4fb480", "002_5fa692ac4b1fb64f", "003_a59b1e84999f8711", "004_58088c177c67d21c"]


def read_seed(stem: str):
    source = load_path(SEEDS / f"{stem}.txt")
    return source, api.read(source)


def article(doc):
    return next(p for p in doc.posts if p.role == "article")


def kinds(blocks, cls):
    return [(b.span.first, b.kind) for b in blocks if isinstance(b, cls)]


def load_accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ARTICLE_SEEDS)
def test_seed_golden(stem, update_goldens):
    _, doc = read_seed(stem)
    text = json.dumps(document_to_data(doc), ensure_ascii=False, indent=1) + "\n"
    assert_golden(text, GOLDEN / "articles" / f"{stem}.json", update_goldens)


@pytest.mark.parametrize("stem", ARTICLE_SEEDS)
def test_seed_is_lossless_and_valid(stem):
    source, doc = read_seed(stem)
    assert coverage_problems(doc, source.lines) == []
    assert validate_json_data(document_to_data(doc)) == []


def test_seed_detection_tells_groups_article_and_comments_apart():
    expected = {
        "000_0d91296e416bf5fc": "googlegroups-text",
        "001_afd40c108c4fb480": "article-text",
        "002_5fa692ac4b1fb64f": "article-comments-text",
        "003_a59b1e84999f8711": "article-text",
        "004_58088c177c67d21c": "article-text",
    }
    for stem, fmt in expected.items():
        source = load_path(SEEDS / f"{stem}.txt")
        assert choose(detect(source)).format == fmt, stem


def test_seed001_title_lead_headings_and_furniture():
    _, doc = read_seed("001_afd40c108c4fb480")
    assert doc.title == "La Coalition du Volontaire promet des garanties de sécurité à l'Ukraine"
    post = article(doc)
    assert post.blocks[0].kind == "lead" and post.blocks[0].span == Span(3, 3)
    sections = [h.text for h in post.blocks if isinstance(h, Heading) and h.kind == "section"]
    assert sections == [
        "Force multinationale et cadre de sécurité",
        "Engagement américain et signification diplomatique",
        "Réactions européennes et position néerlandaise",
        "Contexte stratégique et implications futures",
    ]
    furniture = kinds(list(post.blocks) + list(doc.boilerplate), Boilerplate)
    assert (5, "url-slug") in furniture and (6, "image-caption") in furniture and (38, "related-links") in furniture


def test_seed002_article_ends_at_credit_and_comments_follow_the_view_counter():
    _, doc = read_seed("002_5fa692ac4b1fb64f")
    post = article(doc)
    assert [h.text for h in post.blocks if isinstance(h, Heading)] == ["Des garanties de sécurité crédibles"]
    last = post.blocks[-1]
    assert isinstance(last, Text) and last.kind == "credit" and last.text == "Avec l’Associated Press"
    assert kinds(doc.boilerplate, Boilerplate) == [(34, "view-counter")]
    comments = [p for p in doc.posts if p.role == "comment"]
    assert comments and comments[0].span.first == 35 and comments[-1].span.last == 46
    assert all(c.author.name is None and c.author.email is None for c in comments)  # the page names nobody
    assert all(c.in_reply_to == post.id and c.reply_evidence[0].kind == "page-structure" for c in comments)


def test_seed003_quoted_declaration_without_its_closing_mark():
    _, doc = read_seed("003_a59b1e84999f8711")
    post = article(doc)
    quotes = [b for b in post.blocks if isinstance(b, Quote)]
    assert len(quotes) == 1 and quotes[0].kind == "document" and quotes[0].span == Span(12, 24)
    inner = quotes[0].blocks
    assert inner[0].text.startswith("« Déclaration de Paris") and inner[-1].text == "Paris, 6 janvier 2026."
    assert sum(1 for b in inner if b.kind == "list-item") == 5
    note = post.blocks[-1]
    assert note.kind == "note" and note.span == Span(25, 25)


def test_seed004_repeated_paragraph_and_glued_repetition():
    source, doc = read_seed("004_58088c177c67d21c")
    post = article(doc)
    assert [h.text for h in post.blocks if isinstance(h, Heading)] == ["Consultations avec Trump", "Signaux positifs"]
    by_line = {b.span.first: b for b in post.blocks}
    assert by_line[16].duplicate_of == Span(15, 15) and by_line[15].duplicate_of is None
    glued = by_line[19]
    assert glued.text.endswith("», indique le communiqué.") and glued.text.count("indique le communiqué") == 1
    (fragment,) = glued.fragments
    assert fragment.kind == "duplicate-fragment" and fragment.text.startswith("accroître les chances")
    assert glued.text + fragment.text == source.line(19)  # nothing lost
    assert kinds(doc.boilerplate, Boilerplate) == [(28, "stray-word")]


def test_article_reader_leaves_comments_as_page_boilerplate():
    source = load_path(SEEDS / "002_5fa692ac4b1fb64f.txt")
    doc = api.read(source, "article-text")
    assert [p.role for p in doc.posts] == ["article"]
    assert coverage_problems(doc, source.lines) == []


# --- bylines, repetitions, odd input ---------------------------------------------------------


@pytest.mark.parametrize(
    "line, author, date, footer",
    [
        ("by Jane Copland on January 31, 2011 at 10:29 am.", "Jane Copland", "2011-01-31T10:29:00", True),
        ("Anna (South Molton St Style)26 October 2012 17:38", "Anna (South Molton St Style)", "2012-10-26T17:38:00", False),
        ("Heidemarie Heim | Di, 21. April 2020 - 16:40", "Heidemarie Heim", "2020-04-21T16:40:00", False),
        ("Tobsen · April 19, 2019", "Tobsen", "2019-04-19", False),
        ("October 11, 2012  Eve", "Eve", "2012-10-11", False),
        ("Posted October 29, 2012 at 9:26 am", None, "2012-10-29T09:26:00", False),
    ],
)
def test_comment_bylines(line, author, date, footer):
    b = parse_byline(numbered([line]), 0)
    assert b is not None and b.author == author and b.date.iso == date and b.footer is footer


@pytest.mark.parametrize("line", ["Le 6 janvier 2026, en effet, s’est tenue une réunion à Paris.", "Governor Brown Fills California Supreme Court Vacancy"])
def test_prose_and_headlines_are_not_bylines(line):
    assert parse_byline(numbered([line]), 0) is None


def test_glued_repeat_needs_an_exact_repeated_tail():
    assert glued_repeat("A long sentence ends here.ends here. ends here.") is None
    assert glued_repeat("Some text, said the spokesman today.said the spokesman today.") == len("Some text, said the spokesman today.")


PAGE = """Home
About
A headline about the harbour

by Ann Smith, March 3, 2020

The harbour reopened on Monday after three weeks of repairs, the port authority said in a statement.

Ships queued outside the breakwater for most of the morning, and the first ferry docked at noon without trouble.

2 Comments

 Bob Jones says:
March 3, 2020 at 10:15 am

Good news for the island, we have waited long enough for this.

Reply
     Ann Smith says:
     March 3, 2020 at 11:02 am

     Thanks Bob, the ferry company agrees with you.

Reply
Leave a Reply
Your email address will not be published.
"""


def test_a_page_with_bylined_and_indented_comments():
    source = load_bytes(PAGE.encode(), "page.txt")
    assert choose(detect(source)).format == "article-comments-text"
    doc = api.read(source)
    assert coverage_problems(doc, source.lines) == []
    assert doc.title == "A headline about the harbour"
    post = article(doc)
    assert post.author.name == "Ann Smith" and post.date == "2020-03-03"
    c1, c2 = [p for p in doc.posts if p.role == "comment"]
    assert (c1.author.name, c1.date, c1.in_reply_to) == ("Bob Jones", "2020-03-03T10:15:00", post.id)
    assert (c2.author.name, c2.in_reply_to) == ("Ann Smith", c1.id)  # indented under Bob's comment
    assert [h.name for h in c1.header] == ["author", "date"]
    assert ("comment-form" in {b.kind for b in doc.boilerplate}) and ("navigation" in {b.kind for b in doc.boilerplate})


def read_case(case: str):
    source = load_path(CASES / case / "page.txt")
    return source, api.read(source)


def test_cjk_prose_is_prose_and_its_comments_are_found():
    """A Chinese blog post: sentences without spaces are prose (a line of 27 characters
    says as much as 80 Latin ones), its comment bylines carry 年月日 dates, and the Chinese
    comment-form label is furniture."""
    source, doc = read_case("cjk-prose")
    assert choose(detect(source)).format == "article-comments-text"
    assert coverage_problems(doc, source.lines) == []
    assert len(article(doc).blocks) == 4
    comments = [p for p in doc.posts if p.role == "comment"]
    assert [(c.author.name, c.date) for c in comments] == [("小林", "2021-10-04T08:12:00"), ("阿梅", "2021-10-05T21:40:00")]
    assert all(len(c.blocks) == 1 for c in comments)
    assert "comment-form" in {b.kind for b in doc.boilerplate}


def read_case_file(case: str, name: str):
    """A case page read with comments asked for, as a page with comments would be."""
    source = load_path(CASES / case / name)
    return source, api.read(source, "article-comments-text")


def article_words(doc) -> str:
    return " ".join(b.text for b in article(doc).blocks if not isinstance(b, Boilerplate))


@pytest.mark.parametrize("name", ["page.txt", "page-de.txt"])
def test_page_labels_are_not_comment_bylines(name):
    """"Date" over a date, "Datum 07.09.2021", "Aktualisiert: …": the page's own labelled
    fields. A label is never a commenter's name, so no comment section opens at one and
    the text under it stays the article's."""
    source, doc = read_case_file("page-labels", name)
    assert coverage_problems(doc, source.lines) == []
    assert [p for p in doc.posts if p.role == "comment"] == []
    assert all(p.author.name not in ("Date", "Datum", "Aktualisiert", "Auteur") for p in doc.posts)
    words = article_words(doc)
    assert ("tableau dans l'escalier" in words) if name == "page.txt" else ("Vorlesestunde" in words and "Besucherzahlen" in words)
    assert article(doc).date == ("2019-02-14" if name == "page.txt" else "2021-09-03T14:52:00")


def test_embedded_posts_are_not_comments():
    """"— Name (@handle) date" under a quoted post is an embed's credit: it stays in the
    article, as a credit, with the post's text above it."""
    source, doc = read_case_file("embedded-tweets", "page.txt")
    assert coverage_problems(doc, source.lines) == []
    assert [p.role for p in doc.posts] == ["article"]
    credits = [b for b in article(doc).blocks if getattr(b, "kind", None) == "credit"]
    assert len(credits) == 2 and all("(@" in b.text for b in credits)
    assert "first match under the closed roof" in article_words(doc)


@pytest.mark.parametrize("name", ["page.txt", "page-inline.txt"])
def test_lists_of_recent_posts_are_not_comments(name):
    """A "Recent Posts" list (a title and its date, over or beside each other, and a
    teaser) reads like named, dated comments; it is page furniture, and the article above
    it ends at its heading."""
    source, doc = read_case_file("related-list", name)
    assert coverage_problems(doc, source.lines) == []
    assert [p.role for p in doc.posts] == ["article"]
    assert "open crumb" in article_words(doc) and "Rye crackers" not in article_words(doc)
    assert "related-links" in {b.kind for b in doc.boilerplate}


def test_a_page_without_comments_gets_none():
    """An author's note after a wide gap is furniture (author-bio), not a comment."""
    source, doc = read_case_file("no-comments", "page.txt")
    assert coverage_problems(doc, source.lines) == []
    assert [p.role for p in doc.posts] == ["article"]
    assert "author-bio" in {b.kind for b in doc.boilerplate}
    assert choose(detect(source)).format == "article-text"


def test_text_without_prose_is_kept_as_page_boilerplate():
    source = load_bytes(b"Home\nAbout\nContact\n", "menu.txt")
    doc = api.read(source, "article-comments-text")
    assert doc.posts == () and doc.defects[0].code == "no-article"
    assert coverage_problems(doc, source.lines) == []


PIECES = [
    "Home", "Menu", "Share", "Reply", "Antworten", "12 Kommentare", "20 thoughts on “A title”", "383 total views, 103 views today",
    "Today", "coalition-volontaire-ukraine-securite", "Image for a title", "Vous aimerez peut-être aussi", "Avec l'AFP",
    "(Traduit de l'anglais)", "- a list item", "« Une déclaration sans fin", "Paris, 6 janvier 2026.", "fin »",
    " Bob Jones says:", "March 3, 2020 at 10:15 am", "by Jane Copland on January 31, 2011 at 10:29 am", "Sana", "6. JUNI 2015 UM 10:23",
    "A short heading", "The harbour reopened on Monday after three weeks of repairs, the port authority said in a statement today.",
    "Ships queued outside the breakwater for most of the morning, and the first ferry docked at noon.ferry docked at noon.",
    "", "", " ", "\u00a0",
]
piece = st.one_of(st.sampled_from(PIECES), st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00"), max_size=120))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(piece, min_size=1, max_size=50), st.booleans())
def test_random_pages_are_lossless_and_valid(lines, comments):
    data = "\n".join(lines).encode("utf-8")
    if not data.strip():
        return
    source = load_bytes(data, "random.txt")
    doc = api.read(source, "article-comments-text" if comments else "article-text")
    assert coverage_problems(doc, source.lines) == []
    assert validate_json_data(document_to_data(doc)) == []
    ids = {p.id for p in doc.posts}
    assert all(p.in_reply_to in ids for p in doc.posts if p.in_reply_to)
    for post in doc.posts:
        for block in iter_blocks(post.blocks):
            assert block.span.first >= 1 and block.span.last <= len(source.lines)


# --- the shared corpus -------------------------------------------------------------------------


#: Every how many corpus documents the JSON output is also checked against the schema
#: (coverage is checked on all of them; schema validation is the slow part).
SCHEMA_SAMPLE = 4


@pytest.fixture(scope="module")
def corpus_run():
    """One pass over the article corpus: the scores, and the problems of every document."""
    root = corpus_dir()
    if root is None:
        pytest.skip("shared corpus not found (set THREADKIT_CORPUS)")
    problems: list[str] = []
    count = [0]

    def check(source, doc):
        problems.extend(f"{source.name}: {p}" for p in coverage_problems(doc, source.lines)[:2])
        if count[0] % SCHEMA_SAMPLE == 0:
            problems.extend(f"{source.name}: {p}" for p in validate_json_data(document_to_data(doc))[:2])
        count[0] += 1

    scores = load_accuracy().measure(root, seen=check)
    return scores, problems, count[0]


@pytest.fixture(scope="module")
def scores(corpus_run):
    return corpus_run[0]


def test_corpus_pages_are_lossless_and_valid(corpus_run):
    _, problems, count = corpus_run
    assert count == 178
    assert problems == []


def test_corpus_groups_copies_stay_groups(corpus):
    for path in sorted((corpus / "gg-web").glob("*.txt")):
        assert choose(detect(load_path(path))).format == "googlegroups-text", path.name


def test_corpus_accuracy_meets_the_issue_floors(scores):
    assert scores["trafilatura.with_in_article"] >= 0.90
    assert scores["trafilatura.without_in_article"] <= 0.15
    assert scores["trafilatura.comments_in_comments"] >= 0.60
    assert scores["dragnet.start_within_1_line"] >= 0.85
    assert scores["trafilatura.detected_with_comments"] >= 0.85 and scores["dragnet.detected_with_comments"] >= 0.85


def test_corpus_accuracy_does_not_fall_below_the_pinned_baseline(scores):
    accuracy = load_accuracy()
    baseline = json.loads(accuracy.BASELINE.read_text(encoding="utf-8"))
    assert accuracy.regressions(scores, baseline) == []


def test_the_gate_fails_on_a_drop_and_pins_lower_scores_only_when_told(tmp_path, monkeypatch):
    accuracy = load_accuracy()
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"trafilatura.with_in_article": 0.95, "trafilatura.without_in_article": 0.10}))
    monkeypatch.setattr(accuracy, "measure", lambda corpus, misses=None: {"trafilatura.with_in_article": 0.93, "trafilatura.without_in_article": 0.12})
    args = ["--corpus", str(tmp_path), "--baseline", str(baseline)]
    assert len(accuracy.regressions(accuracy.measure(tmp_path), json.loads(baseline.read_text()))) == 2
    assert accuracy.main(args) == 1
    assert accuracy.main(args + ["--update-baseline"]) == 1
    assert json.loads(baseline.read_text())["trafilatura.with_in_article"] == 0.95
    assert accuracy.main(args + ["--update-baseline", "--accept-lower"]) == 0
    assert accuracy.main(args) == 0


def test_the_gate_fails_without_its_baseline(tmp_path, monkeypatch):
    """A missing baseline file fails the gate (it once passed whatever the scores) until one is pinned."""
    accuracy = load_accuracy()
    baseline = tmp_path / "missing.json"
    monkeypatch.setattr(accuracy, "measure", lambda corpus, misses=None: {"trafilatura.with_in_article": 0.95})
    args = ["--corpus", str(tmp_path), "--baseline", str(baseline)]
    assert accuracy.main(args) == 1
    assert accuracy.main(args + ["--update-baseline"]) == 0
    assert accuracy.main(args) == 0
