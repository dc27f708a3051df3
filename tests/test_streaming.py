"""Issue 10, items 1-2: mail archives of any size stream (two passes, header index threaded by
JWZ), JSON Lines output validated line by line, --split thread, compressed inputs.

The archives here are small; the size limit is lowered so that they take the streaming path,
which must give what the in-memory path gives on the same file.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest

from threadkit import api, cli, codec, source
from threadkit.mail.archive import Archive
from threadkit.model import Post, meta_get
from threadkit.readers import mbox, pipermail
from threadkit.source import load_bytes, open_binary
from threadkit.validate import validate_path
from threadkit.writers import jsonl
from threadkit.writers.split import INDEX

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _message(k: int, parent: int | None, extra: str = "") -> str:
    refs = f"In-Reply-To: <m{parent}@example.org>\nReferences: <root@example.org> <m{parent}@example.org>\n" if parent else ""
    return (
        f"From user{k}@example.org Mon Jan  {1 + k % 9} 10:0{k % 10}:00 2024\n"
        f"From: Usér {k} <user{k}@example.org>\n"
        f"Subject: {'Re: ' if parent else ''}Topic {parent or k}\n"
        f"Date: Mon, {1 + k % 9} Jan 2024 10:0{k % 10}:00 +0100\n"
        f"Message-ID: <m{k}@example.org>\n{refs}"
        "\n"
        f"Message {k} says héllo.\n{extra}"
        f"{'> quoted line of the parent' if parent else ''}\n"
        "\n"
    )


def archive_bytes(count: int = 40) -> bytes:
    """An mbox with threads, a reply to a missing message, a duplicate Message-ID, an escaped
    "From " body line, a stray Latin-1 byte and a NUL (source defects), and a multipart message."""
    parts = []
    for k in range(1, count + 1):
        parent = None if k % 5 == 1 else k - 1
        extra = ">From the escaped line\n" if k == 7 else ""
        parts.append(_message(k, parent, extra))
    parts.append(_message(3, None))  # duplicate Message-ID <m3@...>
    parts.append(
        "From orphan@example.org Tue Feb  6 09:00:00 2024\nFrom: Orphan <o@example.org>\nSubject: Re: gone\n"
        "In-Reply-To: <missing@example.org>\nMessage-ID: <orphan@example.org>\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nbody text\n--b--\n\n'
    )
    data = "".join(parts).encode("utf-8")
    return data.replace(b"Message 9 says", b"Message 9 s\xe9ys").replace(b"Message 11 says", b"Message 11 \x00says")


@pytest.fixture
def small_limit(monkeypatch):
    """A size limit below the test archives, so that they stream."""
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", 2000)


@pytest.fixture
def archive_file(tmp_path) -> Path:
    path = tmp_path / "list.mbox"
    path.write_bytes(archive_bytes())
    return path


def _in_memory(path: Path):
    return api.read(load_bytes(path.read_bytes(), path.name))


def test_streamed_archive_matches_in_memory_read(archive_file):
    document = _in_memory(archive_file)
    archive = mbox.stream(lambda: open_binary(archive_file), archive_file.name)
    posts = tuple(archive.posts())
    assert posts == document.posts
    assert archive.head.source == document.source
    assert archive.head.defects == document.defects and {d.code for d in document.defects} >= {"undecodable-bytes", "control-characters"}
    assert archive.head.title == document.title
    assert len(archive) == len(posts) == 42
    # the index keeps offsets and lines of the whole file
    data = archive_file.read_bytes()
    entry = archive.entries[5]
    assert data[entry.offset:entry.offset + entry.length].startswith(b"From user6@")
    assert entry.line == posts[5].span.first and entry.last_line >= posts[5].span.last


def test_streamed_threading_spans_the_whole_archive(archive_file):
    posts = list(mbox.stream(lambda: open_binary(archive_file), archive_file.name).posts())
    by_id = {p.id: p for p in posts}
    assert by_id["p7"].in_reply_to == "p6" and meta_get(by_id["p7"].metadata, "thread_root") == "<m6@example.org>"
    assert by_id["p41"].in_reply_to is None and any(d.code == "duplicate-message-id" for d in by_id["p41"].defects)
    assert "not in this archive" in by_id["p42"].reply_evidence[0].detail


def test_convert_over_the_limit_streams_to_jsonl_identical_to_whole_document(archive_file, tmp_path, small_limit, capsys):
    out = tmp_path / "out.jsonl"
    assert cli.main(["convert", str(archive_file), "--to", "jsonl", "-o", str(out)]) == 0
    assert validate_path(out) == []
    source.MAX_TEXT_BYTES = 1 << 20
    whole = api.write(_in_memory(archive_file), "jsonl")
    assert out.read_bytes() == whole
    header = json.loads(out.read_bytes().split(b"\n", 1)[0])
    assert header["schema"] == "threadkit-jsonl" and header["post_count"] == 42


def test_whole_document_output_of_a_streamed_archive_is_refused_with_a_way_out(archive_file, tmp_path, small_limit, capsys):
    for fmt in ("json", "tei", "mbox"):
        assert cli.main(["convert", str(archive_file), "--to", fmt, "-o", str(tmp_path / f"x.{fmt}")]) == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--to jsonl" in err and "--split thread" in err
        assert not (tmp_path / f"x.{fmt}").exists()


def test_text_document_over_the_limit_is_still_refused(tmp_path, small_limit, capsys):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert cli.main(["convert", str(seed), "--to", "jsonl"]) == 3
    assert "limit" in capsys.readouterr().err


def test_jsonl_of_any_document_validates(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    document = api.read_path(seed)
    out = tmp_path / "seed.jsonl"
    out.write_bytes(api.write(document, "jsonl"))
    assert validate_path(out) == []
    lines = out.read_bytes().splitlines()
    assert len(lines) == 1 + len(document.posts)
    assert [codec.from_data(Post, json.loads(line)) for line in lines[1:]] == list(document.posts)


def test_validate_jsonl_names_the_bad_line(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    lines = api.write(api.read_path(seed), "jsonl").splitlines(keepends=True)
    post = json.loads(lines[1])
    post["lines"] = "nowhere"
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(lines[0] + json.dumps(post).encode() + b"\n" + b"".join(lines[2:]) + b"{not json\n")
    problems = validate_path(bad)
    assert any(p.startswith(f"{bad}: line 2: /lines") for p in problems)
    assert any(f"line {len(lines) + 1}: " in p and "invalid JSON" in p for p in problems)
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b"".join(lines[:-1]))
    assert validate_path(cut) == [f"{cut}: the header counts {len(lines) - 1} posts, the file has {len(lines) - 2}"]
    headless = tmp_path / "headless.jsonl"
    headless.write_bytes(b"".join(lines[1:]))
    assert "first line must be" in validate_path(headless)[0]


@pytest.mark.parametrize("fmt", ["json", "tei", "mbox"])
@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "in-memory"])
def test_split_thread_files_validate_and_hold_every_post_once(archive_file, tmp_path, monkeypatch, fmt, streamed):
    if streamed:
        monkeypatch.setattr(source, "MAX_TEXT_BYTES", 2000)
    folder = tmp_path / "threads"
    assert cli.main(["convert", str(archive_file), "--to", fmt, "--split", "thread", "-o", str(folder)]) == 0
    index = json.loads((folder / INDEX).read_text())
    assert validate_path(folder / INDEX) == []
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", 1 << 20)
    whole = _in_memory(archive_file)
    roots = {meta_get(p.metadata, "thread_root") for p in whole.posts}
    assert len(index["threads"]) == len(roots) and index["post_count"] == len(whole.posts)
    assert sorted(f.name for f in folder.iterdir()) == sorted([INDEX] + [t["file"] for t in index["threads"]])
    for entry in index["threads"]:
        assert validate_path(folder / entry["file"]) == [], entry["file"]
    if fmt == "json":
        seen = [p for t in index["threads"] for p in json.loads((folder / t["file"]).read_text())["posts"]]
        assert sorted(seen, key=lambda p: int(p["id"][1:])) == [codec.to_data(p) for p in whole.posts]
        first = index["threads"][0]
        assert first["root"] == "p1" and first["posts"] == 5 and first["first_date"] <= first["last_date"]


def test_split_refuses_a_folder_it_did_not_write(archive_file, tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    assert cli.main(["convert", str(archive_file), "--split", "thread", "-o", str(folder)]) == 1
    assert (folder / "notes.txt").read_text() == "keep me" and len(list(folder.iterdir())) == 1
    assert cli.main(["convert", str(archive_file), "--split", "thread"]) == 1
    assert "-o" in capsys.readouterr().err


def test_a_failing_stream_leaves_no_output(archive_file, tmp_path, small_limit, monkeypatch):
    def failing(self):
        yield from []
        raise RuntimeError("boom")

    monkeypatch.setattr(Archive, "posts", failing)
    out = tmp_path / "out.jsonl"
    assert cli.main(["convert", str(archive_file), "--to", "jsonl", "-o", str(out)]) == 70
    assert list(tmp_path.iterdir()) == [archive_file]
    assert cli.main(["convert", str(archive_file), "--split", "thread", "-o", str(tmp_path / "t")]) == 70
    assert list(tmp_path.iterdir()) == [archive_file]


COMPRESSORS = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}


@pytest.mark.parametrize("kind", sorted(COMPRESSORS))
@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "in-memory"])
def test_compressed_mbox_by_magic_bytes(archive_file, tmp_path, monkeypatch, kind, streamed):
    packed = tmp_path / "export.bin"  # the name says nothing: the magic bytes do
    packed.write_bytes(COMPRESSORS[kind](archive_file.read_bytes()))
    assert source.compression(packed.read_bytes()[:16]) == kind
    if streamed:
        monkeypatch.setattr(source, "MAX_TEXT_BYTES", 2000)
    out = tmp_path / "out.jsonl"
    assert cli.main(["convert", str(packed), "--to", "jsonl", "-o", str(out)]) == 0
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", 1 << 20)
    expected = api.write(api.read(load_bytes(archive_file.read_bytes(), packed.name)), "jsonl")
    assert out.read_bytes() == expected


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "in-memory"])
def test_damaged_compressed_input_is_one_line(archive_file, tmp_path, monkeypatch, capsys, streamed):
    packed = tmp_path / "cut.mbox.gz"
    packed.write_bytes(gzip.compress(archive_file.read_bytes())[:-100])
    if streamed:
        monkeypatch.setattr(source, "MAX_TEXT_BYTES", 2000)
    assert cli.main(["convert", str(packed), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged gzip data" in err or "damaged compressed data" in err
    assert not (tmp_path / "o.jsonl").exists()


def test_compressed_input_expanding_beyond_the_limit_is_refused_as_too_large(monkeypatch):
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", 1000)
    with pytest.raises(source.TooLarge):
        load_bytes(gzip.compress(b"x\n" * 5000), "bomb.gz")


def test_streamed_gg_mbox_threading_matches_gold(corpus, monkeypatch):
    """The corpus gold holds for the streamed path too (parents, thread ids, authors, dates)."""
    folder = corpus / "gg-mbox"
    path = folder / "open-iscsi-even-threads.mbox"
    gold = json.loads((folder / "open-iscsi-even-threads.gold.json").read_text())
    archive = mbox.stream(lambda: open_binary(path), path.name)
    ids = [e.keys.message_id for e in archive.entries]
    assert len(archive) == gold["n_messages"]
    for k, expected in enumerate(gold["messages"]):
        parent = archive.threading.parents[k]
        assert ids[k] == expected["message_id"]
        assert (ids[parent] if parent is not None else None) == expected["parent"]
        assert archive.threading.roots[k] == expected["thread_root"]
        assert archive.entries[k].date == expected["date_iso"] and archive.entries[k].keys.subject == expected["subject"]


def test_streamed_pipermail_month_matches_in_memory_read(corpus):
    path = sorted((corpus / "pipermail" / "griffith-devel").glob("*.txt"))[0]
    document = api.read(load_bytes(path.read_bytes(), path.name), "pipermail")
    archive = pipermail.stream(lambda: open_binary(path), path.name)
    assert tuple(archive.posts()) == document.posts and archive.head.source == document.source


def test_archive_over_the_stream_size_streams_when_the_output_does(archive_file, tmp_path, monkeypatch):
    """An archive that would fit in memory is still streamed for jsonl (a whole document costs
    about 15 times its archive), and read whole for a whole-document output, which needs it."""
    monkeypatch.setattr(api, "STREAM_BYTES", 2000)
    streamed = []
    real_stream = mbox.stream
    monkeypatch.setattr(mbox, "stream", lambda *a, **k: streamed.append(1) or real_stream(*a, **k))
    out = tmp_path / "out.jsonl"
    assert cli.main(["convert", str(archive_file), "--to", "jsonl", "-o", str(out)]) == 0
    assert streamed and out.read_bytes() == api.write(_in_memory(archive_file), "jsonl")
    streamed.clear()
    assert cli.main(["convert", str(archive_file), "--to", "json", "-o", str(tmp_path / "out.json")]) == 0
    assert not streamed and validate_path(tmp_path / "out.json") == []
