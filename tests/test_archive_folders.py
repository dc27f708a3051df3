"""Issue 10: folders and standard input of any size stream like an mbox, or are refused with
why and what to do; an archive without any threading header (Mailman 1) threads by subject.

The inputs are small; the size limits are lowered (monkeypatched, as
:data:`threadkit.source.MAX_TEXT_BYTES` and :data:`threadkit.api.STREAM_BYTES` allow) so that
they take the streaming path, which must give what the in-memory path gives.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from threadkit import api, cli, source
from threadkit.mail.archive import Archive
from threadkit.model import Document, meta_get
from threadkit.validate import validate_path

CASES = Path(__file__).resolve().parent / "cases" / "inputs"


def _pipermail_message(sender: str, when: str, date: str, subject: str, mid: str, irt: str | None = None, body: str = "Text.") -> str:
    reply = f"In-Reply-To: <{irt}>\nReferences: <{irt}>\n" if irt else ""
    return (f"From {sender} at example.org  {when}\nFrom: {sender} at example.org ({sender.title()})\nDate: {date}\n"
            f"Subject: {subject}\n{reply}Message-ID: <{mid}>\n\n{body}\n\n")


@pytest.fixture
def months(tmp_path) -> Path:
    """Two Pipermail months; February (gzip) answers January. By name, February sorts first."""
    folder = tmp_path / "list-archive"
    folder.mkdir()
    (folder / "1999-January.txt").write_text(
        _pipermail_message("ann", "Mon Jan  4 13:22:14 1999", "Mon, 04 Jan 1999 13:22:14 -0500", "[list] build fails", "a1@example.org")
        + _pipermail_message("bob", "Tue Jan  5 09:10:55 1999", "Tue, 05 Jan 1999 09:10:55 -0500", "[list] other", "b1@example.org"))
    (folder / "1999-February.txt.gz").write_bytes(gzip.compress(
        _pipermail_message("cy", "Mon Feb  1 10:00:00 1999", "Mon, 01 Feb 1999 10:00:00 -0500", "Re: [list] build fails",
                           "c1@example.org", irt="a1@example.org").encode()))
    (folder / "index.html").write_text("<html>not an archive</html>\n")  # Mailman's pages are not read
    return folder


def _streamed(path: Path, monkeypatch):
    """What ``convert`` gets for ``path`` when the size limit is below it (a folder's: above
    each of its files, below their sum)."""
    sizes = [f.stat().st_size for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path.stat().st_size // 2]
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", max(sizes))
    item = api.open_input(path)
    assert isinstance(item, Archive)
    return item


def _same_as_in_memory(archive: Archive, document: Document) -> None:
    assert tuple(archive.posts()) == document.posts
    assert archive.head.source == document.source and archive.head.title == document.title


@pytest.mark.parametrize("case, fmt", [("maildir-folder", "maildir"), ("netnews-spool", "netnews")])
def test_one_message_per_file_folder_over_the_limit_streams_as_it_reads_whole(case, fmt, monkeypatch):
    document = api.read_path(CASES / case)
    archive = _streamed(CASES / case, monkeypatch)
    assert archive.head.source.format == fmt
    _same_as_in_memory(archive, document)


def test_pipermail_months_folder_is_one_archive_oldest_month_first(months):
    assert api.detect_path(months)[0].format == "pipermail"
    document = api.read_path(months)
    assert [meta_get(p.metadata, "file") for p in document.posts] == ["1999-January.txt", "1999-January.txt", "1999-February.txt.gz"]
    assert [p.in_reply_to for p in document.posts] == [None, None, "p1"]  # threaded across months
    assert not [d for p in document.posts for d in p.defects]


def test_pipermail_months_folder_over_the_limit_streams(months, monkeypatch, tmp_path):
    document = api.read_path(months)
    _same_as_in_memory(_streamed(months, monkeypatch), document)
    out = tmp_path / "threads"
    assert cli.main(["convert", str(months), "--to", "mbox", "--split", "thread", "-o", str(out)]) == 0
    assert json.loads((out / "index.json").read_text())["post_count"] == 3
    assert all(validate_path(f) == [] for f in out.iterdir())


def test_a_message_never_spans_two_months(tmp_path):
    """A month that ends without a blank line, and the next month's plain envelope: two messages."""
    folder = tmp_path / "months"
    folder.mkdir()
    first = _pipermail_message("ann", "Mon Jan  4 13:22:14 1999", "Mon, 04 Jan 1999 13:22:14 -0500", "a", "a1@example.org")
    (folder / "1999-January.txt").write_text(first.rstrip("\n"))
    second = _pipermail_message("bob", "Mon Feb  1 10:00:00 1999", "Mon, 01 Feb 1999 10:00:00 -0500", "b", "b1@example.org")
    (folder / "1999-February.txt").write_text(second.replace("bob at example.org", "bob@example.org", 1))
    document = api.read_path(folder, "pipermail")
    assert [p.message_id for p in document.posts] == ["<a1@example.org>", "<b1@example.org>"]


