"""Netnews (Usenet) articles → :class:`Document`: one article per file, or a news spool folder.

An article is an RFC 5322 message with the fields of RFC 5536 (``Newsgroups`` and ``Path``
required; ``Followup-To``, ``Xref`` ...); saved by a newsreader it may open with a line
"Article 1234 of comp.lang.python:" (kept as the post's envelope), and old B-news articles
with ``Relay-Version``. A spool folder holds one article per file, named by its number in
the group. Articles are threaded by References (:mod:`threadkit.mail.jwz`), and each post
keeps its newsgroups (and Followup-To, Xref) in its metadata.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from threadkit import patterns
from threadkit.detection import Guess
from threadkit.mail.archive import Archive
from threadkit.mail.folder import folder_archive, folder_document, read_files, read_head, sniff_file, with_file
from threadkit.mail.mboxfile import RawMessage
from threadkit.model import Document, Post
from threadkit.readers.eml import header_fields, message_post, read_message
from threadkit.source import Source, blank_in_every_encoding

FORMAT = "netnews"
DESCRIPTION = "Netnews (Usenet) articles, RFC 5536: one article file, or a spool folder of numbered articles"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("NNN (an article number)", "FOLDER/ (a spool)")

#: What a newsreader writes above a saved article ("Article 1234 of comp.lang.python:").
_ARTICLE_LINE = patterns.compile(r"^Article \d+ (?:of|in) \S+")
_ARTICLE_LINE_BYTES = patterns.compile(_ARTICLE_LINE.pattern.encode())
#: Fields only news articles have (RFC 5536 §3, and B-news's Relay-Version / Posting-Version).
_NEWS_FIELDS = frozenset({"path", "xref", "followup-to", "relay-version", "posting-version", "nntp-posting-host", "nntp-posting-date", "distribution"})
#: Kept in each post's metadata: field, key, and the separator of its items (newsgroups are
#: comma-separated, where folding may have put spaces; Xref's items are space-separated).
_METADATA = (("newsgroups", "newsgroups", ""), ("followup-to", "followup_to", ""), ("xref", "xref", " "))
#: A spool folder: how many of its files are looked at to recognise it, and how much of each.
SPOOL_SAMPLE = 3
SAMPLE_BYTES = 64 << 10


def _header_lines(lines) -> list[str]:
    """The lines from the header on: without the blank lines and the "Article N of g" line above it."""
    k = 0
    while k < len(lines) and blank_in_every_encoding(lines[k]):
        k += 1
    if k < len(lines) and _ARTICLE_LINE.match(lines[k]):
        k += 1
    return lines[k:]


def sniff(source: Source) -> Guess:
    """A mail header with Newsgroups and a field only news articles have."""
    names = set(header_fields(_header_lines(source.lines)) or ())
    found = names & _NEWS_FIELDS
    if "newsgroups" in names and found:
        return Guess(FORMAT, 0.97, (f"a news article header (newsgroups, {', '.join(sorted(found))})",), decisive=True)
    return Guess(FORMAT, 0.0, ())


def _framed(raw: RawMessage) -> RawMessage:
    """A first line "Article N of group" becomes the article's envelope."""
    if raw.envelope is None and raw.lines and _ARTICLE_LINE_BYTES.match(raw.lines[0].data):
        return RawMessage(raw.lines[0], raw.lines[1:])
    return raw


def _with_newsgroups(post: Post) -> Post:
    values = {f.name: f.text.split(":", 1)[1] for f in post.header if ":" in f.text}
    found = tuple((key, sep.join(values[name].split())) for name, key, sep in _METADATA if values.get(name, "").strip())
    return attrs.evolve(post, metadata=post.metadata + found)


def read(source: Source) -> Document:
    """Read one article."""
    document = read_message(source, FORMAT, _framed)
    return attrs.evolve(document, posts=tuple(map(_with_newsgroups, document.posts)))


def _spool_files(path: Path) -> list[Path]:
    return sorted((f for f in path.iterdir() if f.name.isdigit() and f.is_file()), key=lambda f: int(f.name))


def sniff_folder(path: Path) -> Guess:
    """A folder of numbered files that are news articles."""
    files = _spool_files(path)
    if not files:
        return Guess(FORMAT, 0.0, ())
    sample = [sniff_file(sniff, data, f.name) for f in files[:SPOOL_SAMPLE] if (data := read_head(f, SAMPLE_BYTES)).strip()]
    if sample and all(g.decisive for g in sample):
        return Guess(FORMAT, 0.97, (f"a news spool: {len(files)} numbered article file(s)",), decisive=True)
    return Guess(FORMAT, 0.0, ())


def folder_files(path: Path) -> list[Path]:
    """The articles of a spool folder, in number order."""
    return _spool_files(path)


def _post(path: Path):
    return lambda raw, number, file: _with_newsgroups(with_file(message_post(raw, number), file, path))


def read_folder(path: Path) -> tuple[Source, Document]:
    """Read a spool folder's articles in number order as one archive."""
    return folder_document(path.name, FORMAT, read_files(_spool_files(path)), _post(path), _framed)


def stream_folder(path: Path, files: list[Path] | None = None) -> Archive:
    """A spool of any size, read an article at a time in two passes (:func:`threadkit.mail.folder.folder_archive`);
    ``files``: its :func:`folder_files`, when the caller has them already."""
    return folder_archive(path.name, FORMAT, _spool_files(path) if files is None else files, _post(path), _framed)
