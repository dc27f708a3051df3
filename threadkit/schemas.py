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
}


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
