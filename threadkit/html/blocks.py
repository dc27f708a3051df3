"""A page's text nodes → the places of a document: post bodies, header fields, typed boilerplate.

A reader *claims* elements: ``claims[element] = Claim(owner, part)`` says that the text
inside ``element`` belongs to post ``owner`` (or to the page, owner None) as body, as a
header field, or as boilerplate of a kind. Each text node goes to the claim of its nearest
claimed ancestor (so a comment's author element inside the comment's body element is a
header field, and a reply nested in a comment is its own post). Nodes no claim reaches are
page furniture, typed by their nearest ancestor with a furniture signal. So every visible
text node lands in exactly one place: :func:`partition` cannot lose or duplicate one.

Nodes become blocks at block-level elements, as a browser lays them out: one block per run
of nodes under the same nearest block element (``<p>``, ``<li>``, ``<h2>``, ``<td>``...).
"""

from __future__ import annotations

from collections import defaultdict

import attrs
from lxml import etree

from threadkit import patterns
from threadkit.html.page import UNKNOWN, Page, TextNode
from threadkit.model import Block, Boilerplate, HeaderField, Heading, Post, Quote, Span, Text

#: Elements that start a new block of text (HTML's block-level and table elements).
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure footer form "
    "frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav noscript ol p pre section summary table tbody "
    "td tfoot th thead tr ul caption option select textarea button label iframe video audio canvas".split()
)
_KIND_OF_TAG = {"li": "list-item", "dd": "list-item", "dt": "list-item", "pre": "preformatted", "td": "table-cell", "th": "table-cell",
                "figcaption": "caption", "caption": "caption", "p": "paragraph"}
_SPACES = patterns.compile(r"[ \t\n\r\f]+")
_LINE_SPACES = patterns.compile(r"[ \t\r\f]+")


@attrs.frozen
class Claim:
    """Where the text of a claimed element goes."""

    owner: str | None
    """The post's key, or None for the page."""
    part: str
    """``body``, ``header`` (a header field named ``name``) or ``boilerplate`` (of ``kind``)."""
    name: str = ""
    """The header field's name, or the boilerplate's kind."""


def body(owner: str | None) -> Claim:
    return Claim(owner, "body")


def header(owner: str | None, name: str) -> Claim:
    return Claim(owner, "header", name)


def boilerplate(owner: str | None, kind: str) -> Claim:
    return Claim(owner, "boilerplate", kind)


def partition(page: Page, claims: dict) -> dict[Claim, list[TextNode]]:
    """Each claim → its page's nodes in document order; unclaimed nodes go to page boilerplate
    claims of their furniture kind (``page`` when nothing names it)."""
    owner_of: dict = {}
    out: dict[Claim, list[TextNode]] = defaultdict(list)
    kind_of = page.furniture
    last = run = None
    for node in page.nodes:
        claim = owner_of.get(node.parent) or _claim_of(node.parent, claims, owner_of, kind_of)
        if claim is not last:  # (neighbouring nodes mostly share a claim: a claim's hash is Python code)
            last, run = claim, out[claim]
        run.append(node)
    return out


def _claim_of(element, claims: dict, memo: dict, kind_of) -> Claim:
    path = []
    claim = None
    el = element
    while el is not None:
        if el in memo:
            claim = memo[el]
            break
        if el in claims:
            claim = claims[el]
            memo[el] = claim
            break
        path.append(el)
        el = el.getparent()
    if claim is None:
        claim = boilerplate(None, "page")
    # an unclaimed element's furniture kind names its text, the nearest ancestor's first
    for el in reversed(path):
        if claim.owner is None and claim.part == "boilerplate" and el not in claims:
            kind = kind_of(el)
            if kind is not None:
                claim = boilerplate(None, kind)
        memo[el] = claim
    return memo.get(element, claim)


# --- Nodes → text ----------------------------------------------------------------------------


def content_lines(node: TextNode) -> tuple[int, int]:
    """The first and last lines of the node's non-blank text."""
    text = node.text
    if "\n" not in text:  # (most nodes: one line)
        return node.line, node.line
    stripped = text.lstrip()
    first = node.line + text[: len(text) - len(stripped)].count("\n")
    return first, first + stripped.rstrip().count("\n")


def span_of(nodes: list[TextNode]) -> Span:
    """The lines of the nodes' visible text."""
    if len(nodes) == 1 and not nodes[0].blank:  # (most blocks: one node)
        return Span(*content_lines(nodes[0]))
    first = last = None
    for n in nodes:
        if not n.blank:
            a, b = content_lines(n)
            if first is None or a < first:
                first = a
            if last is None or b > last:
                last = b
    if first is None:
        return Span(nodes[0].line, nodes[0].line)
    return Span(first, last)


def text_of(nodes: list[TextNode]) -> str:
    """The nodes' text as a browser lays it out: spaces collapsed outside ``<pre>``, a line
    break at each ``<br>``."""
    if len(nodes) == 1:  # (most blocks: one node)
        n = nodes[0]
        if n.pre:
            return _pre_text(nodes)
        return _collapsed(n.text)
    pre = sum(1 for n in nodes if n.pre)
    if pre:
        return _pre_text(nodes) if pre == len(nodes) else _mixed_text(nodes)
    # no <pre>: each line's whitespace runs collapse at once, across its nodes
    lines = []
    pieces = []
    for n in nodes:
        if n.tail and n.element.tag == "br":
            lines.append("".join(pieces))
            pieces = []
        elif n.space:
            pieces.append(" ")
        pieces.append(n.text)
    lines.append("".join(pieces))
    lines = [_collapsed(line) for line in lines]
    return "\n".join(line for line in lines if line)


