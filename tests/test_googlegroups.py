"""The Google Groups page-copy reader: seed 000 as issue #2 describes it, and the gg-web gold."""

from __future__ import annotations

import json

import pytest

from conftest import SEEDS, corpus_dir
from threadkit import api
from threadkit.model import Attachment, Boilerplate, Embedded, Quote, Signature, iter_blocks, meta_get
from threadkit.readers import googlegroups

SEED = SEEDS / "000_0d91296e416bf5fc.txt"


@pytest.fixture(scope="module")
def seed():
    return api.read_path(SEED)


def test_seed_is_detected_as_googlegroups(seed):
    assert seed.source.format == "googlegroups-text"
    assert seed.title == "La Belgique s’engage à envoyer des capacités militaires en Ukraine en cas d’accord de paix"
    assert meta_get(seed.metadata, "views") == 5


def test_seed_posts_authors_dates_recipients(seed):
    assert [(p.author.name, p.date, p.to) for p in seed.posts] == [
        ("Roland Marounek", "2026-01-07T04:13:08", ("alert...@googlegroups.com",)),
        ("Marie-Thérèse Jacot-Descombes", "2026-01-07T12:27:23", ("Alerte Otan",)),
        ("Freddy Visconti", "2026-01-07T13:31:03", ("alert...@googlegroups.com",)),
        ("Artur DA COSTA", "2026-01-08T02:15:38", ("alert...@googlegroups.com", "mtjacot...@gmail.com")),
        ("Françoise Duthu", "2026-01-08T05:59:01", ("alert...@googlegroups.com", "mtjacot...@gmail.com")),
    ]
    assert all(p.role == "message" for p in seed.posts)
    assert len({p.id for p in seed.posts}) == 5


def test_seed_relative_dates_give_the_capture_date(seed):
    assert [meta_get(p.metadata, "relative_date") for p in seed.posts] == ["7 days ago", "6 days ago", "6 days ago", "6 days ago", "5 days ago"]
    # 7 days after Jan 7 04:13 and less than 6 days after Jan 8 05:59: Jan 14
    assert meta_get(seed.metadata, "capture_date") == "2026-01-14"


def test_seed_reply_targets_and_their_evidence(seed):
    p1, p2, p3, p4, p5 = seed.posts
    assert [p.in_reply_to for p in seed.posts] == [None, p1.id, p1.id, p2.id, p2.id]
    assert [e.kind for e in p2.reply_evidence] == ["default"]
    assert {e.kind for e in p3.reply_evidence} == {"quoted-text"}
    kinds4 = {e.kind: e for e in p4.reply_evidence}
    assert kinds4["quote-attribution"].target == p2.id and "zone offset" in kinds4["quote-attribution"].detail
    assert {e.kind for e in p5.reply_evidence} == {"recipient"}


def test_seed_post1_forwarded_articles_attachments_tagline(seed):
    p1 = seed.posts[0]
    embedded = [b for b in p1.blocks if isinstance(b, Embedded)]
    assert [e.source for e in embedded] == ["Le Soir", "RT", "Belga", "RT"]
    assert embedded[0].title.startswith("La Coalition des volontaires se met d’accord")
    assert embedded[3].title.startswith("L'Occident veut envoyer des troupes")
    assert [e.span.first for e in embedded] == [60, 86, 114, 126]
    assert [b.text for b in p1.blocks if isinstance(b, Boilerplate) and b.kind == "separator"] == ["++++++"] * 4
    assert [a.name for a in p1.attachments] == ["image002.jpg", "image006.jpg"]
    assert [b.kind for b in p1.blocks if isinstance(b, Boilerplate) and b.span.first == 153] == ["antivirus"]


def test_seed_post3_inline_quote_and_list_footer(seed):
    p3 = seed.posts[2]
    quote = next(b for b in p3.blocks if isinstance(b, Quote))
    assert quote.kind == "inline" and quote.span.first == 193
    footer = next(b for b in p3.blocks if isinstance(b, Boilerplate) and b.kind == "list-footer")
    assert (footer.span.first, footer.span.last) == (197, 204)
    assert footer.text.startswith("--") and "msgid" in footer.text.splitlines()[-1]


