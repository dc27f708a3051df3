"""JSON output: the bundled schema accepts every output and rejects broken ones; the JSON
reads back into the same model; seed goldens hold the reviewed output."""

from __future__ import annotations

import copy
import json

import pytest

from conftest import GOLDEN, SEEDS, assert_golden, corpus_dir
from threadkit import SCHEMA_VERSION, api
from threadkit.readers.json import document_from_data
from threadkit.validate import validate_json_data
from threadkit.writers.json import document_to_data

SEED = SEEDS / "000_0d91296e416bf5fc.txt"


def gg_inputs():
    paths = [SEED]
    root = corpus_dir()
    if root:
        paths += sorted((root / "gg-web").glob("*.txt"))
    return paths


@pytest.fixture(scope="module")
def seed_data():
    return json.loads(api.write(api.read_path(SEED), "json"))


@pytest.mark.parametrize("path", gg_inputs(), ids=lambda p: p.stem[:40])
def test_output_validates_and_round_trips(path):
    document = api.read_path(path)
    data = json.loads(api.write(document, "json"))
    assert validate_json_data(data) == []
    assert data["schema"] == "threadkit" and data["version"] == SCHEMA_VERSION
    again = document_from_data(data)
    assert again == document
    assert document_to_data(again) == data


def test_seed_golden(seed_data, update_goldens):
    actual = json.dumps(seed_data, ensure_ascii=False, indent=1) + "\n"
    assert_golden(actual, GOLDEN / "000_0d91296e416bf5fc.json", update_goldens)


def broken(data, mutate):
    data = copy.deepcopy(data)
    mutate(data)
    return data


@pytest.mark.parametrize(
    "name, mutate, where",
    [
        ("missing posts", lambda d: d.pop("posts"), "/"),
        ("wrong version", lambda d: d.update(version="0.9"), "/version"),
        ("bad block type", lambda d: d["posts"][0]["blocks"][0].update(type="paragraph"), "/posts/0/blocks/0"),
        ("span of one number", lambda d: d["posts"][0].update(lines=[6]), "/posts/0/lines"),
        ("line zero", lambda d: d["posts"][1]["blocks"][0].update(lines=[0, 3]), "/posts/1/blocks/0"),
        ("role unknown", lambda d: d["posts"][0].update(role="tweet"), "/posts/0/role"),
        ("date not ISO", lambda d: d["posts"][0].update(date="Jan 7, 2026"), "/posts/0/date"),
        ("unknown field", lambda d: d["posts"][0].update(colour="red"), "/posts/0"),
        ("boilerplate without kind", lambda d: d["boilerplate"][0].pop("kind"), "/boilerplate/0"),
        ("sha256 not hex", lambda d: d["source"].update(sha256="xyz"), "/source/sha256"),
        ("author not an object", lambda d: d["posts"][2].update(author="Freddy"), "/posts/2/author"),
    ],
)
def test_broken_documents_fail_validation(seed_data, name, mutate, where):
    problems = validate_json_data(broken(seed_data, mutate), "doc.json")
    assert problems, name
    assert any(p.startswith(f"doc.json: {where}") for p in problems), problems


def test_schema_is_a_valid_draft_2020_12_schema():
    import jsonschema

    from threadkit.schemas import json_schema

    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_reading_json_output_through_the_api_is_the_identity():
    document = api.read_path(SEED)
    data = api.write(document, "json")
    assert api.read_bytes(data, "000.json") == document
    assert api.write(api.read_bytes(data, "000.json"), "json") == data
