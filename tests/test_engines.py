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


def test_the_dask_cluster_starts_while_the_batch_plans_and_ends_with_it(tmp_path, monkeypatch):
    """The local cluster is started in the background before the batch imports its writers
    and plans (its start costs more than a second), its workers are processes without
    nannies, and it is closed with the batch, even one that fails while planning."""
    pytest.importorskip("distributed")
    from threadkit.engines import dask as engine

    seen = []
    plan = batch.plan

    def planning(*args, **kwargs):
        seen.append(dict(engine._STARTING))  # the cluster is being started already
        return plan(*args, **kwargs)

    monkeypatch.setattr(batch, "plan", planning)
    out = tmp_path / "out"
    assert main(["batch", str(SEEDS), str(out), "-q", "-t", "json", "--engine", "dask", "-j", "2"]) == 0
    assert list(seen[0]) == [(2, None)] and engine._STARTING == {}
    start = seen[0][(2, None)]
    assert start.client().status == "closed"  # ended with the batch
    assert len(_report(out)) == len(list(SEEDS.glob("*.txt"))) + 1

    def failing(*args, **kwargs):
        seen.append(dict(engine._STARTING))
        raise batch.ThreadkitError("no plan")

    monkeypatch.setattr(batch, "plan", failing)
    assert main(["batch", str(SEEDS), str(tmp_path / "out2"), "-q", "--engine", "dask"]) == 1
    assert seen[-1] and engine._STARTING == {}
    assert next(iter(seen[-1].values())).client().status == "closed"


def test_local_dask_workers_have_no_nannies(tmp_path):
    distributed = pytest.importorskip("distributed")
    from threadkit.engines.dask import local_cluster

    def conversion_processes():  # (of this Dask worker, by how they were started: not forked from it, many-threaded)
        from threadkit.engines.dask import _IDLE

        return tuple(type(w.process).__name__ for w in _IDLE if w.process.is_alive())

    with local_cluster(distributed, 2) as client:
        workers = client.scheduler_info()["workers"]
        assert len(workers) == 2 and all(not w.get("nanny") for w in workers.values())
        # each worker starts its conversion process as it starts (its preload), not at the first task
        assert set(client.run(conversion_processes).values()) == {("ForkServerProcess",)}



def test_a_local_cluster_whose_workers_all_died_reports_its_files_instead_of_waiting(tmp_path, monkeypatch):
    """Without nannies nothing restarts a dead worker: when none is left, the files not done
    are reported as failed and the batch ends."""
    distributed = pytest.importorskip("distributed")
    from threadkit.engines import dask as engine

    monkeypatch.setattr(engine, "WATCH_SECONDS", 0.5)
    jobs, _ = batch.plan(SEEDS, tmp_path / "out", ["json"], {})
    (tmp_path / "out").mkdir()
    results = []
    with engine.local_cluster(distributed, 1) as client:
        with pytest.raises(Exception):  # (the worker dies before it can answer)
            client.run(os._exit, 0)
        engine._run_on(client, jobs, results.append, 1, None, local=True)
    assert len(results) == len(jobs) and all("the dask cluster lost every worker" in r.error for r in results)


def test_a_dask_worker_whose_tasks_do_not_move_past_their_limits_is_stuck():
    """So that a batch always ends: a worker kills a conversion at its time limit and
    answers; one holding the same tasks for longer than their limits allow is stuck."""
    from threadkit.engines.dask import stuck

    limits = {"a": 100.0, "b": 30.0, "free": None}
    since: dict = {}
    assert stuck(since, {"w1": ["a", "b"], "w2": ["b"]}, limits, 0.0) == []
    assert stuck(since, {"w1": ["a", "b"], "w2": ["b"]}, limits, 90.0) == ["w2"]  # 90 s on a task of 30
    assert stuck(since, {"w1": ["b"], "w2": ["free"]}, limits, 95.0) == []  # w1 finished a task; w2 has no limit
    assert stuck(since, {"w1": ["b"], "w2": ["free"]}, limits, 124.0) == []
    assert stuck(since, {"w1": ["b"], "w2": ["free"]}, limits, 126.0) == ["w1"]
    assert stuck(since, {"w2": ["free"]}, limits, 10_000.0) == [] and set(since) == {"w2"}
