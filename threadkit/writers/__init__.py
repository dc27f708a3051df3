"""The writers: one module per output format, listed in :data:`WRITERS`.

A writer module has ``FORMAT``, ``EXTENSION`` (with its dot) and ``write(document) -> bytes``
(``OPTIONAL = True`` when it needs an optional extra: it is written only when asked for);
one that can write posts as they come (for archives of any size) also has
``write_stream(head, posts, post_count, out)``. ``--split thread`` (:mod:`threadkit.writers.split`)
works with every writer.
"""

from __future__ import annotations

from types import ModuleType

from threadkit.errors import UnknownFormatError
from threadkit.writers import html as html_writer
from threadkit.writers import json as json_writer
from threadkit.writers import jsonl as jsonl_writer
from threadkit.writers import mbox as mbox_writer
from threadkit.writers import parquet as parquet_writer
from threadkit.writers import tei as tei_writer

WRITERS: dict[str, ModuleType] = {
    json_writer.FORMAT: json_writer,
    mbox_writer.FORMAT: mbox_writer,
    tei_writer.FORMAT: tei_writer,
    jsonl_writer.FORMAT: jsonl_writer,
    html_writer.FORMAT: html_writer,
    parquet_writer.FORMAT: parquet_writer,
}

#: What `threadkit batch` writes unless told: every writer that needs no optional extra.
DEFAULT_FORMATS: tuple[str, ...] = tuple(name for name, module in WRITERS.items() if not getattr(module, "OPTIONAL", False))


def get_writer(name: str) -> ModuleType:
    """The writer module for a format name."""
    try:
        return WRITERS[name]
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise UnknownFormatError(f"unknown output format {name!r} (known: {known})") from None
