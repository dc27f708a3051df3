"""The command line as a user runs it: real subprocesses, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SEEDS
from threadkit.cli import main
from threadkit.detection import Guess, choose
from threadkit.errors import AmbiguousFormatError, UnknownFormatError

SEED = SEEDS / "000_0d91296e416bf5fc.txt"


def run(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "threadkit", *args], input=stdin, capture_output=True, timeout=120)


def test_convert_to_stdout_and_file(tmp_path):
    out = run("convert", str(SEED))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["posts"]) == 5
    target = tmp_path / "t.json"
    assert run("convert", str(SEED), "-t", "json", "-o", str(target)).returncode == 0
    assert json.loads(target.read_bytes()) == data
    assert run("validate", str(target)).returncode == 0


def test_convert_from_stdin_with_named_format():
    out = run("convert", "-", "--from", "googlegroups", stdin=SEED.read_bytes())
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["source"]["name"] == "<stdin>"


def test_detect_prints_ranked_guesses_with_reasons():
    out = run("detect", str(SEED))
    assert out.returncode == 0
    first = out.stdout.decode().splitlines()[0]
    assert "googlegroups-text" in first and "date line" in first


@pytest.mark.parametrize(
    "args, data, code, message",
    [
        (("convert", "{path}"), b"", 3, "empty input"),
        (("convert", "{path}"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, "binary file"),
        (("convert", "/no/such/file.txt"), None, 3, "no such file"),
        (("convert", "{path}", "--from", "nonsense"), b"x", 4, "unknown input format"),
        (("convert", "{path}", "--to", "docx"), b"x", 4, "unknown output format"),
    ],
)
def test_errors_are_one_line_without_traceback(tmp_path, args, data, code, message):
    path = tmp_path / "in.txt"
    if data is not None:
        path.write_bytes(data)
    out = run(*[a.format(path=path) for a in args])
    err = out.stderr.decode()
    assert out.returncode == code, err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert out.stdout == b""


def test_failed_conversion_leaves_no_output_file(tmp_path):
    (tmp_path / "in.txt").write_bytes(b"")
    target = tmp_path / "out.json"
    assert run("convert", str(tmp_path / "in.txt"), "-o", str(target)).returncode != 0
    assert not target.exists() and list(tmp_path.iterdir()) == [tmp_path / "in.txt"]


def test_validate_reports_file_and_path_and_fails(tmp_path):
    good = json.loads(run("convert", str(SEED)).stdout)
    good["posts"][0]["role"] = "tweet"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(good))
    out = run("validate", str(bad))
    assert out.returncode == 1
    assert f"{bad}: /posts/0/role" in out.stderr.decode()


def test_near_tie_is_an_error_naming_both_candidates():
    with pytest.raises(AmbiguousFormatError, match="alpha.*beta|beta.*alpha"):
        choose([Guess("alpha", 0.8), Guess("beta", 0.75)], "doc.txt")
    with pytest.raises(UnknownFormatError, match="no reader"):
        choose([Guess("alpha", 0.1)], "doc.txt")
    assert choose([Guess("alpha", 0.9), Guess("beta", 0.5)]).format == "alpha"


def test_python_dash_m_and_version():
    out = run("--version")
    assert out.returncode == 0 and b"threadkit" in out.stdout


def test_formats_lists_every_reader_and_writer_with_what_it_is_for(capsys):
    from threadkit.readers import READERS
    from threadkit.writers import WRITERS

    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    for name, module in READERS.items():
        assert name in out and module.DESCRIPTION in out and module.PATTERNS and ", ".join(module.PATTERNS) in out
    for name, module in WRITERS.items():
        assert name in out and module.EXTENSION in out and module.DESCRIPTION in out


@pytest.mark.parametrize("command", ["convert", "detect", "validate", "batch", "formats"])
def test_every_command_help_ends_with_an_example(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = capsys.readouterr().out
    assert "example:\n  threadkit " + command in help_text


def test_batch_formats_repeated_or_comma_separated(tmp_path) -> None:
    """``-t json -t tei`` asks for both, as ``-t json,tei`` does (a repeated option kept only
    its last value)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.eml").write_bytes(b"From: Ann <ann@example.org>\nSubject: Hi\nDate: Tue, 1 Feb 2022 09:00:00 +0000\n\nHello.\n")
    assert main(["batch", str(src), str(tmp_path / "rep"), "-q", "-j", "1", "-t", "json", "-t", "tei,json"]) == 0
    assert main(["batch", str(src), str(tmp_path / "comma"), "-q", "-j", "1", "-t", "json,tei"]) == 0
    for out in ("rep", "comma"):
        assert sorted(p.name for p in (tmp_path / out).iterdir() if not p.name.startswith((".", "threadkit-"))) == ["a.eml.json", "a.eml.tei.xml"]
