"""The readers: one module per input format, listed in :data:`READERS`.

A reader module has ``FORMAT`` (its name), ``DESCRIPTION``, ``sniff(source) -> Guess`` and
``read(source) -> Document``. Adding a format is one module and one line here.
"""

from __future__ import annotations

from types import ModuleType

from threadkit.errors import UnknownFormatError
from threadkit.readers import article, article_comments, googlegroups
from threadkit.readers import eml, mbox, pipermail
from threadkit.readers import json as json_reader

#: In the order detection asks them (:func:`threadkit.detect.detect`): the formats whose own
#: structure can make a guess certain (decisive) come first, cheapest first, so that a mail
#: archive is never laid out by the article sniffers.
READERS: dict[str, ModuleType] = {
    json_reader.FORMAT: json_reader,
    pipermail.FORMAT: pipermail,
    mbox.FORMAT: mbox,
    eml.FORMAT: eml,
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
    "article-comments": article_comments.FORMAT,
}


def get_reader(name: str) -> ModuleType:
    """The reader module for a format name or alias."""
    name = ALIASES.get(name, name)
    try:
        return READERS[name]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise UnknownFormatError(f"unknown input format {name!r} (known: {known})") from None
