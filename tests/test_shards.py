"""Issue 13: shards of one large mail archive. Cut into shards converted apart (on either engine),
the archive's outputs are the bytes of the file converted whole, its threads whole across the
shards; a re-run converts only what is missing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from threadkit import batch, shards
from threadkit.cli import main
from threadkit.readers import mbox
from threadkit.writers import jsonl
from threadkit.source import open_binary

from test_engines import SEEDS, _files, _report

#: --shard-size in MB that cuts the gg-mbox archive (8.4 MB) into 5 shards.
SHARD_MB = "1.8"


@pytest.fixture
def archive_folder(tmp_path, corpus) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus / "gg-mbox" / "open-iscsi-even-threads.mbox", folder / "list.mbox")
    return folder


def _records(out: Path) -> dict[str, dict]:
    return {r["input"]: r for r in _report(out) if r["type"] == "file"}


def test_shards_of_an_mbox_give_the_bytes_of_the_whole(archive_folder, tmp_path):
    path = archive_folder / "list.mbox"
    archive = mbox.stream(lambda: open_binary(path), path.name)
    cuts = shards.cut(archive.entries, int(float(SHARD_MB) * (1 << 20)))
    assert len(cuts) >= 4
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert main(["batch", str(archive_folder), str(whole), "-q", "-t", "jsonl,parquet"]) == 0
    assert main(["batch", str(archive_folder), str(cut), "-q", "-t", "jsonl,parquet", "-j", "2", "--shard-size", SHARD_MB]) == 0
    assert _files(cut) == _files(whole) and len(_files(cut)) == 3  # and documents.parquet
    assert not (cut / shards.SHARDS_DIR).exists()  # the parts are gone once the file is whole
    records = _records(cut)["list.mbox"], _records(whole)["list.mbox"]
    assert records[0]["uncovered_lines"] is None  # (a streamed archive's coverage is the readers' own)
    assert {**records[0], "uncovered_lines": 0} == records[1]
    # threads cross the shards: replies whose parent is in an earlier shard
    lines = (cut / "list.mbox.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    position = {json.loads(line)["id"]: k for k, line in enumerate(lines)}
    shard_of = {k: n for n, (start, stop) in enumerate(cuts) for k in range(start, stop)}
    crossing = [k for k, line in enumerate(lines) if (parent := json.loads(line).get("in_reply_to"))
                and shard_of[position[parent]] != shard_of[k]]
    assert len(crossing) >= 3


def test_the_dask_engine_writes_what_the_local_engine_writes_of_shards(archive_folder, tmp_path, corpus):
    pytest.importorskip("distributed")
    shutil.copytree(SEEDS, archive_folder / "seeds")
    month = sorted((corpus / "pipermail" / "griffith-devel").glob("*.txt"))[0]
    shutil.copy(month, archive_folder / month.name)
    local, on_dask = tmp_path / "local", tmp_path / "dask"
    common = ["-q", "-t", "jsonl,parquet", "-j", "2", "--shard-size", SHARD_MB]
    assert main(["batch", str(archive_folder), str(local), *common]) == 0
    assert main(["batch", str(archive_folder), str(on_dask), *common, "--engine", "dask"]) == 0
    assert _files(on_dask) == _files(local) and len(_files(local)) == 7 * 2 + 1
    assert _report(on_dask) == _report(local)
    assert main(["batch", str(archive_folder), str(on_dask), *common, "--engine", "dask"]) == 0
    assert {r["status"] for r in _records(on_dask).values()} == {"up-to-date"}


def test_a_killed_shard_is_the_only_one_converted_again(archive_folder, tmp_path, monkeypatch):
    out, whole = tmp_path / "out", tmp_path / "whole"
    assert main(["batch", str(archive_folder), str(whole), "-q", "-t", "jsonl"]) == 0
    perform = shards.Shard.perform

    def dying(shard):
        if shard.number == 2:
            os._exit(9)  # the worker process dies with the shard
        return perform(shard)

    monkeypatch.setattr(shards.Shard, "perform", dying)
    assert main(["batch", str(archive_folder), str(out), "-q", "-t", "jsonl", "-j", "2", "--shard-size", SHARD_MB]) == 1
    record = _records(out)["list.mbox"]
    assert record["status"] == "failed" and "shard 3 of 5" in record["error"] and "died" in record["error"]
    assert not (out / "list.mbox.jsonl").exists()
    markers = sorted(p.name for p in (out / shards.SHARDS_DIR / "list.mbox").glob("*.done"))
    assert markers == ["000000.done", "000001.done", "000003.done", "000004.done"]

    converted = []

    def counted(shard, started):
        converted.append(shard.number)
        return convert(shard, started)

    convert = shards._convert_shard
    monkeypatch.setattr(shards.Shard, "perform", perform)
    monkeypatch.setattr(shards, "_convert_shard", counted)
    # in this process (no time limit, one worker), so that what is converted is seen here
    assert main(["batch", str(archive_folder), str(out), "-q", "-t", "jsonl", "-j", "1", "--timeout", "0", "--shard-size", SHARD_MB]) == 0
    assert len(converted) == 5  # every shard asked; four answered from their markers
    assert _files(out) == _files(whole)
    assert _records(out)["list.mbox"]["status"] == "converted"


def test_the_parquet_of_an_archive_too_large_to_hold_has_a_row_group_per_shard(archive_folder, tmp_path, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert main(["batch", str(archive_folder), str(whole), "-q", "-t", "parquet"]) == 0
    monkeypatch.setattr(shards, "MAX_TEXT_BYTES", 1 << 20)  # as if it could not be held
    assert main(["batch", str(archive_folder), str(cut), "-q", "-t", "parquet", "--shard-size", SHARD_MB]) == 0
    name = "list.mbox.posts.parquet"
    assert pq.ParquetFile(cut / name).metadata.num_row_groups == 5
    assert pq.read_table(cut / name).equals(pq.read_table(whole / name))
    assert pq.read_schema(cut / name).metadata == pq.read_schema(whole / name).metadata  # the document's row
    assert (cut / "documents.parquet").read_bytes() == (whole / "documents.parquet").read_bytes()


def test_a_rerun_finds_a_sharded_archive_up_to_date_without_reading_it_again(archive_folder, tmp_path, monkeypatch):
    out = tmp_path / "out"
    args = ["batch", str(archive_folder), str(out), "-q", "-t", "jsonl", "--shard-size", SHARD_MB]
    assert main(args) == 0
    monkeypatch.setattr(shards.api, "open_input", lambda *a, **k: pytest.fail("pass 1 read again"))
    assert main(args) == 0
    assert _records(out)["list.mbox"]["status"] == "up-to-date"


def test_an_archive_wanted_whole_is_not_cut(archive_folder, tmp_path):
    """json is one document: the archive is converted whole, as without shards."""
    out, whole = tmp_path / "out", tmp_path / "whole"
    assert main(["batch", str(archive_folder), str(out), "-q", "-t", "jsonl,json", "--shard-size", SHARD_MB]) == 0
    assert main(["batch", str(archive_folder), str(whole), "-q", "-t", "jsonl,json"]) == 0
    assert _files(out) == _files(whole) and _report(out)[:-1] == _report(whole)[:-1]


def test_a_shard_window_refuses_positions_of_other_shards():
    window = shards.window_of(list(range(10)), 4, 7)
    assert len(window) == 10 and window[4] == 4 and window[6] == 6
    with pytest.raises(IndexError):
        window[7]


def test_cuts_are_whole_messages_of_about_the_size():
    class E:
        def __init__(self, length):
            self.length = length

    assert shards.cut([E(5), E(5), E(20), E(1)], 10) == [(0, 2), (2, 3), (3, 4)]
    assert shards.cut([E(5)], 1) == [(0, 1)]


def test_the_shard_size_must_be_positive(archive_folder, tmp_path, capsys):
    assert main(["batch", str(archive_folder), str(tmp_path / "out"), "--shard-size", "0"]) == 1
    assert "--shard-size" in capsys.readouterr().err


def test_a_shard_reads_its_messages_once_for_every_part(archive_folder, tmp_path, monkeypatch):
    """jsonl and parquet parts of a shard come from one pass over its messages (each one read
    and segmented once), and still give the bytes of the whole file."""
    pytest.importorskip("pyarrow")
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert main(["batch", str(archive_folder), str(whole), "-q", "-t", "jsonl,parquet"]) == 0
    passes = []
    posts = shards.Archive.posts

    def counted(archive, start=0, stop=None):
        passes.append((start, stop))
        return posts(archive, start, stop)

    monkeypatch.setattr(shards.Archive, "posts", counted)
    assert main(["batch", str(archive_folder), str(cut), "-q", "-t", "jsonl,parquet", "-j", "1", "--timeout", "0",
                 "--shard-size", SHARD_MB]) == 0
    assert len(passes) == 5 == len(set(passes))  # one pass per shard, not one per shard and format
    assert _files(cut) == _files(whole)


def test_a_part_that_fails_loses_its_shard_not_the_batch(archive_folder, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def failing(self, post):
        raise ValueError("no room for this post")

    monkeypatch.setattr(jsonl.PostLines, "add", failing)  # a shard's jsonl part
    assert main(["batch", str(archive_folder), str(out), "-q", "-t", "jsonl", "-j", "1", "--timeout", "0",
                 "--shard-size", SHARD_MB]) == 1
    record = _records(out)["list.mbox"]
    assert record["status"] == "failed" and "the jsonl writer failed: ValueError: no room for this post" in record["error"]
    assert not (out / "list.mbox.jsonl").exists()
    assert not list((out / shards.SHARDS_DIR).rglob("*.jsonl"))  # no part half written
