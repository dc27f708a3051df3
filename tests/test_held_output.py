"""Issue 10: a document held in memory whose writer streams posts (jsonl) is written to its
file line by line as it is serialised (api.write_document), never as one bytes object; the
file is the same bytes as the rendered output, and appears whole or not at all."""

from __future__ import annotations

from test_mail_imports import MBOX
from threadkit import api
from threadkit.cli import main
from threadkit.writers import jsonl


def test_a_held_document_written_line_by_line_is_its_rendered_output(tmp_path):
    path = tmp_path / "list.mbox"
    path.write_bytes(MBOX)
    api.convert_path(path, "jsonl", tmp_path / "list.jsonl")
    assert (tmp_path / "list.jsonl").read_bytes() == api.render("jsonl", api.read_path(path)) == api.convert_path(path, "jsonl")


def test_a_writer_failing_after_some_lines_leaves_no_output(tmp_path, monkeypatch, capsys):
    path = tmp_path / "list.mbox"
    path.write_bytes(MBOX)
    written = []

    def failing(data):
        if written:
            raise ValueError("boom")
        written.append(data)
        return b"{}\n"

    monkeypatch.setattr(jsonl, "line", failing)
    assert main(["convert", str(path), "-t", "jsonl", "-o", str(tmp_path / "list.jsonl")]) == 1
    assert capsys.readouterr().err == "threadkit: error: the jsonl writer failed: ValueError: boom\n"
    assert written and not (tmp_path / "list.jsonl").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["list.mbox"]
