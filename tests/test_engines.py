"""Issue 13: the batch on an engine. The Dask engine, on a real ``dask.distributed`` cluster,
writes the very outputs and report of the local engine (the report's timings aside)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from threadkit import batch
from threadkit.cli import main
from threadkit.writers import DEFAULT_FORMATS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _report(out: Path) -> list[dict]:
    """The report's records without what differs from run to run (timings, worker counts)."""
    lines = [json.loads(line) for line in (out / batch.REPORT_NAME).read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line.pop("seconds", None)
        line.pop("workers", None)
    return lines


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name not in (batch.REPORT_NAME, batch.LOCK_NAME)}


@pytest.fixture
def mixed_folder(tmp_path, corpus) -> Path:
    """The seeds, a Pipermail month and a Google Groups mbox."""
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder / "seeds")
    month = sorted((corpus / "pipermail" / "griffith-devel").glob("*.txt"))[0]
    shutil.copy(month, folder / month.name)
    shutil.copy(next((corpus / "gg-mbox").glob("*.mbox")), folder / "list.mbox")
    return folder


def test_dask_engine_writes_what_the_local_engine_writes(mixed_folder, tmp_path):
    local, on_dask = tmp_path / "local", tmp_path / "dask"
    assert main(["batch", str(mixed_folder), str(local), "-q", "-j", "2"]) == 0
    assert main(["batch", str(mixed_folder), str(on_dask), "-q", "-j", "2", "--engine", "dask"]) == 0
    assert _files(on_dask) == _files(local) and len(_files(local)) == len(DEFAULT_FORMATS) * 7 + 1  # and index.html
    assert _report(on_dask) == _report(local)
    # a re-run on either engine finds everything up to date
    assert main(["batch", str(mixed_folder), str(local), "-q", "--engine", "dask", "-j", "1"]) == 0
    assert {r["status"] for r in _report(local) if r["type"] == "file"} == {"up-to-date"}


def test_dask_engine_on_a_running_cluster(tmp_path):
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    import logging

    out = tmp_path / "out"
    with dask.config.set({"distributed.worker.daemon": False}), distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        assert main(["batch", str(SEEDS), str(out), "-q", "-t", "json,tei", "--engine", "dask",
                     "--scheduler", cluster.scheduler_address]) == 0
    assert main(["batch", str(SEEDS), str(tmp_path / "local"), "-q", "-t", "json,tei", "-j", "1"]) == 0
    assert _files(out) == _files(tmp_path / "local") and _report(out)[:-1] == _report(tmp_path / "local")[:-1]


def test_dask_engine_without_dask_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    assert main(["batch", str(SEEDS), str(tmp_path / "out"), "-q", "--engine", "dask"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'threadkit[dask]'" in err[0]


def test_a_scheduler_needs_the_dask_engine(tmp_path, capsys):
    assert main(["batch", str(SEEDS), str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1"]) == 1
    assert "needs --engine dask" in capsys.readouterr().err


def test_a_local_worker_converts_file_after_file_and_is_replaced_when_it_dies(tmp_path, monkeypatch):
    """A worker process lives for many files (what a conversion loads on first use is paid
    once per worker, not once per file); one that dies costs its file and is replaced."""
    from threadkit import api

    src = tmp_path / "in"
    src.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    for k in range(5):
        shutil.copy(seed, src / f"{k}.txt")
    real_read = api.read
    pids = tmp_path / "pids"

    def noting_read(source, from_format=None):
        with open(pids, "a") as out:
            out.write(f"{source.name} {os.getpid()}\n")
        if source.name == "2.txt":
            os._exit(9)
        return real_read(source, from_format)

    monkeypatch.setattr(api, "read", noting_read)  # the forked workers inherit the patch
    assert main(["batch", str(src), str(tmp_path / "out"), "-q", "-t", "json", "-j", "1"]) == 1
    seen = dict(line.split() for line in pids.read_text().splitlines())
    assert seen["0.txt"] == seen["1.txt"] == seen["2.txt"] != str(os.getpid())
    assert seen["3.txt"] == seen["4.txt"] != seen["2.txt"]
    records = {r["input"]: r for r in _report(tmp_path / "out") if r["type"] == "file"}
    assert "worker process died" in records["2.txt"]["error"]
    assert {records[f"{k}.txt"]["status"] for k in (0, 1, 3, 4)} == {"converted"}


def test_dask_batches_keep_order_and_spread_the_bytes():
    """Small files go to the cluster together (a Dask task costs about as much as a small
    file), at most MAX_BATCH a batch; a large one is a batch of its own; order is kept."""
    from types import SimpleNamespace

    from threadkit.engines.dask import MAX_BATCH, batches

    tasks = [SimpleNamespace(name=f"f{k}", size=1_000) for k in range(100)] + [SimpleNamespace(name="big", size=10_000_000)]
    cut = batches(tasks, 2)
    assert [t.name for batch in cut for t in batch] == [t.name for t in tasks]
    assert all(len(batch) <= MAX_BATCH for batch in cut)
    assert [t.name for t in cut[-1]] == ["big"]
    assert len(batches(tasks[:3], 2)) == 3  # few files: one each, spread over the workers
    assert len(cut) == 8 and batches([], 2) == []
