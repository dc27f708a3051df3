"""The batch report: one JSON Lines record per input file, then a summary line.

The report is appended to as files finish (a killed batch keeps what it did), and rewritten
whole when the batch ends. Reading it back, the last record of a file wins; a torn last
line is ignored.

Record line::

    {"type": "file", "input": "a/b.txt", "status": "converted", "format": "googlegroups-text",
     "encoding": "utf-8", "posts": 5, "defects": {"unparsable-date": 1}, "uncovered_lines": 0,
     "error": null, "bytes": 10240, "sha256": "…", "outputs": {"json": "a/b.json"},
     "seconds": 0.012, "threadkit": "0.1.0", "schema": "1.0"}

``status`` is ``converted``, ``up-to-date`` (skipped: made before from the same input and
versions) or ``failed`` (``error`` says why, in one line). ``outputs`` lists the outputs that
are written; each output stands or fails alone, and ``output_errors`` says, by format, why
one could not be made (the file is then ``failed``, its other outputs are kept).

``input`` is the name as one line of valid text: a name that is not UTF-8 (or holds control
characters) has them as backslash escapes, and ``input_bytes`` holds its exact bytes in hex.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import attrs
from attrs import define, field, frozen

from threadkit import SCHEMA_VERSION, __version__
from threadkit.files import atomic_write, printable_name
from threadkit.model import Document


@frozen
class Record:
    """What happened to one input file."""

    input: str
    status: str
    format: str | None = None
    encoding: str | None = None
    posts: int | None = None
    defects: dict[str, int] = field(factory=dict)
    """Defect counts by code, over the document and its posts."""
    uncovered_lines: int | None = None
    """Non-blank source lines not claimed exactly once (0 when lossless; None when not checked)."""
    error: str | None = None
    bytes: int | None = None
    sha256: str | None = None
    outputs: dict[str, str] = field(factory=dict)
    """Output path (relative to the output folder) by format: the outputs that are written."""
    output_errors: dict[str, str] = field(factory=dict)
    """Why an output could not be made, by format."""
    seconds: float = 0.0
    threadkit: str = __version__
    schema: str = SCHEMA_VERSION

    @classmethod
    def failed(cls, name: str, error: str, seconds: float = 0.0) -> Record:
        return cls(input=name, status="failed", error=error, seconds=seconds)

    def to_json(self) -> str:
        data = _printable(attrs.asdict(self))
        data["seconds"] = round(self.seconds, 4)
        if data["input"] != self.input:  # the exact name, which JSON text cannot always hold
            data["input_bytes"] = os.fsencode(self.input).hex()
        return json.dumps({"type": "file", **data}, ensure_ascii=False)

    @classmethod
    def from_data(cls, data: dict) -> Record:
        names = {f.name for f in attrs.fields(cls)}
        record = cls(**{k: v for k, v in data.items() if k in names})
        if isinstance(data.get("input_bytes"), str):
            record = attrs.evolve(record, input=os.fsdecode(bytes.fromhex(data["input_bytes"])))
        return record


def _printable(value):
    """``value`` with every string made fit for JSON text (names and errors may hold undecodable bytes)."""
    if isinstance(value, str):
        return printable_name(value)
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    return value


def defect_counts(document: Document) -> dict[str, int]:
    """Defect codes and how often each occurs in a document."""
    counts = Counter(d.code for d in document.defects)
    for post in document.posts:
        counts.update(d.code for d in post.defects)
    return dict(sorted(counts.items()))


@define
class Summary:
    """Counts over a batch, for the last report line and the message to the user."""

    total: int
    workers: int = 1
    converted: int = 0
    up_to_date: int = 0
    failed: int = 0
    outputs: int = 0
    bytes: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    failures: list[tuple[str, str]] = field(factory=list)
    doubts: list[tuple[str, str]] = field(factory=list)
    """Files converted with defects or uncovered lines, and what they were."""

    @property
    def done(self) -> int:
        return self.converted + self.up_to_date + self.failed

    def add(self, record: Record) -> None:
        if record.status == "failed":
            self.failed += 1
            self.failures.append((record.input, record.error or "unknown error"))
        elif record.status == "up-to-date":
            self.up_to_date += 1
        else:
            self.converted += 1
        if record.status != "up-to-date":
            self.outputs += len(record.outputs)
            self.bytes += record.bytes or 0
        doubt = ", ".join([f"{code} ×{n}" for code, n in record.defects.items()] + ([f"{record.uncovered_lines} uncovered lines"] if record.uncovered_lines else []))
        if doubt and record.status != "failed":
            self.doubts.append((record.input, doubt))

    def to_json(self) -> str:
        data = attrs.asdict(self, filter=lambda a, v: a.name not in ("failures", "doubts"))
        data["with_defects"] = len(self.doubts)
        data["seconds"] = round(self.seconds, 3)
        return json.dumps({"type": "summary", "threadkit": __version__, "schema": SCHEMA_VERSION, **data})

    def line(self, output_dir: Path) -> str:
        """The human summary."""
        rate = self.bytes / 2**20 / self.seconds if self.seconds else 0.0
        return (
            f"{self.total} files: {self.converted} converted, {self.up_to_date} up to date, {self.failed} failed, "
            f"{len(self.doubts)} with defects; "
            f"{self.outputs} outputs written to {printable_name(str(output_dir))} in {self.seconds:.1f} s "
            f"({rate:.1f} MiB/s, {self.workers} worker{'s' if self.workers != 1 else ''})"
        )


def read_previous(path: Path) -> dict[str, Record]:
    """The records of the last run by input name (last one wins); empty when there is none."""
    records: dict[str, Record] = {}
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return records
    for line in text.splitlines():
        try:
            data = json.loads(line)
            if data.get("type") == "file":
                record = Record.from_data(data)
                records[record.input] = record
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # a line torn by a kill, or not ours
    return records


class Report:
    """The report file of a running batch: appended to as records come, rewritten at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, Record] = {}

    def __enter__(self) -> Report:
        self._handle = open(self.path, "a", encoding="utf-8")
        return self

    def add(self, record: Record) -> None:
        self.records[record.input] = record
        # One whole line per write, flushed: a kill loses at most the line being written.
        self._handle.write(record.to_json() + "\n")
        self._handle.flush()

    def finish(self, summary: Summary) -> None:
        """Replace the appended log by this run's records, in input order, and the summary."""
        if summary.interrupted:
            # Keep the log: it still holds the earlier runs' records of the files not reached.
            self._handle.write(summary.to_json() + "\n")
            self._handle.flush()
            return
        lines = [self.records[name].to_json() for name in sorted(self.records)]
        atomic_write(self.path, ("\n".join(lines + [summary.to_json()]) + "\n").encode("utf-8"))

    def __exit__(self, *exc) -> None:
        self._handle.close()