# --- standard input --------------------------------------------------------------------------


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_over_the_limit_is_spooled_and_streamed(monkeypatch, tmp_path):
    data = (CASES / "takeout-topics.mbox").read_bytes()
    whole = tmp_path / "whole.jsonl"
    assert cli.main(["convert", str(CASES / "takeout-topics.mbox"), "--to", "jsonl", "-o", str(whole)]) == 0
    monkeypatch.setattr(api, "SPOOL_DIR", str(tmp_path))
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", 300)
    _stdin(monkeypatch, data)
    out = tmp_path / "stdin.jsonl"
    assert cli.main(["convert", "-", "--to", "jsonl", "-o", str(out)]) == 0
    assert validate_path(out) == []
    streamed, read_whole = (f.read_text().splitlines() for f in (out, whole))
    assert json.loads(streamed[0])["source"]["name"] == "<stdin>"
    assert streamed[1:] == read_whole[1:]  # the posts, threads included (Gmail's thread ids)
    spooled = list(tmp_path.glob("threadkit-stdin-*"))
    assert len(spooled) == 1 and spooled[0].read_bytes() == data  # removed when the process ends
    api._remove(str(spooled[0]))


def test_stdin_under_the_limit_is_read_in_memory(monkeypatch, tmp_path):
    monkeypatch.setattr(api, "SPOOL_DIR", str(tmp_path))
    _stdin(monkeypatch, (CASES / "takeout-topics.mbox").read_bytes())
    assert cli.main(["convert", "-", "--to", "json", "-o", str(tmp_path / "out.json")]) == 0
    assert not list(tmp_path.glob("threadkit-stdin-*"))


# --- text that does not split into lines at LF ------------------------------------------------


@pytest.mark.parametrize("encode, why", [
    (lambda text: text.replace("\n", "\r").encode(), "CR (old Mac) line ends"),
    (lambda text: text.encode("utf-16"), "utf-16 text"),
])
def test_archive_over_the_limit_that_cannot_stream_is_refused_with_why_and_what_to_do(encode, why, tmp_path, monkeypatch, capsys):
    path = tmp_path / "old.mbox"
    path.write_bytes(encode((CASES / "takeout-topics.mbox").read_text()))
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", 300)
    assert cli.main(["convert", str(path), "--to", "jsonl", "-o", str(tmp_path / "out.jsonl")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and why in err and "iconv" in err and "limit" in err
    assert not (tmp_path / "out.jsonl").exists()


# --- Mailman 1: threads by subject ------------------------------------------------------------


def test_mailman1_archive_without_threading_headers_threads_by_subject(monkeypatch):
    path = CASES / "pipermail-mailman1-1999.txt"
    document = api.read_path(path, "pipermail")
    assert [p.in_reply_to for p in document.posts] == [None, "p1", "p1"]
    assert [p.reply_evidence[0].kind for p in document.posts] == ["header", "subject", "subject"]
    archive = _streamed(path, monkeypatch)
    assert [p.in_reply_to for p in archive.posts()] == [None, "p1", "p1"]


def test_an_archive_with_message_ids_but_no_reply_headers_is_not_threaded_by_subject(tmp_path):
    """A Mailman 2 month of thread starts: its Message-IDs say the messages are not replies."""
    text = "".join(_pipermail_message(s, f"Mon Jan  {k} 13:22:14 1999", f"Mon, 0{k} Jan 1999 13:22:14 -0500", "[list] same", f"{s}@x")
                   for k, s in enumerate(("ann", "bob"), 4))
    path = tmp_path / "1999-January.txt"
    path.write_text(text)
    assert [p.in_reply_to for p in api.read_path(path, "pipermail").posts] == [None, None]


def test_folder_copy_keeps_working(tmp_path):
    """A Maildir copied elsewhere reads the same (the reader takes nothing from the path but its files)."""
    shutil.copytree(CASES / "maildir-folder", tmp_path / "box")
    (tmp_path / "box" / "tmp").mkdir(exist_ok=True)
    assert [p.message_id for p in api.read_path(tmp_path / "box").posts] == [p.message_id for p in api.read_path(CASES / "maildir-folder").posts]
