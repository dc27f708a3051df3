"""schema.org ``Comment`` objects in a page's JSON-LD → comments a browser does not show.

Some pages list their comments only in JSON-LD (``"comment": [{"@type": "Comment", "author":
…, "dateCreated": …, "text": …, "comment": [replies]}]``) and draw them with a script, so a
saved copy shows none. Those comments are read from the JSON: their posts span the script's
lines and are marked ``comment_markup: json-ld``. Their text is no visible text of the page
(a script is skipped), so the lossless check (:mod:`threadkit.html.coverage`) leaves them out.
When the page also shows the comments, its markup is read instead and the JSON is not used.
"""

from __future__ import annotations

import json
import re

import attrs

from threadkit.html.meta import iso_date, ld_objects, person_name
from threadkit.model import Span

#: How a post read from JSON-LD is marked (``comment_markup`` metadata).
TIER = "json-ld"
#: A comment counts as shown when this much of its text's start is visible on the page.
SHOWN_PREFIX = 40


@attrs.frozen
class LdComment:
    """One JSON-LD comment: who, when, what, the comment it answers (an index), its lines."""

    author: str | None
    date: str | None
    date_raw: str | None
    text: str
    parent: int | None
    span: Span


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _replies(item: dict) -> list[dict]:
    value = item.get("comment")
    value = [value] if isinstance(value, dict) else value
    return [c for c in value or [] if isinstance(c, dict)]


def _text(item: dict) -> str:
    value = item.get("text") or item.get("description") or item.get("articleBody") or ""
    return value.strip() if isinstance(value, str) else ""


def _script_span(script, line_count: int) -> Span:
    first = min(max(script.sourceline or 1, 1), line_count)
    return Span(first, min(first + (script.text or "").count("\n"), line_count))


def _walk(items: list[dict], parent: int | None, span: Span, out: list[LdComment]) -> None:
    for item in items:
        if "comment" not in _types(item) and not _text(item):
            continue
        raw = item.get("dateCreated") or item.get("datePublished")
        raw = raw if isinstance(raw, str) else None
        text = _text(item)
        here = parent
        if text:
            out.append(LdComment(person_name(item.get("author")), iso_date(raw), raw, text, parent, span))
            here = len(out) - 1
        _walk(_replies(item), here, span, out)


def ld_comments(root, line_count: int) -> list[LdComment]:
    """Every comment the page's JSON-LD lists, replies after the comment they answer."""
    out: list[LdComment] = []
    if root is None:
        return out
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text or '"comment' not in script.text.lower():
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"))
        except ValueError:
            continue
        span = _script_span(script, line_count)
        for item in ld_objects(data):
            if "comment" in _types(item):
                _walk([item], None, span, out)
            else:
                _walk(_replies(item), None, span, out)
    return out


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unshown(comments: list[LdComment], visible: str) -> list[LdComment]:
    """The comments, unless the page shows them (``visible``: its text, whitespace removed)."""
    if not comments:
        return comments
    shown = sum(_squeezed(c.text)[:SHOWN_PREFIX] in visible for c in comments)
    return [] if shown * 2 >= len(comments) else comments
