"""A stream of raw messages (mbox, Pipermail, one .eml) → threaded posts → :class:`Document`.

Two ways through the same rules:

* :func:`read_document` reads a source held in memory: every post, threaded
  (:mod:`threadkit.mail.jwz`), in one document.
* :class:`Archive` reads an archive of any size from its file (or a folder's files,
  :func:`threadkit.mail.folder.folder_archive`) in two passes, holding one
  message at a time plus a compact index. Pass 1 reads each message's header only, into one
  :class:`Entry` per message (threading keys, date, subject, byte offset and length, lines)
  and threads the index over the whole archive, hashing the file on the way. Pass 2
  (:meth:`Archive.posts`) reads the archive again, converts each message as
  :func:`read_document` does and gives it its place in the threads. Line numbers are those
  of the whole file (of the folder's files one after another).
"""

from __future__ import annotations

import hashlib
import io
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

import attrs
from attrs import frozen

from threadkit.errors import InputError
from threadkit.invariants import valid_unicode_post
from threadkit.mail import jwz, message
from threadkit.mail.mboxfile import RawMessage, iter_raw_messages, raw_span
from threadkit.mail.message import post_from_raw
from threadkit.model import Defect, Document, Post, SourceInfo
from threadkit.source import CONTROL_BYTES, Source, decoding_defects, has_control_bytes, lines_defect, reading


def iter_posts(stream: BinaryIO, split: bool = True, pipermail: bool = False, headers_only: bool = False) -> Iterator[Post]:
    """The messages of a binary stream as unthreaded posts, one at a time.

    Args:
        stream: an mbox or Pipermail archive (``split=True``) or one message (``split=False``).
        pipermail: the stream is a Mailman 2 (Pipermail) monthly archive.
        headers_only: read each message's header alone (the posts have no blocks): what
            indexing an archive needs, at a fraction of the work.
    """
    for number, raw in enumerate(iter_raw_messages(stream, split, pipermail, headers_only), 1):
        yield archive_post(raw, number, split, pipermail)


def archive_post(raw: RawMessage, number: int, split: bool = True, pipermail: bool = False) -> Post:
    """One message of an mbox (``split``) as an unthreaded post, with what its framing says
    (text before the first envelope, envelope lines kept in its body) as defects."""
    post = post_from_raw(raw, number, pipermail)
    if split and raw.envelope is None:
        defect = Defect("no-envelope", "text before the first mbox envelope line, read as a message", raw_span(raw.lines))
        post = attrs.evolve(post, defects=post.defects + (defect,))
    if raw.inner_envelopes:
        post = attrs.evolve(post, defects=post.defects + (inner_envelope_defect(raw.inner_envelopes),))
    return post


def inner_envelope_defect(numbers: tuple[int, ...]) -> Defect:
    """An envelope line kept in a message body is reported: it may be a message merged into
    the one before it (an mbox writer that neither escapes nor separates)."""
    return lines_defect("envelope-in-body", "an unescaped envelope line without a blank line before it, kept in the message body", list(numbers))


def mail_bytes(source: Source) -> bytes:
    """The bytes to parse: the file's own, unless its lines are not LF-separated in an
    ASCII-compatible encoding (old Mac CR line ends, UTF-16/32); then the decoded lines,
    re-encoded as UTF-8, so that line numbers stay those of the source (issue 6)."""
    if source.lines_are_bytes():
        return source.data
    return "".join(line + "\n" for line in source.lines).encode("utf-8")


def document_title(posts_subjects) -> str | None:
    """The title of a mail document: the subject its thread starts share, when they share one.

    ``posts_subjects``: (subject, is a thread start) for each message, in order."""
    subjects = {s for s, start in posts_subjects if s and start}
    return next(iter(subjects)) if len(subjects) == 1 else None


def read_document(source: Source, format: str, split: bool = True, pipermail: bool = False) -> Document:
    """Read every message of ``source`` and thread them."""
    return document_of(source, format, list(iter_posts(io.BytesIO(mail_bytes(source)), split, pipermail)))


def document_of(source: Source, format: str, posts: list[Post]) -> Document:
    """The document of a source's unthreaded posts (messages of one file, or of a folder's files)."""
    posts = jwz.thread(posts)
    defects = () if posts else (NO_POSTS,)
    return Document(
        source=source.info(format),
        title=document_title((p.subject, p.in_reply_to is None) for p in posts),
        posts=posts,
        defects=defects,
    )


NO_POSTS = Defect("no-posts", "no mail message was found")


# --- Archives of any size ------------------------------------------------------------------


def index_keys(raw: RawMessage, pipermail: bool = False) -> tuple[jwz.Keys, str | None]:
    """A message's threading keys and date, read from its header as :func:`post_from_raw` reads
    them (:func:`threadkit.mail.message.threading_fields`), without the other fields: address
    parsing is most of the cost of a header, and the index needs none of it. (Pass 2 records
    the defects, on the post.)"""
    fields = message.threading_fields(message.read_values(raw, pipermail))
    return jwz.Keys(fields.message_id, fields.in_reply_to, fields.references, fields.subject, fields.thread_id), fields.date


