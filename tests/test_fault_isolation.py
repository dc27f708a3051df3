"""Issue 10, item 3: one message that cannot be read or segmented never sinks an archive,
and no single message can make the segmenter work without bound.

A failure is provoked by monkeypatching (the class: any unexpected exception inside the
message → post adapter or inside segmentation); the limits are checked by counting the
segmenter's rule applications, not by timing.
"""

from __future__ import annotations

import json
import mailbox

import pytest
from lxml import etree

import threadkit.segment as segmentation
from threadkit import api, cli
from threadkit.invariants import coverage_problems
from threadkit.mail import message as mail_message
from threadkit.mail.archive import Archive
from threadkit.model import Quote, Text, iter_blocks
from threadkit.segment import quotes, segment_body
from threadkit.segment.lines import numbered
from threadkit.source import load_bytes
from threadkit.validate import validate_json_data, validate_tei_tree

MARK = "this body makes the segmenter fail"


def _mbox(*bodies: str) -> bytes:
    out = []
    for k, body in enumerate(bodies, 1):
        out.append(
            f"From a{k}@example.com Sat Jun 22 15:00:4{k} 2019\n"
            f"From: Person {k} <a{k}@example.com>\n"
            f"Subject: topic {k}\n"
            f"Date: Sat, 22 Jun 2019 15:00:4{k} +0000\n"
            f"Message-ID: <m{k}@example.com>\n"
            + (f"In-Reply-To: <m{k - 1}@example.com>\n" if k > 1 else "")
            + f"\n{body}\n\n"
        )
    return "".join(out).encode()


THREE = _mbox("First message.\n\n> quoted\n\nThanks,\nAnn", f"Second.\n{MARK}\n\n-- \nBob", "Third message.")


def _failing_on_mark(real):
    def segment(lines, *args, **kwargs):
        if any(MARK in line[1] for line in lines):  # (a quote's content lines are (number, text) pairs)
            raise RuntimeError("boom\nin segmentation")
        return real(lines, *args, **kwargs)

    return segment


def _outputs_valid(document, tmp_path):
    assert validate_json_data(json.loads(api.write(document, "json"))) == []
    assert validate_tei_tree(etree.fromstring(api.write(document, "tei"))) == []
    path = tmp_path / "out.mbox"
    path.write_bytes(api.write(document, "mbox"))
    assert len(mailbox.mbox(str(path))) == len(document.posts)


def _defects(post, code):
    return [d for d in post.defects if d.code == code]


def test_fault_isolation_segmentation_failure_keeps_the_body(monkeypatch, tmp_path):
    monkeypatch.setattr(segmentation, "segment", _failing_on_mark(segmentation.segment))
    source = load_bytes(THREE, "three.mbox")
    document = api.read(source)
    first, second, third = document.posts
    assert coverage_problems(document, source.lines) == []
    (defect,) = _defects(second, "segmentation-failed")
    assert defect.message.endswith("RuntimeError: boom in segmentation")  # one line, no traceback
    (block,) = second.blocks
    assert isinstance(block, Text) and block.kind == "unparsed"
    assert block.text == f"Second.\n{MARK}\n\n-- \nBob"
    # the header was read as usual, and the others are intact
    assert (second.subject, second.author.name, second.in_reply_to) == ("topic 2", "Person 2", first.id)
    assert [type(b).__name__ for b in first.blocks] == ["Text", "Quote", "Signature"]
    assert not first.defects and not third.defects and third.in_reply_to == second.id
    _outputs_valid(document, tmp_path)


def test_fault_isolation_message_failure_keeps_raw_lines(monkeypatch, tmp_path):
    real = mail_message.body_blocks

    def body_blocks(header, body, defects):
        if any(MARK.encode() in line.data for line in body):
            raise ValueError("cannot read this one")
        return real(header, body, defects)

    monkeypatch.setattr(mail_message, "body_blocks", body_blocks)
    source = load_bytes(THREE, "three.mbox")
    document = api.read(source)
    assert coverage_problems(document, source.lines) == []
    first, second, third = document.posts
    (defect,) = second.defects
    assert defect.code == "unparsed-message" and defect.message.endswith("ValueError: cannot read this one")
    assert [h.name for h in second.header] == ["envelope", "from", "subject", "date", "message-id", "in-reply-to"]
    (block,) = second.blocks
    assert block.kind == "unparsed" and block.text.startswith("Second.") and block.text.endswith("Bob")
    assert first.subject == "topic 1" and third.subject == "topic 3" and not third.defects
    _outputs_valid(document, tmp_path)


def test_fault_isolation_header_failure_keeps_every_line(monkeypatch):
    """When even the header cannot be split into fields, every line goes in the one block."""
    monkeypatch.setattr(mail_message.headers, "_header_fields", lambda *a, **k: 1 / 0)
    source = load_bytes(THREE, "three.mbox")
    document = api.read(source)
    assert coverage_problems(document, source.lines) == []
    for post in document.posts:
        assert [h.name for h in post.header] == ["envelope"]
        assert post.blocks[0].text.startswith("From: Person") and post.defects[0].code == "unparsed-message"


