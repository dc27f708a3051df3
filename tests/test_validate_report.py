"""``threadkit validate`` checks a batch report (``threadkit-batch.jsonl``) against its own bundled
schema, named or found in an output folder, instead of taking it for a broken JSON Lines document."""

from __future__ import annotations

import json

from threadkit.batch import REPORT_NAME, run_batch
from threadkit.validate import expand, validate_path


def _batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.eml").write_bytes(b"From: Ann <ann@example.org>\nSubject: Hi\nDate: Tue, 1 Feb 2022 09:00:00 +0000\n\nHello.\n")
    (src / "b.bin").write_bytes(b"\x00\x01\x02 not a document")
    out = tmp_path / "out"
    run_batch(src, out, ["json"], quiet=True, jobs=1)
    return out


def test_report_is_valid_and_found_in_the_folder(tmp_path) -> None:
    out = _batch(tmp_path)
    report = out / REPORT_NAME
    kinds = [json.loads(line)["type"] for line in report.read_text(encoding="utf-8").splitlines()]
    assert kinds.count("file") == 2 and kinds[-1] == "summary"
    assert validate_path(report) == []
    assert report in expand([str(out)])


def test_a_damaged_report_is_named(tmp_path) -> None:
    out = _batch(tmp_path)
    report = out / REPORT_NAME
    lines = report.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["status"] = "maybe"
    report.write_text("\n".join([json.dumps(first), *lines[1:], "{not json"]) + "\n", encoding="utf-8")
    problems = validate_path(report)
    assert any("line 1: /status" in p for p in problems)
    assert any(f"line {len(lines) + 1}: not a JSON record" in p for p in problems)
