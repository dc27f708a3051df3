"""Issue 12: HTML inputs. Detection, the lossless invariant for HTML, the article-html and
pipermail-html readers on the small pages of ``tests/cases/html/<case>/``, and every page of
the shared corpus's ``html/`` folder read lossless with valid JSON, TEI and mbox outputs.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import pytest

from tei_check import assert_valid_tei
from threadkit import api
from threadkit.detection import choose, detect
from threadkit.invariants import coverage_problems
from threadkit.mail.check import mbox_problems
from threadkit.model import Boilerplate, Quote, Text
from threadkit.readers import pipermail_html
from threadkit.source import load_bytes, load_path
from threadkit.validate import validate_json_data

CASES = Path(__file__).parent / "cases" / "html"
PAGES = sorted(p for p in CASES.glob("*/*.html") if p.parent.name != "pipermail-month")


def outputs_problems(document, name: str) -> list[str]:
    """Problems of the document's JSON, TEI and mbox outputs (empty when all validate)."""
    problems = validate_json_data(json.loads(api.write(document, "json")), name)
    assert_valid_tei(api.write(document, "tei"))
    mbox = api.write(document, "mbox")
    if mbox:  # (a document without posts is an empty mbox)
        problems += mbox_problems(io.BytesIO(mbox), name)
    return problems


def read_case(case: str, name: str = "page.html"):
    source = load_path(CASES / case / name)
    return source, api.read(source)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_pages_are_lossless_and_write_valid_outputs(path):
    source = load_path(path)
    document = api.read(source)
    assert document.source.format in ("article-html", "pipermail-html", "mhonarc-html")
    assert coverage_problems(document, source.lines) == []
    assert outputs_problems(document, path.name) == []


def test_html_is_never_read_as_copied_text():
    """Detection is decisive for a page with a doctype, and for a fragment without one."""
    for case in ("wordpress-nested", "fragment-latin1", "no-comments"):
        guess = choose(detect(load_path(CASES / case / "page.html")))
        assert guess.format == "article-html" and guess.decisive


def test_text_that_mentions_tags_is_not_html():
    source = load_bytes(b"Hello,\n\nuse <b>bold</b> and <i>italics</i> in the form.\n\nRegards\n", "note.txt")
    assert all(g.format != "article-html" or g.score == 0 for g in detect(source))


def test_declared_charset_decodes_a_latin1_fragment():
    source, document = read_case("fragment-latin1")
    assert source.encoding == "cp1252"
    assert document.posts[0].blocks[0].text == "Café crème"


def test_wordpress_comments_nest_with_authors_and_dates():
    _source, document = read_case("wordpress-nested")
    article, *comments = document.posts
    assert article.role == "article" and article.author.name == "Jane Gardener"
    assert article.date == "2019-04-18T09:30:00+02:00"
    assert any(isinstance(b, Quote) for b in article.blocks)
    assert [(c.author.name, c.in_reply_to) for c in comments] == [("Tobias", "p1"), ("Jane Gardener", "p2"), ("Marta", "p1")]
    assert comments[0].date == "2019-04-19T10:15:00+02:00"
    kinds = {b.kind for b in document.boilerplate}
    assert {"cookie-notice", "navigation", "share", "comment-form", "sidebar", "page-footer"} <= kinds
    own = " ".join(b.text for b in article.blocks if not isinstance(b, Boilerplate))
    assert "Share this" not in own and "Leave a Reply" not in own
    assert dict(document.metadata)["skipped"] == "script ×2, hidden ×1, style ×1"


def test_definition_list_thread_and_speech_verbs():
    _source, document = read_case("blogger-dl-thread")
    comments = [p for p in document.posts if p.role == "comment"]
    assert [(c.author.name, c.date) for c in comments] == [("Peter", "2012-03-03T10:01:00"), ("Anna", "2012-03-03T11:30:00")]


def test_microdata_comments_and_article_metadata():
    _source, document = read_case("microdata-comments")
    article, first, reply = document.posts
    assert (article.author.name, article.date) == ("Lee Park", "2021-06-02")
    assert (first.author.name, reply.author.name, reply.in_reply_to) == ("Sam", "Lee Park", first.id)


def test_json_ld_comments_the_page_does_not_show():
    """Comments only a JSON-LD script lists (a widget draws them) are read from it, nested
    replies answering their comment; their posts span the script and are marked json-ld."""
    _source, document = read_case("jsonld-comments")
    article, *comments = document.posts
    assert (article.role, article.author.name) == ("article", "Noor Haddad")
    assert [(c.author.name, c.date, c.in_reply_to) for c in comments] == LD_THREAD
    assert len(comments[2].blocks) == 2 and all(dict(c.metadata)["comment_markup"] == "json-ld" for c in comments)
    assert all(c.span.first <= 6 <= c.span.last for c in comments)  # the script's lines


