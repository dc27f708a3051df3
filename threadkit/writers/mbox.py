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

import base64
import datetime as dt
import email.utils
import hashlib
import json
import re
import unicodedata
from email import quoprimime
from typing import NamedTuple

from threadkit import patterns
from threadkit.mail.check import WRITTEN_FIELDS, WRITTEN_PREFIX
from threadkit.mail.mboxfile import escape
from threadkit.model import Attachment, Block, Boilerplate, Document, Post, Quote, Signature, meta_get
from threadkit.segment.quotes import quote_depth

FORMAT = "mbox"
EXTENSION = ".mbox"
DESCRIPTION = 'mboxrd: one RFC 5322 message per post, for mail clients'

#: Boilerplate kinds that belong to the page or the container, not to what the author sent.
OMITTED_BOILERPLATE = frozenset({"interface", "navigation", "view-counter"})
#: Domain of addresses made up for authors the source shows without one (RFC 2606 reserves .invalid).
UNKNOWN_DOMAIN = "unknown.invalid"
#: Most blank lines kept between two blocks of a page copy.
PAGE_GAP = 2
#: Post metadata the mail headers already say.
_MAIL_META = frozenset({"mail_in_reply_to", "thread_root"})
#: Header lines are folded to this length where the text allows (RFC 5322 §2.1.1).
LINE_LENGTH = 78
#: Most characters of source text in one header value, and in one display name: the hard
#: limit of a line is 998 characters, and a display name is one encoded word (see :func:`phrase`).
VALUE_LIMIT = 900
NAME_LIMIT = 150
#: Most characters of a field name made from a metadata key.
NAME_FIELD_LIMIT = 64
_MSG_ID = patterns.compile(r"^<[!-;=?-~]{1,250}@[!-;=?-~]{1,250}>$")
_ATEXT = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~-"
_DOT_ATOM = patterns.compile(rf"^[{_ATEXT}]+(?:\.[{_ATEXT}]+)*$")
_PHRASE = patterns.compile(rf"^[{_ATEXT}]+(?: [{_ATEXT}]+)*$")
_DOMAIN = patterns.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
#: Characters an RFC 2047 "Q" encoded word may hold as they are in every place, a phrase too (§5 (3)).
_Q_PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")
#: An encoded word is at most 75 characters (RFC 2047 §2), "=?utf-8?q?" and "?=" included.
_WORD_LENGTH = 75
_WORD_OVERHEAD = len("=?utf-8?q??=")
_SURROGATE = patterns.compile("[\ud800-\udfff]")


class Mailbox(NamedTuple):
    """A mailbox as written: display name (any text) and an ASCII ``local@domain``."""

    display_name: str
    username: str
    domain: str


def one_line(text) -> str:
    """A header value from source text: line breaks and control characters made spaces (a
    page's text may hold them; a header may not). Other spaces are kept: "Aw:  x" stays.
    A lone surrogate, which UTF-8 cannot carry, becomes U+FFFD."""
    text = _SURROGATE.sub("\ufffd", str(text))
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text).strip()


def needs_encoding(text: str) -> bool:
    """Whether header text must be written as encoded words: it is not printable ASCII, or
    a reader would take part of it for an encoded word ("=?") and decode it."""
    return "=?" in text or any(not " " <= c <= "~" for c in text)


def _q_encoded(text: str) -> str:
    return "".join(c if c in _Q_PLAIN else "_" if c == " " else "".join(f"={b:02X}" for b in c.encode("utf-8")) for c in text)


