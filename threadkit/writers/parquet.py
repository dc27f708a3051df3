""":class:`Document` → Parquet tables for analysis (``--to parquet``; issue 13).

One file per document, ``NAME.posts.parquet``: the posts table, one row per post (author,
date, thread, own words, quoted text, signature, boilerplate kinds, defects, source lines).
The document's own row (source, format, title, counts, date range) is kept in the file's
key-value metadata, and a batch gathers those rows into ``documents.parquet``
(:func:`documents_table`). The columns are those of the bundled, versioned schema
``schemas/threadkit-parquet-<v>.json``, read from it, so the schema and the files cannot
drift apart; ``threadkit validate`` checks a file against it.

Needs pyarrow, an optional extra: ``pip install 'threadkit[parquet]'``.
"""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

from threadkit import __version__
from threadkit.errors import ThreadkitError
from threadkit.model import Boilerplate, Document, Embedded, Heading, Post, Quote, Signature, Text, earliest_and_latest
from threadkit.schemas import schema_path

FORMAT = "parquet"
EXTENSION = ".posts.parquet"
DESCRIPTION = 'Parquet posts table per document (+ documents.parquet in a batch); needs threadkit[parquet]'
#: Not written unless asked for: it needs an optional extra.
OPTIONAL = True
SCHEMA = "threadkit-parquet"
VERSION = "1.0"
#: The batch's table of documents, in the output folder.
DOCUMENTS_NAME = "documents.parquet"
#: The key of a posts file's metadata that holds its document's row (JSON).
DOCUMENT_KEY = b"threadkit.document"
MISSING = "the parquet writer needs pyarrow, an optional extra: pip install 'threadkit[parquet]'"


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ThreadkitError(MISSING) from None
    return pyarrow


def preload() -> None:
    """Import pyarrow now, if it is installed (before a batch forks its workers)."""
    try:
        _pyarrow()
    except ThreadkitError:  # the output will fail alone, saying how to install it
        pass


@functools.cache
def columns(table: str) -> tuple[dict, ...]:
    """The columns of a table as the bundled schema lists them."""
    return tuple(json.loads(schema_path("parquet", VERSION).read_text(encoding="utf-8"))["tables"][table])


def arrow_schema(table: str, metadata: dict[bytes, bytes] | None = None):
    """The Arrow schema of a table, built from the bundled schema."""
    pa = _pyarrow()
    types = {"string": pa.string(), "int32": pa.int32(), "list<string>": pa.list_(pa.string())}
    fields = [pa.field(c["name"], types[c["type"]], nullable=c["nullable"]) for c in columns(table)]
    return pa.schema(fields, metadata={b"threadkit.schema": SCHEMA.encode(), b"threadkit.version": VERSION.encode(),
                                       b"threadkit.generator": f"threadkit {__version__}".encode(), **(metadata or {})})


def post_row(post: Post, document: str, source_name: str, thread_root: str) -> dict:
    """The posts table's row of a post."""
    own, quoted, signature, kinds = [], [], [], []
    for block in post.blocks:
        if isinstance(block, (Text, Heading)):
            own.append(block.text)
        elif isinstance(block, (Quote, Embedded)):
            quoted.append(block.text)
        elif isinstance(block, Signature):
            signature.append(block.text)
        elif isinstance(block, Boilerplate) and block.kind not in kinds:
            kinds.append(block.kind)
    return {
        "document": document, "source_name": source_name, "post_id": post.id, "role": post.role,
        "author_name": post.author.name, "author_email": post.author.email, "date": post.date,
        "in_reply_to": post.in_reply_to, "thread_root": thread_root, "subject": post.subject,
        "own_text": "\n\n".join(own), "quoted_text": "\n\n".join(quoted), "signature": "\n\n".join(signature) or None,
        "boilerplate_kinds": kinds, "defects": len(post.defects), "line_first": post.span.first, "line_last": post.span.last,
    }


def document_row(document: Document) -> dict:
    """The documents table's row of a document."""
    defects = len(document.defects) + sum(len(p.defects) for p in document.posts)
    return head_row(document, len(document.posts), defects, (p.date for p in document.posts))


