"""`threadkit batch`: every file into every format, bad files reported, atomic and resumable (issue 6)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS, seed_files

from threadkit import api, batch
from threadkit.batch import REPORT_NAME
from threadkit.batch_report import read_previous
from threadkit.cli import main
from threadkit.files import TEMP_SUFFIX
from threadkit.validate import validate_path
from threadkit.writers import DEFAULT_FORMATS, WRITERS

GG_SEED = SEEDS / "000_0d91296e416bf5fc.txt"
#: Characters of the Google Groups seed that Latin-1 cannot hold, and what stands for them.
_NOT_LATIN1 = {0x2019: "'", 0x2018: "'", 0x2026: "...", 0x2013: "-", 0x153: "oe", 0x202F: " "}


def latin1_copy() -> tuple[bytes, str]:
    """The Google Groups seed as Latin-1 bytes, and the text they hold."""
    text = GG_SEED.read_text(encoding="utf-8").translate(_NOT_LATIN1)
    text = "".join(c for c in text if ord(c) < 256)
    return text.encode("latin-1"), text


def report(out: Path) -> dict:
    return {name: record for name, record in read_previous(out / REPORT_NAME).items()}


def outputs_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in (REPORT_NAME, batch.LOCK_NAME))


def assert_no_partial_files(folder: Path) -> None:
    assert not list(folder.rglob(f"*{TEMP_SUFFIX}")), "temporary files left behind"
    for path in outputs_of(folder):
        assert validate_path(path) == [], path


def test_seeds_convert_into_every_format_and_validate(tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["batch", str(SEEDS), str(out), "-j", "2"])
    records = report(out)
    failed = {name: r.error for name, r in records.items() if r.status != "converted"}
    assert failed == {}
    assert status == 0
    for seed in seed_files():
        for name in DEFAULT_FORMATS:
            assert (out / (seed.stem + WRITERS[name].EXTENSION)).is_file()
    assert main(["validate", str(out)]) == 0


@pytest.fixture
def mixed(tmp_path) -> Path:
    """The seed Google Groups page plus an empty file, a PNG, a Latin-1 text and a truncated mbox."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GG_SEED, folder / GG_SEED.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "sub").mkdir()
    (folder / "sub" / "latin1.txt").write_bytes(latin1_copy()[0])
    (folder / "cut.mbox").write_bytes(b"From a@b.c Mon Jan  1 00:00:00 2024\nFrom: a@b.c\nSubject: hello\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n--XX\nContent-Type: text/pl")
    return folder


def test_bad_files_are_listed_and_the_good_ones_convert(mixed, tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["batch", str(mixed), str(out), "-t", "json", "-j", "2"])
    assert status == 1
    records = report(out)
    assert records[GG_SEED.name].status == "converted"
    latin1 = records["sub/latin1.txt"]
    assert latin1.status == "converted", latin1.error
    assert latin1.encoding in ("cp1252", "latin_1", "iso8859_1")
    document = api.read_path(out / "sub" / "latin1.json")
    assert document.source.encoding == latin1.encoding
    assert "empty input" in records["empty.txt"].error
    assert "PNG image" in records["picture.png"].error
    cut = records["cut.mbox"]
    assert (cut.status, cut.format, list(cut.defects)) == ("converted", "mbox", ["truncated"])
    err = capsys.readouterr().err
    assert "failed  empty.txt: " in err and "failed  picture.png: " in err and "defects cut.mbox: truncated ×1" in err
    assert "Traceback" not in err
    assert_no_partial_files(out)
    assert {p.name for p in outputs_of(out)} == {GG_SEED.stem + ".json", "latin1.json", "cut.mbox.json"}


def test_report_records_every_file(mixed, tmp_path, capsys):
    out = tmp_path / "out"
    main(["batch", str(mixed), str(out), "-t", "json", "-j", "1"])
    lines = [json.loads(line) for line in (out / REPORT_NAME).read_text().splitlines()]
    assert [line["type"] for line in lines] == ["file"] * 5 + ["summary"]
    assert sorted(line["input"] for line in lines[:-1]) == sorted(str(p.relative_to(mixed)) for p in mixed.rglob("*") if p.is_file())
    good = next(line for line in lines if line["input"] == GG_SEED.name)
    assert good["format"] == "googlegroups-text" and good["posts"] == 5 and good["uncovered_lines"] == 0
    assert set(good) >= {"status", "format", "posts", "defects", "error", "seconds"}
    summary = lines[-1]
    assert (summary["total"], summary["failed"]) == (5, summary["total"] - summary["converted"])


