"""A page's decoded text → its lxml tree and the text nodes a browser shows, with their lines.

A *text node* is an element's ``text`` or ``tail`` (lxml keeps entities decoded and
whitespace as written). It is *visible* unless it stands inside markup a browser does not
show with scripts off: ``<script>``, ``<style>``, ``<template>``, the ``<head>`` (except its
``<title>``, shown on the tab), SVG drawings, and elements hidden by the ``hidden`` attribute
or an inline ``display:none`` / ``visibility:hidden``. ``<noscript>`` is shown (scripts are
off), which is where Disqus and others put their comments for such readers. The skipped
elements are counted by kind (:attr:`Page.skipped`) so that a document can name them.

lxml gives the source line of elements only. A text node ends where the next element
starts, so its first line is that element's line less the line ends inside the text (exact);
a text with no element after it inside its parent starts where the previous content ended.
"""

from __future__ import annotations

import re
from collections import Counter

import attrs
from lxml import etree

from threadkit import patterns
from threadkit.html.vocab import INNER_KINDS, TAG_KINDS, furniture_kind, kind_of_names

#: Not worked out yet (a memo's empty value, where None is an answer).
UNKNOWN = object()
#: Elements whose content a browser does not show as text.
SKIPPED_TAGS = frozenset({"script", "style", "template", "head", "svg", "math", "object", "iframe", "noembed", "noframes"})
#: Elements whose text keeps its line ends and spaces.
PRE_TAGS = frozenset({"pre", "textarea", "listing", "xmp", "plaintext"})
_HIDDEN_STYLE = patterns.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
#: libxml2 stores element lines in 16 bits: beyond this a line number is not known.
LINE_CAP = 65535


class TextNode:
    """One visible piece of text of the page (a plain slotted class: a page has thousands,
    made in the hot loop of every HTML reader)."""

    __slots__ = ("text", "line", "element", "tail", "pre", "space", "blank", "size", "parent", "block")

    def __init__(self, text: str, line: int, element: etree._Element, tail: bool, pre: bool = False, space: bool = False,
                 parent: etree._Element | None = None):
        self.text = text
        """The text as lxml gives it (entities decoded, whitespace as written)."""
        self.line = line
        """The source line the text starts on."""
        self.element = element
        """The element whose ``text`` or ``tail`` this is."""
        self.tail = tail
        """True for the text after ``element``'s end tag (it belongs to the parent)."""
        self.pre = pre
        """Inside ``<pre>`` or ``<textarea>``: line ends and spaces are content."""
        self.space = space
        """Whitespace stood before it that is not in the page's nodes (blank text between
        elements is not kept as a node outside ``<pre>``; it only separates words)."""
        self.size = len(text.strip())
        """The length of the text without the blanks around it (what size tests add up)."""
        self.blank = not self.size
        self.parent = parent if parent is not None else element.getparent() if tail else element
        """The element that contains the text (kept: every finder asks it, many times)."""
        self.block = UNKNOWN
        """The nearest block element holding the text, once asked
        (:func:`threadkit.html.blocks.block_element`: the blocks, the prose and the content
        index each ask it of the same nodes)."""

    def moved(self, lines: int) -> TextNode:
        """The same node ``lines`` further down the source."""
        return TextNode(self.text, self.line + lines, self.element, self.tail, self.pre, self.space, self.parent)

    @property
    def last_line(self) -> int:
        return self.line + self.text.count("\n")