#: The thread the fixtures' JSON-LD lists: (author, date, comment answered).
LD_THREAD = [("Oskar", "2022-11-05T12:40:00+01:00", "p1"), ("Noor Haddad", "2022-11-05T13:05:00+01:00", "p2"),
             ("Priya", "2022-11-06T09:15:00+01:00", "p1")]


@pytest.mark.parametrize(("name", "tier"), [("page-markup.html", "template"), ("page-shown.html", "json-ld-shown")])
def test_json_ld_comments_the_page_shows_come_once_from_its_markup(name, tier):
    """A page that shows its JSON-LD comments gives each once, from its markup (found by a
    comment template, or by the JSON's text in plain paragraphs), with the JSON's facts that
    the markup lacks: dates, and the comment a reply answers."""
    source, document = read_case("jsonld-comments", name)
    article, *comments = document.posts
    assert [(c.author.name, c.date, c.in_reply_to) for c in comments] == LD_THREAD
    assert all(dict(c.metadata)["comment_markup"] == tier for c in comments)
    assert "I always stop at three" in comments[2].blocks[-1].text
    assert all(c.span.first > 40 for c in comments)  # the lines that show them, not the script's
    assert coverage_problems(document, source.lines) == []


def test_discourse_topic_crawler_view_and_saved_app_view():
    """Discourse's crawler view (schema.org DiscussionForumPosting, then Comment items) and a
    saved copy of its app view (``div.topic-post > article#post_N``, names in ``.username``,
    dates as ``data-time`` milliseconds, "in reply to" tabs): the opening post is the
    article, each reply a comment answering the post its tab names, else the topic."""
    _source, crawler = read_case("discourse-topic")
    article, *comments = crawler.posts
    assert (article.role, article.author.name) == ("article", "marit")
    assert [(c.author.name, c.date, c.in_reply_to) for c in comments] == [
        ("ben_k", "2023-02-11T19:15:03Z", "p1"), ("marit", "2023-02-12T08:40:10Z", "p1")]
    _source, app = read_case("discourse-topic", "page-app.html")
    article, *comments = app.posts
    assert (article.role, article.author.name, article.date) == ("article", "rosa", "2024-03-02T09:12:00+00:00")
    assert article.blocks[0].text == "Best way to store flour long term?"
    assert [(c.author.name, c.date, c.in_reply_to) for c in comments] == [
        ("theo", "2024-03-02T10:30:00+00:00", "p1"), ("ines", "2024-03-03T07:05:00+00:00", "p1"),
        ("rosa", "2024-03-03T09:20:00+00:00", "p2")]
    assert all(b.kind == "interface" for c in comments for b in c.blocks if b.text.strip() == "Reply")


def test_phpbb_topic():
    """phpBB (prosilver): ``div#pN.post`` with ``dl.postprofile`` and ``div.postbody``. The
    post date is the byline's ("by X » Tue Mar 03, 2020 10:15 am"), not the profile's
    "Joined:" date; the first post (its subject not "Re: …") is the article, titled by the
    topic's heading, not the site's name in the header bar."""
    _source, document = read_case("phpbb-topic")
    article, *comments = document.posts
    assert (article.role, article.author.name, article.date) == ("article", "kettlebell_ken", "2020-03-03T10:15:00")
    assert article.blocks[0].text == "Squeaky rear brake after pad change"
    assert [(c.author.name, c.date, c.in_reply_to) for c in comments] == [
        ("Lotte V", "2020-03-03T11:02:00", "p1"), ("kettlebell_ken", "2020-03-04T19:48:00", "p1")]
    assert any(isinstance(b, Quote) for b in comments[1].blocks)
    joined = [b for p in document.posts for b in p.blocks if b.text.startswith("Joined:")]
    assert len(joined) == 3 and all(isinstance(b, Boilerplate) for b in joined)
    assert dict(document.metadata)["comment_markup"] == "forum"


def test_a_page_without_comments_gets_none():
    _source, document = read_case("no-comments")
    assert [p.role for p in document.posts] == ["article"]
    assert {b.kind for b in document.boilerplate} == {"navigation", "related-links"}


def test_pipermail_message_page():
    _source, document = read_case("pipermail-message", "000120.html")
    (post,) = document.posts
    assert document.source.format == "pipermail-html"
    assert (post.author.name, post.author.email) == ("Ana Lima", "ana at example.org")
    assert post.date == "2008-03-04T10:15:02+01:00"
    assert post.subject == "[demo-list] Build fails on 640@30fps mode"  # unmasked from the reply link
    assert post.message_id == "<000120.msg@example.org>"
    types = [type(b).__name__ for b in post.blocks if not isinstance(b, Boilerplate)]
    assert "Quote" in types and "Signature" in types
    assert {b.kind for b in post.blocks if isinstance(b, Boilerplate)} == {"interface", "list-footer"}


