"""Mailman 2 (Pipermail) web archive pages → messages: one ``NNNNNN.html`` page, or a month folder.

A message page shows the subject in ``<H1>``, the author in ``<B>``, the address as Pipermail
masks it ("x at y.com") in a ``mailto:`` link whose ``In-Reply-To=`` parameter carries the
message's own Message-ID, the date in ``<I>`` (``Mon Jan  4 21:23:42 CET 2010``, the server's
zone), then the body in ``<PRE>`` between ``<!--beginarticle-->`` and ``<!--endarticle-->``
(quoted lines in ``<i>``). The body is segmented as mail text (:mod:`threadkit.segment`);
the Previous / Next / "sorted by" lists are interface boilerplate.

A month folder (``thread.html`` beside the message pages) reads as one archive: the pages in
number order make the source, and each message answers the one ``thread.html`` nests it
under. Pipermail writes each entry's thread key in a comment (``<!--2 a.5464-b.5470-c.5474- -->``:
depth, then the ancestors' message numbers), so the parent is known beyond the three levels
of indentation the index shows.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from pathlib import Path

import attrs
from lxml import etree

from threadkit import patterns
from threadkit.detection import Guess
from threadkit.html import blocks as hb
from threadkit.html.coverage import html_coverage_problems, page_of_lines, page_of_source
from threadkit.html.folder import pages_note, pages_source
from threadkit.html.page import Page, TextNode
from threadkit.model import Author, Document, Evidence, Post
from threadkit.readers.html_sniff import sniff_pipermail_html as sniff
from threadkit.segment import segment_body
from threadkit.segment.lines import Line
from threadkit.source import Source

FORMAT = "pipermail-html"
DESCRIPTION = "Mailman 2 (Pipermail) web archive: a message page NNNNNN.html, or a month folder"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("NNNNNN.html", "FOLDER/ (a month, with thread.html)")
PAGE_NAME = patterns.compile(r"^\d{6}\.html$")
POST = "m"

coverage_problems = html_coverage_problems

#: Zones Pipermail servers print (``time.strftime("%Z")``) → UTC offset in hours.
ZONES = {"UTC": 0, "GMT": 0, "WET": 0, "BST": 1, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
         "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
         "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "NZST": 12, "NZDT": 13}
_CTIME = patterns.compile(r"^\s*\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(?:([A-Z]{2,5})\s+)?(\d{4})\s*$")
_MONTHS = {m: k for k, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def ctime_iso(text: str | None) -> str | None:
    """``Mon Jan  4 21:23:42 CET 2010`` → ``2010-01-04T21:23:42+01:00`` (no offset for an unknown zone)."""
    m = _CTIME.match(text or "")
    if m is None or m[1].lower() not in _MONTHS:
        return None
    try:
        when = dt.datetime(int(m[7]), _MONTHS[m[1].lower()], int(m[2]), int(m[3]), int(m[4]), int(m[5]))
    except ValueError:
        return None
    hours = ZONES.get(m[6] or "")
    if hours is not None:
        when = when.replace(tzinfo=dt.timezone(dt.timedelta(hours=hours)))
    return when.isoformat()


def read(source: Source) -> Document:
    """One message page."""
    page = page_of_source(source)
    post, _ = message_post(page, "p1")
    posts = (post,) if post is not None else ()
    return Document(source=source.info(FORMAT), title=post.subject if post else None, posts=posts,
                    metadata=_skipped(page))


def _skipped(page: Page) -> tuple:
    return (("skipped", page.skipped_note()),) if page.skipped else ()


# --- One page ---------------------------------------------------------------------------------


def _first(elements, test=lambda el: True):
    return next((el for el in elements if test(el)), None)


def page_claims(root) -> tuple[dict, dict]:
    """The claims of a message page's parts, and the parameters of its reply link (``mailto:``)."""
    claims: dict = {}
    body = root.find("body")
    if body is None:
        return claims, {}
    claims[body] = hb.boilerplate(POST, "interface")
    for el, claim in ((_first(body.iter("h1")), hb.header(POST, "subject")),
                      (_first(body, lambda e: e.tag == "b"), hb.header(POST, "author")),
                      (_first(body, lambda e: e.tag == "i"), hb.header(POST, "date"))):
        if el is not None:
            claims[el] = claim
    mailto = _first(body.iter("a"), lambda a: (a.get("href") or "").lower().startswith("mailto:"))
    reply_link: dict = {}
    if mailto is not None:
        claims[mailto] = hb.header(POST, "from")
        reply_link = urllib.parse.parse_qs(urllib.parse.urlsplit(mailto.get("href")).query)
    for pre in body.iter("pre"):
        claims[pre] = hb.body(POST)
    for a in body.iter("a"):
        if "listinfo" in (a.get("href") or "") and a not in claims and a.getparent() is body:
            claims[a] = hb.boilerplate(POST, "list-footer")
    return claims, reply_link


def unmasked_subject(shown: str | None, reply_link: dict) -> str | None:
    """The subject as the message had it: Pipermail masks "@" as " at " in the page's text
    (an address-like "640@30fps" too), not in its reply link's ``Subject=`` ("Re: " + subject)."""
    shown = " ".join((shown or "").split()) or None
    linked = " ".join(((reply_link.get("Subject") or [""])[0]).split())
    linked = linked[4:] if linked.startswith("Re: ") else linked
    if shown and linked and linked != shown and linked.replace("@", " at ") == shown:
        return linked
    return shown


