"""Issue 10, items 4 and 5: more archive inputs, each detected by its content, and detection
that never mistakes mail for an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadkit import api
from threadkit.detection import choose, detect
from threadkit.invariants import coverage_problems
from threadkit.model import Span, meta_get
from threadkit.readers import READERS
from threadkit.source import load_bytes, load_path

CASES = Path(__file__).resolve().parent / "cases" / "inputs"


def _read(path: Path, expected_format: str):
    source = load_path(path)
    assert choose(detect(source), path.name).format == expected_format
    document = api.read(source)
    assert coverage_problems(document, source.lines) == []
    return document


# --- detection: mail is mail ------------------------------------------------------------


def test_detection_mail_header_is_decisive_over_article_sniffers():
    """A real message with a long Received chain was 'ambiguous: eml or article-comments'."""
    guesses = detect(load_path(CASES / "eml-received-chain-not-article.eml"))
    assert guesses[0].format == "eml" and guesses[0].decisive
    assert all(g.score == 0 for g in guesses[1:] if g.format.startswith("article"))


def test_detection_mbox_certainty_ends_the_search(monkeypatch):
    """The article sniffers never lay out an mbox: an mbox opening is decisive."""
    def refuse(source):
        raise AssertionError("an article sniffer ran over an mbox")

    for name in ("article-text", "article-comments-text", "googlegroups-text"):
        monkeypatch.setattr(READERS[name], "sniff", refuse)
    data = b"From a@example.org Sat Jun 22 15:00:44 2019\nFrom: A <a@example.org>\nSubject: hi\n\nbody\n"
    assert choose(detect(load_bytes(data, "m"))).format == "mbox"


@pytest.mark.parametrize("head", [
    "Received: from mx.example.org by mx2.example.org; Mon, 1 Jan 2024 12:00:00 +0000\nFrom: a@example.org\n",
    "\n\nFrom: a@example.org\nMessage-ID: <1@example.org>\n",
    "Return-Path: <a@example.org>\nTo: b@example.org\n",
])
def test_detection_mail_header_without_date_or_subject_is_eml(head):
    body = "Hello,\n\nThis is a paragraph long enough to look like an article body to a sniffer.\n" * 3
    assert choose(detect(load_bytes((head + "\n" + body).encode(), "x"))).format == "eml"


def test_detection_a_memo_like_article_header_is_not_mail():
    best = detect(load_bytes(b"Title: On gardens\nAuthor: Jane\nDate: 3 May 2020\n\nGardens are good.\n", "x"))[0]
    assert not (best.format == "eml" and best.decisive)


def test_eml_with_leading_blank_lines_and_no_date_or_subject():
    (post,) = _read(CASES / "eml-leading-blank-no-date-subject.eml", "eml").posts
    assert post.author.email == "alice@example.com" and post.message_id == "<test-email-as-name@example.com>"
    assert post.span.first == 3 and post.header[0].span.first == 3  # lines keep their numbers
    assert [d.code for d in post.defects] == ["missing-date", "missing-subject"]


def test_eml_received_lines_are_header_not_comments():
    document = _read(CASES / "eml-received-chain-not-article.eml", "eml")
    (post,) = document.posts
    assert post.role == "message" and any(f.name == "received" for f in post.header)
    assert post.author.name == "Nicoletta Bernasconi"


# --- Pipermail: every Mailman era, no silent merge ---------------------------------------------


@pytest.mark.parametrize("name", ["pipermail-scrubbed-no-blank.txt", "pipermail-scrubbed-no-blank-plain-addresses.txt"])
def test_pipermail_envelope_right_after_scrubber_url_line_starts_a_message(name):
    """Mailman's Scrubber note ("Url : ..." / "URL: ...") is followed at once by the next envelope."""
    document = _read(CASES / name, "pipermail")
    assert [p.message_id for p in document.posts] == ["<1@example.org>", "<2@example.net>", "<3@example.org>"]
    assert [p.in_reply_to for p in document.posts] == [None, "p1", "p2"]
    assert [[a.kind for a in p.attachments] for p in document.posts] == [["scrubbed"], ["scrubbed"], []]
    assert all(not p.defects for p in document.posts)


@pytest.mark.parametrize("name, email", [
    ("pipermail-mailman1-1999.txt", "jdoe at example.edu"),
    ("pipermail-mailman1-1999-plain-addresses.txt", "jdoe@example.edu"),
])
def test_pipermail_mailman1_archive(name, email):
    """Mailman 1.x: Date before From, "From: Name address", no Message-ID (with or without obfuscation)."""
    document = _read(CASES / name, "pipermail")
    assert len(document.posts) == 3
    first = document.posts[0]
    assert first.author.name == "John Doe" and first.author.email == email
    assert first.date == "1999-01-04T13:22:14-05:00" and first.subject == "[list] compiling on IRIX"


def test_envelope_inside_a_plain_mbox_body_does_not_split_but_is_reported():
    """The mboxcl rule stays for ordinary envelopes: a git patch's From line in a body is body,
    and a defect says so (were it a message merged into its predecessor, it is not silent)."""
    data = (b"From a@example.org Sat Jun 22 15:00:44 2019\nFrom: A <a@example.org>\nSubject: patch\n\n"
            b"see below\nFrom 1a2b3c4d Mon Sep 17 00:00:00 2001\nFrom: B <b@example.org>\n")
    (post,) = api.read(load_bytes(data, "m.mbox")).posts
    (defect,) = [d for d in post.defects if d.code == "envelope-in-body"]
    assert defect.span == Span(6, 6)