def test_pipermail_month_folder_is_threaded_by_its_index():
    folder = CASES / "pipermail-month" / "2008-March"
    document = api.read_path(folder)
    assert document.source.format == "pipermail-html"
    parents = {dict(p.metadata)["file"]: p.in_reply_to for p in document.posts}
    ids = {dict(p.metadata)["file"]: p.id for p in document.posts}
    assert parents == {"000200.html": None, "000201.html": ids["000200.html"], "000202.html": ids["000201.html"], "000203.html": None}
    source, _doc = pipermail_html.read_folder(folder)
    assert coverage_problems(document, source.lines) == []
    assert outputs_problems(document, folder.name) == []


def test_coverage_check_finds_lost_and_duplicated_text():
    source, document = read_case("wordpress-nested")
    article = document.posts[0]
    lost = attrs.evolve(document, posts=(attrs.evolve(article, blocks=article.blocks[1:]),) + document.posts[1:])
    assert any("in no place" in p for p in coverage_problems(lost, source.lines))
    twice = attrs.evolve(document, posts=(attrs.evolve(article, blocks=article.blocks + article.blocks[-1:]),) + document.posts[1:])
    assert any("placed twice" in p for p in coverage_problems(twice, source.lines))
    moved = attrs.evolve(article.blocks[2], span=attrs.evolve(article.blocks[2].span, first=1, last=1)) if isinstance(article.blocks[2], Text) else None
    if moved is not None:
        shifted = attrs.evolve(document, posts=(attrs.evolve(article, blocks=article.blocks[:2] + (moved,) + article.blocks[3:]),) + document.posts[1:])
        assert coverage_problems(shifted, source.lines)


# --- the shared corpus ---------------------------------------------------------------------


def _corpus_pages(corpus: Path) -> list[Path]:
    return sorted(p for p in (corpus / "html").rglob("*.html"))


def test_every_corpus_page_is_lossless_with_valid_outputs(corpus):
    problems = []
    pages = _corpus_pages(corpus)
    assert len(pages) > 500
    for path in pages:
        source = load_path(path)
        document = api.read(source)
        problems += [f"{path.name}: {p}" for p in coverage_problems(document, source.lines)[:2]]
        problems += outputs_problems(document, path.name)[:2]
    assert problems == []


