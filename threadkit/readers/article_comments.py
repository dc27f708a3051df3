"""A news or blog article followed by its readers' comments, copied as text → :class:`Document`.

The article becomes a post of role ``article`` (see :mod:`threadkit.readers.article`), and
each comment a post of role ``comment`` answering the article, or the comment it is
indented under. Author and date come from the comment's byline when the page shows one.
"""

from __future__ import annotations

from threadkit import article
from threadkit.detection import Guess
from threadkit.model import Document
from threadkit.source import Source

FORMAT = "article-comments-text"
DESCRIPTION = "News or blog article with its reader comments, copied from a browser as text"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("*.txt",)


def sniff(source: Source) -> Guess:
    """Score how much ``source`` looks like an article page copy with a comment section."""
    return article.sniff(source, comments=True)


def read(source: Source) -> Document:
    """Read the article and split its comment section into comments."""
    return article.read(source, FORMAT, comments=True)
