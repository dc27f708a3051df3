"""The writers: one module per output format, listed in :data:`WRITERS`.

A writer module has ``FORMAT``, ``EXTENSION`` (with its dot) and ``write(document) -> bytes``
(``OPTIONAL = True`` when it needs an optional extra: it is written only when asked for);
one that can write posts as they come (for archives of any size) also has
``write_stream(head, posts, post_count, out)``, and ``Stream(head, post_count, out)``, the same
given a post at a time (``add(post)``, ``close()``: a batch reads an archive once for every
such output). ``--split thread`` (:mod:`threadkit.writers.split`)
works with every writer.
"""

from __future__ import annotations

from types import ModuleType

from threadkit.errors import UnknownFormatError
from threadkit.registry import Modules

#: Format name → writer module (of this package), each imported on first use (the TEI
#: writer loads lxml). Each module's ``FORMAT`` is its name here.
WRITERS: Modules = Modules(__name__, {
    "json": "json", "mbox": "mbox", "tei": "tei", "jsonl": "jsonl", "html": "html", "parquet": "parquet",
})

#: What `threadkit batch` writes unless told: every writer that needs no optional extra
#: (a module with ``OPTIONAL = True``; named here so that the registry stays lazy, and
#: tests/test_parquet.py checks the two agree).
DEFAULT_FORMATS: tuple[str, ...] = ("json", "mbox", "tei", "jsonl", "html")


#: What ``--split`` accepts (:mod:`threadkit.writers.split`, imported only when a split is asked for).
SPLITS: tuple[str, ...] = ("thread",)


def get_writer(name: str) -> ModuleType:
    """The writer module for a format name."""
    try:
        return WRITERS[name]
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise UnknownFormatError(f"unknown output format {name!r} (known: {known})") from None


def streams_posts(name: str) -> bool:
    """Whether the format's writer takes posts as they come (``Stream``, ``write_stream``):
    only such an output can be written from an archive that is not held whole."""
    return hasattr(get_writer(name), "Stream")
