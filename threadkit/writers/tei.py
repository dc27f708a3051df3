""":class:`Document` → TEI P5 XML, with each message or comment as a CMC ``<post>`` (TEI 4.8.0).

The output validates against the bundled customisation ``schemas/threadkit-tei-1.0.rng``
and against the official ``tei_all`` of TEI P5 4.8.0. Layout::

    TEI
      teiHeader
        fileDesc: title; notesStmt (document metadata, defects); sourceDesc/bibl
                  (file name, sha256, detected format, encoding, line count, capture date)
        encodingDesc: appInfo/application (threadkit, its version, the schema versions);
                      classDecl (the signature kinds that closer/@ana points to)
        profileDesc/particDesc/listPerson: one person per distinct author (post/@who)
      text/body
        div type="thread" | "article" | "comments": head (the title), posts, page boilerplate
          post xml:id who when replyTo modality="written" type="ROLE" n="FIRST-LAST"
            opener: the post's header lines (byline, dateline, other header notes)
            the blocks (see threadkit.writers.tei_blocks)
            note type="fields": post fields no element shows (recipients, subject ...)

``@n`` holds every element's source lines as ``first-last``. Nothing of the model is
dropped: what has no TEI element of its own goes into a typed ``<note>``.
"""

from __future__ import annotations

from datetime import date as _date
from datetime import datetime

import attrs
from lxml import etree

from threadkit import patterns
from threadkit import SCHEMA_VERSION, __version__
from threadkit.model import Attachment, Author, Defect, Document, Post, iter_blocks, meta_get
from threadkit.writers.tei_blocks import FLAT, QUOTED, fields_note, render_block, render_blocks
from threadkit.writers.tei_build import TEI_NS, XML_ID, Builder, span_n

FORMAT = "tei"
EXTENSION = ".tei.xml"
DESCRIPTION = 'TEI P5 XML with the CMC <post> elements (tei_all valid)'
#: The version of the bundled customisation (schemas/threadkit-tei-<v>.rng).
TEI_SCHEMA_VERSION = "1.0"
#: The TEI P5 edition the customisation is drawn from.
TEI_EDITION = "4.8.0"

#: The division each post role lives in.
DIV_TYPES = {"message": "thread", "article": "article", "comment": "comments"}
#: Post fields the post element, its opener or its blocks show; the rest go to the fields note.
_POST_SHOWN = {"id", "span", "role", "author", "date", "in_reply_to", "header", "blocks", "defects"}
_DOC_SHOWN = {"source", "title", "title_span", "posts", "boilerplate", "metadata", "defects"}
_HEADER_ELEMENTS = {"author": "byline", "byline": "byline", "date": "dateline"}


def write(document: Document) -> bytes:
    """Serialise a document as UTF-8 TEI XML."""
    root = render(document)
    indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


#: Elements whose content is text: whitespace added inside them would change the text.
_TEXT_TAGS = {"p", "ab", "head", "signed", "title", "persName", "label", "item", "bibl", "byline", "dateline",
              "idno", "desc", "catDesc", "email", "measure", "date", "name", "g"}


def indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only content by two spaces per level, leaving mixed content as it is.

    lxml's own pretty printing also indents ``<ab><name>x</name></ab>``, which changes its text.
    """
    children = list(el)
    if (not children or etree.QName(el).localname in _TEXT_TAGS or (el.text or "").strip()
            or any((c.tail or "").strip() or etree.QName(c).localname in ("g", "name") for c in children)):
        return
    el.text = "\n" + "  " * (level + 1)
    for child in children:
        child.tail = "\n" + "  " * (level + 1)
        indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


def render(document: Document) -> etree._Element:
    """The ``<TEI>`` element of a document."""
    b = Builder()
    post_ids = {post.id: b.new_id(post.id, "post") for post in document.posts}
    persons = {author: b.new_id(f"person-{i}", "person") for i, author in enumerate(_authors(document), 1)}
    for block in _all_blocks(document):
        if getattr(block, "duplicate_of", None) is not None:
            b.want_target(block.duplicate_of)
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    header = b.element(root, "teiHeader")
    body = b.element(b.element(root, "text"), "body")
    _body(b, body, document, post_ids, persons)
    b.finish()
    _header(b, header, document, post_ids, persons)
    return root


def _authors(document: Document) -> list[Author]:
    seen = dict.fromkeys(p.author for p in document.posts if p.author.name is not None or p.author.email is not None)
    return list(seen)


def _all_blocks(document: Document):
    yield from iter_blocks(document.boilerplate)
    for post in document.posts:
        yield from iter_blocks(post.blocks)


# --- Body -------------------------------------------------------------------------------


def _body(b: Builder, body, document: Document, post_ids: dict, persons: dict) -> None:
    """Divisions by post role, in order of first appearance; page boilerplate by line order."""
    divs: dict[str, etree._Element] = {}

    def div_for(role: str) -> etree._Element:
        kind = DIV_TYPES.get(role) or b.token(role) or "posts"
        if kind not in divs:
            divs[kind] = b.element(body, "div", type=kind)
            if len(divs) == 1 and document.title is not None:
                b.element(divs[kind], "head", document.title, type="title",
                          n=span_n(document.title_span) if document.title_span else None)
        return divs[kind]

    pending = sorted(document.boilerplate, key=lambda block: block.span.first)
    current = None
    for post in document.posts:
        target = div_for(post.role)
        while pending and pending[0].span.first < post.span.first:
            render_block(b, current if current is not None else target, pending.pop(0), QUOTED)
        _post(b, target, post, post_ids, persons)
        current = target
    last = current if current is not None else div_for("message")
    for block in pending:  # not FLAT: a division takes no <head> or <closer> between its posts
        render_block(b, last, block, QUOTED)


def _post(b: Builder, div, post: Post, post_ids: dict, persons: dict) -> None:
    el = b.element(div, "post")
    el.set(XML_ID, post_ids[post.id])
    for name, value in (("type", b.token(post.role)), ("n", span_n(post.span)), ("modality", "written"),
                        ("who", f"#{persons[post.author]}" if post.author in persons else None),
                        ("when", xsd_when(post.date)), ("replyTo", _reply_to(b, post, post_ids))):
        if value is not None:
            el.set(name, value)
    if post.header:
        opener = b.element(el, "opener")
        for field in post.header:
            tag = _HEADER_ELEMENTS.get(field.name, "note")
            b.element(opener, tag, field.text, type="header" if tag == "note" else None,
                      subtype=b.token(field.name) if tag == "note" else None,
                      n=span_n(field.span))
    render_blocks(b, el, post.blocks, FLAT)
    fields_note(b, el, _unshown_post_fields(post, "".join(el.itertext()), el.get("when")))


def _reply_to(b: Builder, post: Post, post_ids: dict) -> str | None:
    if post.in_reply_to is None:
        return None
    if post.in_reply_to not in post_ids:
        b.defects.append(Defect("dangling-reply", f"post {post.id} answers {post.in_reply_to!r}, which is not in the document", post.span))
        return None
    return "#" + post_ids[post.in_reply_to]


def _unshown_post_fields(post: Post, shown_text: str, when: str | None) -> list[tuple[str, object]]:
    """Post fields, one value per row, that the TEI does not show yet (strings already in the text are)."""
    blocks = list(iter_blocks(post.blocks))
    rows: list[tuple[str, object]] = []
    if post.date is not None and when is None:
        rows.append(("date", post.date))
    for f in attrs.fields(Post):
        value = getattr(post, f.name)
        if f.name in _POST_SHOWN or value == f.default:
            continue
        if f.name == "metadata":
            rows += [(f"metadata/{k}", v) for k, v in value]
        elif isinstance(value, tuple):
            rows += [(f.name, v) for v in value if not (isinstance(v, Attachment) and v in blocks)]
        else:
            rows.append((f.name, value))
    return [(name, v) for name, v in rows if not (isinstance(v, str) and v and v in shown_text)]


_XSD_WHEN = patterns.compile(r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?")


def xsd_when(value: str | None) -> str | None:
    """An ISO 8601 date as an XML Schema date or dateTime for ``@when`` (seconds added), or None."""
    match = _XSD_WHEN.fullmatch(value or "")
    if not match:
        return None
    day, minutes, seconds, zone = match.groups()
    try:
        _date.fromisoformat(day)
        if minutes:
            datetime.fromisoformat(f"{day}T{minutes}{seconds or ':00'}")
        if zone and zone != "Z" and not (int(zone[4:]) < 60 and int(zone[1:3]) * 60 + int(zone[4:]) <= 14 * 60):
            return None
    except ValueError:
        return None
    time = f"T{minutes}{seconds or ':00'}" if minutes else ""
    return f"{day}{time}{zone or ''}"


# --- Header ---------------------------------------------------------------------------


def _header(b: Builder, header, document: Document, post_ids: dict, persons: dict) -> None:
    source = document.source
    file_desc = b.element(header, "fileDesc")
    b.element(b.element(file_desc, "titleStmt"), "title", document.title or source.name)
    b.element(b.element(file_desc, "publicationStmt"), "p", f"Converted by threadkit {__version__}; not published.")
    _notes(b, file_desc, document, post_ids)
    bibl = b.element(b.element(file_desc, "sourceDesc"), "bibl")
    if document.title is not None:
        b.element(bibl, "title", document.title)
    b.element(bibl, "idno", source.name, type="filename")
    b.element(bibl, "idno", source.sha256, type="sha256")
    for name in ("format", "encoding", "newline"):
        b.element(bibl, "note", getattr(source, name), type=name)
    b.element(b.element(bibl, "extent"), "measure", f"{source.line_count} lines", unit="line", quantity=str(source.line_count))
    capture = xsd_when(str(meta_get(document.metadata, "capture_date", "")))
    if capture:
        b.element(bibl, "date", capture, type="capture", when=capture)
    _encoding_desc(b, header)
    if persons:
        people = b.element(b.element(b.element(header, "profileDesc"), "particDesc"), "listPerson")
        for author, person_id in persons.items():
            person = b.element(people, "person")
            person.set(XML_ID, person_id)
            if author.name is not None:
                b.element(person, "persName", author.name)
            if author.email is not None:
                b.element(b.element(person, "note", type="email"), "email", author.email)


def _notes(b: Builder, file_desc, document: Document, post_ids: dict) -> None:
    """notesStmt: document metadata, unknown document fields, and every defect."""
    defects = [(d, None, "defect") for d in document.defects]
    defects += [(d, post_ids[p.id], "defect") for p in document.posts for d in p.defects]
    codes = [b.token(d.code) for d, _, _ in defects]  # before all_defects(): a changed code is a defect too
    writer_defects = b.all_defects()
    codes += [b.token(d.code) for d in writer_defects]
    defects += [(d, None, "writer-defect") for d in writer_defects]
    extra = [(f.name, getattr(document, f.name)) for f in attrs.fields(Document)
             if f.name not in _DOC_SHOWN and getattr(document, f.name) != f.default]
    if not (defects or document.metadata or extra):
        return
    notes = b.element(file_desc, "notesStmt")
    if document.metadata:
        fields_note(b, notes, list(document.metadata), note_type="metadata")
    fields_note(b, notes, extra)
    for (defect, target, kind), code in zip(defects, codes):
        b.element(notes, "note", defect.message, type=kind, subtype=code,
                  target=f"#{target}" if target else None, n=span_n(defect.span) if defect.span else None)


def _encoding_desc(b: Builder, header) -> None:
    encoding = b.element(header, "encodingDesc")
    app = b.element(b.element(encoding, "appInfo"), "application", ident="threadkit", version=__version__)
    b.element(app, "label", "threadkit")
    b.element(app, "desc", f"threadkit document model {SCHEMA_VERSION} (as in the threadkit JSON schema)")
    # The validator reads the version from here (threadkit.validate).
    schema = b.element(encoding, "schemaRef", type="threadkit-tei", key=f"threadkit-tei-{TEI_SCHEMA_VERSION}",
                       n=TEI_SCHEMA_VERSION, url=f"threadkit-tei-{TEI_SCHEMA_VERSION}.rng")
    b.element(schema, "desc", f"TEI customisation threadkit-tei {TEI_SCHEMA_VERSION}, drawn from TEI P5 {TEI_EDITION}")
    if b.categories:
        taxonomy = b.element(b.element(encoding, "classDecl"), "taxonomy")
        taxonomy.set(XML_ID, b.new_id("threadkit-kinds", "kinds"))
        for (group, kind), category_id in b.categories.items():
            category = b.element(taxonomy, "category")
            category.set(XML_ID, category_id)
            b.element(category, "catDesc", f"{group}: {kind}")