@attrs.frozen(eq=False)
class Page:
    """A parsed page and its visible text."""

    root: etree._Element | None
    nodes: tuple[TextNode, ...]
    """Every visible text node in document order; blank ones only inside ``<pre>`` (or after
    a ``<br>``), the others marked on the next node (:attr:`TextNode.space`)."""
    line_count: int
    skipped: Counter = attrs.field(factory=Counter)
    """Kinds of markup whose text is not shown → how many such elements."""
    title: TextNode | None = None
    """The ``<title>`` text (shown on the tab, not in the page)."""
    elements: tuple = ()
    """Every element in document order (sizes are summed over it bottom-up)."""
    named: dict = attrs.field(factory=dict)
    """The elements with a class or an id, in document order → their (class, id): what
    templates name (the finders filter these rather than query the tree again: an XPath
    ``//*[@class]`` walks the whole tree in libxml2 each time, and the attributes are read
    once here rather than by each finder)."""
    microdata: tuple = ()
    """The elements with an ``itemprop`` or ``itemtype``, in document order."""
    roles: tuple = ()
    """The elements with an ARIA ``role``, in document order."""
    extent: dict = attrs.field(factory=dict)
    """Element → the (first, end) indexes of the nodes inside it in :attr:`nodes` (document
    order: an element's nodes are one run), so that text sizes are differences of sums."""
    _roled: frozenset = attrs.field(default=frozenset(), repr=False)
    """The elements of :attr:`roles`."""
    _kinds: dict = attrs.field(factory=dict, repr=False)
    """Element → its furniture kind, once asked (several finders ask the same elements)."""

    def furniture(self, element: etree._Element, inner: bool = False) -> str | None:
        """:func:`threadkit.html.vocab.furniture_kind` of one of the page's elements, worked
        out once: an element with no class, id or role is what its tag says."""
        kinds = self._kinds
        kind = kinds.get(element, UNKNOWN)
        if kind is UNKNOWN:
            names = self.named.get(element)
            if names is not None:
                kind = kind_of_names(element.tag, element.get("role"), *names)
            elif element in self._roled:
                kind = furniture_kind(element)
            else:
                tag = element.tag
                kind = TAG_KINDS.get(tag) if type(tag) is str else None
            kinds[element] = kind
        return kind if not inner or kind in INNER_KINDS else None

    def skipped_note(self) -> str | None:
        """What was not shown, for the document's metadata: ``script ×12, style ×3``."""
        if not self.skipped:
            return None
        return ", ".join(f"{kind} ×{n}" for kind, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))


class TextIndex:
    """Visible text length under each element (from the page's nodes), for size tests;
    ``keep(node)`` chooses the nodes counted (all by default), or ``kept``, a list of its
    answers for the page's nodes.

    The nodes inside an element are one run of the page's nodes (:attr:`Page.extent`), so
    the size of any element is a difference of two running sums: one pass over the nodes,
    none over the elements."""

    def __init__(self, page: Page, keep=None, kept=None):
        self.prose: dict = {}
        """Element → its paragraphs of prose among the counted text, when the maker worked it out."""
        total = 0
        sums = [0]
        append = sums.append
        if kept is not None:  # (``kept``: ``keep(node)`` of each node, known already)
            for node, counted in zip(page.nodes, kept):
                if counted:
                    total += node.size
                append(total)
        else:
            for node in page.nodes:
                if node.size and (keep is None or keep(node)):
                    total += node.size
                append(total)
        self._sums = sums
        self._extent = page.extent

    def __call__(self, element) -> int:
        extent = self._extent.get(element)
        return self._sums[extent[1]] - self._sums[extent[0]] if extent is not None else 0


def shown_text(el: etree._Element, limit: int | None = None) -> str:
    """The text inside an element, blanks collapsed; with a ``limit``, for a text longer than
    that a start of it (of no set length), longer than ``limit``: enough for a length test (finders ask
    whether each box of a comment or an article is short, and reading all of each box
    costs the square of the page's depth)."""
    if not len(el):  # (most elements asked are leaves: their text is all there is)
        text = el.text
        return " ".join(text.split()) if text else ""
    if limit is None:
        return " ".join("".join(el.itertext()).split())
    pieces = []
    read = 0  # characters in pieces
    check = limit  # when to collapse what was read: a piece grows the shown text by at most its length + 1
    for piece in el.itertext():
        pieces.append(piece)
        read += len(piece)
        if read > check:
            joined = "".join(pieces)
            # (the shown text of a start is a start of the whole's: a long text is cut first)
            head = joined[:4 * limit + 80]
            shown = " ".join(head.split())
            if len(shown) > limit:
                return shown
            if len(head) < len(joined):
                shown = " ".join(joined.split())
                if len(shown) > limit:
                    return shown
            # what was read, collapsed, stands for its pieces (a blank at its end still parts
            # it from the next word): blank runs no longer make each check re-read them all
            pieces = [shown + " " if shown and joined[-1].isspace() else shown]
            read = len(pieces[0])
            check = read + limit - len(shown) - 1
    return " ".join("".join(pieces).split())


