"""What running text looks like in a page copy, as opposed to menus, titles and labels."""

from __future__ import annotations

from functools import lru_cache

from threadkit import patterns
from threadkit.segment.lines import Lines, clean

#: A line this long that reads as sentences is prose.
PROSE_CHARS = 80
#: Sentence marks of Chinese and Japanese (full stop, the full-width ! ? ; :) and the closing
#: quotes and brackets that may follow them; these scripts put no space after a sentence.
_CJK_END = "。！？；："
_CJK_CLOSE = "」』）】〕》〉”’"
_SENTENCE_END = patterns.compile(rf"[.!?…:;{_CJK_END}]['\"’”»)\]{_CJK_CLOSE}]*$")
_SENTENCE_INSIDE = patterns.compile(rf"[.!?…][\"’”»)]*\s+\S|[。！？][{_CJK_CLOSE}]*\S")
#: Characters of the scripts written without spaces (Han, kana, Hangul, full-width forms):
#: one says about what half a word of a Latin script says (a Chinese word is 1.5 characters
#: on average, an English one 6 with its space), so each counts as three characters towards
#: PROSE_CHARS: a sentence of 27 Chinese characters is a paragraph, "发表评论" a label.
_WIDE = patterns.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff01-\uff60]")


def ends_sentence(text: str) -> bool:
    """True when the line ends the way sentences end ("… today.", "… ?»")."""
    return bool(_SENTENCE_END.search(clean(text)))


@lru_cache(maxsize=1 << 16)
def is_prose(text: str) -> bool:
    """A long line of sentences: the stuff articles and comments are made of."""
    t = clean(text)
    return prose_length(t) >= PROSE_CHARS and (ends_sentence(t) or bool(_SENTENCE_INSIDE.search(t)))


def prose_length(text: str) -> int:
    """The line's length as prose: characters of the scripts without spaces count three times."""
    return len(text) if len(text) >= PROSE_CHARS or text.isascii() else len(text) + 2 * len(_WIDE.findall(text))


def first_prose(lines: Lines, start: int = 0) -> int | None:
    """Index of the first prose line at or after ``start``."""
    return next((k for k in range(start, len(lines)) if is_prose(lines[k].text)), None)
