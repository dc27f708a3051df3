"""Quoted text → :class:`Quote` blocks: '>' runs with nesting, attribution lines, inline
« ... » and << ... >> quotes, and Outlook-style "-----Original Message-----" headers.
"""

from __future__ import annotations

import re
from typing import Callable

from threadkit import patterns
from threadkit.lang import alternation
from threadkit.model import Quote, Span
from threadkit.segment.attribution import INTRO_WORDS, cite, is_attribution
from threadkit.segment.boilerplate import trailing_footer_start
from threadkit.segment.cues import ANY, ATTRIBUTION, BAR_QUOTE, BLANK_KIND, QUOTED_KIND, WRAPPED_ATTRIBUTION, kinds_pattern
from threadkit.segment.lines import MAX_MARKER_INDENT, BodyLines, is_bar_quoted, Lines, body_lines, fold, joined, next_nonblank, number_of, quote_depth, span_of, text_of

#: Deeper '>' nesting than this is kept flat inside the deepest quote (a line of 700,000
#: '>' must not recurse 700,000 times); the segmenter's default ``max_depth``.
MAX_DEPTH = 16
#: Blank lines an attribution may stand above its '>' lines.
ATTRIBUTION_GAP = 3
#: An inline « quote may run over at most this many non-blank lines before its ».
MAX_INLINE_LINES = 12

#: "-----Original Message-----", also with the header glued to it on the same line
#: ("-------- Original message --------From: Jane <j@x.com> Date: ...", as some Android
#: clients' plain text comes).
ORIGINAL = patterns.compile(
    rf"^-{{2,}}\s*{alternation('original_message_labels', 'forwarded_message_labels')}\s*-*(?:\s?{alternation('header_from_labels')}\s?:.*)?$", re.I)
HEADER_FROM = patterns.compile(rf"^\*?{alternation('header_from_labels')}\s?\*?\s?:\s?\*?\s?\S", re.I)


# The patterns only an original-message header reads, compiled the first time one is read: at
# import they were 12 M instructions of every run (most mail quotes no Outlook header).

#: A "-----Forwarded message-----" marker (an :data:`ORIGINAL` that opens a forward).
_forwarded = patterns.lazy(lambda: rf"^-{{2,}}\s*{alternation('forwarded_message_labels')}", re.I)


#: A header block's line below its "From:" ("Sent:", "To:", "Subject:" ...).
_header_next = patterns.lazy(lambda: rf"^\*?{alternation('header_labels')}\s?\*?\s?:", re.I)


#: A time or a year, as a header block's date line writes it in any language.
_header_date = patterns.lazy(r"\d{1,2}[:h.]\d{2}(?!\d)|(?<!\d)(?:19|20)\d{2}(?!\d)")


def strip_marker(text: str) -> str:
    """The line with one level of '>' (and the space after it) removed: the marker
    :func:`~threadkit.segment.lines.quote_depth` counts first, with the spaces before it."""
    if text[:1] == ">":  # the common case, without the general one's steps
        return text[2:] if text[1:2] in (" ", "\u00a0") else text[1:]
    s = text[1:] if text.startswith("\\>") else text
    m = _FIRST_MARKER.match(s)
    return s[m.end():] if m else s


def strip_bar(text: str) -> str:
    """The line without its quoting bar and the space after it ("| text" → "text")."""
    s = text.lstrip()
    return s[2:] if s[1:2] in (" ", "\u00a0") else s[1:]


#: What fold() makes a plain space (see threadkit.segment.lines): the indentation a marker may
#: stand after.
_SPACE_CHARS = " \t\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000"
_FIRST_MARKER = patterns.compile(rf"[{_SPACE_CHARS}]{{0,{MAX_MARKER_INDENT}}}>[ \u00a0]?")