def parse_tree(text: str | bytes) -> etree._Element | None:
    """The page's element tree, or None when it holds no markup lxml can build on; ``text``
    may be given as its UTF-8 bytes already."""
    # etree's parser, not lxml.html's: its element class lookup is Python code run for every
    # element proxy, a third of the readers' time on large pages. collect_ids off: no finder
    # looks elements up by id, and libxml2 would hash every id and log each one a page
    # repeats as an error (lxml makes a Python object of each), a tenth of the parse
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=False, recover=True, collect_ids=False)
    data = text if type(text) is bytes else text.encode("utf-8", "replace")
    try:
        return etree.fromstring(data, parser) if data.strip() else None
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def parse_page(text: str | bytes, line_count: int | None = None, offset: int = 0) -> Page:
    """Parse a page's text (or its UTF-8 bytes) and list its visible text nodes; ``offset``:
    lines of the source before the page (a page of a folder read as one source), added to
    every line number."""
    count = line_count if line_count is not None else text.count("\n" if type(text) is str else b"\n") + 1
    root = parse_tree(text)
    if root is None:
        return Page(None, (), count)
    walker = _Walker(count)
    walker.walk(root)
    nodes = walker.nodes
    title = walker.title
    if offset:
        nodes = [n.moved(offset) for n in nodes]
        title = title.moved(offset) if title is not None else None
    return Page(root, tuple(nodes), count, walker.skipped, title, tuple(walker.elements), walker.named,
                tuple(walker.microdata), tuple(walker.roles), walker.extent, frozenset(walker.roles))


def hidden_kind(element: etree._Element) -> str | None:
    """Why an element's text is not shown (``script``, ``hidden`` ...), or None when it is."""
    tag = element.tag
    if not isinstance(tag, str):
        return "comment"  # comments and processing instructions: their text is markup
    tag = tag.lower()
    if tag in SKIPPED_TAGS:
        return tag
    return "hidden" if _hides(element, element.keys()) else None


def _hides(element: etree._Element, keys: list) -> bool:
    """Whether the element's attributes hide it (``hidden``, ``type=hidden``, an inline
    ``display:none`` or ``visibility:hidden``); ``keys``: its attribute names, which the walk
    has already (only the attributes named are read)."""
    return "hidden" in keys or ("type" in keys and element.get("type").lower() == "hidden") or (
        "style" in keys and _HIDDEN_STYLE.search(element.get("style")) is not None)


