"""What running text looks like in a page copy, as opposed to menus, titles and labels."""

from __future__ import annotations

import re
from functools import lru_cache

from threadkit.segment.lines import Lines, clean

#: A line this long that reads as sentences is prose.
PROSE_CHARS = 80
_SENTENCE_END = re.compile(r"[.!?…:;]['\"’”»)\]]*$")
_SENTENCE_INSIDE = re.compile(r"[.!?…][\"’”»)]*\s+\S")


def ends_sentence(text: str) -> bool:
    """True when the line ends the way sentences end ("… today.", "… ?»")."""
    return bool(_SENTENCE_END.search(clean(text)))


@lru_cache(maxsize=1 << 16)
def is_prose(text: str) -> bool:
    """A long line of sentences: the stuff articles and comments are made of."""
    t = clean(text)
    return len(t) >= PROSE_CHARS and (ends_sentence(t) or bool(_SENTENCE_INSIDE.search(t)))


def first_prose(lines: Lines, start: int = 0) -> int | None:
    """Index of the first prose line at or after ``start``."""
    return next((k for k in range(start, len(lines)) if is_prose(lines[k].text)), None)
