"""One RFC 5322 message (an ``.eml`` file) → :class:`Document` with one post.

The message goes through the same adapter as every mbox message
(:mod:`threadkit.mail.message`): MIME parts walked over numbered lines, charsets and
transfer encodings decoded by the stdlib, HTML-only bodies turned into text with
beautifulsoup4/lxml, attachments listed.

A file that opens with a run of header fields naming the usual mail fields is mail, whatever
its body looks like: detection stops there (a decisive guess), so a message is never laid out
as an article whose Received lines would be comments. Blank lines before the header are kept
out of the message (they stay in the source, unclaimed like any blank line); a message without
Date, From or Subject is read all the same, each missing field a defect.
"""

from __future__ import annotations

import io

import attrs

from threadkit import patterns
from threadkit.detection import Guess
from threadkit.mail.archive import document_of, mail_bytes
from threadkit.mail.mboxfile import RawMessage, iter_raw_messages
from threadkit.mail.message import post_from_raw
from threadkit.model import Defect, Document, Post
from threadkit.source import Source, blank_in_every_encoding

FORMAT = "eml"
DESCRIPTION = "one mail message (.eml, RFC 5322 with MIME)"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("*.eml",)

#: An RFC 5322 field name (printable ASCII but the colon, kept to the characters names use).
_FIELD = patterns.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,76}):")
#: Fields that nearly every stored message has.
MAIL_FIELDS = frozenset({
    "from", "to", "cc", "date", "subject", "message-id", "received", "return-path", "mime-version",
    "content-type", "content-transfer-encoding", "delivered-to", "in-reply-to", "references",
    "reply-to", "sender", "x-mailer", "user-agent", "dkim-signature", "x-received",
    "authentication-results", "x-original-to", "list-id", "x-gm-thrid", "x-gmail-labels",
})
#: Of these, the fields only mail transport or mail software writes: an article copied from a
#: browser may open with "From: ..." or "Date: ...", never with these.
TRANSPORT_FIELDS = frozenset({
    "message-id", "received", "return-path", "mime-version", "delivered-to", "in-reply-to",
    "references", "x-mailer", "dkim-signature", "x-received", "authentication-results",
    "x-original-to", "list-id", "content-transfer-encoding", "x-gm-thrid",
})
#: How many lines a header block is read for (a long Received chain fits).
HEADER_LINES = 400


def header_fields(lines, limit: int = HEADER_LINES) -> list[str] | None:
    """The lower-cased field names of the header block that opens ``lines`` (after blank
    lines), or None when the first non-blank line is not a field or a line before the
    blank line that ends the block is neither a field nor a continuation."""
    names: list[str] = []
    for line in lines[:limit]:
        if blank_in_every_encoding(line):
            if names:
                break
            continue
        if line[:1] in (" ", "\t") and names:
            continue
        m = _FIELD.match(line)
        if not m:
            return None
        names.append(m[1].lower())
    return names or None


def mail_header_reasons(names: list[str] | None) -> tuple[str, ...]:
    """Why a header block is a mail header (empty when it is not one): two mail fields of
    which one is a transport field, or three mail fields."""
    found = set(names or ()) & MAIL_FIELDS
    if len(found) >= 3 or (len(found) >= 2 and found & TRANSPORT_FIELDS):
        return (f"opens with an RFC 5322 header ({', '.join(sorted(found))})",)
    return ()


def sniff(source: Source) -> Guess:
    """A header block naming the usual mail fields."""
    names = header_fields(source.head(HEADER_LINES))
    reasons = mail_header_reasons(names)
    if reasons:
        return Guess(FORMAT, 0.95, reasons, decisive=True)
    return Guess(FORMAT, 0.2 if set(names or ()) & MAIL_FIELDS else 0.0, ())


#: What RFC 5322 §3.6 requires of a message (From, Date), and the Subject every reader shows.
_REQUIRED = (("from", "missing-from"), ("date", "missing-date"), ("subject", "missing-subject"))


def missing_field_defects(post: Post) -> tuple[Defect, ...]:
    """A defect for each of From, Date and Subject that the message's header lacks."""
    present = {field.name for field in post.header}
    return tuple(
        Defect(code, f"the message has no {name.capitalize()} field", post.span)
        for name, code in _REQUIRED
        if name not in present
    )


def message_post(raw: RawMessage, number: int) -> Post:
    """One stored message (a file of its own) → a post, its missing fields as defects."""
    post = post_from_raw(raw, number)
    return attrs.evolve(post, defects=post.defects + missing_field_defects(post))


def read_message(source: Source, format: str, frame=lambda raw: raw) -> Document:
    """A source holding one message → its document (``frame`` may turn a first line into
    the message's envelope, as a news article's "Article N of group")."""
    raws = iter_raw_messages(io.BytesIO(mail_bytes(source)), split=False)
    return document_of(source, format, [message_post(frame(raw), k) for k, raw in enumerate(raws, 1)])


def read(source: Source) -> Document:
    """Read one message."""
    return read_message(source, FORMAT)
