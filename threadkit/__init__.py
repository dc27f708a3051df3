"""threadkit: raw discussion documents → structured, validated JSON, mbox and TEI-XML archives.

Readers turn an input into one format-neutral :class:`~threadkit.model.Document`,
transforms refine it, writers serialise it. The top-level API::

    import threadkit
    doc = threadkit.read("seeds/000_0d91296e416bf5fc.txt")
    data = threadkit.write(doc, "tei")
    threadkit.convert("list.mbox", "list.jsonl")      # any size: a mail archive streams
    for post in threadkit.iter_posts("list.mbox"):    # one post at a time
        ...

The names below are imported on first use, so ``import threadkit`` stays cheap (a worker
process, or the CLI's start-up, pays only for what it uses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: The version of the JSON schema the JSON writer targets (schemas/threadkit-<v>.schema.json).
SCHEMA_VERSION = "1.1"

#: Public name → the module that defines it.
_EXPORTS = {
    **dict.fromkeys(("read", "detect", "write", "convert", "iter_posts"), "threadkit.public"),
    **dict.fromkeys(("Document", "Post", "Author", "Span", "Defect", "SourceInfo", "HeaderField", "Evidence",
                     "Text", "Heading", "Quote", "Signature", "Boilerplate", "Attachment", "Embedded"), "threadkit.model"),
    **dict.fromkeys(("ThreadkitError", "InputError", "FormatError", "UnknownFormatError", "AmbiguousFormatError",
                     "ValidationError", "DefectsError"), "threadkit.errors"),
    "Guess": "threadkit.detection",
}

__all__ = ["__version__", "SCHEMA_VERSION", *_EXPORTS]

def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'threadkit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # what type checkers and IDEs see; the same names as _EXPORTS
    from threadkit.detection import Guess
    from threadkit.errors import (AmbiguousFormatError, DefectsError, FormatError, InputError, ThreadkitError,
                                  UnknownFormatError, ValidationError)
    from threadkit.model import (Attachment, Author, Boilerplate, Defect, Document, Embedded, Evidence, HeaderField,
                                 Heading, Post, Quote, Signature, SourceInfo, Span, Text)
    from threadkit.public import convert, detect, iter_posts, read, write