def _in_head(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == "head"


class _Walker:
    """One pass over the tree in document order (iteratively: pages nest deeply)."""

    def __init__(self, line_count: int):
        self.line_count = line_count
        self.nodes: list[TextNode] = []
        self.skipped: Counter = Counter()
        self.title: TextNode | None = None
        self.elements: list = []
        self.named: dict = {}
        self.microdata: list = []
        self.roles: list = []
        self.extent: dict = {}

    def walk(self, root: etree._Element) -> None:
        """Note every element, count the hidden ones, keep the shown text nodes.

        One loop with local variables: it runs twice per element of every page (start and
        end), the readers' largest single cost after lxml's parse."""
        hidden = 0  # depth of skipped ancestors
        pre = 0
        cursor = 1  # where the last content seen ended
        space = False  # blank text not kept as a node stood since the last node
        line_count = self.line_count
        elements, named, microdata, roles = self.elements, self.named, self.microdata, self.roles
        skipped = self.skipped
        nodes = self.nodes
        add = nodes.append
        extent = self.extent
        starts: list = []  # the node index at each open element's start
        push, pop = starts.append, starts.pop
        count = 0  # len(nodes)
        for event, el in etree.iterwalk(root, events=("start", "end")):
            if event == "start":
                tag = el.tag
                elements.append(el)
                push(count)
                line = el.sourceline
                if line and cursor < line < LINE_CAP:
                    cursor = line if line < line_count else line_count
                if type(tag) is not str:  # a comment or processing instruction: its text is markup
                    hidden += 1
                    continue
                kind = tag if tag in SKIPPED_TAGS else None
                # the attributes the finders ask for, noted once (one call for the names; the
                # values of those present only: an element's get() parses the name it is given)
                keys = el.keys()
                if keys and not _NOTED.isdisjoint(keys):
                    if "class" in keys:
                        named[el] = (el.get("class"), el.get("id") if "id" in keys else None)
                    elif "id" in keys:
                        named[el] = (None, el.get("id"))
                    if "itemprop" in keys or "itemtype" in keys:
                        microdata.append(el)
                    if "role" in keys:
                        roles.append(el)
                    if kind is None and not _MAY_HIDE.isdisjoint(keys) and _hides(el, keys):
                        kind = "hidden"
                if tag == "title" and self.title is None and el.text and el.text.strip() and _in_head(el):
                    self.title = TextNode(el.text, _text_line(None, el.text, line, cursor, line_count), el, False)
                if kind is not None or hidden:
                    if kind is not None and kind != "head":
                        skipped[kind] += 1
                    hidden += 1
                    continue
                if tag in PRE_TAGS:
                    pre += 1
                text = el.text
                if text:
                    if not pre and text.isspace():
                        space = True
                    else:
                        line = _text_line(el[0] if len(el) else None, text, line, cursor, line_count)
                        add(TextNode(text, line, el, False, pre > 0, space, el))
                        count += 1
                        space = False
                        cursor = line + text.count("\n")
                        if cursor > line_count:
                            cursor = line_count
            else:
                first = pop()
                if first != count:  # (an element without text has no entry: its size is 0)
                    extent[el] = (first, count)
                if hidden:
                    hidden -= 1
                    if hidden:
                        continue  # (the outermost hidden element's tail is shown)
                elif pre and el.tag in PRE_TAGS:
                    pre -= 1
                text = el.tail
                if text:
                    if not pre and text.isspace() and el.tag != "br":
                        space = True
                    else:
                        parent = el.getparent()
                        if parent is not None:
                            line = _text_line(el.getnext(), text, None, cursor, line_count)
                            add(TextNode(text, line, el, True, pre > 0, space, parent))
                            count += 1
                            space = False
                            cursor = line + text.count("\n")
                            if cursor > line_count:
                                cursor = line_count


def _text_line(following: etree._Element | None, text: str, fallback: int | None, cursor: int, line_count: int) -> int:
    """The line a text node starts on: the next element's line less the line ends inside the
    text (exact), else ``fallback`` (its element's line), never before ``cursor``."""
    line = None
    if following is not None:
        known = following.sourceline
        if known and known < LINE_CAP:
            line = known - text.count("\n")
    if line is None and fallback and fallback < LINE_CAP:
        line = fallback
    if not line or line < cursor:  # (conditions, not max() and min(): a call per node)
        line = cursor
    return line if line < line_count else line_count


#: The attributes that may hide an element (``hidden``, ``style``, ``type=hidden``).
_MAY_HIDE = frozenset({"hidden", "style", "type"})
#: The attributes the walk notes elements by (:attr:`Page.named` ...) or looks at.
_NOTED = frozenset({"class", "id", "itemprop", "itemtype", "role"}) | _MAY_HIDE