# --- Google Takeout topics.mbox -----------------------------------------------------------------


def test_takeout_envelope_with_zone_before_year_and_gmail_thread_ids():
    document = _read(CASES / "takeout-topics.mbox", "mbox")
    assert len(document.posts) == 4
    assert [meta_get(p.metadata, "gmail_thread_id") for p in document.posts][::3] == ["1497523740146524170", "1497523740146524199"]
    # p2 by its In-Reply-To; p3 has no reply header, Gmail's thread id puts it in the thread
    assert [p.in_reply_to for p in document.posts] == [None, "p1", "p1", None]
    assert document.posts[2].reply_evidence[0].detail.startswith("X-GM-THRID 1497523740146524170")
    assert meta_get(document.posts[2].metadata, "thread_root") == "<a1@example.org>"


# --- folders: Maildir and news spool -----------------------------------------------------------


def _read_folder(path: Path, expected_format: str):
    assert api.detect_path(path)[0].format == expected_format
    document = api.read_path(path)
    assert document.source.format == expected_format
    # the folder's files, read as one source in the reader's order, are all claimed
    from threadkit.readers import READERS

    source, _ = READERS[expected_format].read_folder(path)
    assert coverage_problems(document, source.lines) == []
    return document


def test_maildir_folder_read_as_one_archive_ordered_by_date():
    document = _read_folder(CASES / "maildir-folder", "maildir")
    files = [meta_get(p.metadata, "file") for p in document.posts]
    # by Date (the reply's file name is older), then the delivery time for a message without Date
    assert files == ["cur/1428152400.M100P200.mail.example.org:2,S", "cur/1428070000.M101P201.mail.example.org:2,RS", "new/1428160000.M102P202.mail.example.org"]
    assert [p.in_reply_to for p in document.posts] == [None, "p1", "p2"]
    assert [d.code for d in document.posts[2].defects] == ["missing-date"]


def test_netnews_article_file():
    (post,) = _read(CASES / "netnews-article.txt", "netnews").posts
    assert post.header[0].name == "envelope" and post.header[0].text == "Article 10234 of comp.lang.python:"
    assert meta_get(post.metadata, "newsgroups") == "comp.lang.python,comp.lang.misc"
    assert meta_get(post.metadata, "followup_to") == "comp.lang.python"
    assert meta_get(post.metadata, "xref") == "news.example.net comp.lang.python:10234 comp.lang.misc:5512"
    assert post.author.name == "Ann Example" and post.date == "2001-12-21T10:15:00+00:00"


def test_netnews_spool_folder_threaded_by_references():
    document = _read_folder(CASES / "netnews-spool", "netnews")
    assert [meta_get(p.metadata, "file") for p in document.posts] == ["9999", "10234", "10240"]  # number order
    by_id = {p.message_id: p for p in document.posts}
    assert by_id["<gen-2@news.example.com>"].in_reply_to == by_id["<gen-1@news.example.org>"].id
    assert by_id["<gen-3@other.UUCP>"].in_reply_to == by_id["<gen-2@news.example.com>"].id
    assert all(meta_get(p.metadata, "newsgroups") == "comp.lang.python" for p in document.posts)


@pytest.mark.parametrize("case, to", [("maildir-folder", "mbox"), ("netnews-spool", "json"), ("maildir-folder", "tei")])
def test_cli_converts_a_folder_input(case, to, tmp_path):
    from threadkit.cli import main
    from threadkit.validate import validate_path
    from threadkit.writers import WRITERS

    out = tmp_path / f"out{WRITERS[to].EXTENSION}"
    assert main(["convert", str(CASES / case), "--to", to, "-o", str(out)]) == 0
    assert validate_path(out) == []


def test_cli_a_folder_no_reader_claims_is_one_line_exit_3(tmp_path, capsys):
    from threadkit.cli import main

    (tmp_path / "notes.txt").write_text("hello\n")
    assert main(["convert", str(tmp_path)]) == 3
    assert main(["detect", str(tmp_path)]) == 3
    assert main(["convert", str(CASES / "maildir-folder"), "--from", "eml"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 3 and "is a folder" in err


# --- Outlook .msg through mail-parser ------------------------------------------------------------

MSG = CASES / "outlook-newsletter.msg"


def test_outlook_msg_without_the_extra_is_one_line_exit_3(monkeypatch, capsys):
    import importlib.util

    from threadkit.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "extract_msg" else real(name, *a))
    assert main(["convert", str(MSG)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install threadkit[outlook]" in err


def test_ole2_file_that_is_no_outlook_message_is_refused_cleanly(capsys):
    pytest.importorskip("extract_msg")
    from threadkit.source import load_bytes as load
    from threadkit.errors import InputError

    with pytest.raises(InputError, match="cannot be read as an Outlook message"):
        load(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "x.doc")


def test_outlook_msg_read_through_mail_parser():
    pytest.importorskip("extract_msg")
    (post,) = _read(MSG, "outlook-msg").posts
    assert post.message_id == "<20170918100018.6AE0948009C@www.w-vwa.de>"
    assert post.author.email == "NueblingV@w-vwa.de" and post.date == "2017-09-18T12:00:18+02:00"
    assert post.subject.startswith("Newsletter Prüfung Personalwesen")
    assert any(f.name == "received" for f in post.header)
