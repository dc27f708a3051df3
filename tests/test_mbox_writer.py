"""Issue 5: the mbox writer. Seed 000 as the issue states it, an article with comments, masked
and missing addresses, mboxrd "From " escaping as a property, a kitchen-sink golden, and
random documents that must always give strictly valid mail."""

from __future__ import annotations

import io
import shutil
import subprocess
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, SEEDS, assert_golden
from strategies import documents
from threadkit import api
from threadkit.mail.check import mbox_problems
from threadkit.mail.mboxfile import iter_raw_messages, message_bytes
from threadkit.model import Author, Boilerplate, Document, Post, Quote, Signature, SourceInfo, Span, Text
from threadkit.readers import mbox as mbox_reader
from threadkit.source import load_bytes
from threadkit.writers import mbox as mbox_writer

SEED_000 = SEEDS / "000_0d91296e416bf5fc.txt"


def _messages(data: bytes):
    return [BytesParser(policy=policy.strict).parsebytes(message_bytes(raw)) for raw in iter_raw_messages(io.BytesIO(data))]


@pytest.fixture(scope="module")
def seed_000():
    document = api.read_path(SEED_000)
    return document, mbox_writer.write(document)


def test_seed_000_gives_five_threaded_messages(seed_000):
    document, data = seed_000
    assert mbox_problems(io.BytesIO(data), "000.mbox") == []
    messages = _messages(data)
    assert len(messages) == len(document.posts) == 5
    ids = {post.id: str(msg["Message-ID"]) for post, msg in zip(document.posts, messages)}
    for post, msg in zip(document.posts, messages):
        assert msg.defects == []
        expected = ids[post.in_reply_to] if post.in_reply_to else None
        assert (str(msg["In-Reply-To"]) if msg["In-Reply-To"] else None) == expected
        assert msg["Subject"].startswith("Re: ") == (post.in_reply_to is not None)
        assert msg["From"].addresses[0].display_name == post.author.name
        assert str(msg["Date"]).endswith("-0000")  # the page shows no zone
    # written twice, the same bytes: Message-IDs come from the content
    assert mbox_writer.write(document) == data


