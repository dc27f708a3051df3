"""Model blocks → TEI elements: the body half of the TEI writer (:mod:`threadkit.writers.tei`).

Every block becomes one element carrying its source span in ``@n`` (``first-last``):

=============  ==========================================================================
Text           ``<p>`` (paragraphs), else ``<ab type="KIND">`` (no @type: kind unknown)
Heading        ``<head type="KIND" subtype="level-N">``
Quote          ``<quote type="KIND">``, inside ``<cit>`` after a ``<bibl type="attribution"
               generatedBy="template">`` when it has an "On …, … wrote:" line
Signature      ``<closer ana="#signature-KIND"><signed>``
Boilerplate    ``<note type="boilerplate" subtype="KIND">``
Attachment     ``<ab type="attachment" subtype="KIND">`` with the file ``<name>`` marked
Embedded       ``<floatingText type="KIND"><body><div>`` (later headings open ``<div type="section">``)
unknown        ``<ab type="block" subtype="TYPE">``
=============  ==========================================================================

TEI's content models decide the rest. A post is flat (TEI 4.8 ``post`` takes heads,
paragraphs, closers and notes in any order), but ``<quote>`` takes neither ``<head>``
nor ``<closer>``, and a division takes its head only at the top and its closer only at
the end: there a heading is ``<ab type="heading">`` (quotes) or opens a section
(forwarded documents), and a signature is ``<ab type="signature">``.

A field the element does not show (a new optional model field, a heading's kind inside a
quote ...) is written into ``<note type="fields">``, so nothing is dropped silently.
"""

from __future__ import annotations

import json
from typing import Callable

import attrs
from lxml import etree

from threadkit import codec
from threadkit.model import (
    Attachment,
    Block,
    Boilerplate,
    Embedded,
    Heading,
    Quote,
    Signature,
    Span,
    Text,
)
from threadkit.writers.tei_build import Builder, span_n

#: Where a block is written: a post (anything goes), a quote, or a division.
FLAT, QUOTED, DIVISION = "flat", "quoted", "division"

_Renderer = Callable[[Builder, etree._Element, Block, str], tuple[etree._Element, set[str]]]


def render_blocks(b: Builder, parent: etree._Element, blocks: tuple[Block, ...], context: str) -> None:
    """Write ``blocks`` as children of ``parent``."""
    for block in blocks:
        render_block(b, parent, block, context)


def render_block(b: Builder, parent: etree._Element, block: Block, context: str) -> etree._Element:
    """Write one block; returns its element."""
    renderer = RENDERERS.get(type(block), _unknown)
    el, shown = renderer(b, parent, block, context)
    b.mark_target(el, block.span)
    rest = [(f.name, getattr(block, f.name)) for f in attrs.fields(type(block))
            if f.name not in shown and f.name not in ("text", "span") and getattr(block, f.name) != f.default]
    fields_note(b, el, rest)
    return el


def fields_note(b: Builder, parent: etree._Element, fields: list[tuple[str, object]], note_type: str = "fields") -> None:
    """``<note type="fields">``: a gloss list of model fields no element shows (label, then item)."""
    if not fields:
        return
    items = b.element(b.element(parent, "note", type=note_type), "list", type="gloss")
    for name, value in fields:
        b.element(items, "label", name)
        b.element(items, "item", field_text(value))


