"""Properties over every registered reader and writer (issue 6), checked with hypothesis.

* arbitrary bytes or text never crash a reader: a document comes out, or a ThreadkitError
  with one line;
* every non-blank source line is claimed exactly once, whatever the reader;
* every writer writes any valid document, and the result validates;
* JSON → model → JSON is the identity;
* segmentation is idempotent: segmenting the text the blocks hold gives the same blocks,
  and the transforms change nothing the second time.

The registries are read at collection time, so a new reader or writer is covered at once.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import documents
from test_coverage import FRAGMENTS

from threadkit import api, transforms
from threadkit.errors import ThreadkitError
from threadkit.invariants import coverage_problems
from threadkit.model import Document
from threadkit.readers import READERS
from threadkit.readers.json import FORMAT as JSON_READER
from threadkit.segment import numbered, segment
from threadkit.segment.lines import is_blank
from threadkit.source import load_bytes
from threadkit.validate import validate_path
from threadkit.writers import WRITERS

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Lines that look like every input format, so readers get past their first checks.
FORMAT_LINES = FRAGMENTS + [
    "From jane@example.org Mon Jan  1 00:00:00 2024", "From: Jane <jane@example.org>", "Message-ID: <1@x>",
    "In-Reply-To: <0@x>", "Content-Type: multipart/mixed; boundary=b", "--b", "--b--", "Content-Transfer-Encoding: base64",
    "=?utf-8?q?caf=C3=A9?=", "From jane at example.org  Mon Jan  1 00:00:00 2024", "Par Jeanne Dupont, le 3 mars 2024 à 10h12",
    "Commentaires", "12 commentaires", "Répondre", '{"schema": "threadkit", "version": "1.0"', "}", "]",
]
any_line = st.one_of(
    st.sampled_from(FORMAT_LINES),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=50),
)
texts = st.lists(any_line, min_size=1, max_size=40).map("\n".join)
raw_bytes = st.one_of(st.binary(max_size=600), texts.map(lambda t: t.encode("utf-8")), texts.map(lambda t: t.encode("utf-16")))


def read_or_refuse(data: bytes, reader: str | None) -> tuple[Document, object] | None:
    """Read ``data`` with a reader (None: detection); None when it is refused cleanly."""
    try:
        source = load_bytes(data, "random.txt")
        return api.read(source, reader), source
    except ThreadkitError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return None


@SETTINGS
@given(raw_bytes)
def test_any_bytes_detected_and_read_or_cleanly_refused(data):
    read_or_refuse(data, None)


@pytest.mark.parametrize("reader", sorted(READERS))
@SETTINGS
@given(data=raw_bytes)
def test_any_input_never_crashes_a_reader_and_loses_no_line(reader, data):
    result = read_or_refuse(data, reader)
    if result is None:
        return
    document, source = result
    if document.source.sha256 == source.sha256:  # not a JSON document describing another source
        assert coverage_problems(document, source.lines) == []


@pytest.mark.parametrize("writer", sorted(WRITERS))
@SETTINGS
@given(document=documents())
def test_every_writer_writes_any_document_validly(writer, document, tmp_path_factory):
    module = WRITERS[writer]
    path = tmp_path_factory.mktemp("w") / f"out{module.EXTENSION}"
    path.write_bytes(module.write(document))
    assert validate_path(path) == []


@SETTINGS
@given(documents())
def test_json_model_json_is_the_identity(document):
    written = api.write(document, "json")
    again = api.read_bytes(written, "doc.json", JSON_READER)
    assert again == document
    assert api.write(again, "json") == written


def rebuilt_lines(blocks, lines):
    """The body as the blocks hold it: each block's text on its span, blank lines elsewhere."""
    out = {line.no: "" for line in lines}
    for block in blocks:
        for no, text in zip(block.span.lines(), block.text.split("\n")):
            out[no] = text
    return numbered([out[no] for no in sorted(out)], lines[0].no)


@SETTINGS
@given(st.lists(any_line, min_size=1, max_size=40))
def test_segmentation_is_idempotent(texts_):
    lines = numbered(texts_)
    blocks = segment(lines)
    assert segment(rebuilt_lines(blocks, lines)) == blocks
    assert all(not is_blank(b.text) for b in blocks)


@SETTINGS
@given(texts)
def test_transforms_are_idempotent(text):
    result = read_or_refuse(text.encode("utf-8"), None)
    if result is None:
        return
    document = result[0]
    assert transforms.run(document) == document  # api.read ran them once already


def test_identity_check_can_fail():
    """The round trip compares the whole model: one changed field is seen."""
    document = api.read_bytes(b"Jane Doe\n\nHello\n", "x.txt", "googlegroups-text")
    changed = attrs.evolve(document, title="another title")
    assert api.read_bytes(api.write(changed, "json"), "x.json", JSON_READER) != document


@given(st.text(alphabet="ab\r\n", max_size=40))
def test_split_lines_fast_path_for_crlf_is_the_general_split(text):
    """A text whose every line ends in CR LF takes a one-call split; the lines are those of
    the general rule (LF ends a line, a CR before it goes with it)."""
    import re

    from threadkit.source import split_lines

    lines, _ = split_lines(text)
    if "\n" in text:
        expected = re.split(r"\r?\n", text)
        if expected[-1] == "":
            expected.pop()
        elif expected[-1].endswith("\r"):
            expected[-1] = expected[-1][:-1]
        assert list(lines) == expected
    crlf = text.replace("\r", "").replace("\n", "\r\n")
    assert split_lines(crlf)[0] == split_lines(crlf.replace("\r\n", "\n"))[0]