def test_seed_post4_french_attribution_with_no_break_spaces(seed):
    quote = next(b for b in seed.posts[3].blocks if isinstance(b, Quote))
    assert "\u00a0" in quote.attribution  # matched as written, no-break spaces included
    assert quote.attribution_span.first == 213 and quote.attribution.endswith("a écrit\u00a0:")


def test_seed_post5_signoff_signature(seed):
    signature = next(b for b in seed.posts[4].blocks if isinstance(b, Signature))
    assert signature.text == "Cdlt\nFD"


def test_interface_text_is_page_boilerplate_not_post_text(seed):
    page = {b.text for b in seed.boilerplate}
    assert "unread," in page and "Skip to first unread message" in page
    for post in seed.posts:
        for block in iter_blocks(post.blocks):
            assert "unread," not in block.text.splitlines()
            assert "Reply to author" not in block.text


def gg_web_cases():
    root = corpus_dir()
    return sorted((root / "gg-web").glob("*.txt")) if root else []


@pytest.mark.parametrize("path", gg_web_cases(), ids=lambda p: p.stem[:40])
def test_gg_web_capture_matches_gold(path):
    gold = json.loads(path.with_name(path.name + ".gold.json").read_text())
    doc = api.read_path(path)
    assert doc.source.format.startswith(gold["format_prefix"])
    assert doc.title == gold["title"]
    assert len(doc.posts) == gold["n_posts"]
    for post, expected in zip(doc.posts, gold["posts"]):
        assert post.author.name == expected["author"]
        assert post.date == expected["date"]
        assert post.header[0].span.first == expected["author_line"]
        assert post.date_raw == expected["date_line"]
        assert ", ".join(post.to) == expected["to_line"]
        assert all(name in post.to for name in expected["to_contains"])


def test_gg_web_corpus_is_present_when_expected():
    if corpus_dir() is None:
        pytest.skip("shared corpus not found")
    assert len(gg_web_cases()) == 9


@pytest.mark.parametrize(
    "line, iso",
    [
        ("Jun 23, 2021, 10:55:30\u202fAM6/23/21", "2021-06-23T10:55:30"),
        ("Jan 12, 2026, 8:37:38 AMJan 12", "2026-01-12T08:37:38"),
        ("Jan 7, 2026, 12:27:23 PM (6 days ago) Jan 7", "2026-01-07T12:27:23"),
        ("Dec 1, 2020, 12:05:00 AM12/1/20", "2020-12-01T00:05:00"),
    ],
)
def test_date_line_forms(line, iso):
    assert googlegroups._parse_date(line)[0] == iso


def test_unparsable_date_is_a_defect_not_an_error():
    text = "Title\n\n1 view\n\nJane\n\nunread,\nFeb 30, 2026, 1:00:00 AM (2 days ago) Feb 30\nto x...@googlegroups.com\nHello\n"
    doc = api.read_bytes(text.encode(), "t.txt", "googlegroups")
    assert doc.posts[0].date is None
    assert [d.code for d in doc.posts[0].defects] == ["unparsable-date"]


def test_seed_post4_collapsed_quote_is_recorded_as_a_defect(seed):
    assert [(d.code, d.span.first) for d in seed.posts[3].defects] == [("collapsed-quote", 213)]
    assert all(not p.defects for k, p in enumerate(seed.posts) if k != 3)


def test_text_without_posts_keeps_every_line_as_unrecognised():
    doc = api.read_bytes(b"Hello\nworld\n\nnot a thread\n", "x.txt", "googlegroups")
    assert doc.posts == () and [d.code for d in doc.defects] == ["no-posts"]
    assert [b.kind for b in doc.boilerplate] == ["unrecognised", "unrecognised"]