def _collapsed(text: str) -> str:
    """The text with its runs of spaces collapsed to one space and stripped."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:  # (else the pattern has nothing to do)
        text = _SPACES.sub(" ", text)
    return text.strip()


def _pre_text(nodes: list[TextNode]) -> str:
    return "".join(n.text for n in nodes).strip("\n").rstrip()


def _mixed_text(nodes: list[TextNode]) -> str:
    """Nodes in and out of ``<pre>``: spaces collapsed in those outside only."""
    pieces = []
    for n in nodes:
        if n.tail and n.element.tag == "br":
            pieces.append("\n")
        elif n.space:
            pieces.append(" ")
        pieces.append(n.text if n.pre else _SPACES.sub(" ", n.text))
    lines = (_LINE_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


# --- Nodes → blocks --------------------------------------------------------------------------


def block_element(node: TextNode) -> etree._Element | None:
    """The nearest block-level element holding the node (worked out once per node)."""
    el = node.block
    if el is UNKNOWN:
        el = node.parent
        while el is not None and el.tag not in BLOCK_TAGS:
            el = el.getparent()
        node.block = el
    return el


def groups(nodes: list[TextNode]) -> list[tuple[etree._Element | None, list[TextNode]]]:
    """Runs of nodes under the same block element, in order; runs of blank nodes dropped."""
    runs: list[tuple[etree._Element | None, list[TextNode]]] = []
    last_parent = last_el = None
    for node in nodes:
        if node.parent is not last_parent:  # (neighbouring nodes mostly share a parent)
            last_parent = node.parent
            last_el = block_element(node)
        el = last_el
        if runs and runs[-1][0] is el:
            runs[-1][1].append(node)
        else:
            runs.append((el, [node]))
    return [(el, run) for el, run in runs if any(not n.blank for n in run)]


def _block(el, run: list[TextNode]) -> Block:
    text, span = text_of(run), span_of(run)
    tag = el.tag if el is not None and isinstance(el.tag, str) else ""
    if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        return Heading(text, span, kind="html", level=int(tag[1]))
    return Text(text, span, kind=_KIND_OF_TAG.get(tag, "paragraph"))


def _outer_quote(el, stop) -> etree._Element | None:
    """The outermost ``<blockquote>`` above ``el`` (below ``stop``)."""
    found = None
    while el is not None and el is not stop:
        if el.tag == "blockquote":
            found = el
        el = el.getparent()
    return found


def body_blocks(nodes: list[TextNode], stop=None) -> list[Block]:
    """A post body's nodes → text, heading and quote blocks (``<blockquote>`` → :class:`Quote`)."""
    blocks: list[Block] = []
    quote_el = None
    inner: list[Block] = []
    for el, run in groups(nodes):
        block = _block(el, run)
        q = _outer_quote(el, stop)
        if q is not quote_el and inner:
            blocks.append(_quote(inner))
            inner = []
        quote_el = q
        (inner if q is not None else blocks).append(block)
    if inner:
        blocks.append(_quote(inner))
    return blocks


def _quote(blocks: list[Block]) -> Quote:
    span = blocks[0].span
    for b in blocks[1:]:
        span = span.join(b.span)
    return Quote("\n".join(b.text for b in blocks), span, tuple(blocks), kind="blockquote")


def boilerplate_blocks(nodes: list[TextNode], kind: str) -> list[Boilerplate]:
    """Nodes → boilerplate blocks of ``kind``, one per block element."""
    return [Boilerplate(text_of(run), span_of(run), kind) for _el, run in groups(nodes)]


def header_field(nodes: list[TextNode], name: str) -> HeaderField | None:
    """Nodes → one header field (None when they show nothing)."""
    shown = [n for n in nodes if not n.blank]
    if not shown:
        return None
    return HeaderField(name, text_of(nodes).replace("\n", " "), span_of(shown))


def post_from_parts(parts: list, pid: str, role: str, segment_body=None) -> Post | None:
    """A post from its claims' nodes (``parts``: (claim, nodes) pairs): header fields, body
    blocks, its own furniture; ``segment_body(nodes)`` may lay out a body instead of
    :func:`body_blocks` (a mail body in ``<pre>`` is segmented as text)."""
    header: list[HeaderField] = []
    blocks: list[Block] = []
    for claim, nodes in parts:
        if claim.part == "header":
            field = header_field(nodes, claim.name)
            if field is not None:
                header.append(field)
        elif claim.part == "body":
            blocks += (segment_body or body_blocks)(nodes)
        else:
            blocks += boilerplate_blocks(nodes, claim.name)
    spans = [h.span for h in header] + [b.span for b in blocks]
    if not spans:
        return None
    blocks.sort(key=lambda b: b.span.first)
    header.sort(key=lambda h: h.span.first)
    return Post(id=pid, span=Span(min(s.first for s in spans), max(s.last for s in spans)), role=role,
                header=tuple(header), blocks=tuple(blocks))
