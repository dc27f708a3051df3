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

import importlib
from types import ModuleType
from typing import Callable

from threadkit.errors import UnknownFormatError
from threadkit.registry import Modules

#: Format name → reader module (of this package), each imported on first use.
#: In the order detection asks them (:func:`threadkit.detection.detect`): the formats whose own
#: structure can make a guess certain (decisive) come first, cheapest first, so that a mail
#: archive is never laid out by the article sniffers. Each module's ``FORMAT`` is its name here.
READERS: Modules = Modules(__name__, {
    "outlook-msg": "msg",
    "threadkit-json": "json",
    "pipermail-html": "pipermail_html",
    "mhonarc-html": "mhonarc_html",
    "article-html": "article_html",
    "pipermail": "pipermail",
    "mbox": "mbox",
    "netnews": "netnews",
    "eml": "eml",
    "maildir": "maildir",
    "googlegroups-text": "googlegroups",
    "article-text": "article",
    "article-comments-text": "article_comments",
})

#: The readers whose sniffer lives apart from their module, format → ``module:function`` of this
#: package: their module is heavy to import (lxml, the HTML layer), and detection asks them
#: before the mail readers, so an mbox would import them only to be told "not HTML".
SNIFFERS: dict[str, str] = {
    "pipermail-html": "html_sniff:sniff_pipermail_html",
    "mhonarc-html": "html_sniff:sniff_mhonarc_html",
    "article-html": "html_sniff:sniff_article_html",
}

#: Other names users may give to --from.
ALIASES: dict[str, str] = {
    "googlegroups": "googlegroups-text",
    "gg": "googlegroups-text",
    "json": "threadkit-json",
    "article": "article-text",
    "comments": "article-comments-text",
    "html": "article-html",
    "mhonarc": "mhonarc-html",
    "article-comments": "article-comments-text",
    "news": "netnews",
    "usenet": "netnews",
    "msg": "outlook-msg",
    "outlook": "outlook-msg",
}

#: Binary containers that a reader opens itself: file signature → the format whose reader's
#: ``load(bytes, name) -> Source`` takes the text out (the OLE2 compound file signature every
#: Outlook .msg starts with).
BINARY_FORMATS: dict[bytes, str] = {b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "outlook-msg"}


def get_reader(name: str) -> ModuleType:
    """The reader module for a format name or alias."""
    name = ALIASES.get(name, name)
    try:
        return READERS[name]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise UnknownFormatError(f"unknown input format {name!r} (known: {known})") from None


def sniffer(name: str) -> Callable:
    """A reader's ``sniff(source) -> Guess``, without importing the reader when it sniffs apart
    (:data:`SNIFFERS`)."""
    where = SNIFFERS.get(name)
    if where is None:
        return READERS[name].sniff
    module, function = where.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def folder_readers() -> dict[str, ModuleType]:
    """The readers that read a folder as one archive."""
    return {name: module for name, module in READERS.items() if hasattr(module, "read_folder")}