def _quote_run_end(lines: BodyLines, i: int) -> int:
    """Index after the '>' run starting at ``i`` (blank lines inside it are kept)."""
    depths, blank, n = lines.quote_depth, lines.blank, len(lines)
    if lines.kinds is not None:
        # the segmenter's view: the run stops at the first line neither quoted nor blank, found
        # by a search of the lines' kinds (a Python step per quoted line was a tenth of the
        # segmenter's time on quote-heavy bodies)
        found = _RUN_BREAK.search(lines.kinds, i)
        end = found.start() if found is not None else n
        while blank[end - 1]:
            end -= 1
        return end
    end = k = i
    while k < n:
        if depths[k] > 0:
            end = k = k + 1
        elif blank[k]:
            k += 1
        else:
            break
    return end


#: The kinds (cues.kind_of) of the lines that end a '>' run: neither quoted nor blank.
_RUN_BREAK = kinds_pattern(lambda bits: not bits & (BLANK_KIND | QUOTED_KIND))


def no_content(lines: Lines, depth: int = 1) -> tuple:
    """A segmenter that builds nothing: pass it to a rule to ask only whether (and how far)
    the rule matches. A quote's content is segmented only for the block that is kept."""
    return ()


def make_quote(head: Lines, body: Lines, segment: Callable, depth: int, kind: str = "reply", marked: bool = True,
               strip: Callable[[str], str] | None = None) -> Quote:
    """A quote of ``body`` under its attribution ``head`` (may be empty).

    ``text`` keeps the lines verbatim; ``blocks`` is the content segmented again one level
    down — with one level of '>' removed when the lines are ``marked`` (a top-posted reply
    or a forwarded message carries no markers), or with ``strip`` applied to each line
    (:func:`strip_bar` for a quote marked with bars).
    """
    texts = list(map(text_of, body))
    body_text = "\n".join(texts)
    if segment is no_content:
        blocks = ()  # a probe: the quote is only asked for, its content is not built
    elif body:
        if strip is not None:
            texts = list(map(strip, texts))
        elif marked:
            texts = without_marker(texts)
        # The content's lines as plain (number, text) pairs, Line's layout (the rules read
        # a line's parts by index): zip makes them in C, where a Line, a tuple subclass, cost
        # 2,600 instructions to make and free (tuple.__new__), 3.6 times a pair's, at every
        # line of every quote level (7 % of segmenting the gg-mbox bodies). The texts go
        # along, so the segmenter does not read them out of the pairs again.
        blocks = segment(list(zip(map(number_of, body), texts)), depth=depth + 1, texts=texts)  # () below the segmenter's max_depth
    else:
        blocks = ()
    head_text = joined(head) if head else None
    return Quote(
        text=body_text if head_text is None else (head_text + "\n" + body_text if body else head_text),
        span=Span(head[0][0] if head else body[0][0], body[-1][0] if body else head[-1][0]),
        blocks=blocks,
        kind=kind,
        attribution=head_text,
        attribution_span=span_of(head) if head else None,
        # parsed for the quote that is kept, not for a probe's (see no_content)
        cited=cite(head_text) if head_text and segment is not no_content else None,
        depth=depth,
    )


def without_marker(texts: list[str]) -> list[str]:
    """:func:`strip_marker` of each of ``texts``, its common case (a '>' first) inlined: a
    Python step per line costs less than passes of ``str.replace`` over the quote's whole
    text (ten passes, each reading and copying every character), which cost a tenth of a
    pass over the gg-mbox bodies; a line of 700,000 '>' is copied once per level either way."""
    return [(text[2:] if text[1:2] in _SPACE_AFTER else text[1:]) if text[:1] == ">" else strip_marker(text) if text else text for text in texts]


#: What strip_marker takes off after a marker.
_SPACE_AFTER = (" ", "\u00a0")


def marker_quote_rule(lines: Lines, i: int, segment: Callable, depth: int):
    """A run of '>' lines."""
    lines = body_lines(lines)
    if lines.quote_depth[i] == 0:
        return None
    end = _quote_run_end(lines, i)
    return make_quote((), lines[i:end], segment, depth), end


