"""A news or blog article copied from the browser as text (select-all) → :class:`Document`.

The article becomes one post of role ``article``: title, lead, headings, paragraphs, lists,
bylines and credits, quoted documents, and the page furniture around them as typed
boilerplate. Whatever follows the article (comments included) stays page boilerplate;
the ``article-comments-text`` reader splits comments too. The work is done in
:mod:`threadkit.article`.
"""

from __future__ import annotations

from threadkit import article
from threadkit.detection import Guess
from threadkit.model import Document
from threadkit.source import Source

FORMAT = "article-text"
DESCRIPTION = "News or blog article copied from a browser as text"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("*.txt",)


def sniff(source: Source) -> Guess:
    """Score how much ``source`` looks like an article page copy without comments."""
    return article.sniff(source, comments=False)


def read(source: Source) -> Document:
    """Read the article; the rest of the page is labelled boilerplate."""
    return article.read(source, FORMAT, comments=False)
