"""Issue 10 in ``threadkit batch``: a mail archive too large to hold (or large, wanted only as
JSON Lines) streams as ``threadkit convert`` streams it, and its time limit grows with it.

The archives are small; the size limits are lowered so that they take the streaming path.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from threadkit import api, batch, source
from threadkit.batch_report import read_previous
from threadkit.cli import main
from threadkit.validate import validate_path
from test_streaming import archive_bytes


@pytest.fixture
def big_archive(tmp_path, monkeypatch) -> Path:
    """A folder holding one mbox over the (lowered) size limit for whole documents."""
    data = archive_bytes()
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", len(data) // 3)
    monkeypatch.setattr(api, "STREAM_BYTES", len(data) // 4)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "list.mbox").write_bytes(data)
    return folder


def _records(out: Path):
    return read_previous(out / batch.REPORT_NAME)


def test_an_archive_too_large_to_hold_streams_to_jsonl(big_archive, tmp_path):
    out = tmp_path / "out"
    assert main(["batch", str(big_archive), str(out), "-t", "jsonl", "-j", "1", "-q"]) == 0
    record = _records(out)["list.mbox"]
    written = out / "list.mbox.jsonl"
    expected = tmp_path / "convert.jsonl"
    assert main(["convert", str(big_archive / "list.mbox"), "--to", "jsonl", "-o", str(expected)]) == 0
    assert written.read_bytes() == expected.read_bytes()
    assert validate_path(written) == []
    lines = written.read_bytes().splitlines()
    assert record.status == "converted" and record.posts == len(lines) - 1 == 42
    assert record.bytes == (big_archive / "list.mbox").stat().st_size
    # the stray Latin-1 byte and the NUL are source defects, counted as the posts stream by
    assert sum(record.defects.values()) >= 2
    # a second run finds the output up to date without converting again
    assert main(["batch", str(big_archive), str(out), "-t", "jsonl", "-j", "1", "-q"]) == 0
    assert _records(out)["list.mbox"].status == "up-to-date"


def test_whole_document_outputs_of_an_archive_too_large_fail_alone_with_the_way_out(big_archive, tmp_path):
    out = tmp_path / "out"
    assert main(["batch", str(big_archive), str(out), "-t", "json,jsonl,mbox", "-j", "1", "-q"]) == 1
    record = _records(out)["list.mbox"]
    assert set(record.outputs) == {"jsonl"} and set(record.output_errors) == {"json", "mbox"}
    assert all("use --to jsonl" in error for error in record.output_errors.values())
    assert not (out / "list.mbox.json").exists() and not (out / "list.mbox.mbox").exists()
    assert validate_path(out / "list.mbox.jsonl") == []


def test_a_compressed_archive_streams_and_is_hashed_as_stored(big_archive, tmp_path):
    packed = big_archive / "list.mbox.gz"
    packed.write_bytes(gzip.compress((big_archive / "list.mbox").read_bytes()))
    (big_archive / "list.mbox").unlink()
    out = tmp_path / "out"
    assert main(["batch", str(big_archive), str(out), "-t", "jsonl", "-j", "1", "-q"]) == 0
    record = _records(out)["list.mbox.gz"]
    assert record.bytes == packed.stat().st_size and record.posts == 42
    assert json.loads((out / "list.mbox.gz.jsonl").read_bytes().splitlines()[0])["post_count"] == 42


def test_an_archive_that_fits_still_gives_every_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "list.mbox").write_bytes(archive_bytes())
    out = tmp_path / "out"
    assert main(["batch", str(folder), str(out), "-t", "json,jsonl,mbox,tei", "-j", "1", "-q"]) == 0
    record = _records(out)["list.mbox"]
    assert record.status == "converted" and record.uncovered_lines == 0 and len(record.outputs) == 4


@pytest.mark.parametrize(("size", "limit"), [(0, 600), (1, 600), (batch.TIMEOUT_BYTES, 600), (batch.TIMEOUT_BYTES + 1, 1200), (10 * batch.TIMEOUT_BYTES, 6000)])
def test_the_time_limit_is_per_hundred_megabytes_begun(size, limit):
    job = batch.Job("/x", "x", (), "/out", size=size)
    assert job.time_limit(600) == limit


class _Lines:
    """A writer of one line per post that fails on the post ``fails_on`` (or never)."""

    def __init__(self, out, fails_on=None):
        self.out, self.fails_on, self.seen = out, fails_on, 0

    def add(self, post):
        self.seen += 1
        if self.seen == self.fails_on:
            raise KeyError("a writer's bug")
        self.out.write(post.encode() + b"\n")

    def close(self):
        self.out.write(b"end\n")


def test_one_pass_feeds_every_output_and_a_failing_writer_loses_only_its_own(tmp_path):
    read = []

    def posts():
        for k in range(5):
            read.append(k)
            yield f"post {k}"

    ended = batch.write_in_one_pass(tmp_path, {
        "a": ("a.txt", _Lines), "b": ("sub/b.txt", lambda out: _Lines(out, fails_on=3)), "c": ("c.txt", _Lines)}, posts())
    assert read == [0, 1, 2, 3, 4]  # read once for the three outputs
    assert ended["a"] is None and ended["c"] is None and "the b writer failed: KeyError" in str(ended["b"])
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "c.txt").read_bytes() == b"".join(
        f"post {k}\n".encode() for k in range(5)) + b"end\n"
    assert not (tmp_path / "sub" / "b.txt").exists() and not list((tmp_path / "sub").iterdir())  # nothing half written


def test_one_pass_whose_reading_fails_writes_nothing(tmp_path):
    from threadkit.errors import InputError

    def posts():
        yield "post 0"
        raise InputError("the file changed since it was indexed")

    ended = batch.write_in_one_pass(tmp_path, {"a": ("a.txt", _Lines), "b": ("b.txt", _Lines)}, posts())
    assert [str(e) for e in ended.values()] == ["the file changed since it was indexed"] * 2
    assert list(tmp_path.iterdir()) == []