def head_row(head: Document, posts: int, defects: int, dates) -> dict:
    """The documents table's row of a document given apart from its posts (``head``): their
    count, their defects with the document's, and their dates."""
    first, last = earliest_and_latest(dates)
    return {
        "document": head.source.sha256, "source_name": head.source.name, "format": head.source.format,
        "title": head.title, "encoding": head.source.encoding, "line_count": head.source.line_count,
        "posts": posts, "defects": defects,
        "first_date": first, "last_date": last,
    }


def write(document: Document) -> bytes:
    """The posts table of a document as one Parquet file, its document row in the metadata."""
    from threadkit.writers.split import thread_keys  # (split imports the writers' registry)

    out = io.BytesIO()
    write_part(document, document.posts, thread_keys(document.posts), out, _document_metadata(document_row(document)))
    return out.getvalue()


def _document_metadata(row: dict) -> dict[bytes, bytes]:
    return {DOCUMENT_KEY: json.dumps(row, ensure_ascii=False).encode("utf-8")}


def write_part(head: Document, posts, thread_roots, out, metadata: dict[bytes, bytes] | None = None) -> None:
    """The posts table of some posts of ``head``'s document (a shard's: :mod:`threadkit.shards`),
    each with its thread's root, into the binary stream ``out``."""
    writer = PartWriter(head, thread_roots, out, metadata)
    for post in posts:
        writer.add(post)
    writer.close()


class PartWriter:
    """:func:`write_part` given one post at a time (``add``, then ``close``, which writes the
    table), so that a shard's messages are read once for all its outputs."""

    def __init__(self, head: Document, thread_roots, out, metadata: dict[bytes, bytes] | None = None) -> None:
        self.head, self.thread_roots, self.out, self.metadata = head, thread_roots, out, metadata
        self.rows: list[dict] = []

    def add(self, post: Post) -> None:
        self.rows.append(post_row(post, self.head.source.sha256, self.head.source.name, self.thread_roots[len(self.rows)]))

    def close(self) -> None:
        pa = _pyarrow()
        pa.parquet.write_table(pa.Table.from_pylist(self.rows, schema=arrow_schema("posts", self.metadata)), self.out, compression="zstd")


def join_parts(head: Document, post_count: int, defects: int, parts: list[Path], out, hold: bool = True) -> None:
    """The posts file of a document from the parts of its shards, in order (:func:`write_part`),
    with its document row. ``hold``: one table, the bytes :func:`write` gives the whole
    document; else (an archive too large to hold) one row group per part, read one at a time."""
    pa = _pyarrow()
    if hold:
        table = pa.concat_tables([pa.parquet.read_table(p) for p in parts]).combine_chunks()
        row = head_row(head, post_count, defects, table.column("date").to_pylist())
        # (a table given its schema as write() gives it: the schema serialised in the file is then the same bytes)
        table = pa.Table.from_arrays(table.columns, schema=arrow_schema("posts", _document_metadata(row)))
        pa.parquet.write_table(table, out, compression="zstd")
        return
    ends = [date for p in parts for date in earliest_and_latest(pa.parquet.read_table(p, columns=["date"]).column("date").to_pylist())]
    schema = arrow_schema("posts", _document_metadata(head_row(head, post_count, defects, ends)))
    with pa.parquet.ParquetWriter(out, schema, compression="zstd") as writer:
        for part in parts:
            writer.write_table(pa.Table.from_arrays(pa.parquet.read_table(part).columns, schema=schema))


def documents_table(posts_files: list[Path]) -> bytes:
    """``documents.parquet`` of a batch: the document rows kept in its posts files (only their
    footers are read)."""
    pa = _pyarrow()
    rows = []
    for path in posts_files:
        metadata = pa.parquet.read_schema(path).metadata or {}
        if DOCUMENT_KEY in metadata:
            rows.append(json.loads(metadata[DOCUMENT_KEY]))
    table = pa.Table.from_pylist(rows, schema=arrow_schema("documents"))
    out = io.BytesIO()
    pa.parquet.write_table(table, out, compression="zstd")
    return out.getvalue()
