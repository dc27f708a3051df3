"""schema.org ``Comment`` objects in a page's JSON-LD → comments, or facts of the comments shown.

Pages list their comments in JSON-LD (``"comment": [{"@type": "Comment", "author": …,
"dateCreated": …, "text": …, "comment": [replies]}]``), and may or may not show them too:

* a page that draws them with a script shows none in a saved copy: they are read from the
  JSON. Their posts span the script's lines and are marked ``comment_markup: json-ld``; their
  text is no visible text of the page (a script is skipped), so the lossless check
  (:mod:`threadkit.html.coverage`) leaves them out;
* a page that shows them gives each comment once, from its markup, as shown. The JSON adds
  what the markup lacks (:func:`matches` pairs them by text): the date, the author, and the
  comment a reply answers. Comments shown in markup no finder recognises (plain paragraphs)
  are found by their JSON text (:func:`shown_comments`, ``comment_markup: json-ld-shown``).
"""

from __future__ import annotations

import attrs

from bisect import bisect_right

from threadkit.html.blocks import block_element
from threadkit.html.comments import Comment
from threadkit.html.meta import iso_date, person_name
from threadkit.html.page import Page, TextIndex
from threadkit.model import Span

#: How a post read from JSON-LD is marked (``comment_markup`` metadata).
TIER = "json-ld"
#: How a comment is marked that the page shows in markup found by its JSON-LD text.
SHOWN_TIER = "json-ld-shown"
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


def ld_comments(scripts, line_count: int) -> list[LdComment]:
    """Every comment the page's JSON-LD lists (``scripts``: :func:`threadkit.html.meta.ld_scripts`),
    replies after the comment they answer."""
    out: list[LdComment] = []
    for script, objects in scripts:
        span = None
        for item in objects:
            if "comment" in _types(item) or item.get("comment"):
                span = span or _script_span(script, line_count)
                _walk([item] if "comment" in _types(item) else _replies(item), None, span, out)
    return out


def squeezed(text: str) -> str:
    """The text without its whitespace (pages and JSON lay a comment's text out differently)."""
    return "".join(text.split())


def shown_keys(comments: list[LdComment]) -> list[str]:
    """What each comment's text starts with, squeezed: found in the page's text, it is shown."""
    return [squeezed(c.text)[:SHOWN_PREFIX] for c in comments]


def unshown(comments: list[LdComment], visible: str) -> list[LdComment]:
    """The comments, unless the page shows them (``visible``: its text, whitespace removed)."""
    if not comments:
        return comments
    shown = sum(key in visible for key in shown_keys(comments))
    return [] if shown * 2 >= len(comments) else comments


def matches(comments: list[LdComment], texts: list[str]) -> list[int | None]:
    """For each comment, the index of the first of ``texts`` (comment posts' own text,
    squeezed, in page order) that shows it, each text matched once; None when none does."""
    taken: set[int] = set()
    out: list[int | None] = []
    for key in shown_keys(comments):
        found = next((k for k, text in enumerate(texts) if k not in taken and key and key in text), None)
        if found is not None:
            taken.add(found)
        out.append(found)
    return out


#: A comment found by its text is an element holding at most this many times its text
#: (and :data:`SLACK` characters: a name, a date, a reply link), not a wrapper of the page.
GROWTH = 2
SLACK = 200


def shown_comments(page: Page, comments: list[LdComment], text: TextIndex) -> list[Comment]:
    """The elements showing the JSON-LD comments, as comments (their facts come from the JSON
    later: :func:`matches`), when the page shows at least half of them; else none.

    Each comment's text is looked up in the page's visible text (squeezed): the block element
    where it starts, widened to where it ends."""
    if not comments:
        return []
    nodes = page.nodes
    starts, pieces = [], []
    at = 0
    for node in nodes:
        starts.append(at)
        piece = squeezed(node.text)
        pieces.append(piece)
        at += len(piece)
    visible = "".join(pieces)
    found: list = []
    for c, key in zip(comments, shown_keys(comments)):
        first = visible.find(key) if key else -1
        if first < 0 or visible.find(key, first + 1) >= 0:  # (not shown, or shown twice: no one place)
            continue
        whole = squeezed(c.text)
        last = first + len(whole) - 1 if visible.startswith(whole, first) else first + len(key) - 1
        a, b = bisect_right(starts, first) - 1, bisect_right(starts, last) - 1
        el = block_element(nodes[a])
        while el is not None and not page.extent.get(el, (0, 0))[0] <= b < page.extent.get(el, (0, 0))[1]:
            el = el.getparent()
        if el is not None and el not in found and text(el) <= GROWTH * len(whole) + SLACK:
            found.append(el)
    if not found or len(found) * 2 < len(comments):
        return []
    found.sort(key=lambda el: (page.extent[el][0], -page.extent[el][1]))  # (document order)
    return [Comment(el, tier=SHOWN_TIER) for el in found]
