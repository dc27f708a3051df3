"""The article in a page copy: where it is, its title, and its blocks.

Where: each line gets a weight — long prose lines pull, short lines and page furniture
push — and the article's core is the stretch of lines with the largest total (the
maximum-sum segment, as text-density extractors do on HTML blocks). The title is looked
for just above it; credits and notes just below it are kept with it.

Blocks: one line is one paragraph in a browser copy, so lines are classified one by one:
furniture → :class:`Boilerplate` with its kind, "- " items, bylines, credits, notes,
headings (short lines without a sentence's end, between paragraphs), quoted documents
(an opening « that runs over many lines), paragraphs. Then repetitions are marked.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from functools import lru_cache

from attrs import evolve

from threadkit import patterns
from threadkit.article.bylines import Byline, embed_credit, parse_byline
from threadkit.article.dates import find_date
from threadkit.article.furniture import furniture_kind, is_author_note, is_list_heading
from threadkit.article.prose import ends_sentence, is_prose
from threadkit.model import Block, Boilerplate, Heading, Quote, Text
from threadkit.segment.embedded import parse_source_line
from threadkit.segment.lines import Line, Lines, clean, is_blank, joined, span_of

#: How many non-blank lines above the core the title may stand.
TITLE_WINDOW = 12
#: Lines below the core that may still be the article's (credit, note, closing).
TAIL_WINDOW = 3
MAX_HEADING_CHARS = 150
MAX_TITLE_CHARS = 250
#: Paragraphs at least this long are compared for repetitions; shorter ones repeat innocently.
MIN_DUPLICATE_CHARS = 60
DUPLICATE_RATIO = 0.8
#: A repetition is looked for among this many paragraphs before it (pasting slips repeat
#: what is near; comparing with every earlier paragraph would be quadratic).
DUPLICATE_WINDOW = 30
#: difflib's matcher compares each token with every equal token of the other paragraph:
#: on paragraphs of a few repeated tokens ("> > > …", 160 KB) that is quadratic. Past this
#: many comparisons per token, :func:`trigram_ratio` judges instead; corpus paragraphs
#: need at most 1.1 per token, so their results are difflib's.
MAX_DIFF_WORK_PER_TOKEN = 16
#: A glued repetition is at least this long ("… communiqué.accroître … communiqué.").
MIN_GLUED_CHARS = 20
#: Lines up to this long are searched for a glued repetition by comparing slices (fast in
#: C, but quadratic); longer ones in linear time.
MAX_SLICED_CHARS = 4096

LIST_ITEM = patterns.compile(r"^\s*(?:[-•*–·▪►✓]\s+|\d{1,2}[.)]\s+)\S")
CREDIT = patterns.compile(
    r"^(?:(?:Avec|With|Mit|Con|Met)\s+(?:l['’]|la |le |les |the |der |dem )?(?:AFP|AP|Reuters|Associated Press|dpa|Belga|ANSA|EFE|"
    r"Agence France-Presse|agences?|Agenturen|news agencies|[A-Z][\w.-]{1,30}(?: [A-Z][\w.-]{1,30}){0,2})|"
    r"\(?(?:AFP|AP|Reuters|dpa|Belga|ANSA|EFE)\)?|\[?(?:Sources?|Quelle|Fuente|Crédits?|Credits?)\s*:.{1,100}\]?|"
    r"(?:Mit Material von|Material from|Additional reporting by|Reporting by|Édité par|Edited by)\b.{1,80})\.?$"
)
NOTE = patterns.compile(r"^\((?:[^()]{2,120})\)\.?$")
_QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"'}
#: "Paris, 6 janvier 2026." — the place and date that close a declaration or a letter.
CLOSING = patterns.compile(r"^[A-ZÀ-Ý][\w' -]{1,40},\s*(?:le\s+)?.{4,40}\d{4}\.?$")
#: A quoted document runs at most this many lines without its closing mark.
MAX_QUOTE_LINES = 200


@lru_cache(maxsize=1 << 16)
def line_weight(text: str) -> float:
    """How much a line pulls the article's core towards it (negative: pushes away)."""
    if is_blank(text):
        return 0.0
    t = clean(text)
    if furniture_kind(t) or is_author_note(t):
        return -3.0
    if is_prose(t):
        return min(len(t) / 80, 5.0)
    if len(t) >= 40 and ends_sentence(t):
        return 0.5
    if len(t) < 30:
        return -0.6
    return -0.2


