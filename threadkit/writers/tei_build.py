"""Model text → XML-safe TEI element content: the helpers the TEI writer builds with.

XML 1.0 cannot hold NUL, most other C0 controls, lone surrogates, U+FFFE or U+FFFF
(XML 1.0 §2.2 ``Char``), and lxml refuses them. Source text may hold any of them (a NUL
pasted from a terminal, a stray form feed), so they are written as
``<g type="invalid-char" n="U+0000">␀</g>``: the element shows a visible stand-in (the
Unicode control picture, or U+FFFD) and keeps the code point, so nothing is lost, and the
writer records one ``xml-invalid-character`` defect per document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import attrs
from lxml import etree

from threadkit import patterns
from threadkit.model import Defect, Span

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# XML 1.0 Char = #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_INVALID_CHAR = patterns.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NCNAME = patterns.compile(r"[A-Za-z_][\w.-]*", re.ASCII)


def tei(tag: str) -> str:
    """The Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{tag}"


def span_n(span: Span) -> str:
    """A span as written in ``@n``: ``first-last``."""
    return f"{span.first}-{span.last}"


def _stand_in(char: str) -> str:
    code = ord(char)
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"  # U+2400.. are the control pictures


@attrs.define
class Builder:
    """The state of one TEI rendering: unique ids, replaced characters, writer defects."""

    used_ids: set[str] = attrs.field(factory=set)
    replaced: Counter = attrs.field(factory=Counter)
    defects: list[Defect] = attrs.field(factory=list)
    duplicate_targets: dict[Span, str] = attrs.field(factory=dict)
    """Spans some Text.duplicate_of names, with the xml:id their block will carry."""
    placed: set[str] = attrs.field(factory=set)
    pointers: list[tuple[etree._Element, Span]] = attrs.field(factory=list)
    categories: dict[tuple[str, str], str] = attrs.field(factory=dict)
    """(taxonomy, kind) → the xml:id of its ``<category>`` in the header's classDecl."""

    def element(self, parent: etree._Element | None, tag: str, text: str | None = None, **attrs_: str | None):
        """A new TEI element (a child of ``parent`` if given) holding ``text``; None attributes are left out."""
        attrib = {k.rstrip("_"): v for k, v in attrs_.items() if v is not None}
        el = etree.Element(tei(tag), attrib) if parent is None else etree.SubElement(parent, tei(tag), attrib)
        if text:
            self.add_text(el, text)
        return el

    def add_text(self, el: etree._Element, text: str) -> None:
        """Append ``text`` at the end of ``el``, writing characters XML cannot hold as ``<g>``."""
        pos = 0
        for match in _INVALID_CHAR.finditer(text):
            _append(el, text[pos : match.start()])
            char = match.group()
            self.replaced[char] += 1
            g = etree.SubElement(el, tei("g"), type="invalid-char", n=f"U+{ord(char):04X}")
            g.text = _stand_in(char)
            pos = match.end()
        _append(el, text[pos:])

    def token(self, value: str | None) -> str | None:
        """A model word (a kind, a header name) as a TEI token: no spaces, only XML characters."""
        if value is None:
            return None
        # TEI's teidata.enumerated: [^\p{C}\p{Z}]+ (no control, format, private or separator character)
        token = "".join("-" if unicodedata.category(c)[0] in "CZ" else c for c in value)
        token = re.sub("-{2,}", "-", token).strip("-") if token != value else token
        if token != value:
            self.defects.append(Defect("tei-token-changed", f"{value!r} is written as the token {token!r}"))
        return token or None

    def new_id(self, wanted: str, fallback: str) -> str:
        """A document-unique ``xml:id``: ``wanted`` when it is a free NCName, else ``fallback-N``."""
        if _NCNAME.fullmatch(wanted) and wanted not in self.used_ids:
            self.used_ids.add(wanted)
            return wanted
        n = 1
        while f"{fallback}-{n}" in self.used_ids:
            n += 1
        self.used_ids.add(f"{fallback}-{n}")
        return f"{fallback}-{n}"

    def want_target(self, span: Span) -> None:
        """Reserve an id for the block at ``span``, which a duplicate points to."""
        if span not in self.duplicate_targets:
            self.duplicate_targets[span] = self.new_id(f"lines-{span.first}-{span.last}", "lines")

    def mark_target(self, el: etree._Element, span: Span) -> None:
        """Give ``el`` the reserved id of its span (the first block with that span gets it)."""
        wanted = self.duplicate_targets.get(span)
        if wanted and wanted not in self.placed:
            el.set(XML_ID, wanted)
            self.placed.add(wanted)

    def point_to_duplicate(self, el: etree._Element, span: Span) -> None:
        """``@copyOf``: this element repeats the block at ``span``."""
        self.want_target(span)
        el.set("copyOf", "#" + self.duplicate_targets[span])
        self.pointers.append((el, span))

    def category(self, taxonomy: str, kind: str | None) -> str | None:
        """``@ana`` pointing to the header category of ``kind`` (for elements without @type)."""
        token = self.token(kind)
        if token is None:
            return None
        if (taxonomy, token) not in self.categories:
            self.categories[(taxonomy, token)] = self.new_id(f"{taxonomy}-{token}", f"{taxonomy}-kind")
        return "#" + self.categories[(taxonomy, token)]

    def finish(self) -> None:
        """Drop pointers to blocks that were never written, keeping their span in a defect."""
        for el, span in self.pointers:
            if self.duplicate_targets[span] not in self.placed:
                del el.attrib["copyOf"]
                self.defects.append(Defect(
                    "duplicate-target-missing", f"a block repeats lines {span_n(span)}, but no block has that span", span))

    def all_defects(self) -> list[Defect]:
        """The writer's own defects, with one summary of the replaced characters."""
        out = list(self.defects)
        if self.replaced:
            codes = ", ".join(f"U+{ord(c):04X}×{n}" for c, n in sorted(self.replaced.items()))
            out.append(Defect(
                "xml-invalid-character",
                f"characters XML 1.0 cannot hold ({codes}) are written as <g type=\"invalid-char\"> with the code point in @n",
            ))
        return out


def _append(el: etree._Element, text: str) -> None:
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text