def bar_quote_rule(lines: Lines, i: int, segment: Callable, depth: int):
    """A run of lines quoted with a bar ("| text"), standing apart from the text above it."""
    lines = body_lines(lines)
    if not _is_bar(lines, i) or lines.per_line(_set_in_text)[i]:
        return None
    end = _bar_run_end(lines, i)
    return make_quote((), lines[i:end], segment, depth, strip=strip_bar), end


def _is_bar(lines: BodyLines, k: int) -> bool:
    return bool(lines.cues[k] & BAR_QUOTE) and is_bar_quoted(lines.texts[k], lines.cleaned[k])


def _bar_run_end(lines: BodyLines, i: int) -> int:
    """Index after the run of bar lines starting at ``i`` (blank lines inside it are kept)."""
    end = k = i
    while k < len(lines):
        if lines.blank[k]:
            k += 1
        elif _is_bar(lines, k):
            end = k = k + 1
        else:
            break
    return end


def _set_in_text(lines: BodyLines, i: int) -> bool:
    """Whether the bar line ``i`` belongs to a run of bar lines right under a line of text:
    such a run is set in that text (the tags a bot asks to copy, "| Reported-by: ..."); a bar
    quote stands apart, or under its attribution. Each line's answer is kept, so a long run
    asks each line once."""
    known = lines.per_line(_set_in_text)
    j = i
    while j and not lines.blank[j - 1] and _is_bar(lines, j - 1):
        if j - 1 in known:
            return known[j - 1]
        j -= 1
    return bool(j) and not lines.blank[j - 1]


#: Lines a wrapped attribution may take ("On Nov 21, 2014,\nat 10:18,\nJohn <j@x.com> wrote:").
MAX_ATTRIBUTION_LINES = 3
#: Longest line of a wrapped attribution.
MAX_WRAPPED_LENGTH = 200


def _attribution_lines(lines: BodyLines, i: int) -> int | None:
    """How many lines the attribution at ``i`` takes (1, or up to 3 when a client wrapped it)."""
    cues = lines.cues[i]
    # a worked-out ATTRIBUTION cue is the parser's own answer on this text
    if cues & ATTRIBUTION and (cues != ANY or is_attribution(lines.texts[i])):
        return 1
    if not cues & WRAPPED_ATTRIBUTION or len(lines.texts[i]) > MAX_WRAPPED_LENGTH or lines.cleaned[i].endswith(":"):
        return None
    for extra in range(1, MAX_ATTRIBUTION_LINES):
        k = i + extra
        if k >= len(lines) or lines.blank[k] or len(lines.texts[k]) > MAX_WRAPPED_LENGTH:
            return None
        if lines.cleaned[k].endswith(":"):
            # only now the wrapped lines are joined: most lines have no ':' line below them
            text = " ".join(fold(lines.texts[j]).strip() for j in range(i, k + 1))
            first = lines.cleaned[i]
            # An attribution starts at its intro word: a line above the one that holds it
            # ("Sent from TypeApp<http://...>" over "On Jun 17, 2017, at 14:15, X <x@y<")
            # is not part of it.
            if not INTRO_WORDS.match(first) and any(INTRO_WORDS.match(lines.cleaned[j]) for j in range(i + 1, k + 1)):
                return None
            # the cheap test first: parsing the joined lines is the costly one
            return extra + 1 if (INTRO_WORDS.match(first) or _DIGIT.search(first)) and is_attribution(text) else None
    return None


_DIGIT = patterns.compile(r"\d")


