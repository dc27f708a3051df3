"""MHonArc web archive pages → messages: one ``msgNNNNN.html`` page, or a folder of them.

MHonArc writes each message's facts as comments before the page (``<!--X-Subject: ...-->``,
``<!--X-From-R13: ...-->`` the sender in ROT13, ``<!--X-Date:``, ``<!--X-Message-Id:``, one
``<!--X-Reference:`` per References id), then marks the page's parts with comment pairs: the
header list between ``<!--X-Head-of-Message-->`` and ``<!--X-Head-of-Message-End-->``, the body
between ``<!--X-Body-of-Message-->`` and ``<!--X-Body-of-Message-End-->``. The header list's
items become header fields, the body is segmented as mail text when it is ``<pre>``, and
the navigation (``X-TopPNI``, ``X-BotPNI``, follow-ups, references) is interface boilerplate.
A folder of pages reads as one archive threaded by the references (the last one that names
a message of the folder).
"""

from __future__ import annotations

import codecs
import email.utils
import html
from pathlib import Path

import attrs
from lxml import etree

from threadkit import patterns
from threadkit.detection import Guess
from threadkit.html import blocks as hb
from threadkit.html.coverage import html_coverage_problems, page_of_lines, page_of_source
from threadkit.html.folder import pages_note, pages_source
from threadkit.html.page import Page, shown_text
from threadkit.model import Author, Document, Evidence, Post
from threadkit.readers.pipermail_html import segmented
from threadkit.readers.html_sniff import sniff_mhonarc_html as sniff
from threadkit.source import Source

FORMAT = "mhonarc-html"
DESCRIPTION = "MHonArc web archive: a message page msgNNNNN.html, or a folder of them"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("msgNNNNN.html", "FOLDER/ of them")
POST = "m"
PAGE_NAME = patterns.compile(r"^msg\d+\.html$")
_FIELD = patterns.compile(r"<!--X-([A-Za-z0-9-]+):\s?(.*?)\s?-->")

coverage_problems = html_coverage_problems


def x_fields(text: str) -> list[tuple[str, str]]:
    """The ``<!--X-Name: value-->`` fields before the page (``<!--X-Head-End-->``), values unescaped."""
    head = text.split("<!--X-Head-End-->", 1)[0] if "<!--X-Head-End-->" in text else text[:20_000]
    return [(m[1].lower(), html.unescape(m[2])) for m in _FIELD.finditer(head)]


def read(source: Source) -> Document:
    """One message page."""
    page = page_of_source(source)
    post = message_post(page, source.text, "p1")
    return Document(source=source.info(FORMAT), title=post.subject if post else None, posts=(post,) if post else (),
                    metadata=(("skipped", page.skipped_note()),) if page.skipped else ())


def _between(root, start: str, end: str) -> list:
    """The elements between the comments ``<!--start-->`` and ``<!--end-->`` (siblings)."""
    for comment in root.iter(etree.Comment):
        if (comment.text or "").strip() == start:
            out = []
            for el in comment.itersiblings():
                if not isinstance(el.tag, str) and (el.text or "").strip() == end:
                    break
                if isinstance(el.tag, str):
                    out.append(el)
            return out
    return []


def page_claims(root) -> dict:
    """The claims of a message page's parts."""
    claims: dict = {}
    body = root.find("body")
    if body is not None:
        claims[body] = hb.boilerplate(POST, "interface")
    for el in _between(root, "X-Subject-Header-Begin", "X-Subject-Header-End"):
        claims[el] = hb.header(POST, "heading")
    for el in _between(root, "X-Head-of-Message", "X-Head-of-Message-End"):
        claims[el] = hb.boilerplate(POST, "interface")
        for li in el.iter("li"):
            label = shown_text(li.find("em")).lower() if li.find("em") is not None else "field"
            claims[li] = hb.header(POST, label or "field")
    for el in _between(root, "X-Body-of-Message", "X-Body-of-Message-End"):
        claims[el] = hb.body(POST)
    return claims


def _rot13_sender(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    name, address = email.utils.parseaddr(codecs.decode(value, "rot13"))
    return name or None, address or None


def _iso(value: str | None) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(value).isoformat() if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def message_post(page: Page, text: str, pid: str) -> Post | None:
    """A message page's post, its facts from the X- fields."""
    if page.root is None:
        return None
    parts = list(hb.partition(page, page_claims(page.root)).items())
    if page.title is not None:
        parts.append((hb.header(POST, "title"), [page.title]))
    pre = any(el.tag == "pre" for el in _between(page.root, "X-Body-of-Message", "X-Body-of-Message-End"))
    post = hb.post_from_parts([(c, n) for c, n in parts if c.owner == POST], pid, "message", segmented if pre else None)
    if post is None:
        return None
    fields = x_fields(text)
    value = lambda name: next((v for k, v in fields if k == name), None)  # noqa: E731
    name, address = _rot13_sender(value("from-r13"))
    message_id = value("message-id")
    references = tuple(f"<{v.strip('<> ')}>" for k, v in fields if k == "reference")
    return attrs.evolve(
        post,
        author=Author(name=name, email=address),
        date=_iso(value("date")),
        date_raw=value("date"),
        subject=value("subject"),
        message_id=f"<{message_id.strip('<> ')}>" if message_id else None,
        references=references,
    )


def sniff_folder(path: Path) -> Guess:
    """A folder of MHonArc message pages (``msgNNNNN.html``)."""
    pages = [p for p in path.iterdir() if PAGE_NAME.match(p.name)] if path.is_dir() else []
    if pages and b"<!--X-Message-Id:" in pages[0].read_bytes()[:20_000]:
        return Guess(FORMAT, 0.95, (f"{len(pages)} MHonArc message page(s)",), decisive=True)
    return Guess(FORMAT, 0.0, ())


def read_folder(path: Path) -> tuple[Source, Document]:
    """The folder's message pages as one archive, threaded by their references."""
    source, pages = pages_source(path.name, sorted(p for p in path.iterdir() if PAGE_NAME.match(p.name)))
    posts: list[Post] = []
    for file, first, last in pages:
        lines = source.lines[first - 1:last]
        post = message_post(page_of_lines(lines, first - 1), "\n".join(lines), f"p{len(posts) + 1}")
        if post is not None:
            posts.append(attrs.evolve(post, metadata=(("file", file.name),)))
    by_id = {p.message_id: p.id for p in posts if p.message_id}
    posts = [_threaded(p, by_id) for p in posts]
    return source, Document(source=source.info(FORMAT), title=path.name, posts=tuple(posts), metadata=(("pages", pages_note(pages)),))


def _threaded(post: Post, by_id: dict[str, str]) -> Post:
    known = [ref for ref in post.references if ref in by_id and by_id[ref] != post.id]
    if known:
        target = by_id[known[-1]]
        return attrs.evolve(post, in_reply_to=target, reply_evidence=(Evidence("header", target, f"X-Reference {known[-1]}"),))
    why = "no X-Reference: a thread start" if not post.references else "X-Reference names no message of this folder"
    return attrs.evolve(post, reply_evidence=(Evidence("header", None, why, 0.0),))
