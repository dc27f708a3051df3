"""The bundled, versioned schemas: where they are and how to load them.

In a wheel they sit inside the package (``threadkit/schemas/``, mapped there by the
build); in a source checkout they are the repository's top-level ``schemas/`` folder.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from threadkit import SCHEMA_VERSION

#: Schema files by (kind, version); one file per version, kept forever.
SCHEMA_FILES: dict[tuple[str, str], str] = {
    ("json", "1.0"): "threadkit-1.0.schema.json",
    ("tei", "1.0"): "threadkit-tei-1.0.rng",
    ("jsonl", "1.0"): "threadkit-jsonl-1.0.schema.json",
    ("split", "1.0"): "threadkit-split-1.0.schema.json",
    ("parquet", "1.0"): "threadkit-parquet-1.0.json",
    ("json", "1.1"): "threadkit-1.1.schema.json",
    ("jsonl", "1.1"): "threadkit-jsonl-1.1.schema.json",
    ("split", "1.1"): "threadkit-split-1.1.schema.json",
    ("report", "1.0"): "threadkit-batch-report-1.0.schema.json",
}
#: The version of the batch report's schema (``threadkit-batch.jsonl``).
REPORT_VERSION = "1.0"
#: The current version of the JSON Lines and split-index schemas.
JSONL_VERSION = "1.1"


@functools.cache
def schema_dir() -> Path:
    """The folder holding the bundled schema files."""
    inside = Path(__file__).parent / "schemas"
    if inside.is_dir():
        return inside
    return Path(__file__).parent.parent / "schemas"


def schema_path(kind: str, version: str = SCHEMA_VERSION) -> Path:
    """The file of a schema."""
    return schema_dir() / SCHEMA_FILES[(kind, version)]


@functools.cache
def json_schema(version: str = SCHEMA_VERSION) -> dict:
    """The JSON Schema of a threadkit JSON version."""
    return json.loads(schema_path("json", version).read_text(encoding="utf-8"))


@functools.cache
def tei_schema(version: str):
    """The compiled RELAX NG of a threadkit-tei version (lxml)."""
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(schema_path("tei", version))))


@functools.cache
def json_validator(kind: str, version: str):
    """A Draft 2020-12 validator for a JSON schema that may refer to the document schema's
    ``$defs`` (the jsonl and split-index schemas reuse them instead of copying), with the
    document schema's ``oneOf`` over tagged objects checked as :func:`tagged_validator` says."""
    from referencing import Registry, Resource

    def load(name: str) -> dict:
        return json.loads((schema_dir() / name).read_text(encoding="utf-8"))

    main = load(SCHEMA_FILES[(kind, version)])
    resources = [Resource.from_contents(load(SCHEMA_FILES[key])) for key in SCHEMA_FILES if SCHEMA_FILES[key].endswith(".schema.json")]
    registry = Registry().with_resources((r.id(), r) for r in resources)
    # the oneOf branches are the document schema's (the others have none): its $defs name them
    defs = {**main.get("$defs", {}), **json_schema(version).get("$defs", {})} if ("json", version) in SCHEMA_FILES else main.get("$defs", {})
    return tagged_validator(defs)(main, registry=registry)


def tagged_validator(defs: dict):
    """A Draft 2020-12 validator class whose ``oneOf`` over tagged objects (the block kinds,
    each with its own ``"type"`` constant; ``defs`` holds the ``#/$defs/`` they refer to)
    checks only the branch the object's type names.

    The result is the same (no other branch can match an object of another type) and the
    error is the branch's own, but the work is one branch instead of seven: the reader
    validates every document it reads (a 13 MB document took 3 times as long), and
    ``threadkit validate`` a JSON Lines archive of any size.
    """
    import jsonschema

    base = jsonschema.Draft202012Validator
    plain_one_of = base.VALIDATORS["oneOf"]

    def tag(branch: dict):
        if set(branch) == {"$ref"} and branch["$ref"].startswith("#/$defs/"):
            branch = defs.get(branch["$ref"][len("#/$defs/"):], {})
        return branch.get("properties", {}).get("type", {}).get("const")

    def one_of(validator, branches, instance, here):
        tags = [tag(b) for b in branches]
        if isinstance(instance, dict) and None not in tags and len(set(tags)) == len(tags) and instance.get("type") in tags:
            k = tags.index(instance["type"])
            yield from validator.descend(instance, branches[k], schema_path=k)
        else:
            yield from plain_one_of(validator, branches, instance, here)

    return jsonschema.validators.extend(base, {"oneOf": one_of})
