"""threadkit's own JSON output → :class:`Document` (closes the round trip JSON → model → JSON)."""

from __future__ import annotations

import json

import attrs

from threadkit import SCHEMA_VERSION, codec
from threadkit.detection import Guess
from threadkit.errors import InputError
from threadkit.model import Block, Document, Quote
from threadkit.source import Source

FORMAT = "threadkit-json"
DESCRIPTION = "threadkit JSON output (read back into the model)"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("*.json",)
#: The JSON holds a transformed document: api.read must not transform it again.
TRANSFORMED = True


def sniff(source: Source) -> Guess:
    head = source.text[:400].lstrip()
    if head.startswith("{") and '"schema"' in head and "threadkit" in head:
        return Guess(FORMAT, 1.0, ("a JSON object naming the threadkit schema",), decisive=True)
    return Guess(FORMAT, 0.0, ())


def read(source: Source) -> Document:
    """Read a threadkit JSON document; refuses another major schema version."""
    try:
        data = json.loads(source.text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source.name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    return document_from_data(data, source.name)


def document_from_data(data: dict, name: str = "<json>") -> Document:
    """Build the model from a JSON object written by the JSON writer.

    The object is checked against the bundled schema first: the model is only ever built
    from data its writer could have written, and anything else is refused with one line
    naming the first place that is wrong (a JSON pointer).
    """
    if not isinstance(data, dict) or data.get("schema") != "threadkit":
        raise InputError(f"{name}: not a threadkit JSON document")
    version = str(data.get("version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise InputError(f"{name}: threadkit JSON version {version!r} is not readable by schema {SCHEMA_VERSION}")
    from threadkit.validate import json_problems  # (here: detection imports this module for every input)

    problems = json_problems(data)
    if problems:
        pointer, message = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"{name}: not valid threadkit JSON: {pointer}: {message}{more}")
    body = {k: v for k, v in data.items() if k not in ("schema", "version", "generator")}
    try:
        document = codec.from_data(Document, body)
    except codec.DataError as exc:
        raise InputError(f"{name}: not valid threadkit JSON: {exc}") from None
    if version == "1.0":
        document = with_citations(document)
    duplicate = first_duplicate_id(document)
    if duplicate is not None:
        raise InputError(f"{name}: not valid threadkit JSON: /posts/{duplicate[0]}/id: {duplicate[1]!r} is the id of an earlier post")
    return document


def first_duplicate_id(document: Document) -> tuple[int, str] | None:
    """(index, id) of the first post whose id an earlier post has: the model's ids are unique
    (replies and TEI's xml:id name posts by them), which JSON Schema cannot say."""
    seen: set[str] = set()
    for index, post in enumerate(document.posts):
        if post.id in seen:
            return index, post.id
        seen.add(post.id)
    return None


def with_citations(document: Document) -> Document:
    """A document read from schema 1.0, whose quotes do not yet keep what their attribution
    says (``Quote.cited``, new in 1.1), with it parsed as the segmenter parses it."""
    from threadkit.segment.attribution import cite

    def cited(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        out = []
        for block in blocks:
            inner = getattr(block, "blocks", ())
            if inner:
                block = attrs.evolve(block, blocks=cited(inner))
            if type(block) is Quote and block.attribution and block.cited is None:
                block = attrs.evolve(block, cited=cite(block.attribution))
            out.append(block)
        return tuple(out)

    return attrs.evolve(document, posts=tuple(attrs.evolve(post, blocks=cited(post.blocks)) for post in document.posts))
