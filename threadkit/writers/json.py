""":class:`Document` → threadkit JSON, a direct and lossless image of the model.

The output names its schema and version (``"schema": "threadkit", "version": "1.1"``) and
validates against ``schemas/threadkit-<version>.schema.json``.
"""

from __future__ import annotations

import json

from threadkit import SCHEMA_VERSION, __version__, codec
from threadkit.model import Document

FORMAT = "json"
EXTENSION = ".json"
DESCRIPTION = 'threadkit JSON: the whole model, lossless (schemas/threadkit-1.1.schema.json)'


def document_to_data(document: Document) -> dict:
    """The JSON object for a document."""
    return {
        "schema": "threadkit",
        "version": SCHEMA_VERSION,
        "generator": f"threadkit {__version__}",
        **codec.to_data(document),
    }


def write(document: Document) -> bytes:
    """Serialise a document as UTF-8 JSON (keys in model order, non-ASCII kept)."""
    return (json.dumps(document_to_data(document), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
