"""Numbered lines, the unit every segmentation rule reads, and the text helpers they share."""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from threadkit.model import Span

# Mail clients and web pages put no-break and thin spaces in dates and before French
# punctuation ("18:27 , X a écrit :" has U+00A0 and U+202F); rules match on folded text.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000\t"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Icon glyphs of web interfaces (Google Groups draws its buttons with U+E5D3 ...).
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


class Line(NamedTuple):
    """A source line and its 1-based number."""

    no: int
    text: str


Lines = Sequence[Line]


_FOLD = {**_SPACES, **_INVISIBLE}  # disjoint keys: one pass does both


def fold(text: str) -> str:
    """Text with exotic spaces made plain and invisible characters removed, for matching."""
    # Every rule folds every line, so the common ASCII line skips the (slow) dict translate;
    # isascii() is O(1) in CPython.
    if text.isascii():
        return text.replace("\t", " ")
    return text.translate(_FOLD)


def clean(text: str) -> str:
    """Folded text without surrounding blanks, Markdown hard breaks or '\\>' escapes."""
    text = fold(text).strip()
    if text.startswith("\\>"):
        text = text[1:]
    return text.replace("\\>", ">").replace("\\<", "<")


def is_blank(text: str) -> bool:
    """True for lines with nothing but spaces (of any kind)."""
    return not fold(text).strip()


def is_icon(text: str) -> bool:
    """True for lines holding nothing but interface icon glyphs."""
    stripped = fold(text).strip()
    return bool(stripped) and not _PRIVATE_USE.sub("", stripped).strip()


def numbered(lines: Sequence[str], first: int = 1) -> list[Line]:
    """Number lines from ``first``."""
    return [Line(first + k, text) for k, text in enumerate(lines)]


def span_of(lines: Lines) -> Span:
    """The span from the first to the last of ``lines``."""
    return Span(lines[0].no, lines[-1].no)


def joined(lines: Lines) -> str:
    """The verbatim text of ``lines``."""
    return "\n".join(line.text for line in lines)


def trim(lines: Lines) -> Lines:
    """``lines`` without leading and trailing blank lines."""
    start, end = 0, len(lines)
    while start < end and is_blank(lines[start].text):
        start += 1
    while end > start and is_blank(lines[end - 1].text):
        end -= 1
    return lines[start:end]


def next_nonblank(lines: Lines, i: int, limit: int | None = None) -> int | None:
    """Index of the first non-blank line at or after ``i`` (looking at most ``limit`` lines)."""
    stop = len(lines) if limit is None else min(len(lines), i + limit)
    for k in range(i, stop):
        if not is_blank(lines[k].text):
            return k
    return None


def nonblank_after(lines: Lines, i: int) -> int:
    """How many non-blank lines there are from index ``i`` to the end."""
    return sum(1 for line in lines[i:] if not is_blank(line.text))