def test_seed_000_opens_in_gnu_mail(seed_000, tmp_path):
    if shutil.which("mail") is None:
        pytest.skip("GNU mailutils is not installed (.ci/run installs it)")
    path = tmp_path / "000.mbox"
    path.write_bytes(seed_000[1])
    result = subprocess.run(["mail", "-f", str(path), "-H"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    summary = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(summary) == 5, result.stdout + result.stderr
    assert "Re: La Belgique" in summary[1]


def _source(fmt: str = "article-text") -> SourceInfo:
    return SourceInfo(name="hand-made.txt", sha256="0" * 64, format=fmt)


def _article_document() -> Document:
    article = Post(id="p1", span=Span(1, 9), role="article", author=Author("Le Soir"), date="2026-01-07",
                   blocks=(Text("La Belgique enverra des capacités militaires.", Span(3, 3)),))
    comment1 = Post(id="p2", span=Span(11, 13), role="comment", author=Author("jean_d"), date="2026-01-07T10:00:00+01:00",
                    blocks=(Text("Et le Parlement ?", Span(13, 13)),))
    comment2 = Post(id="p3", span=Span(15, 19), role="comment", author=Author("Ana"), in_reply_to="p2",
                    blocks=(Quote("Et le Parlement ?", Span(17, 17), kind="reply"), Text("Il votera.", Span(19, 19))))
    return Document(source=_source(), title="La Belgique s’engage", posts=(article, comment1, comment2),
                    boilerplate=(Boilerplate("Partager sur Facebook", Span(21, 21), "interface"),), metadata=(("url", "https://example.org/a"),))


def test_article_becomes_root_with_comments_as_replies():
    data = mbox_writer.write(_article_document())
    assert mbox_problems(io.BytesIO(data), "article.mbox") == []
    article, first, second = _messages(data)
    assert article["In-Reply-To"] is None and str(article["Subject"]) == "La Belgique s’engage"
    assert str(article["X-Threadkit-Role"]) == "article" and str(article["X-Threadkit-Url"]) == "https://example.org/a"
    assert str(first["In-Reply-To"]) == str(article["Message-ID"])
    assert str(first["Subject"]) == "Re: La Belgique s’engage"
    assert str(second["In-Reply-To"]) == str(first["Message-ID"])
    assert str(second["References"]).split() == [str(article["Message-ID"]), str(first["Message-ID"])]
    # the page's quote lost its marker: it is written as a "> " line
    assert second.get_content() == "> Et le Parlement ?\n\nIl votera.\n"
    assert b"Partager sur Facebook" not in data  # page interface is not mail


@pytest.mark.parametrize(
    "shown, expected, note",
    [
        ("alert...@googlegroups.com", '"alert..."@googlegroups.com', False),
        ("nick.chorley at gmail.com", "nick.chorley@gmail.com", False),
        ("jane@example.org", "jane@example.org", False),
        (None, "jane.doe@unknown.invalid", True),
        ("not an address", "jane.doe@unknown.invalid", True),
    ],
)
def test_addresses_are_valid_syntax(shown, expected, note):
    address, why = mbox_writer.mailbox("Jane Doe", shown)
    assert mbox_writer.addr_spec(address) == expected
    assert (why is not None) == note
    post = Post(id="p1", span=Span(1, 1), author=Author("Jane Doe", shown), blocks=(Text("hi", Span(1, 1)),))
    data = mbox_writer.write(Document(source=_source(), posts=(post,)))
    assert mbox_problems(io.BytesIO(data), "a.mbox") == []
    again = mbox_reader.read(load_bytes(data, "a.mbox")).posts[0]
    assert again.author.name == "Jane Doe"
    if shown and not note and " at " not in shown:
        assert again.author.email == shown  # a masked address reads back as the source showed it


_LINES = st.lists(st.sampled_from(["From here on", ">From quoted", ">>From deep", "From", " From x", "plain text", "> a quote", "", "-- ", "=46rom"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(_LINES)
def test_from_lines_round_trip(lines):
    """mboxrd: whatever the body lines, reading our output gives them back unchanged."""
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        text = "x"
    post = Post(id="p1", span=Span(1, 1), author=Author("A", "a@example.org"), message_id="<1@example.org>",
                blocks=(Text(text, Span(1, 1)),))
    data = mbox_writer.write(Document(source=_source("mbox"), posts=(post,)))
    (again,) = mbox_reader.read(load_bytes(data, "r.mbox")).posts
    assert mbox_writer.render_body(again, True)[0] == text


def test_kitchen_sink_golden(update_goldens):
    signature = Signature("--\nAna", Span(20, 21), kind="dash-dash")
    post = Post(id="p1", span=Span(1, 21), author=Author("Ana Ölz", "ana@example.org"), date="2024-06-03T04:06:43+01:00",
                to=("Bob <bob@example.org>", "alert...@googlegroups.com"), subject="Kitchen sink",
                blocks=(Text("From the top,", Span(3, 3)), Quote("On Monday, June 3, 2024 at 4:06:43 AM UTC+1 Bob wrote:\nHello", Span(5, 6), attribution="On Monday, June 3, 2024 at 4:06:43 AM UTC+1 Bob wrote:"),
                        Boilerplate("Reply all", Span(8, 8), "interface"), Text(">From a line that looks escaped", Span(10, 10)), signature),
                metadata=(("relative_date", "7 days ago"),))
    data = mbox_writer.write(Document(source=_source("googlegroups-text"), title="Kitchen sink", posts=(post,)))
    assert mbox_problems(io.BytesIO(data), "k.mbox") == []
    assert_golden(data.decode("utf-8"), GOLDEN / "mail-kitchen-sink.mbox", update_goldens)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_gives_valid_mail(document):
    """Random documents (hostile text, odd ids, dates, addresses): one valid message per post."""
    data = mbox_writer.write(document)
    assert mbox_problems(io.BytesIO(data), "random.mbox") == ([] if document.posts else ["random.mbox: no message"])
    assert len(list(iter_raw_messages(io.BytesIO(data)))) == len(document.posts)