def test_rerun_skips_up_to_date_outputs(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(GG_SEED, src / "a.txt")
    shutil.copy(GG_SEED, src / "b.txt")
    out = tmp_path / "out"
    assert main(["batch", str(src), str(out), "-t", "json"]) == 0
    stamp = (out / "a.json").stat().st_mtime_ns
    assert main(["batch", str(src), str(out), "-t", "json"]) == 0
    assert {r.status for r in report(out).values()} == {"up-to-date"}
    assert (out / "a.json").stat().st_mtime_ns == stamp
    # a changed input, a deleted output, and --force are converted again
    (src / "b.txt").write_bytes(GG_SEED.read_bytes() + b"\nOne more line.\n")
    (out / "a.json").unlink()
    main(["batch", str(src), str(out), "-t", "json"])
    assert {n: r.status for n, r in report(out).items()} == {"a.txt": "converted", "b.txt": "converted"}
    main(["batch", str(src), str(out), "-t", "json", "--force"])
    assert {r.status for r in report(out).values()} == {"converted"}


def test_new_format_converts_only_what_is_missing(tmp_path, capsys):
    if len(WRITERS) < 2:
        pytest.skip("only one writer registered")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(GG_SEED, src / "a.txt")
    out = tmp_path / "out"
    first, second = list(WRITERS)[:2]
    main(["batch", str(src), str(out), "-t", first])
    stamp = (out / f"a{WRITERS[first].EXTENSION}").stat().st_mtime_ns
    main(["batch", str(src), str(out), "-t", f"{first},{second}"])
    assert report(out)["a.txt"].outputs == {first: f"a{WRITERS[first].EXTENSION}", second: f"a{WRITERS[second].EXTENSION}"}
    assert (out / f"a{WRITERS[first].EXTENSION}").stat().st_mtime_ns == stamp


def test_output_folder_same_as_input_never_overwrites_inputs(tmp_path, capsys):
    folder = tmp_path / "both"
    folder.mkdir()
    shutil.copy(GG_SEED, folder / "a.txt")
    (folder / "a.json").write_text("not ours")  # an input that an output would replace
    shutil.copy(GG_SEED, folder / "b.txt")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["batch", str(folder), str(folder), "-t", "json"]) == 1
    assert all((folder / name).read_bytes() == data for name, data in before.items())
    records = report(folder)
    assert "overwrite an input" in records["a.txt"].error
    assert records["b.txt"].status == "converted"
    # the second run does not take b.json, written by the first, for an input
    main(["batch", str(folder), str(folder), "-t", "json"])
    assert set(report(folder)) == {"a.txt", "a.json", "b.txt"}
    assert report(folder)["b.txt"].status == "up-to-date"