def _b_encoded(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def encoded_word(text: str) -> str:
    """``text`` as one RFC 2047 encoded word of UTF-8, "Q" or "B", whichever is shorter."""
    q, b = _q_encoded(text), _b_encoded(text)
    return f"=?utf-8?q?{q}?=" if len(q) <= len(b) else f"=?utf-8?b?{b}?="


def encoded_words(text: str, first: int = _WORD_LENGTH) -> list[str]:
    """``text`` as encoded words of at most 75 characters (``first`` for the first one).

    Words are cut between characters, never inside one: a decoder that decodes each word
    on its own (Python 3.11's does) would otherwise read two broken halves.
    """
    words: list[str] = []
    chunk = ""
    for char in text:
        width = (first if not words else _WORD_LENGTH) - _WORD_OVERHEAD
        if chunk and min(len(_q_encoded(chunk + char)), len(_b_encoded(chunk + char))) > width:
            words.append(encoded_word(chunk))
            chunk = ""
        chunk += char
    return words + [encoded_word(chunk)] if chunk else words


def folded(name: str, pieces: list[str]) -> str:
    """A header field from its name and value pieces, folded before a piece that does not fit.

    Each piece after the first opens with the white space that separates it from the one
    before, so a fold (a line break put before that space) is undone by unfolding
    (RFC 5322 §2.2.3). The first piece stays on the name's line: a value that opens with a
    fold reads back with a leading space. The field name must be one the writer is known to
    write (:data:`threadkit.mail.check.WRITTEN_FIELDS`): ``threadkit validate`` rejects others.
    """
    assert name.lower() in WRITTEN_FIELDS or name.lower().startswith(WRITTEN_PREFIX), name
    lines = [f"{name}: {pieces[0]}"]
    for piece in pieces[1:]:
        if len(lines[-1]) + len(piece) > LINE_LENGTH:
            lines.append(piece)
        else:
            lines[-1] += piece
    return "\n".join(lines) + "\n"


def unstructured(name: str, value) -> str:
    """A field of free text (Subject, X-Threadkit-*), or "" when the text is empty.

    Text that is not plain printable ASCII is written whole as encoded words, which decode
    back to it exactly: whatever the source holds, it cannot become header syntax.
    """
    text = one_line(value)[:VALUE_LIMIT]
    if not text:
        return ""
    if needs_encoding(text):
        words = encoded_words(text, first=max(LINE_LENGTH - 2 - len(name) - 2, _WORD_OVERHEAD + 12))
        # white space between two encoded words is dropped by decoders (RFC 2047 §6.2)
        return folded(name, [words[0]] + [" " + w for w in words[1:]])
    return folded(name, re.findall(r"\s*\S+", text))


def display_name(name: str | None) -> str:
    """An author's name as a From or To field says it: on one line, at most
    :data:`NAME_LIMIT` characters; when it must be encoded, with runs of spaces made one
    (the stdlib's reading of an encoded display name makes them one, so the name read back
    would otherwise not be the one written)."""
    name = one_line(name or "")[:NAME_LIMIT]
    return re.sub(" {2,}", " ", name) if needs_encoding(name) else name


def phrase(name: str | None) -> str:
    """A display name as RFC 5322 §3.4 phrase: atoms as they are, a quoted string when the
    name holds specials or runs of spaces, one encoded word when it is not printable ASCII.

    One word, not several: Python 3.11's phrase parser keeps the space between two encoded
    words, which would read "Jörg Müller" back with two spaces.
    """
    name = display_name(name)
    if not name or needs_encoding(name):
        return encoded_word(name) if name else ""
    if _PHRASE.match(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _msg_id(text: str | None) -> str | None:
    """``text`` when it is a valid msg-id ("<left@right>", RFC 5322 §3.6.4), else None.

    An id holding "=?" is refused: readers decode encoded words in In-Reply-To and
    References (unstructured fields for the stdlib), so it would not read back as written.
    """
    return text if text and _MSG_ID.match(text) and "=?" not in text else None


def _slug(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    words = re.findall(r"[a-z0-9]+", text.encode("ascii", "ignore").decode().lower())
    return ".".join(words)[:64] or "unknown"


def ascii_domain(domain: str) -> str | None:
    """A domain as mail headers carry it: ASCII, an internationalised one in its IDNA form
    ("bücher.example" → "xn--bcher-kva.example"); None when it is not a usable domain."""
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return domain if _DOMAIN.match(domain) else None


def _usable_local(local: str) -> bool:
    """Whether a local part can be written as shown: printable ASCII (a non-ASCII one needs
    SMTPUTF8, which a 7-bit message cannot say), short, no quote or backslash to escape, and
    nothing a reader would decode as an encoded word."""
    return 0 < len(local) <= 64 and all(" " <= c <= "~" for c in local) and not set('"\\') & set(local) and "=?" not in local


def mailbox(name: str | None, address: str | None) -> tuple[Mailbox, str | None]:
    """A valid mailbox for what the source shows, and a note when the address had to be made.

    A masked address ("alert...@googlegroups.com") keeps its local part, quoted as RFC 5322
    §3.4.1 allows, so it reads back exactly as shown; Pipermail's "x at y.com" is undone; a
    missing or unusable address becomes ``<name>@unknown.invalid``, the note keeping what
    the source showed.
    """
    name = one_line(name or "")
    address = one_line(address or "").strip("<>")
    address = re.sub(r"^(\S+) at (\S+)$", r"\1@\2", address)
    local, _, domain = address.rpartition("@")
    written_domain = ascii_domain(domain)
    if written_domain and _usable_local(local):
        return Mailbox(name, local, written_domain), None
    note = f"the source shows no usable address ({address!r})" if address else "the source shows no address"
    return Mailbox(name, _slug(name), UNKNOWN_DOMAIN), note


def _recipient(text: str) -> Mailbox:
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
        digest = hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()[:32]
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


def _envelope(address: Mailbox, date: str | None) -> bytes:
    sender = addr_spec(address) if not re.search(r"\s", addr_spec(address)) else "MAILER-DAEMON"
    when = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    if date:
        parsed = email.utils.parsedate_to_datetime(date)
        when = parsed.astimezone(dt.timezone.utc) if parsed.tzinfo else parsed
    # the year in four digits: strftime writes year 200 as "200", which no mbox reader takes
    # for an envelope line, so the message would merge into the one before it
    return f"From {sender} {when:%a %b} {when.day:2d} {when:%H:%M:%S} {when.year:04d}\n".encode("ascii", "replace")


def _subject(document: Document, post: Post, is_reply: bool) -> str:
    if post.subject and one_line(post.subject):
        return post.subject
    title = one_line(document.title or "") or "(no subject)"
    return f"Re: {title}" if is_reply else title


def header_section(document: Document, post: Post, ids: dict[str, str], parent_of: dict[str, str | None],
                   sender: Mailbox, note: str | None, date: str | None, date_text: str | None, omitted: list[Block]) -> str:
    """The header fields of one post's message, every one built here from text it encodes.

    No value goes through the stdlib's header classes: their parser decodes encoded words
    in what it is given, so a title "=?utf-8?q?Hi=0D=0ABcc:...?=" would become a line
    break and a forged field. The MIME fields that describe the body come after.
    """
    fields = [address_field("From", [sender])]
    if post.to:
        fields.append(address_field("To", [_recipient(t) for t in post.to]))
    if post.cc:
        fields.append(address_field("Cc", [_recipient(t) for t in post.cc]))
    parent = parent_of[post.id]
    if date:
        fields.append(folded("Date", [date]))
    fields.append(unstructured("Subject", _subject(document, post, parent is not None)))
    fields.append(folded("Message-ID", [ids[post.id]]))
    # a message read from mail keeps its own threading headers, which may name messages
    # that are not in the document
    in_reply_to = _msg_id(meta_get(post.metadata, "mail_in_reply_to")) or (ids[parent] if parent else None)
    own = [r for r in post.references if _msg_id(r)]
    references = own if _msg_id(post.message_id) else [ids[a] for a in _ancestors(post.id, parent_of)]
    if in_reply_to:
        fields.append(folded("In-Reply-To", [in_reply_to]))
    if references:
        fields.append(folded("References", references[:1] + [" " + r for r in references[1:]]))
    fields += _threadkit_headers(document, post, note, date_text)
    for block in omitted:
        if isinstance(block, Attachment) and block.kind == "mime-attachment":
            fields.append(unstructured("X-Threadkit-Attachment", f"{block.name or 'unnamed'} (not kept)"))
        elif not (block.kind or "").startswith("mime"):
            fields.append(unstructured("X-Threadkit-Omitted", f"{block.kind} (lines {block.span.first}-{block.span.last})"))
    return "".join(fields)


def _threadkit_headers(document: Document, post: Post, note: str | None, date_text: str | None) -> list[str]:
    """What mail headers cannot say, as X-Threadkit-* fields."""
    fields = [unstructured("X-Threadkit-Source", f"{document.source.name} ({document.source.format}), {post.id}, lines {post.span.first}-{post.span.last}")]
    if post.role != "message":
        fields.append(unstructured("X-Threadkit-Role", post.role))
    if note:
        fields.append(unstructured("X-Threadkit-Address", note))
    if date_text:
        fields.append(unstructured("X-Threadkit-Date-Text", date_text))
    metadata = list(post.metadata) + (list(document.metadata) if post is document.posts[0] else [])
    for key, value in metadata:
        if key not in _MAIL_META and value is not None:
            fields.append(unstructured(_metadata_field(key), value))
    for defect in post.defects[:20]:
        fields.append(unstructured("X-Threadkit-Defect", f"{defect.code}: {defect.message}"))
    return fields


def _metadata_field(key: str) -> str:
    """The field name of a metadata key: "relative_date" → "X-Threadkit-Relative-Date"."""
    name = re.sub(r"[^A-Za-z0-9-]", "", key.replace("_", "-").title())
    return ("X-Threadkit-" + name)[:NAME_FIELD_LIMIT]


def addr_spec(address: Mailbox) -> str:
    """``local@domain``, the local part quoted when it is not a dot-atom ("alert..." is not)."""
    local = address.username if _DOT_ATOM.match(address.username) else '"' + address.username + '"'
    return f"{local}@{address.domain}"


def address_field(name: str, addresses: list[Mailbox]) -> str:
    """An address field folded after every address, and before "<" when a name is long.

    Written here rather than by the stdlib: Python 3.11's folder turns the comma before a fold
    into an encoded word ("=?utf-8?q?=2C?=") when the list holds a non-ASCII name, which
    breaks the list (seen on gg-mbox message 516, a 77-address Cc).
    """
    rendered = []
    for address in addresses:
        shown, spec = phrase(address.display_name), addr_spec(address)
        if not shown:
            rendered.append(spec)
        else:
            rendered.append(f"{shown}{chr(10) if len(shown) + len(spec) > LINE_LENGTH - 10 else ''} <{spec}>")
    return folded(name, [",\n ".join(rendered)])


def encoded_body(text: str) -> tuple[str, bytes]:
    """(Content-Transfer-Encoding, body bytes): 7bit when the text is ASCII without NUL in
    lines of at most 998 characters (RFC 2045 §2.7), quoted-printable otherwise; lines end in LF."""
    text = _SURROGATE.sub("\ufffd", text)
    data = b"\n".join(text.encode("utf-8").splitlines()) + b"\n"
    if text.isascii() and "\x00" not in text and max(map(len, text.split("\n"))) <= 998:
        return "7bit", data
    return "quoted-printable", quoprimime.body_encode(data.decode("latin-1"), LINE_LENGTH).encode("ascii")


def message_bytes(document: Document, post: Post, ids: dict[str, str], parent_of: dict[str, str | None]) -> tuple[bytes, Mailbox, str | None]:
    """One post as message bytes (not yet mbox-escaped), its sender and its date."""
    sender, note = mailbox(post.author.name, post.author.email)
    date, date_text = _date_header(post)
    body, omitted = render_body(post, mail_source=post.message_id is not None)
    cte, data = encoded_body(body + "\n")
    head = header_section(document, post, ids, parent_of, sender, note, date, date_text, omitted)
    head += f'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: {cte}\nMIME-Version: 1.0\n'
    return head.encode("ascii") + b"\n" + data, sender, date


def write(document: Document) -> bytes:
    """Serialise a document as an mboxrd file, one message per post, in document order."""
    ids = message_ids(document)
    parent_of = parents(document)
    out = []
    for post in document.posts:
        data, sender, date = message_bytes(document, post, ids, parent_of)
        out.append(_envelope(sender, date) + escape(data) + (b"" if data.endswith(b"\n") else b"\n") + b"\n")
    return b"".join(out)