def test_fault_isolation_cli_exits_0(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(segmentation, "segment", _failing_on_mark(segmentation.segment))
    path = tmp_path / "three.mbox"
    path.write_bytes(THREE)
    outputs = [tmp_path / name for name in ("out.json", "out.mbox", "out.tei.xml")]
    for fmt, out in zip(("json", "mbox", "tei"), outputs):
        assert cli.main(["convert", str(path), "--to", fmt, "-o", str(out)]) == 0
        assert out.stat().st_size > 0
    assert cli.main(["validate", *map(str, outputs)]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("split", [None, "thread"])
def test_fault_isolation_streamed_archive_keeps_the_message_raw(monkeypatch, tmp_path, capsys, split):
    """The same failure on the streaming path (an archive over the size limit, read in two
    passes): exit 0, the message kept raw with a defect, the others intact, outputs valid."""
    from threadkit import source as sources
    from threadkit.validate import validate_path

    monkeypatch.setattr(segmentation, "segment", _failing_on_mark(segmentation.segment))
    monkeypatch.setattr(sources, "MAX_TEXT_BYTES", len(THREE) // 2)
    path = tmp_path / "three.mbox"
    path.write_bytes(THREE)
    out = tmp_path / ("threads" if split else "out.jsonl")
    assert isinstance(api.open_input(path), Archive)
    assert cli.main(["convert", str(path), "--to", "jsonl", "-o", str(out), *(["--split", split] if split else [])]) == 0
    assert "Traceback" not in capsys.readouterr().err
    files = sorted(out.glob("thread-*.jsonl")) if split else [out]
    assert files and all(validate_path(f) == [] for f in files)
    posts = {p["id"]: p for f in files for p in map(json.loads, f.read_text().splitlines()[1:])}
    first, second, third = posts["p1"], posts["p2"], posts["p3"]
    assert [d["code"] for d in second["defects"]] == ["segmentation-failed"]
    assert [(b["type"], b["kind"], b["text"]) for b in second["blocks"]] == [("text", "unparsed", f"Second.\n{MARK}\n\n-- \nBob")]
    assert (second["subject"], second["in_reply_to"], third["in_reply_to"]) == ("topic 2", "p1", "p2")
    assert [b["type"] for b in first["blocks"]] == ["text", "quote", "signature"]
    assert not first["defects"] and not third["defects"]


# --- the per-message work limit ---------------------------------------------------------------


def _count_rule_calls(monkeypatch) -> list[int]:
    calls = [0]
    real = segmentation._match

    def counted(lines, i, depth, *args):
        calls[0] += 1
        return real(lines, i, depth, *args)

    monkeypatch.setattr(segmentation, "_match", counted)
    return calls


def staircase(depth: int) -> str:
    """A reply quoting a reply quoting ... ``depth`` levels, each level two lines."""
    return "\n".join(f"{'> ' * level}line at level {level}\n{'> ' * level}" for level in range(depth + 1))


def test_work_limit_deep_nesting_is_bounded(monkeypatch):
    calls = _count_rule_calls(monkeypatch)
    lines = numbered(staircase(200).split("\n"))
    blocks, defects = segment_body(lines)
    # each level segments the lines below it once: at most MAX_DEPTH passes over the body
    assert calls[0] <= len(lines) * (quotes.MAX_DEPTH + 1)
    deepest = [b for b in iter_blocks(blocks) if isinstance(b, Quote) and b.depth == quotes.MAX_DEPTH]
    assert len(deepest) == 1 and not deepest[0].blocks and "line at level 200" in deepest[0].text
    assert [d.code for d in defects] == ["quote-depth-limit"]


def test_work_limit_deep_nesting_in_a_message(tmp_path):
    source = load_bytes(_mbox("Top.", staircase(200)), "deep.mbox")
    document = api.read(source)
    assert coverage_problems(document, source.lines) == []
    assert [d.code for d in document.posts[1].defects] == ["quote-depth-limit"]
    _outputs_valid(document, tmp_path)


def test_work_limit_million_line_body(monkeypatch):
    """A 1,000,000-line body: the cheap mode (quotes and paragraphs), one level, linear count."""
    calls = _count_rule_calls(monkeypatch)
    texts = []
    for k in range(100_000):  # ten lines a round: paragraph, quote, blank
        texts += [f"line {k}", "Thanks,", "Ann", "", "> quoted", "> > deeper", ">", "On Monday, Bob wrote:", "", "more"]
    lines = numbered(texts)
    assert len(lines) == 1_000_000
    blocks, defects = segment_body(lines)
    assert calls[0] <= len(lines)
    assert [d.code for d in defects] == ["segmentation-limit", "quote-depth-limit"]
    assert {type(b).__name__ for b in blocks} == {"Text", "Quote"}
    assert all(not b.blocks for b in blocks if isinstance(b, Quote))
    covered = sum(b.span.last - b.span.first + 1 for b in blocks)
    assert covered == sum(1 for line in lines if line.text)  # every line but the blank ones between blocks


def test_work_limit_ordinary_bodies_are_unlimited():
    blocks, defects = segment_body(numbered(staircase(5).split("\n")))
    assert defects == () and max(b.depth for b in iter_blocks(blocks) if isinstance(b, Quote)) == 5


@pytest.mark.parametrize("n", [segmentation.MAX_FULL_LINES, segmentation.MAX_FULL_LINES + 1])
def test_work_limit_cheap_mode_starts_past_max_full_lines(n):
    _blocks, defects = segment_body(numbered(["Thanks,", "Ann", ""] * (n // 3) + ["x"] * (n % 3)))
    assert ("segmentation-limit" in [d.code for d in defects]) == (n > segmentation.MAX_FULL_LINES)
