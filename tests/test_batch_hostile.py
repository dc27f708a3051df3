"""`threadkit batch` and the single-file commands on hostile folders and failing parts (issue 9, item 6).

The shell reproducers are in tests/cases/hostile/B*/; each class below has its test.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from threadkit.batch import REPORT_NAME
from threadkit.batch_report import read_previous
from threadkit.cli import main
from threadkit.validate import validate_path
from threadkit.writers import WRITERS

MAIL = b"From: Bob <b@x.org>\nDate: Mon, 1 Jan 2024 12:00:00 +0000\nSubject: hi\nMessage-ID: <a@b>\n\nhello\n"  # a whole message: no missing-field defect
ALL = ",".join(WRITERS)


def report_lines(out: Path) -> list[dict]:
    """The report as JSON: every line must parse (strict UTF-8, no lone surrogates)."""
    return [json.loads(line) for line in (out / REPORT_NAME).read_bytes().decode("utf-8").splitlines()]


def records(out: Path) -> dict:
    return read_previous(out / REPORT_NAME)


def folder_with(root: Path, *names: str | bytes) -> Path:
    for name in names:
        path = os.path.join(os.fsencode(root), os.fsencode(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(MAIL)
    return root


# --- B1: any file name bytes ---------------------------------------------------------------


def test_undecodable_file_name_is_converted_reported_and_rerun(tmp_path, capsys):
    src = folder_with(tmp_path / "in", "a.eml", b"m\xffname.eml", b"sub\xfe/x.eml", "new\nline.eml")
    out = tmp_path / "out"
    assert main(["batch", str(src), str(out), "-q", "-j", "1", "-t", ALL]) == 0
    lines = report_lines(out)
    by_name = {line["input"]: line for line in lines if line["type"] == "file"}
    bad = by_name["m\\xffname.eml"]
    assert bad["status"] == "converted" and bytes.fromhex(bad["input_bytes"]) == b"m\xffname.eml"
    assert bytes.fromhex(by_name["new\\x0aline.eml"]["input_bytes"]) == b"new\nline.eml"
    assert "input_bytes" not in by_name["a.eml"]
    # outputs get a portable name, valid UTF-8, and validate
    assert bad["outputs"]["json"] == "m%FFname.eml.json"
    assert by_name["sub\\xfe/x.eml"]["outputs"]["json"] == "sub%FE/x.eml.json"
    assert by_name["new\\x0aline.eml"]["outputs"]["json"] == "new%0Aline.eml.json"
    for line in by_name.values():
        for target in line["outputs"].values():
            assert validate_path(out / target) == [], target
    assert json.loads((out / "m%FFname.eml.json").read_bytes())["source"]["name"] == "m\\xffname.eml"
    # the re-run reads its report back, names and all, and skips every file
    assert main(["batch", str(src), str(out), "-q", "-j", "2", "-t", ALL]) == 0
    assert {r.status for r in records(out).values()} == {"up-to-date"}
    assert os.fsdecode(b"m\xffname.eml") in records(out)


def test_undecodable_file_name_never_overwrites_a_namesake(tmp_path, capsys):
    """The portable name of a non-UTF-8 name may be a real name too: one is refused, deterministically."""
    src = folder_with(tmp_path / "in", b"m\xffname.eml", "m%FFname.eml")
    out = tmp_path / "out"
    for _ in range(2):
        assert main(["batch", str(src), str(out), "-q", "-t", "json"]) == 1
        result = records(out)
        assert result["m%FFname.eml"].status in ("converted", "up-to-date")
        assert "already the output of m%FFname.eml" in result[os.fsdecode(b"m\xffname.eml")].error
    err = capsys.readouterr().err
    assert "failed  m\\xffname.eml: " in err and "Traceback" not in err


def test_undecodable_file_name_in_convert(tmp_path, capsys):
    path = os.path.join(os.fsencode(tmp_path), b"m\xffname.eml")
    with open(path, "wb") as handle:
        handle.write(MAIL)
    assert main(["convert", os.fsdecode(path), "-o", str(tmp_path / "x.json")]) == 0
    assert json.loads((tmp_path / "x.json").read_bytes())["source"]["name"] == "m\\xffname.eml"


# --- B2: which files are outputs -----------------------------------------------------------


def test_input_folder_inside_output_folder_is_input(tmp_path, capsys):
    out = tmp_path / "o"
    src = folder_with(out / "in", "a.eml")
    assert main(["batch", str(src), str(out), "-q", "-t", ALL]) == 0
    assert records(out)["a.eml"].status == "converted"
    assert (out / "a.eml.json").is_file()
    assert main(["batch", str(src), str(out), "-q", "-t", ALL]) == 0
    assert records(out)["a.eml"].status == "up-to-date"


def test_input_folder_of_outputs_only_is_not_success(tmp_path, capsys):
    folder = folder_with(tmp_path / "both", "a.eml")
    assert main(["batch", str(folder), str(folder), "-q", "-t", "json"]) == 0
    (folder / "a.eml").unlink()  # what is left is only what the batch wrote
    assert main(["batch", str(folder), str(folder), "-q", "-t", "json"]) == 1
    err = capsys.readouterr().err
    assert "nothing to convert" in err and err.count("\n") == 1


# --- B3: links ------------------------------------------------------------------------------


def test_symlink_out_of_output_folder_is_never_written_through(tmp_path, capsys):
    src = folder_with(tmp_path / "in", "sub/a.eml", "inner/b.eml", "c.eml")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere)
    (out / "real").mkdir()
    (out / "inner").symlink_to(out / "real")  # a link that stays inside is harmless
    (out / "c.eml.json").symlink_to(elsewhere / "c.json")  # a linked output is replaced, not followed
    assert main(["batch", str(src), str(out), "-q", "-t", ALL]) == 1
    assert list(elsewhere.iterdir()) == []
    result = records(out)
    assert result["sub/a.eml"].status == "failed" and "symbolic link" in result["sub/a.eml"].error
    assert set(result["sub/a.eml"].output_errors) == set(WRITERS)
    assert result["inner/b.eml"].status == result["c.eml"].status == "converted"
    assert (out / "real" / "b.eml.json").is_file()
    assert not (out / "c.eml.json").is_symlink()


def test_report_symlink_out_of_output_folder_is_refused(tmp_path, capsys):
    src = folder_with(tmp_path / "in", "a.eml")
    out, outside = tmp_path / "out", tmp_path / "outside.jsonl"
    out.mkdir()
    outside.write_text("keep me")
    (out / REPORT_NAME).symlink_to(outside)
    assert main(["batch", str(src), str(out), "-q", "-t", "json"]) == 1
    assert outside.read_text() == "keep me"
    assert "symbolic link" in capsys.readouterr().err


def test_symlink_loops_in_input_are_not_followed(tmp_path, capsys):
    src = folder_with(tmp_path / "in", "d/a.eml")
    (src / "loop").symlink_to(src)
    (src / "d" / "up").symlink_to(src / "d")
    (src / "link.eml").symlink_to(src / "d" / "a.eml")  # a link to a file is an input
    assert main(["batch", str(src), str(tmp_path / "out"), "-q", "-t", "json"]) == 0
    assert set(records(tmp_path / "out")) == {"d/a.eml", "link.eml"}


def test_special_and_dangling_entries_are_reported_not_skipped(tmp_path, capsys):
    src = folder_with(tmp_path / "in", "a.eml")
    os.mkfifo(src / "pipe.eml")
    (src / "gone.eml").symlink_to(src / "nothing")
    assert main(["batch", str(src), str(tmp_path / "out"), "-q", "-t", "json"]) == 1
    result = records(tmp_path / "out")
    assert "FIFO" in result["pipe.eml"].error and "link to nothing" in result["gone.eml"].error
    assert result["a.eml"].status == "converted"


# --- B4: unreadable files and folders --------------------------------------------------------


def _deny(monkeypatch, *denied: Path) -> None:
    """Make reading these paths fail as for a user without permission (root reads anything)."""
    real_scandir, real_read = os.scandir, Path.read_bytes

    def scandir(path="."):
        if Path(path) in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self):
        if self in denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_unreadable_file_and_folder_are_input_failures(tmp_path, monkeypatch, capsys):
    src = folder_with(tmp_path / "in", "ok.eml", "secret.eml", "sub/x.eml")
    _deny(monkeypatch, src / "secret.eml", src / "sub")
    assert main(["batch", str(src), str(tmp_path / "out"), "-q", "-j", "2", "-t", "json"]) == 1
    result = records(tmp_path / "out")
    assert result["secret.eml"].error == "permission denied"
    assert "cannot read this folder" in result["sub"].error
    assert result["ok.eml"].status == "converted"
    err = capsys.readouterr().err
    assert "internal error" not in err and "failed  sub: " in err


@pytest.fixture
def shared_tmp():
    """A folder any user can reach (pytest's own tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o777)
    yield folder
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_unreadable_file_and_folder_as_another_user(shared_tmp, capsys):
    """B4 as it happens: root drops to nobody (in a forked child, threadkit already imported)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to drop privileges")
    src = folder_with(shared_tmp / "in", "ok.eml", "secret.eml", "sub/x.eml")
    out = shared_tmp / "out"
    # imports every module the run needs (in this process: without a time limit, -j 1 converts in-process)
    main(["batch", str(src), str(shared_tmp / "warm"), "-q", "-j", "1", "--timeout", "0"])
    out.mkdir()
    out.chmod(0o777)
    (src / "secret.eml").chmod(0)
    (src / "sub").chmod(0)
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        status = 70
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
        except OSError:
            os._exit(99)
        try:
            status = main(["batch", str(src), str(out), "-q", "-j", "1"])
        finally:
            os._exit(status)
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if status == 99:
        pytest.skip("cannot drop privileges here")
    assert status == 1
    result = records(out)
    assert result["secret.eml"].error == "permission denied"
    assert "cannot read this folder (Permission denied)" in result["sub"].error
    assert result["ok.eml"].status == "converted"


# --- One writer fails -----------------------------------------------------------------------


def _break_writer(monkeypatch, name: str) -> None:
    def boom(document):
        raise ValueError("boom")

    monkeypatch.setattr(WRITERS[name], "write", boom)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_failing_writer_costs_only_its_output(tmp_path, monkeypatch, capsys, jobs):
    if len(WRITERS) < 2:
        pytest.skip("only one writer registered")
    broken, *others = list(WRITERS)
    src = folder_with(tmp_path / "in", "a.eml", "b.eml")
    out = tmp_path / "out"
    _break_writer(monkeypatch, broken)  # the forked workers inherit the patch
    assert main(["batch", str(src), str(out), "-q", "-j", jobs, "-t", ALL]) == 1
    record = records(out)["a.eml"]
    assert record.status == "failed" and record.posts == 1
    assert record.output_errors == {broken: f"the {broken} writer failed: ValueError: boom"}
    assert set(record.outputs) == set(others)
    for fmt in others:
        assert validate_path(out / record.outputs[fmt]) == []
    assert not (out / f"a.eml{WRITERS[broken].EXTENSION}").exists()
    line = next(line for line in report_lines(out) if line.get("input") == "a.eml")
    assert line["output_errors"] == {broken: f"the {broken} writer failed: ValueError: boom"}
    assert "internal error" not in capsys.readouterr().err
    # mended, the re-run writes only the missing output
    stamp = (out / record.outputs[others[0]]).stat().st_mtime_ns
    monkeypatch.undo()
    assert main(["batch", str(src), str(out), "-q", "-j", jobs, "-t", ALL]) == 0
    record = records(out)["a.eml"]
    assert record.status == "converted" and set(record.outputs) == set(WRITERS) and record.output_errors == {}
    assert (out / record.outputs[others[0]]).stat().st_mtime_ns == stamp


def test_one_failing_writer_in_convert_is_one_line_exit_1(tmp_path, monkeypatch, capsys):
    src = folder_with(tmp_path, "a.eml") / "a.eml"
    _break_writer(monkeypatch, "mbox")
    assert main(["convert", str(src), "-t", "mbox", "-o", str(tmp_path / "a.mbox")]) == 1
    err = capsys.readouterr().err
    assert err == "threadkit: error: the mbox writer failed: ValueError: boom\n"
    assert not (tmp_path / "a.mbox").exists()


# --- Input OSErrors in every command ----------------------------------------------------------


def test_input_os_errors_are_one_line_exit_3(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "x.json"
    folder.mkdir()  # a folder with a file's name: validate opens it
    (tmp_path / "in.eml").write_bytes(MAIL)
    cases = [
        ["convert", str(tmp_path)],  # a folder
        ["convert", str(tmp_path / "gone.eml")],  # vanished
        ["detect", str(tmp_path)],
        ["validate", str(tmp_path / "denied.json")],
    ]
    (tmp_path / "denied.json").write_text("{}")
    real_read_text = Path.read_text

    def read_text(self, *args, **kwargs):
        if self.name == "denied.json":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    for args in cases:
        assert main(args) == 3, args
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "internal error" not in err, (args, err)


def test_unwritable_output_is_one_line_exit_1(tmp_path, capsys):
    (tmp_path / "in.eml").write_bytes(MAIL)
    assert main(["convert", str(tmp_path / "in.eml"), "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("threadkit: error: ") and "cannot write" in err and err.count("\n") == 1