def test_every_pipermail_month_folder_reads_as_one_archive(corpus):
    problems = []
    for gold_path in sorted((corpus / "html" / "pipermail").glob("*/gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for month in gold["months"]:
            folder = gold_path.parent / month
            document = api.read_path(folder)
            source, _doc = pipermail_html.read_folder(folder)
            problems += [f"{month}: {p}" for p in coverage_problems(document, source.lines)[:2]]
            problems += outputs_problems(document, month)[:2]
            for post in document.posts:
                want = gold["pages"][f"{month}/{dict(post.metadata)['file']}"]["thread_parent"]
                got = next((f"{month}/{dict(p.metadata)['file']}" for p in document.posts if p.id == post.in_reply_to), None)
                if got != want:
                    problems.append(f"{month}/{dict(post.metadata)['file']}: parent {got}, gold {want}")
    assert problems == []


def test_html_accuracy_gate_figures(corpus):
    """The pinned baseline of bench/html_accuracy.py holds (threadkit's side; the peer's side
    and the speed ratio are measured by the bench script itself)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    import html_accuracy

    baseline = json.loads(html_accuracy.BASELINE.read_text(encoding="utf-8"))
    scores = html_accuracy.measure(corpus, peer=False)
    assert [f for f in html_accuracy.failures(scores, baseline, peer=False) if not f.startswith("goal")] == []


def test_mhonarc_message_page():
    _source, document = read_case("mhonarc-thread", "msg00002.html")
    (post,) = document.posts
    assert document.source.format == "mhonarc-html"
    assert (post.author.name, post.author.email) == ("Kim Lee", "kim@example.com")  # from X-From-R13
    assert post.date == "2008-02-12T11:02:44-05:00" and post.subject == "Re: Scanner driver for the X200"
    assert post.message_id == "<47B1C2D4.5000103@example.com>" and post.references == ("<20080212091403.GA1@example.no>",)
    assert {"to", "from", "date", "heading"} <= {h.name for h in post.header}
    assert any(isinstance(b, Quote) for b in post.blocks)


def test_mhonarc_folder_is_threaded_by_references():
    folder = CASES / "mhonarc-thread"
    document = api.read_path(folder)
    assert [p.in_reply_to for p in document.posts] == [None, "p1", "p2"]
    from threadkit.readers import mhonarc_html

    source, _doc = mhonarc_html.read_folder(folder)
    assert coverage_problems(document, source.lines) == []
    assert outputs_problems(document, folder.name) == []


def _page_facts(page):
    return ([(n.text, n.line, n.tail, n.pre, n.space) for n in page.nodes], page.line_count, dict(page.skipped),
            page.title and (page.title.text, page.title.line), len(page.elements), sorted(page.named.values(), key=repr))


@pytest.mark.parametrize("data", [
    b"<html><body><p>One\n two</p>\n<p>caf\xc3\xa9</p></body></html>\n",  # UTF-8, LF: parsed from the bytes
    b"<html><body><p>One\n two</p>\n<p>three</p></body></html>\n\n",  # a blank last line
    b"<html><body><p>One</p>\n<p>no final line end</p></body></html>",
    b"<html><body><p>One\r\n two</p>\r\n<p>three</p></body></html>\r\n",  # CR LF: the lines, joined
    b"<html><body><p>lone\rCR</p>\n<p>x</p></body></html>\r",
    b"\xef\xbb\xbf<html><body><p>BOM</p></body></html>\n",
    b"<html><body><p>stray \xe9 byte and caf\xc3\xa9 \xc3\xa9t\xc3\xa9</p></body></html>\n",
    b"<html><head><meta charset=iso-8859-1><title>T</title></head><body><p>caf\xe9</p></body></html>\n",
])
def test_page_of_source_is_the_page_of_its_lines(data):
    """A whole source's page, parsed from its bytes when they are its lines' UTF-8 text,
    is the page of its lines (what the lossless check parses) in every encoding and line end."""
    from threadkit.html.coverage import page_of_lines, page_of_source

    source = load_bytes(data, "page.html")
    assert _page_facts(page_of_source(source)) == _page_facts(page_of_lines(source.lines))


def test_shown_text_with_a_limit_is_a_start_of_the_shown_text():
    """``shown_text(el, limit)`` is the whole shown text when that is no longer than the limit,
    else a start of it longer than the limit, whatever the blank runs, the pieces and their
    sizes (it collapses what it has read as it goes, and cuts a long text before collapsing)."""
    import random

    from lxml import etree

    from threadkit.html.page import shown_text

    rng = random.Random(12)
    words = ["a", "bc", "déf", " ", "  ", "\n\n   ", "\t", " " * 400, "x" * 300, "ab cd " * 60, ""]
    for _ in range(400):
        root = etree.Element("div")
        root.text = rng.choice(words)
        parent = root
        for _k in range(rng.randrange(0, 12)):
            child = etree.SubElement(rng.choice([root, parent]), rng.choice(["span", "p", "b"]))
            child.text = "".join(rng.choice(words) for _w in range(rng.randrange(0, 4)))
            child.tail = "".join(rng.choice(words) for _w in range(rng.randrange(0, 3)))
            parent = child
        whole = " ".join("".join(root.itertext()).split())
        assert shown_text(root) == whole
        for limit in (0, 5, 60, 80, 120, 240):
            got = shown_text(root, limit)
            if len(whole) <= limit:
                assert got == whole
            else:
                assert len(got) > limit and whole.startswith(got)


_NESTED_SHARE_BARS = b"""<html><head><title>T</title></head><body>
<article><h1>Title here</h1><div class="entry-content"><p>This is the article text, long enough to be prose for the
finder to take it as the article body of this page.</p></div></article>
<ol class="commentlist">
<li class="comment" id="comment-1"><div class="comment-author vcard"><cite class="fn">Alice</cite></div>
<div class="comment-metadata"><time datetime="2020-01-01T10:00:00">January 1, 2020</time></div>
<p>First comment text.</p>
<div class="share-buttons">Share on Twitter</div>
<ul class="children">
<li class="comment" id="comment-2"><div class="comment-author vcard"><cite class="fn">Bob</cite></div>
<div class="comment-metadata"><time datetime="2020-01-02T10:00:00">January 2, 2020</time></div>
<p>Reply text.</p>
<div class="share-buttons">Share reply on Facebook</div>
</li></ul></li></ol></body></html>
"""


def test_a_replys_furniture_is_its_own():
    """A share bar inside a nested reply is that reply's boilerplate, not the comment's it answers."""
    doc = api.read_bytes(_NESTED_SHARE_BARS, "page.html")
    comments = [p for p in doc.posts if p.role == "comment"]
    assert [p.author.name for p in comments] == ["Alice", "Bob"]
    assert [[b.text for b in p.blocks if isinstance(b, Boilerplate)] for p in comments] == [["Share on Twitter"], ["Share reply on Facebook"]]
    assert coverage_problems(doc, load_bytes(_NESTED_SHARE_BARS, "page.html").lines) == []
