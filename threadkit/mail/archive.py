"""A stream of raw messages (mbox, Pipermail, one .eml) → threaded posts → :class:`Document`.

:func:`iter_posts` streams: one message in memory at a time, for converting archives larger
than memory message by message. :func:`read_document` collects the posts of a whole source,
threads them (:mod:`threadkit.mail.jwz`) and builds the document.
"""

from __future__ import annotations

import io
from typing import BinaryIO, Iterator

import attrs

from threadkit.mail import jwz
from threadkit.mail.mboxfile import iter_raw_messages, raw_span
from threadkit.mail.message import post_from_raw
from threadkit.model import Defect, Document, Post
from threadkit.source import Source, lines_defect


def iter_posts(stream: BinaryIO, split: bool = True, pipermail: bool = False) -> Iterator[Post]:
    """The messages of a binary stream as unthreaded posts, one at a time.

    Args:
        stream: an mbox or Pipermail archive (``split=True``) or one message (``split=False``).
        pipermail: the stream is a Mailman 2 (Pipermail) monthly archive.
    """
    for number, raw in enumerate(iter_raw_messages(stream, split), 1):
        post = post_from_raw(raw, number, pipermail)
        if split and raw.envelope is None:
            defect = Defect("no-envelope", "text before the first mbox envelope line, read as a message", raw_span(raw.lines))
            post = attrs.evolve(post, defects=post.defects + (defect,))
        if raw.inner_envelopes:
            post = attrs.evolve(post, defects=post.defects + (inner_envelope_defect(raw.inner_envelopes),))
        yield post


def inner_envelope_defect(numbers: tuple[int, ...]) -> Defect:
    """An envelope line kept in a message body is reported: it may be a message merged into
    the one before it (an mbox writer that neither escapes nor separates)."""
    return lines_defect("envelope-in-body", "an unescaped envelope line without a blank line before it, kept in the message body", list(numbers))


def mail_bytes(source: Source) -> bytes:
    """The bytes to parse: the file's own, unless its lines are not LF-separated in an
    ASCII-compatible encoding (old Mac CR line ends, UTF-16/32); then the decoded lines,
    re-encoded as UTF-8, so that line numbers stay those of the source (issue 6)."""
    wide = source.encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32"))
    if source.newline != "CR" and not wide:
        return source.data
    return "".join(line + "\n" for line in source.lines).encode("utf-8")


def read_document(source: Source, format: str, split: bool = True, pipermail: bool = False) -> Document:
    """Read every message of ``source`` and thread them."""
    return document_of(source, format, list(iter_posts(io.BytesIO(mail_bytes(source)), split, pipermail)))


def document_of(source: Source, format: str, posts: list[Post]) -> Document:
    """The document of a source's unthreaded posts (messages of one file, or of a folder's files)."""
    posts = jwz.thread(posts)
    defects = () if posts else (Defect("no-posts", "no mail message was found"),)
    subjects = [p.subject for p in posts if p.subject and p.in_reply_to is None]
    return Document(
        source=source.info(format),
        title=subjects[0] if len(set(subjects)) == 1 else None,
        posts=posts,
        defects=defects,
    )