def find_core(lines: Lines, stop: int) -> tuple[int, int] | None:
    """(first, last) indexes of the maximum-weight stretch of lines before ``stop``."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for k in range(stop):
        w = line_weight(lines[k].text)
        if total <= 0 and w > 0:
            total, start = 0.0, k
        total += w
        if total > best:
            best, best_span = total, (start, k)
        if total < 0:
            total = 0.0
    return best_span


def is_byline(text: str) -> Byline | None:
    """A byline of the article ("von David · 18. Oktober 2019", "By Evan Symon, August 14")."""
    t = clean(text)
    if len(t) > 160 or is_prose(t):
        return None
    b = parse_byline([Line(0, text)], 0)
    if b is not None and (b.shape in ("by", "by-date", "date", "date-name", "dateline") or (b.footer and b.author)):
        return b
    return None


def _title_like(text: str) -> bool:
    t = clean(text)
    return 8 <= len(t) <= MAX_TITLE_CHARS and not t.endswith((".", ",", ";", ":")) and len(t.split()) >= 2 and furniture_kind(t) is None


def find_title(lines: Lines, core_start: int, floor: int = 0) -> int | None:
    """Index of the title above the core: title-like, close, repeated elsewhere on the page
    (menus and "thoughts on “…”" headings repeat it), followed by a byline."""
    candidates = []
    seen = 0
    k = core_start - 1
    while k >= floor and seen < TITLE_WINDOW:
        text = lines[k].text
        if is_blank(text):
            k -= 1
            continue
        seen += 1
        if _title_like(text) and not is_byline(text) and not find_date(clean(text)):
            t = clean(text)
            score = 1.0 - 0.25 * (seen - 1)
            if len(t) >= 15 and any(t in clean(lines[j].text) for j in range(len(lines)) if j != k and not is_blank(lines[j].text)):
                score += 2.0
            if len(t.split()) >= 3:
                score += 0.5
            if any(is_byline(lines[j].text) for j in range(k + 1, min(k + 4, core_start + 1))):
                score += 1.0
            candidates.append((score, -seen, k))
        k -= 1
    return max(candidates)[2] if candidates else None


def _quote_end(lines: Lines, i: int, limit: int) -> int | None:
    """Index after a quoted document opening at ``i`` («… over several lines), or None.

    Never past ``limit``: below it are the comments, and a quote reaching into them
    claimed their lines a second time.
    """
    t = clean(lines[i].text)
    opener = t[:1]
    closer = _QUOTE_PAIRS.get(opener)
    if closer is None or closer in t[1:]:
        return None
    last_closing = None
    k = i + 1
    limit = min(limit, i + MAX_QUOTE_LINES)
    blank_run = 0
    while k < limit:
        text = clean(lines[k].text)
        if not text:
            blank_run += 1
            if blank_run >= 2:
                break
            k += 1
            continue
        blank_run = 0
        if closer in text and not text.startswith(opener):
            return k + 1
        if CLOSING.match(text) and find_date(text):
            last_closing = k
        if furniture_kind(text):
            break
        k += 1
    if last_closing is not None:
        return last_closing + 1
    return None


def _heading_like(text: str) -> bool:
    t = clean(text)
    if not (2 <= len(t) <= MAX_HEADING_CHARS) or ends_sentence(t) and not t.endswith("?"):
        return False
    if t[0].islower() or t.endswith((",", "-", "–")) or len(t.split()) > 20:
        return False
    return furniture_kind(t) is None and not LIST_ITEM.match(t) and not CREDIT.match(t)


def _next_content(lines: Lines, i: int, stop: int) -> int | None:
    for k in range(i, stop):
        if not is_blank(lines[k].text):
            return k
    return None


def classify(lines: Lines, start: int, stop: int, limit: int | None = None, quotes: bool = True) -> list[Block]:
    """The blocks of lines[start:stop] (an article body, or a quoted document's content).

    A quoted document opening before ``stop`` may run past it, up to ``limit`` (where the
    comment section starts; the end of the page by default).
    """
    blocks: list[Block] = []
    i = start
    while i < stop:
        line = lines[i]
        if is_blank(line.text):
            i += 1
            continue
        t = clean(line.text)
        one = [line]
        kind = furniture_kind(t)
        if kind:
            blocks.append(Boilerplate(text=line.text, span=span_of(one), kind=kind))
            i += 1
            continue
        end = _quote_end(lines, i, len(lines) if limit is None else limit) if quotes else None
        if end is not None and end - i > 1:
            body = lines[i:end]
            inner = classify(lines, i, end, quotes=False)
            if inner and isinstance(inner[0], Text) and len(clean(inner[0].text)) <= MAX_TITLE_CHARS:
                inner[0] = Heading(text=inner[0].text, span=inner[0].span, kind="title", level=1)
            blocks.append(Quote(text=joined(body), span=span_of(body), blocks=tuple(inner), kind="document"))
            i = end
            continue
        nxt = _next_content(lines, i + 1, stop)
        if LIST_ITEM.match(t):
            blocks.append(Text(text=line.text, span=span_of(one), kind="list-item"))
        elif CREDIT.match(t) or embed_credit(t):
            blocks.append(Text(text=line.text, span=span_of(one), kind="credit"))
        elif NOTE.match(t):
            blocks.append(Text(text=line.text, span=span_of(one), kind="note"))
        elif CLOSING.match(t) and find_date(t) and nxt is None:
            blocks.append(Text(text=line.text, span=span_of(one), kind="closing"))
        elif is_byline(line.text) or parse_source_line(t):
            blocks.append(Text(text=line.text, span=span_of(one), kind="byline"))
        elif _heading_like(t) and nxt is not None and not _heading_like(lines[nxt].text):
            blocks.append(Heading(text=line.text, span=span_of(one), kind="section", level=2))
        else:
            blocks.append(Text(text=line.text, span=span_of(one), kind="paragraph"))
        i += 1
    return blocks


def _similar(a: str, b: str) -> bool:
    if min(len(a), len(b)) < MIN_DUPLICATE_CHARS or abs(len(a) - len(b)) > 0.3 * max(len(a), len(b)):
        return False
    ta, tb = a.split(), b.split()
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    # the quick upper bounds rule out most pairs before the full comparison
    if matcher.real_quick_ratio() < DUPLICATE_RATIO or matcher.quick_ratio() < DUPLICATE_RATIO:
        return False
    if diff_work(matcher, ta) > MAX_DIFF_WORK_PER_TOKEN * (len(ta) + len(tb)):
        return trigram_ratio(ta, tb) >= DUPLICATE_RATIO
    return matcher.ratio() >= DUPLICATE_RATIO


def diff_work(matcher: difflib.SequenceMatcher, a: list[str]) -> int:
    """How many token pairs the matcher's longest-match search visits: each token of ``a``
    against every equal token of the other sequence."""
    b2j = matcher.b2j
    return sum(len(b2j.get(t, ())) for t in a)


def trigram_ratio(a: list[str], b: list[str]) -> float:
    """Similarity of two token sequences in linear time: the share of word trigrams (with
    repeats) they have in common, so that order counts as in difflib's ratio."""
    ga = Counter(zip(a, a[1:], a[2:]))
    gb = Counter(zip(b, b[1:], b[2:]))
    total = sum(ga.values()) + sum(gb.values())
    return 2 * sum((ga & gb).values()) / total if total else 1.0


def glued_repeat(text: str) -> int | None:
    """Where a repetition glued onto the end of ``text`` starts, or None.

    "… des sanctions pour accroître les chances d'une solution diplomatique », indique le
    communiqué.accroître les chances d'une solution diplomatique », indique le communiqué."
    ends with a copy of the words before it: the longest tail that the text before it also ends with.
    """
    t = text.rstrip()
    n = len(t)
    if n > MAX_SLICED_CHARS:
        return _glued_repeat_linear(t)
    for size in range(n // 2, MIN_GLUED_CHARS - 1, -1):
        if t[n - 2 * size: n - size] == t[n - size:]:
            return n - size
    return None


def _glued_repeat_linear(t: str) -> int | None:
    """:func:`glued_repeat` in linear time (its slice comparisons are quadratic on a
    line of megabytes): ``t`` ends with a copy of the ``size`` characters before it when
    the reversed text's prefix of that size recurs at ``size`` (its Z-array says so)."""
    z = z_array(t[::-1])
    n = len(t)
    for size in range(n // 2, MIN_GLUED_CHARS - 1, -1):
        if z[size] >= size:
            return n - size
    return None


def z_array(s: str) -> list[int]:
    """z[k]: the length of the longest common prefix of ``s`` and ``s[k:]`` (z[0] = len(s))."""
    n = len(s)
    z = [0] * n
    if n:
        z[0] = n
    left = right = 0
    for k in range(1, n):
        if k < right:
            z[k] = min(right - k, z[k - left])
        while k + z[k] < n and s[z[k]] == s[k + z[k]]:
            z[k] += 1
        if k + z[k] > right:
            left, right = k, k + z[k]
    return z


def mark_repetitions(blocks: list[Block]) -> list[Block]:
    """Mark paragraphs that repeat an earlier one (``duplicate_of``) and cut glued repeats
    out of a paragraph's text into a fragment."""
    out: list[Block] = []
    kept: list[Text] = []
    for block in blocks:
        if isinstance(block, Text) and block.kind == "paragraph":
            t = clean(block.text)
            original = next((k for k in kept[-DUPLICATE_WINDOW:] if _similar(clean(k.text), t)), None)
            if original is not None:
                block = evolve(block, duplicate_of=original.span)
            else:
                cut = glued_repeat(block.text) if "\n" not in block.text else None
                if cut is not None:
                    fragment = Text(text=block.text.rstrip()[cut:], span=block.span, kind="duplicate-fragment", duplicate_of=block.span)
                    block = evolve(block, text=block.text[:cut], fragments=(fragment,))
                kept.append(block)
        out.append(block)
    return out


def name_parts(blocks: list[Block], titled: bool) -> list[Block]:
    """Name the lead (the first paragraph under a title) and the subtitle (a heading
    before the body's first paragraph)."""
    out = list(blocks)
    texts = [k for k, b in enumerate(out) if isinstance(b, Text) and b.kind == "paragraph"]
    if titled and len(texts) >= 2:
        first = texts[0]
        before = out[:first]
        if not any(isinstance(b, Heading) for b in before) and len(clean(out[first].text)) <= 600:
            out[first] = evolve(out[first], kind="lead")
            texts = texts[1:]
    body_start = texts[0] if texts else len(out)
    for k in range(body_start):
        if isinstance(out[k], Heading) and out[k].kind == "section":
            out[k] = evolve(out[k], kind="subtitle", level=1)
    return out


def article_byline(blocks: list[Block]) -> tuple[Byline | None, Block | None]:
    """The first byline of the article and its block."""
    for block in blocks:
        if isinstance(block, Text) and block.kind == "byline":
            b = is_byline(block.text)
            if b is not None:
                return b, block
            source = parse_source_line(block.text)
            if source is not None:
                m = re.match(r"^(?:Par|By|Von|Por|Di|Door|De)\s+([^,]{2,80}),", clean(block.text), re.I)
                return Byline(0, 0, m.group(1).strip() if m else None, 0, find_date(clean(block.text)), 0, False, "source"), block
    return None, None


def span_blocks(lines: Lines, indexes: list[int], kind_of) -> list[Boilerplate]:
    """Page boilerplate for the given line indexes: runs of neighbouring lines of one kind."""
    blocks: list[Boilerplate] = []
    run: list[Line] = []
    run_kind = None
    last = -2
    for k in indexes:
        if is_blank(lines[k].text):
            continue
        kind = kind_of(lines[k].text)
        if run and (kind != run_kind or k != last + 1):
            blocks.append(Boilerplate(text=joined(run), span=span_of(run), kind=run_kind))
            run = []
        run.append(lines[k])
        run_kind = kind
        last = k
    if run:
        blocks.append(Boilerplate(text=joined(run), span=span_of(run), kind=run_kind))
    return blocks


def page_kind(text: str) -> str:
    """The kind of a page line outside the article and comments."""
    if kind := furniture_kind(text):
        return kind
    if is_list_heading(text):
        return "related-links"
    if is_author_note(text):
        return "author-bio"
    return "navigation" if len(clean(text)) < 60 else "other"


def tail_end(lines: Lines, last: int, stop: int) -> int:
    """Index after the article: the core's last line, plus credits, notes and a closing
    line just below it."""
    end = last + 1
    seen = 0
    for k in range(last + 1, stop):
        text = lines[k].text
        if is_blank(text):
            continue
        seen += 1
        if seen > TAIL_WINDOW:
            break
        t = clean(text)
        if furniture_kind(t):
            break
        if CREDIT.match(t) or NOTE.match(t) or (CLOSING.match(t) and find_date(t)) or is_byline(text) or embed_credit(t):
            end = k + 1
            continue
        nxt = _next_content(lines, k + 1, stop)
        if nxt is not None and embed_credit(lines[nxt].text):
            continue  # an embedded post's text, its credit below it
        break
    return end


__all__ = [
    "article_byline", "classify", "find_core", "find_title", "glued_repeat", "mark_repetitions",
    "name_parts", "page_kind", "span_blocks", "tail_end",
]
