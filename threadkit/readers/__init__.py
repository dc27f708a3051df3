"""The readers: one module per input format, listed in :data:`READERS`.

A reader module has ``FORMAT`` (its name), ``DESCRIPTION``, ``sniff(source) -> Guess`` and
``read(source) -> Document``. Adding a format is one module and one line here. A reader
of folders (a Maildir, a news spool, Pipermail months) adds ``sniff_folder(path) -> Guess``
and ``read_folder(path) -> (Source, Document)``, the source being the folder's files read as
one; and, to read a folder of any size, ``folder_files(path)`` (its files, in order) and
``stream_folder(path, files=None) -> Archive`` (``files``: those of ``folder_files``, so that a caller that has them does not list and order the folder again). A reader of archive files that streams has
``stream(open_stream, name) -> Archive``.
"""

from __future__ import annotations

from types import ModuleType

from threadkit.errors import UnknownFormatError
from threadkit.readers import article, article_comments, article_html, googlegroups
from threadkit.readers import eml, maildir, mbox, mhonarc_html, msg, netnews, pipermail, pipermail_html
from threadkit.readers import json as json_reader

#: In the order detection asks them (:func:`threadkit.detection.detect`): the formats whose own
#: structure can make a guess certain (decisive) come first, cheapest first, so that a mail
#: archive is never laid out by the article sniffers.
READERS: dict[str, ModuleType] = {
    msg.FORMAT: msg,
    json_reader.FORMAT: json_reader,
    pipermail_html.FORMAT: pipermail_html,
    mhonarc_html.FORMAT: mhonarc_html,
    article_html.FORMAT: article_html,
    pipermail.FORMAT: pipermail,
    mbox.FORMAT: mbox,
    netnews.FORMAT: netnews,
    eml.FORMAT: eml,
    maildir.FORMAT: maildir,
    googlegroups.FORMAT: googlegroups,
    article.FORMAT: article,
    article_comments.FORMAT: article_comments,
}

#: Other names users may give to --from.
ALIASES: dict[str, str] = {
    "googlegroups": googlegroups.FORMAT,
    "gg": googlegroups.FORMAT,
    "json": json_reader.FORMAT,
    "article": article.FORMAT,
    "comments": article_comments.FORMAT,
    "html": article_html.FORMAT,
    "mhonarc": mhonarc_html.FORMAT,
    "article-comments": article_comments.FORMAT,
    "news": netnews.FORMAT,
    "usenet": netnews.FORMAT,
    "msg": msg.FORMAT,
    "outlook": msg.FORMAT,
}

#: Binary containers that a reader opens itself (file signature → loader: bytes, name → Source).
BINARY_LOADERS = {msg.MAGIC: msg.load}


def get_reader(name: str) -> ModuleType:
    """The reader module for a format name or alias."""
    name = ALIASES.get(name, name)
    try:
        return READERS[name]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise UnknownFormatError(f"unknown input format {name!r} (known: {known})") from None


def folder_readers() -> dict[str, ModuleType]:
    """The readers that read a folder as one archive."""
    return {name: module for name, module in READERS.items() if hasattr(module, "read_folder")}