def pre_lines(nodes: list[TextNode]) -> list[Line]:
    """The numbered lines of a ``<pre>`` body, from its nodes (each knows its first line)."""
    lines: list[Line] = []
    for node in nodes:
        for k, piece in enumerate(node.text.split("\n")):
            no = node.line + k
            if lines and no <= lines[-1].no:
                lines[-1] = Line(lines[-1].no, lines[-1].text + piece)
            else:
                lines.append(Line(no, piece))
    return lines


def segmented(nodes: list[TextNode]) -> list:
    """A mail body in ``<pre>`` → blocks, as the mail readers segment bodies."""
    lines = pre_lines(nodes)
    blocks, _defects = segment_body(lines) if lines else ((), ())
    return list(blocks)


def message_post(page: Page, pid: str) -> tuple[Post | None, str | None]:
    """A message page's post (with its page's title as a header field), and its Message-ID."""
    if page.root is None:
        return None, None
    claims, reply_link = page_claims(page.root)
    message_id = (reply_link.get("In-Reply-To") or [None])[0]
    parts = list(hb.partition(page, claims).items())
    if page.title is not None:
        parts.append((hb.header(POST, "title"), [page.title]))
    post = hb.post_from_parts([(c, n) for c, n in parts if c.owner == POST], pid, "message", segmented)
    others = [(c, n) for c, n in parts if c.owner != POST]
    if post is None:
        return None, message_id
    if others:  # (text outside <body>: kept with the post as interface text)
        extra = [b for c, n in others for b in hb.boilerplate_blocks(n, "interface")]
        post = attrs.evolve(post, blocks=tuple(sorted(post.blocks + tuple(extra), key=lambda b: b.span.first)))
    field = lambda name: next((h.text for h in post.header if h.name == name), None)  # noqa: E731
    date_raw = field("date")
    post = attrs.evolve(
        post,
        author=Author(name=field("author"), email=field("from")),
        date=ctime_iso(date_raw),
        date_raw=date_raw,
        subject=unmasked_subject(field("subject"), reply_link),
        message_id=f"<{message_id.strip('<>')}>" if message_id else None,
    )
    return post, message_id


# --- A month folder ---------------------------------------------------------------------------


def sniff_folder(path: Path) -> Guess:
    """A folder with Pipermail's ``thread.html`` index and its ``NNNNNN.html`` message pages."""
    index = path / "thread.html"
    pages = [p for p in path.iterdir() if PAGE_NAME.match(p.name)] if path.is_dir() else []
    if index.is_file() and pages:
        return Guess(FORMAT, 0.95, (f"a Pipermail month: thread.html and {len(pages)} message page(s)",), decisive=True)
    return Guess(FORMAT, 0.0, ())


_THREAD_KEY = patterns.compile(r"^\s*(\d+)\s+((?:[\d.]+-)+)\s*$")


def thread_parents(index_html: str) -> dict[str, str]:
    """Page name → its parent's page name, from ``thread.html``'s thread-key comments."""
    parents: dict[str, str] = {}
    root = etree.fromstring(index_html.encode("utf-8", "replace"), etree.HTMLParser(encoding="utf-8"))
    if root is None:
        return parents
    for comment in root.iter(etree.Comment):
        m = _THREAD_KEY.match(comment.text or "")
        if m is None:
            continue
        numbers = [int(part.rsplit(".", 1)[-1]) for part in m[2].strip("-").split("-") if "." in part]
        if len(numbers) >= 2:
            parents[f"{numbers[-1]:06d}.html"] = f"{numbers[-2]:06d}.html"
    return parents


def read_folder(path: Path) -> tuple[Source, Document]:
    """The month's message pages as one archive, threaded by ``thread.html``."""
    source, pages = pages_source(path.name, sorted(p for p in path.iterdir() if PAGE_NAME.match(p.name)))
    index = path / "thread.html"
    parents = thread_parents(index.read_bytes().decode("utf-8", "replace")) if index.is_file() else None
    posts: list[Post] = []
    ids: dict[str, str] = {}
    skipped = 0
    for file, first, last in pages:
        page = page_of_lines(source.lines[first - 1:last], first - 1)
        skipped += sum(page.skipped.values())
        post, _ = message_post(page, f"p{len(posts) + 1}")
        if post is None:
            continue
        ids[file.name] = post.id
        posts.append(attrs.evolve(post, metadata=(("file", file.name),)))
    posts = [_threaded(p, parents, ids) for p in posts] if parents is not None else posts
    metadata = (("pages", pages_note(pages)), ("index", "thread.html" if parents is not None else None))
    if skipped:
        metadata += (("skipped", f"{skipped} element(s) not shown (scripts, styles, hidden)"),)
    return source, Document(source=source.info(FORMAT), title=path.name, posts=tuple(posts), metadata=metadata)


def _threaded(post: Post, parents: dict[str, str], ids: dict[str, str]) -> Post:
    file = dict(post.metadata).get("file")
    parent = parents.get(file)
    target = ids.get(parent) if parent else None
    if target is None:  # the index's word stands: the replies transform must not guess a parent
        why = f"thread.html nests {file} under {parent}, not in this folder" if parent else f"thread.html shows {file} as a thread start"
        return attrs.evolve(post, reply_evidence=(Evidence("page-structure", None, why, 0.0),))
    evidence = Evidence("page-structure", target, f"thread.html nests {file} under {parent}")
    return attrs.evolve(post, in_reply_to=target, reply_evidence=(evidence,))