@frozen
class Entry:
    """One message of an archive's index: all that is kept of it between the two passes."""

    keys: jwz.Keys
    date: str | None
    line: int
    """The message's first line (its envelope) and last line."""
    last_line: int
    offset: int
    """Byte offset of the message in the (decompressed) file, and its length."""
    length: int


class _Scan:
    """What pass 1 learns of the file's bytes as they go by: the digest, the line count, the
    line ends, and the lines a whole-file read would flag (not UTF-8, control characters)."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.lines = 0
        self.crlf = self.lf = False
        self.undecodable: list[int] = []
        self.controls: list[int] = []

    def lines_of(self, stream) -> Iterator[bytes] | _Scanned:
        """``stream`` read through the scan: a binary stream (an mbox) as a stream whose reads
        are scanned (:class:`_Scanned`), an iterable of lines (a folder's files) line by line."""
        if hasattr(stream, "read"):
            return _Scanned(self, stream)
        return self._each_line(stream)

    def _each_line(self, lines: Iterable[bytes]) -> Iterator[bytes]:
        for line in lines:
            self.scan(line)
            yield line

    def scan(self, data: bytes) -> None:
        """Take in the next whole lines of the file (each with its line end; the last line
        of the file may have none). A block of lines is asked each question at once, at C
        speed; only a block that holds a line not UTF-8, or with a control character, is
        looked at line by line, for their numbers (a per-line loop in Python was a third of
        pass 1)."""
        self.digest.update(data)
        first = self.lines + 1
        ends = data.count(b"\n")
        count = ends if data.endswith(b"\n") else ends + 1
        self.lines += count
        crlf = data.count(b"\r\n")  # an LF ends a line, so each CR LF ends one
        self.crlf = self.crlf or crlf > 0
        self.lf = self.lf or ends > crlf
        if not data.isascii():
            try:
                data.decode("utf-8")  # (an LF is never inside a UTF-8 sequence: the lines decode alike)
            except UnicodeDecodeError:
                self.undecodable += [first + k for k, line in enumerate(data.split(b"\n")[:count]) if not _utf8(line)]
        if has_control_bytes(data):
            self.controls += [first + k for k, line in enumerate(data.split(b"\n")[:count]) if CONTROL_BYTES.search(line)]

    def defects(self) -> tuple[Defect, ...]:
        """The source defects :func:`threadkit.source.load_bytes` would give the whole file."""
        return decoding_defects("utf-8", self.undecodable, self.controls)

    def newline(self) -> str:
        return "CRLF" if self.crlf else "LF" if self.lf else "none"


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Scanned:
    """A binary stream whose bytes a :class:`_Scan` takes in as they are read, a whole number
    of lines at a time (the start of a line not yet ended waits for the next read)."""

    def __init__(self, scan: _Scan, stream: BinaryIO) -> None:
        self._scan, self._stream = scan, stream
        self._open: list[bytes] = []  # the pieces of the line not yet ended (a long line is read in many)

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if not data:
            if self._open:  # the file's last line, without a line end
                self._scan.scan(b"".join(self._open))
                self._open = []
            return data
        cut = data.rfind(b"\n") + 1
        if not cut:
            self._open.append(data)
            return data
        lines = data if cut == len(data) else data[:cut]
        self._scan.scan(b"".join(self._open + [lines]) if self._open else lines)
        self._open = [] if cut == len(data) else [data[cut:]]
        return data


#: ``messages(lines_of, headers_only, at)``: an archive's raw messages, each with a tag for
#: ``post_of`` (a folder's file), its lines read through ``lines_of`` (a function of a binary
#: stream to its lines) and numbered in the archive as a whole. ``at`` (an :class:`Entry`, or
#: None for the first) is where to begin: an implementation may begin earlier (a folder's
#: does), the caller skips messages before ``at.offset``.
Messages = Callable[[Callable[[BinaryIO], Iterable[bytes]], bool, "Entry | None"], Iterator[tuple[RawMessage, object]]]


def mbox_messages(open_stream: Callable[[], BinaryIO], name: str, pipermail: bool = False) -> Messages:
    """The messages of one mbox (or Pipermail) file, opened afresh by ``open_stream`` each
    time; from message ``at`` on, read from its offset (:func:`skip_to`)."""

    def messages(lines_of, headers_only: bool, at: Entry | None = None) -> Iterator[tuple[RawMessage, object]]:
        with open_stream() as stream, reading(name):
            # only the first message of a file can lack an envelope, and it is at offset 0
            line, offset = (at.line, at.offset) if at is not None and at.offset else (1, 0)
            skip_to(stream, offset)
            for raw in iter_raw_messages(lines_of(stream), True, pipermail, headers_only, line, offset):
                yield raw, None

    return messages


def skip_to(stream: BinaryIO, offset: int) -> None:
    """Move ``stream`` to byte ``offset``: a seek when it can (a compressed file's seek reads
    and discards), else by reading and discarding."""
    if not offset:
        return
    if stream.seekable():
        stream.seek(offset)
        return
    while offset and (data := stream.read(min(offset, 1 << 20))):
        offset -= len(data)


def _unchanged(stream):
    """A stream read as it is: by blocks (:func:`threadkit.mail.mboxfile.iter_raw_messages`),
    not line by line."""
    return stream


class Archive:
    """A mail archive read from its file, or a folder's files, in two passes (see the module's docstring).

    Args:
        open_stream: opens the archive's (decompressed) bytes afresh, once per pass (an mbox).
        name: the file's name, for the document and for messages.
        format: the reader's name (``mbox``, ``pipermail``, ``maildir``...).
        pipermail: the archive is Mailman 2's.
        messages: instead of ``open_stream``, the archive's raw messages (a folder's: see
            :func:`threadkit.mail.folder.folder_archive`), and ``post_of(raw, number, tag)``
            the post of each.
        index: ``(entries, threading)`` of a pass 1 made elsewhere, which is then skipped: a
            shard of the archive converted apart (:mod:`threadkit.shards`) gets the part of the
            index its messages need; only :meth:`posts` of that part can be used.

    Raises:
        InputError: the file cannot be read, is damaged compressed data, or changes between passes.
    """

    def __init__(self, open_stream: Callable[[], BinaryIO] | None, name: str, format: str, pipermail: bool = False,
                 messages: Messages | None = None, post_of: Callable[[RawMessage, int, object], Post] | None = None,
                 index: tuple[Sequence[Entry], jwz.Threading] | None = None) -> None:
        self.name = name
        self.messages = messages or mbox_messages(open_stream, name, pipermail)
        self.post_of = post_of or (lambda raw, number, _tag: archive_post(raw, number, True, pipermail))
        if index is not None:
            self.entries, self.threading = index
            return
        scan = _Scan()
        ids: dict[str, str] = {}  # one string object per distinct Message-ID: the index stays compact
        entries: list[Entry] = []
        for raw, _tag in self.messages(scan.lines_of, True, None):
            keys, date = index_keys(raw, pipermail)
            keys = jwz.Keys(
                ids.setdefault(keys.message_id, keys.message_id) if keys.message_id else None,
                ids.setdefault(keys.in_reply_to, keys.in_reply_to) if keys.in_reply_to else None,
                tuple(ids.setdefault(ref, ref) for ref in keys.references),
                keys.subject,
                keys.gmail_thread_id,
            )
            first = raw.envelope.no if raw.envelope else (raw.lines[0].no if raw.lines else raw.last_line)
            entries.append(Entry(keys, date, first, raw.last_line, raw.offset, raw.length))
        self.entries = entries
        self.threading = jwz.thread_keys([e.keys for e in entries])
        self.info = SourceInfo(
            name=name, sha256=scan.digest.hexdigest(), format=format,
            encoding="utf-8", newline=scan.newline(), line_count=scan.lines,
        )
        self.head = Document(
            source=self.info,
            title=document_title((e.keys.subject, p is None) for e, p in zip(entries, self.threading.parents)),
            defects=scan.defects() + (() if entries else (NO_POSTS,)),
        )

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def post_id(k: int) -> str:
        """The id of the ``k``-th message's post (0-based), as :func:`iter_posts` numbers them."""
        return f"p{k + 1}"

    def thread_key(self, k: int) -> str:
        """Which thread message ``k`` belongs to: its ``thread_root`` id, else its top post's id."""
        root = self.threading.roots[k]
        if root is not None:
            return root
        while self.threading.parents[k] is not None:
            k = self.threading.parents[k]
        return self.post_id(k)

    def posts(self, start: int = 0, stop: int | None = None) -> Iterator[Post]:
        """Pass 2: the messages ``start`` to ``stop`` (0-based, ``stop`` excluded; None for
        the last) as threaded posts with valid Unicode text, in file order. A range reads
        only its messages (an mbox is read from the first one's offset) and gives the posts
        the whole run gives, byte for byte: shards of an archive can be converted apart.

        Raises:
            InputError: the file changed since pass 1 (a message is not where the index has it,
                or the range has fewer messages).
        """
        stop = len(self.entries) if stop is None else min(stop, len(self.entries))
        if start >= stop:
            return
        k = start
        for raw, tag in self.messages(_unchanged, False, self.entries[start]):
            if raw.offset < self.entries[start].offset:
                continue  # before the range, where the messages cannot be read from an offset
            if k >= stop:
                break
            if raw.offset != self.entries[k].offset:
                break
            post = jwz.threaded_post(self.post_of(raw, k + 1, tag), k, self.threading, self.post_id)
            yield valid_unicode_post(post, f"document.posts[{k}]")
            k += 1
        if k != stop:
            raise InputError(f"{self.name}: the file changed while it was read (message {k + 1} of {len(self.entries)} "
                             "is not where it was)")