def field_text(value: object) -> str:
    """A field value as text: strings verbatim, spans as ``first-last``, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, Span):
        return span_n(value)
    return json.dumps(codec.to_data(value), ensure_ascii=False)


# --- One function per block type ------------------------------------------------------


def _text(b: Builder, parent, block: Text, context: str):
    if block.kind == "paragraph":
        el = b.element(parent, "p", block.text, n=span_n(block.span))
    else:
        el = b.element(parent, "ab", block.text, type=b.token(block.kind), n=span_n(block.span))
    shown = {"kind"}
    if block.duplicate_of is not None:
        b.point_to_duplicate(el, block.duplicate_of)
        shown.add("duplicate_of")
    return el, shown


def _heading(b: Builder, parent, block: Heading, context: str):
    level = f"level-{block.level}"
    if context == QUOTED:  # <quote> has no <head>
        return b.element(parent, "ab", block.text, type="heading", subtype=level, n=span_n(block.span)), {"level"}
    el = b.element(parent, "head", block.text, type=b.token(block.kind), subtype=level, n=span_n(block.span))
    return el, {"kind", "level"}


def _quote(b: Builder, parent, block: Quote, context: str):
    shown = {"kind", "blocks", "depth"}
    if block.attribution is not None:
        parent = b.element(parent, "cit", type="attributed")
        b.element(parent, "bibl", block.attribution, type="attribution", generatedBy="template",
                  n=span_n(block.attribution_span) if block.attribution_span else None)
        shown |= {"attribution", "attribution_span"}
    depth = f"depth-{block.depth}" if block.depth != 1 else None
    el = b.element(parent, "quote", type=b.token(block.kind), subtype=depth, n=span_n(block.span))
    if block.blocks:  # the verbatim text is the children's text with its '>' markers
        render_blocks(b, el, block.blocks, QUOTED)
    else:
        b.add_text(el, block.text)
    return el, shown


def _signature(b: Builder, parent, block: Signature, context: str):
    if context != FLAT:  # <closer> may end a division but not sit inside a quote or mid-division
        return b.element(parent, "ab", block.text, type="signature", subtype=b.token(block.kind),
                         n=span_n(block.span)), {"kind"}
    el = b.element(parent, "closer", n=span_n(block.span), ana=b.category("signature", block.kind))
    b.element(el, "signed", block.text)
    return el, {"kind"}


def _boilerplate(b: Builder, parent, block: Boilerplate, context: str):
    el = b.element(parent, "note", block.text, type="boilerplate", subtype=b.token(block.kind), n=span_n(block.span))
    return el, {"kind"}


def _attachment(b: Builder, parent, block: Attachment, context: str):
    el = b.element(parent, "ab", type="attachment", subtype=b.token(block.kind), n=span_n(block.span))
    at = block.text.find(block.name) if block.name else -1
    if at < 0:
        b.add_text(el, block.text)
        return el, {"kind"}
    b.add_text(el, block.text[:at])
    b.element(el, "name", block.name, type="file")
    b.add_text(el, block.text[at + len(block.name):])
    return el, {"kind", "name"}


def _embedded(b: Builder, parent, block: Embedded, context: str):
    el = b.element(parent, "floatingText", type=b.token(block.kind), n=span_n(block.span))
    body = b.element(b.element(el, "body"), "div")  # a <body> holding only a <head> is invalid; a <div> is not
    if block.blocks:
        _sectioned(b, body, block.blocks)
    else:
        b.element(body, "p", block.text)
    shown = {"kind", "blocks"}
    text = "".join(body.itertext())
    shown |= {name for name in ("title", "source", "byline") if getattr(block, name) is None or getattr(block, name) in text}
    return el, shown


def _sectioned(b: Builder, division: etree._Element, blocks: tuple[Block, ...]) -> None:
    """Blocks into a division, where a head may only open it: each later heading opens a section."""
    target = division
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and (i > 0 or target is not division):
            target = b.element(division, "div", type="section")
        render_block(b, target, block, DIVISION)


def _unknown(b: Builder, parent, block, context: str):
    """A block type this writer does not know yet: typed, generic, with all its fields."""
    el = b.element(parent, "ab", getattr(block, "text", ""), type="block", subtype=b.token(type(block).__name__.lower()),
                   n=span_n(block.span) if getattr(block, "span", None) else None)
    return el, set()


RENDERERS: dict[type, _Renderer] = {
    Text: _text,
    Heading: _heading,
    Quote: _quote,
    Signature: _signature,
    Boilerplate: _boilerplate,
    Attachment: _attachment,
    Embedded: _embedded,
}