def attribution_rule(lines: Lines, i: int, segment: Callable, depth: int):
    """An attribution line and what it introduces: the '>' run below it, or (with no
    markers, as Gmail and Outlook quote) everything to the end of the body."""
    lines = body_lines(lines)
    n_attr = _attribution_lines(lines, i)
    if n_attr is None:
        return None
    head = lines[i:i + n_attr]
    k = next_nonblank(lines, i + n_attr, ATTRIBUTION_GAP + 1)
    if k is not None and lines.quote_depth[k] > 0:
        end = _quote_run_end(lines, k)
        return make_quote(head, lines[i + n_attr:end], segment, depth), end
    if k is not None and _is_bar(lines, k):
        end = _bar_run_end(lines, k)
        return make_quote(head, lines[i + n_attr:end], segment, depth, strip=strip_bar), end
    end = _plain_quote_end(lines, i + n_attr)
    return make_quote(head, lines[i + n_attr:end], segment, depth, marked=False), max(end, i + n_attr)


def _plain_quote_end(lines: BodyLines, start: int) -> int:
    """Where a quote without markers ends: before the body's closing list footer, or at
    its last non-blank line."""
    end = trailing_footer_start(lines, start)
    if end is None:
        end = len(lines)
    while end > start and lines.blank[end - 1]:
        end -= 1
    return end


def original_message_rule(lines: Lines, i: int, segment: Callable, depth: int):
    """"-----Original Message-----" or a "From: / Sent:" header block: a quote to the end."""
    lines = body_lines(lines)
    text = lines.cleaned[i]
    # both openings need a "--" or a ':' (most lines have neither)
    if not text.startswith("-") and ":" not in text:
        return None
    head_end = None
    kind = "reply"
    if ORIGINAL.match(text):
        head_end = i + 1
        kind = "forward" if _forwarded().match(text) else "reply"
        # the header lines that follow the marker belong to the attribution
        k = head_end
        header_next = _header_next().match
        while k < len(lines) and (HEADER_FROM.match(lines.cleaned[k]) or header_next(lines.cleaned[k])):
            head_end = k = k + 1
    elif HEADER_FROM.match(text) and len(text) < 300:
        k = i + 1
        if k < len(lines) and lines.cleaned[k].startswith("<") and "@" in lines.texts[k]:
            k += 1  # Outlook wraps a long From: address onto the next line
        header_next = _header_next().match
        while k < len(lines) and k <= i + 5 and header_next(lines.cleaned[k]):
            k += 1
        if k - i < 3:  # From: plus at least two more header lines
            return None
        header_date = _header_date().search
        if not any(header_date(lines.cleaned[j]) for j in range(i, k)):
            # a client's header block dates the message ("Sent: ... 18:27", "Date: 7/1/2026");
            # "From: / To: / Subject:" lines without a date are pasted into the author's own
            # text (as evidence, an example), not a quoted message
            return None
        head_end = k
    else:
        return None
    end = _plain_quote_end(lines, head_end)
    return make_quote(lines[i:head_end], lines[head_end:end], segment, depth, kind, marked=False), max(end, head_end)


_OPEN = ("<<", "«", "“", '"')
#: What a line must start with to be an inline quote.
INLINE_OPENERS = _OPEN[:2]
_CLOSE = {"<<": ">>", "«": "»", "“": "”", '"': '"'}


def inline_quote_rule(lines: Lines, i: int, segment: Callable, depth: int):
    """A paragraph wholly inside << ... >> or « ... » (possibly over several lines)."""
    lines = body_lines(lines)
    first = lines.cleaned[i]
    if not first.startswith(INLINE_OPENERS):
        return None
    opener = next(o for o in INLINE_OPENERS if first.startswith(o))
    closer = _CLOSE[opener]
    seen = 0
    for k in range(i, len(lines)):
        text = lines.cleaned[k]
        if not text:
            continue
        seen += 1
        if seen > MAX_INLINE_LINES:
            return None
        body = text[len(opener):] if k == i else text
        if closer in body[:-len(closer)] and k == i and opener == "«":
            return None  # « a few words » then prose: a quotation inside text
        if text.endswith(closer) or text.endswith(closer + "."):
            block = lines[i:k + 1]
            return Quote(text=joined(block), span=span_of(block), blocks=(), kind="inline", depth=depth), k + 1
        if k > i and (text.startswith(opener) or closer in text):
            return None
    return None
