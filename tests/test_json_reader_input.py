"""The threadkit-JSON reader on input its writer did not write (issue 9, F08a-F08d): the
input is checked against the bundled schema before the model is built, and anything invalid
is refused with exit 3 and one line naming the first wrong place (a JSON pointer)."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadkit import api
from threadkit.errors import InputError, ThreadkitError
from threadkit.mail.check import mbox_problems
from threadkit.readers.json import FORMAT as JSON_READER
from threadkit.readers.json import document_from_data
from threadkit.writers import mbox as mbox_writer

CASES = Path(__file__).resolve().parent / "cases" / "hostile" / "json-reader-input-validation"
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_0d91296e416bf5fc.txt"


@pytest.fixture(scope="module")
def seed_data():
    return json.loads(api.write(api.read_path(SEED), "json"))


@pytest.mark.parametrize("name, where", [
    ("F08a-json-reader-missing-source-crash.json", "/: 'source' is a required property"),
    ("F08c-json-reader-schema-invalid-input-gives-invalid-json-tei.json", "/posts/0/role: "),
    ("F08d-json-reader-multiline-error.json", "version '2\\nInjected: line'"),
])
@pytest.mark.parametrize("to", ["json", "mbox", "tei"])
def test_json_reader_input_validation_refuses_with_one_line(name, where, to, tmp_path):
    with pytest.raises(InputError) as caught:
        api.read_path(CASES / name)
    assert where in str(caught.value) and "\n" not in str(caught.value)
    out = tmp_path / f"out.{to}"
    result = subprocess.run([sys.executable, "-m", "threadkit", "convert", str(CASES / name), "--to", to, "-o", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 3, result.stderr
    assert len(result.stderr.splitlines()) == 1 and where in result.stderr
    assert not out.exists()  # no output from invalid input


def test_json_reader_input_validation_lone_surrogate_does_not_crash_the_reader():
    """F08b is schema-valid (JSON can spell a lone surrogate); the reader builds the model
    or refuses it, and the mbox writer writes U+FFFD for what UTF-8 cannot carry."""
    try:
        document = api.read_path(CASES / "F08b-json-reader-lone-surrogate-json-writer-crash.json")
    except ThreadkitError:
        return  # the model refuses text that is not valid Unicode
    data = mbox_writer.write(document)
    assert mbox_problems(io.BytesIO(data), "f08b.mbox") == []


def test_json_reader_input_validation_model_rules_the_schema_cannot_say(seed_data):
    """A span [9, 2] is schema-valid but not a span: refused, with its place."""
    data = copy.deepcopy(seed_data)
    data["posts"][1]["blocks"][0]["lines"] = [9, 2]
    with pytest.raises(InputError, match=r"/posts/1/blocks/0/lines: invalid span \[9, 2\]"):
        document_from_data(data, "doc.json")


def test_json_reader_input_validation_refuses_duplicate_post_ids(seed_data):
    """Two posts with one id are schema-valid, but replies and TEI's xml:id name posts by
    their id (found by bench/fuzz.py: the TEI of such a document was not well-formed)."""
    data = copy.deepcopy(seed_data)
    data["posts"][2]["id"] = data["posts"][0]["id"]
    with pytest.raises(InputError, match=r"/posts/2/id: 'p1' is the id of an earlier post"):
        document_from_data(data, "doc.json")


_ODD_VALUES = [None, 0, -1, 2**70, 1.5, True, "", "x\ny", "=?utf-8?q?a=0D=0Ab?=", [], [5, 2], [0, 0], {}, {"type": "text"},
               {"a": None}]


def _places(value, path=()):
    """Every place of a JSON value, as a path of keys and indices."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _places(item, path + (i,))


@st.composite
def _mutated(draw, data):
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in _places(data) if p]
        path = draw(st.sampled_from(places))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(_ODD_VALUES)))
    return data


def test_json_reader_input_validation_any_mutation_is_read_or_refused(seed_data):
    """Delete or replace any part of a valid document: the reader builds a model or raises
    InputError with one line; never another exception (21 kinds were found)."""

    @settings(max_examples=200, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(_mutated(seed_data))
    def check(data):
        try:
            api.read_bytes(json.dumps(data).encode("utf-8"), "m.json", JSON_READER)
        except InputError as exc:
            assert "\n" not in str(exc)

    check()
