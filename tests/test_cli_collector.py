"""The cyclic garbage collector during ``threadkit convert``: paused while the command line is
imported (its modules live as long as the process) and while an input held in
memory is read and written (its passes read every object made, and free nothing: the
model's values are frozen and hold no cycles), on while a streamed archive's posts go by
(a run without bound), and as it was once the conversion is over."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from test_mail_imports import MBOX
from threadkit import api
from threadkit.mail import archive
from threadkit.writers import jsonl


def big_mbox(tmp_path, copies: int = 400):
    """:data:`MBOX` repeated with distinct Message-IDs: some 100,000 objects held in memory."""
    messages = [MBOX.replace(b"@example.org>", b".%d@example.org>" % k) for k in range(copies)]
    path = tmp_path / "list.mbox"
    path.write_bytes(b"\n".join(messages))
    return path


@pytest.fixture
def collections():
    """The generations of the collector's passes while the test runs."""
    passes: list[int] = []

    def record(phase, info):
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(record)
    try:
        yield passes
    finally:
        gc.callbacks.remove(record)


def test_a_document_held_in_memory_is_made_without_a_collection(tmp_path, collections):
    path = big_mbox(tmp_path)
    before = gc.get_threshold(), gc.isenabled()
    api.convert_path(path, "jsonl", tmp_path / "out.jsonl")
    assert collections == []
    assert (gc.get_threshold(), gc.isenabled()) == before
    assert gc.get_freeze_count() == 0
    assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) == 1 + 800


def test_a_streamed_archive_is_read_with_the_collector_on(tmp_path, monkeypatch):
    indexed, written = [], []
    keys, add = archive.index_keys, jsonl.PostLines.add
    monkeypatch.setattr(archive, "index_keys", lambda *args: (indexed.append(gc.isenabled()), keys(*args))[1])
    monkeypatch.setattr(jsonl.PostLines, "add", lambda self, post: (written.append(gc.isenabled()), add(self, post)))
    monkeypatch.setattr(api, "STREAM_BYTES", 0)
    api.convert_path(big_mbox(tmp_path, 3), "jsonl", tmp_path / "out.jsonl")
    assert indexed == written == [True] * 6
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_program_exits_with_mains_status(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "threadkit", "convert", str(big_mbox(tmp_path, 1)), "-t", "jsonl"],
                        capture_output=True, timeout=120)
    assert ok.returncode == 0 and len(ok.stdout.splitlines()) == 3
    missing = subprocess.run([sys.executable, "-m", "threadkit", "convert", str(tmp_path / "none.mbox")], capture_output=True, timeout=120)
    assert missing.returncode == 3 and missing.stderr.startswith(b"threadkit: error:")


def test_the_console_script_runs_what_python_m_runs():
    import importlib
    import tomllib
    from pathlib import Path

    import threadkit.__main__

    scripts = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]["scripts"]
    module, function = scripts["threadkit"].split(":")
    assert getattr(importlib.import_module(module), function) is threadkit.__main__.run


def test_a_collector_the_caller_turned_off_stays_off(tmp_path, monkeypatch):
    monkeypatch.setattr(api, "STREAM_BYTES", 0)
    gc.disable()
    try:
        states = []
        keys = archive.index_keys
        monkeypatch.setattr(archive, "index_keys", lambda *args: (states.append(gc.isenabled()), keys(*args))[1])
        api.convert_path(big_mbox(tmp_path, 2), "jsonl", tmp_path / "out.jsonl")
        assert states == [False] * 4 and not gc.isenabled()
    finally:
        gc.enable()