def test_output_folder_inside_input_is_not_read(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(GG_SEED, src / "a.txt")
    main(["batch", str(src), str(src / "out"), "-t", "json"])
    main(["batch", str(src), str(src / "out"), "-t", "json", "--force"])
    assert set(report(src / "out")) == {"a.txt"}


def test_two_inputs_with_one_output_name(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(GG_SEED, src / "a")
    shutil.copy(GG_SEED, src / "a.txt")
    assert main(["batch", str(src), str(tmp_path / "out"), "-t", "json"]) == 1
    assert "already the output of a" in report(tmp_path / "out")["a.txt"].error


def test_a_crashing_reader_fails_one_file_only(tmp_path, monkeypatch, capsys):
    """A bug (an exception) or a dead worker process costs one file, not the batch."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("bug.txt", "dies.txt", "ok1.txt", "ok2.txt"):
        shutil.copy(GG_SEED, src / name)
    real_read = api.read

    def flaky_read(source, from_format=None):
        if source.name == "bug.txt":
            raise ValueError("a bug in a reader")
        if source.name == "dies.txt":
            os._exit(9)  # as the kernel's OOM killer would end it
        return real_read(source, from_format)

    monkeypatch.setattr(api, "read", flaky_read)  # the forked workers inherit the patch
    assert main(["batch", str(src), str(tmp_path / "out"), "-t", "json", "-j", "2"]) == 1
    records = report(tmp_path / "out")
    assert records["bug.txt"].error == "internal error: ValueError: a bug in a reader"
    assert "worker process died" in records["dies.txt"].error
    assert records["ok1.txt"].status == records["ok2.txt"].status == "converted"
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_time_limit_kills_one_file_only(tmp_path, monkeypatch, capsys, jobs):
    """A file whose conversion does not end is killed at the time limit and reported; the
    others are converted, and a re-run converts only what is not done."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("ok1.txt", "slow.txt", "ok2.txt"):
        shutil.copy(GG_SEED, src / name)
    real_read = api.read

    def slow_read(source, from_format=None):
        if source.name == "slow.txt":
            time.sleep(600)
        return real_read(source, from_format)

    monkeypatch.setattr(api, "read", slow_read)  # the forked workers inherit the patch
    started = time.monotonic()
    # The limit is wall-clock time: it must leave room for a seed (under a CPU second) to
    # convert on a machine loaded many times over, or the test would fail with the load.
    assert main(["batch", str(src), str(tmp_path / "out"), "-t", "json", "-j", jobs, "--timeout", "20"]) == 1
    assert time.monotonic() - started < 300
    records = report(tmp_path / "out")
    assert records["slow.txt"].error.startswith("time limit")
    assert records["ok1.txt"].status == records["ok2.txt"].status == "converted"
    assert not (tmp_path / "out" / "slow.json").exists()
    assert "failed  slow.txt: time limit" in capsys.readouterr().err
    monkeypatch.undo()
    assert main(["batch", str(src), str(tmp_path / "out"), "-t", "json", "-j", jobs]) == 0
    assert report(tmp_path / "out")["slow.txt"].status == "converted"


def test_time_limit_must_not_be_negative(tmp_path, capsys):
    assert main(["batch", str(SEEDS), str(tmp_path / "out"), "--timeout", "-1"]) == 1
    assert "--timeout must be" in capsys.readouterr().err


def test_no_progress_bar_when_not_a_terminal(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "threadkit", "batch", str(SEEDS), str(tmp_path / "out"), "-t", "json"],
        capture_output=True, text=True, timeout=120,
    )
    assert "\r" not in result.stderr and "file/s" not in result.stderr
    assert "files:" in result.stdout


def _stderr_on_a_terminal(*args: str) -> str:
    import pty

    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a new pty is 0 columns wide
    proc = subprocess.Popen([sys.executable, "-m", "threadkit", "batch", *args], stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_unless_quiet(tmp_path):
    assert "file/s" in _stderr_on_a_terminal(str(SEEDS), str(tmp_path / "a"), "-t", "json")
    assert "file/s" not in _stderr_on_a_terminal(str(SEEDS), str(tmp_path / "b"), "-t", "json", "-q")


def _spawn_batch(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "threadkit", "batch", str(src), str(out), "-j", "2", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def test_killed_batch_leaves_complete_outputs_and_resumes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    data = GG_SEED.read_bytes()
    for k in range(80):
        # distinct, larger files so that the batch takes a while
        (src / f"t{k:03}.txt").write_bytes(data + b"\n" + (f"Line {k}.\n" * 2000).encode())
    out = tmp_path / "out"
    proc = _spawn_batch(src, out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 5:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, with no chance to clean up
    proc.wait()
    finished = [p for p in outputs_of(out)]
    assert 0 < len(finished) < 80 * len(WRITERS), "the kill should land half-way"
    for path in finished:
        assert validate_path(path) == [], path
    assert subprocess.run([sys.executable, "-m", "threadkit", "batch", str(src), str(out), "-q"], timeout=300).returncode == 0
    records = report(out)
    assert len(records) == 80 and {r.status for r in records.values()} <= {"converted", "up-to-date"}
    assert "up-to-date" in {r.status for r in records.values()}
    assert_no_partial_files(out)


def test_sigterm_stops_cleanly(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for k in range(60):
        (src / f"t{k:03}.txt").write_bytes(GG_SEED.read_bytes() + (f"\nLine {k}." * 2000).encode())
    out = tmp_path / "out"
    proc = _spawn_batch(src, out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 3:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=120) == 130
    assert_no_partial_files(out)
    lines = (out / REPORT_NAME).read_text().splitlines()
    assert json.loads(lines[-1])["interrupted"] is True


@pytest.mark.parametrize("unnamed", [True, False], ids=["unnamed-file", "rename"])
def test_atomic_write_leaves_the_old_file_or_the_new_one(tmp_path, monkeypatch, unnamed):
    from threadkit import files

    if not unnamed:
        monkeypatch.setattr(files, "_unnamed_file", lambda folder: None)
    target = tmp_path / "sub" / "out.json"
    files.atomic_write(target, b"first")
    files.atomic_write(target, b"second" * 1000)
    assert target.read_bytes() == b"second" * 1000
    assert target.stat().st_mode & 0o044  # an ordinary file others may read, as with open()

    def failing_write(fd, data):
        os.write(fd, data[:10])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_write_all", failing_write)
    with pytest.raises(OSError, match="No space left"):
        files.atomic_write(target, b"third" * 1000)
    assert target.read_bytes() == b"second" * 1000
    assert os.listdir(target.parent) == ["out.json"]


def test_a_second_batch_into_the_same_folder_is_refused_while_the_first_runs(tmp_path, capsys):
    """Two batches writing the same outputs would remove each other's temporary files and
    interleave the report: the output folder's lock lets one in at a time."""
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / batch.LOCK_NAME, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running batch holds it
        assert main(["batch", str(SEEDS), str(out), "-q", "-t", "json"]) == 1
        assert "another batch is writing into this folder" in capsys.readouterr().err
        assert not (out / REPORT_NAME).exists()
    # released (the first batch ended, or was killed: the lock dies with its process)
    assert main(["batch", str(SEEDS), str(out), "-q", "-t", "json"]) == 0
    assert not (out / batch.LOCK_NAME).read_bytes()
