""":class:`Document` → mboxrd: one RFC 5322 message per post, threaded, that mail clients and archivers open.

Each post becomes a ``text/plain; charset=utf-8`` message (7bit when it is short-lined ASCII,
quoted-printable otherwise) with From, Date, Subject, Message-ID, In-Reply-To/References and
To/Cc. The body is what the author sent: text, quotes as "> " lines, signature, list footer;
page interface text and MIME structure are left out. What mail cannot carry (the source's
own date text, a missing or masked address, attachments not kept, metadata, defects) goes into
``X-Threadkit-*`` headers. An article with comments becomes the article as root message and
its comments as replies.

The file is mboxrd (see :mod:`threadkit.mail.mboxfile`): Python's :mod:`mailbox` writes mboxo,
which cannot tell a body line ">From x" from "From x" once written.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import re
import unicodedata
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage

from threadkit.mail.mboxfile import escape
from threadkit.model import Attachment, Block, Boilerplate, Document, Post, Quote, Signature, meta_get
from threadkit.segment.quotes import quote_depth

FORMAT = "mbox"
EXTENSION = ".mbox"

#: Boilerplate kinds that belong to the page or the container, not to what the author sent.
OMITTED_BOILERPLATE = frozenset({"interface", "navigation", "view-counter"})
#: Domain of addresses made up for authors the source shows without one (RFC 2606 reserves .invalid).
UNKNOWN_DOMAIN = "unknown.invalid"
#: Most blank lines kept between two blocks of a page copy.
PAGE_GAP = 2
#: Post metadata the mail headers already say.
_MAIL_META = frozenset({"mail_in_reply_to", "thread_root"})
_POLICY = policy.default.clone(linesep="\n")
_MSG_ID = re.compile(r"^<[!-;=?-~]{1,250}@[!-;=?-~]{1,250}>$")
_DOT_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def one_line(text) -> str:
    """A header value from source text: line breaks and control characters made spaces (a
    page's text may hold them; a header may not). Other spaces are kept: "Aw:  x" stays."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(text)).strip()


def _put(msg: EmailMessage, name: str, value) -> None:
    """Add a header field whose value is on one line, at most 900 characters (RFC 5322 §2.1.1)."""
    name = re.sub(r"[^A-Za-z0-9-]", "", name)
    text = one_line(value)[:900]
    if name and text:
        msg[name] = text


def _msg_id(text: str | None) -> str | None:
    """``text`` when it is a valid msg-id ("<left@right>", RFC 5322 §3.6.4), else None."""
    return text if text and _MSG_ID.match(text) else None


def _slug(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    words = re.findall(r"[a-z0-9]+", text.encode("ascii", "ignore").decode().lower())
    return ".".join(words)[:64] or "unknown"


def mailbox(name: str | None, address: str | None) -> tuple[Address, str | None]:
    """A valid mailbox for what the source shows, and a note when the address had to be made.

    A masked address ("alert...@googlegroups.com") keeps its local part, quoted as RFC 5322
    §3.4.1 allows, so it reads back exactly as shown; Pipermail's "x at y.com" is undone; a
    missing or unusable address becomes ``<name>@unknown.invalid``.
    """
    name = one_line(name or "")
    address = one_line(address or "").strip("<>")
    address = re.sub(r"^(\S+) at (\S+)$", r"\1@\2", address)
    local, _, domain = address.rpartition("@")
    if local and _DOMAIN.match(domain) and len(local) <= 64 and "\n" not in local and '"' not in local and "\\" not in local:
        return Address(display_name=name, username=local, domain=domain), None
    note = f"the source shows no usable address ({address!r})" if address else "the source shows no address"
    return Address(display_name=name, username=_slug(name), domain=UNKNOWN_DOMAIN), note


def _recipient(text: str) -> Address:
    """A recipient as shown ("Jane <j@x.org>", "alert...@googlegroups.com", "Jane Doe") → a mailbox."""
    if "@" not in text and not re.search(r"\S at \S", text):
        return mailbox(text, None)[0]  # a name only, as Groups pages show recipients
    name, address = email.utils.parseaddr(text)
    if "@" not in address:  # a masked or obfuscated form parseaddr cannot read
        name, address = "", text
    return mailbox(name, address)[0]


def message_ids(document: Document) -> dict[str, str]:
    """Post id → Message-ID: the source's own, or one derived from the post's content, so the
    same document always gets the same ids."""
    ids = {}
    for post in document.posts:
        if _msg_id(post.message_id):
            ids[post.id] = post.message_id
            continue
        facts = [document.title, post.id, post.author.name, post.author.email, post.date, post.date_raw, [b.text for b in post.blocks]]
        digest = hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]
        ids[post.id] = f"<{digest}@threadkit.invalid>"
    return ids


def parents(document: Document) -> dict[str, str | None]:
    """Post id → the post it answers; comments without one answer the article."""
    article = next((p.id for p in document.posts if p.role == "article"), None)
    known = {p.id for p in document.posts}
    out = {}
    for post in document.posts:
        parent = post.in_reply_to if post.in_reply_to in known else None
        if parent is None and post.role == "comment" and article and post.id != article:
            parent = article
        out[post.id] = parent
    return out


def _ancestors(post_id: str, parent_of: dict[str, str | None]) -> list[str]:
    chain, seen = [], {post_id}
    parent = parent_of.get(post_id)
    while parent is not None and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = parent_of.get(parent)
    return chain[::-1]


def render_block(block: Block, mail_source: bool) -> str | None:
    """A block's text in the body, or None when it is not part of what the author sent.

    A post read from mail (``mail_source``) is written as it was sent; a page copy has lost
    the quote markers and the space of "-- ", which are put back.
    """
    if isinstance(block, Boilerplate):
        return None if block.kind in OMITTED_BOILERPLATE or block.kind.startswith("mime") else block.text
    if isinstance(block, Attachment) and (block.kind or "").startswith("mime-"):
        return None
    if isinstance(block, Quote) and not mail_source:
        return _render_quote(block)
    if isinstance(block, Signature) and not mail_source and block.text.split("\n", 1)[0].rstrip() == "--":
        return "-- " + block.text[block.text.index("\n"):] if "\n" in block.text else "-- "
    return block.text


def _render_quote(block: Quote) -> str:
    """Quotes as '>' lines: kept as they are when the source marked them, marked otherwise."""
    lines = block.text.split("\n")
    head = len(block.attribution.split("\n")) if block.attribution else 0
    body = lines[head:]
    if all(not line.strip() or quote_depth(line) for line in body):
        return block.text
    return "\n".join(lines[:head] + [("> " + line) if line.strip() else ">" for line in body])


def render_body(post: Post, mail_source: bool = False) -> tuple[str, list[Block]]:
    """The body text of a post, and the blocks left out of it.

    Blank lines between blocks are those of the source: the lines between their spans, less
    the lines of blocks left out (at most :data:`PAGE_GAP` for a page copy, whose gaps are
    layout). A message read from mail also keeps the blank lines that open its body.
    """
    out: list[str] = []
    omitted: list[Block] = []
    # the blank line that ends a mail header is the "previous block" of the body's first one
    previous_end = post.header[-1].span.last + 1 if mail_source and post.header else None
    skipped = 0
    for block in post.blocks:
        text = render_block(block, mail_source)
        if text is None:
            omitted.append(block)
            skipped += block.span.last - block.span.first + 1
            continue
        if previous_end is not None and not (skipped and not out):
            gap = max(block.span.first - previous_end - 1 - skipped, 0)
            out += [""] * (gap if mail_source else min(gap, PAGE_GAP))
        out.append(text)
        previous_end, skipped = block.span.last, 0
    return "\n".join(out), omitted


def _date_header(post: Post) -> tuple[str | None, str | None]:
    """(RFC 5322 date, the source's date text when it is not one)."""
    if post.date_raw:
        try:
            when = email.utils.parsedate_to_datetime(post.date_raw)
            return email.utils.format_datetime(when), None
        except (TypeError, ValueError, IndexError):
            pass  # a page's date text: built from the ISO date below
    if post.date:
        try:
            when = dt.datetime.fromisoformat(post.date)
        except ValueError:
            return None, post.date_raw or post.date
        # naive (zone unknown) gives "-0000", RFC 5322 §3.3's "no information about the zone"
        return email.utils.format_datetime(when), post.date_raw
    return None, post.date_raw


def _envelope(address: Address, date: str | None) -> bytes:
    sender = addr_spec(address) if not re.search(r"\s", addr_spec(address)) else "MAILER-DAEMON"
    when = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    if date:
        parsed = email.utils.parsedate_to_datetime(date)
        when = parsed.astimezone(dt.timezone.utc) if parsed.tzinfo else parsed
    return f"From {sender} {when:%a %b} {when.day:2d} {when:%H:%M:%S %Y}\n".encode("ascii", "replace")


def _subject(document: Document, post: Post, is_reply: bool) -> str:
    if post.subject and one_line(post.subject):
        return post.subject
    title = one_line(document.title or "") or "(no subject)"
    return f"Re: {title}" if is_reply else title


def build_message(document: Document, post: Post, ids: dict[str, str], parent_of: dict[str, str | None]) -> tuple[EmailMessage, Address, str | None]:
    """The message for one post, its sender and its date."""
    msg = EmailMessage(policy=_POLICY)
    sender, note = mailbox(post.author.name, post.author.email)
    date, date_text = _date_header(post)
    parent = parent_of[post.id]
    if date:
        msg["Date"] = date
    _put(msg, "Subject", _subject(document, post, parent is not None))
    msg["Message-ID"] = ids[post.id]
    # a message read from mail keeps its own threading headers, which may name messages
    # that are not in the document
    in_reply_to = _msg_id(meta_get(post.metadata, "mail_in_reply_to")) or (ids[parent] if parent else None)
    own = [r for r in post.references if _msg_id(r)]
    references = own if _msg_id(post.message_id) else [ids[a] for a in _ancestors(post.id, parent_of)]
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    _threadkit_headers(msg, document, post, note, date_text)
    body, omitted = render_body(post, mail_source=post.message_id is not None)
    for block in omitted:
        if isinstance(block, Attachment) and block.kind == "mime-attachment":
            _put(msg, "X-Threadkit-Attachment", f"{block.name or 'unnamed'} (not kept)")
        elif not (block.kind or "").startswith("mime"):
            _put(msg, "X-Threadkit-Omitted", f"{block.kind} (lines {block.span.first}-{block.span.last})")
    body += "\n"
    ascii_short = body.isascii() and max(map(len, body.split("\n"))) <= 998
    msg.set_content(body, subtype="plain", charset="utf-8", cte="7bit" if ascii_short else "quoted-printable")
    return msg, sender, date


def _threadkit_headers(msg: EmailMessage, document: Document, post: Post, note: str | None, date_text: str | None) -> None:
    """What mail headers cannot say, as X-Threadkit-* fields."""
    _put(msg, "X-Threadkit-Source", f"{document.source.name} ({document.source.format}), {post.id}, lines {post.span.first}-{post.span.last}")
    if post.role != "message":
        _put(msg, "X-Threadkit-Role", post.role)
    if note:
        _put(msg, "X-Threadkit-Address", note)
    if date_text:
        _put(msg, "X-Threadkit-Date-Text", date_text)
    metadata = list(post.metadata) + (list(document.metadata) if post is document.posts[0] else [])
    for key, value in metadata:
        if key not in _MAIL_META and value is not None:
            _put(msg, "X-Threadkit-" + key.replace("_", "-").title(), value)
    for defect in post.defects[:20]:
        _put(msg, "X-Threadkit-Defect", f"{defect.code}: {defect.message}")


def addr_spec(address: Address) -> str:
    """``local@domain``, the local part quoted when it is not a dot-atom ("alert..." is not)."""
    local = address.username if _DOT_ATOM.match(address.username) else '"' + address.username + '"'
    return f"{local}@{address.domain}"


def address_field(name: str, addresses: list[Address]) -> bytes:
    """An address field folded after every address.

    Written here rather than by the stdlib: Python 3.11's folder turns the comma before a fold
    into an encoded word ("=?utf-8?q?=2C?=") when the list holds a non-ASCII name, which
    breaks the list (seen on gg-mbox message 516, a 77-address Cc).
    """
    rendered = [email.utils.formataddr((a.display_name, addr_spec(a)), charset="utf-8") for a in addresses]
    return f"{name}: " + ",\n ".join(rendered) + "\n"


def message_bytes(document: Document, post: Post, ids: dict[str, str], parent_of: dict[str, str | None]) -> tuple[bytes, Address, str | None]:
    """One post as message bytes (not yet mbox-escaped), its sender and its date."""
    msg, sender, date = build_message(document, post, ids, parent_of)
    head, _, body = msg.as_bytes(policy=_POLICY).partition(b"\n\n")
    fields = address_field("From", [sender])
    if post.to:
        fields += address_field("To", [_recipient(t) for t in post.to])
    if post.cc:
        fields += address_field("Cc", [_recipient(t) for t in post.cc])
    return fields.encode("ascii") + head + b"\n\n" + body, sender, date


def write(document: Document) -> bytes:
    """Serialise a document as an mboxrd file, one message per post, in document order."""
    ids = message_ids(document)
    parent_of = parents(document)
    out = []
    for post in document.posts:
        data, sender, date = message_bytes(document, post, ids, parent_of)
        out.append(_envelope(sender, date) + escape(data) + (b"" if data.endswith(b"\n") else b"\n") + b"\n")
    return b"".join(out)
