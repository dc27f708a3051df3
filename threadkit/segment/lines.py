"""Numbered lines, the unit every segmentation rule reads, and the text helpers they share."""

from __future__ import annotations

import weakref
from itertools import chain
from operator import itemgetter
from typing import Callable, Iterable, NamedTuple, Sequence, TypeVar

from threadkit import patterns
from threadkit.model import Span
from threadkit.segment.cues import ANY

# Mail clients and web pages put no-break and thin spaces in dates and before French
# punctuation ("18:27 , X a écrit :" has U+00A0 and U+202F); rules match on folded text.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000\t"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Icon glyphs of web interfaces (Google Groups draws its buttons with U+E5D3 ...).
_PRIVATE_USE = patterns.compile("[\ue000-\uf8ff]")


class Line(NamedTuple):
    """A source line and its 1-based number."""

    no: int
    text: str


#: The lines a rule reads: :class:`Line` values, or plain ``(number, text)`` pairs in the same
#: layout (a quote's content, made by zip in C: see :func:`threadkit.segment.quotes.make_quote`),
#: so the segmentation code reads a line's parts by index (``line[0]``, ``line[1]``).
Lines = Sequence[Line]


# Chinese and Japanese text writes full-width forms of ASCII ("写道：", "发件人：", "谢谢！",
# "２０２６年"): they end an attribution or a header label as ':' does, so they match as ASCII.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD = {**_SPACES, **_INVISIBLE, **_FULL_WIDTH}  # disjoint keys: one pass does all


def fold(text: str) -> str:
    """Text with exotic spaces made plain and invisible characters removed, for matching."""
    # Every rule folds every line, so the common ASCII line skips the (slow) dict translate;
    # isascii() is O(1) in CPython.
    if text.isascii():
        return text.replace("\t", " ")
    return text.translate(_FOLD)


def clean(text: str) -> str:
    """Folded text without surrounding blanks, Markdown hard breaks or '\\>' escapes."""
    # fold() inlined: this runs once per distinct line of every body
    text = text.replace("\t", " ").strip() if text.isascii() else text.translate(_FOLD).strip()
    if "\\" not in text:
        return text
    if text.startswith("\\>"):
        text = text[1:]
    return text.replace("\\>", ">").replace("\\<", "<")


#: Spaces a quote marker may stand after: up to three, as CommonMark's block quotes (four
#: indent code, where "    >>> x" is a prompt). Mail clients indent the '>' runs of an
#: interleaved reply this way.
MAX_MARKER_INDENT = 3
# Deterministic (each repetition must consume a '>'), so linear in the line's length.
_MARKERS = patterns.compile(r" {0,3}>(?: ?>)*")


def more_markers(rest: str) -> int:
    """How many '>' markers open ``rest``, each after at most one space: what ``(?: ?>)*`` (the
    tail of :data:`_MARKERS`) matches, counted with string methods. The pattern pushes a state
    per repetition on the regex engine's stack, which grows by reallocation: on a line of 25,000
    "> " (run-of-gt-space) that was copying the stack over and over, a line of 2,500 grew it
    in place."""
    run = rest[:len(rest) - len(rest.lstrip(" >"))]  # the spaces and '>' that open it
    cut = run.find("  ")  # two spaces end the markers
    return (run if cut < 0 else run[:cut]).count(">")


def quote_depth(text: str) -> int:
    """How many '>' markers open a line ("> > x" and ">> x" are both 2); 0 for none.

    Reads the markers in one pass: what :data:`_MARKERS` matches (at most three spaces before
    the first marker, and one between markers). The run of '>' that opens the line is counted
    by ``str.lstrip`` and the pattern reads only what follows it: a line of 700,000 '>'
    (replies/github/email_long_quote.txt) at each of 16 quote levels took the pattern a step
    per character.
    """
    return marker_count(clean(text) if text[:2] in ("\\>", " \\") else fold(text))


def marker_count(s: str) -> int:
    """The quote depth of a folded line (see :func:`quote_depth`)."""
    start = len(s) - len(s.lstrip(" ")) if s[:1] == " " else 0
    if start > MAX_MARKER_INDENT or s[start:start + 1] != ">":
        return 0
    rest = s[start:].lstrip(">")
    run = len(s) - start - len(rest)
    return run + (more_markers(rest) if rest[:2] == " >" else 0)


def is_bar_quoted(text: str, cleaned: str) -> bool:
    """Whether a line is quoted with a bar, the way some clients and Usenet quote: '|' and a
    space, or a lone '|', at most :data:`MAX_MARKER_INDENT` spaces in (a table row opens and
    ends with '|': "| a | b |" is not quoted). Whether a run of such lines is a quote depends
    on the lines around (see :func:`threadkit.segment.quotes.bar_quote_rule`)."""
    return cleaned[:1] == "|" and (cleaned == "|" or (cleaned[1] == " " and cleaned[-1] != "|")) and len(text) - len(text.lstrip()) <= MAX_MARKER_INDENT


def _quote_depth(lines: "BodyLines", k: int) -> int:
    return quote_depth(lines.lines[k][1])


def is_blank(text: str) -> bool:
    """True for lines with nothing but spaces (of any kind)."""
    return not fold(text).strip()


def is_icon(text: str) -> bool:
    """True for lines holding nothing but interface icon glyphs."""
    stripped = fold(text).strip()
    return bool(stripped) and not _PRIVATE_USE.sub("", stripped).strip()


T = TypeVar("T")


class PerLine(dict):
    """One form of each line of a :class:`BodyLines`, by index, worked out the first time it is
    asked for: a dict (its look-ups run at C speed, which matters at a dozen per line) that
    fills itself. It refers to its lines weakly: a view and its forms referring to each other
    would be a cycle, freed only by the garbage collector instead of at the end of the call."""

    __slots__ = ("lines", "form")

    def __init__(self, lines: "BodyLines", form: Callable[["BodyLines", int], object]):
        super().__init__()
        self.lines, self.form = weakref.ref(lines), form

    def __missing__(self, k: int):
        value = self[k] = self.form(self.lines(), k)
        return value


def _text(lines: "BodyLines", k: int) -> str:
    return lines.lines[k][1]


def _cleaned(lines: "BodyLines", k: int) -> str:
    return clean(lines.lines[k][1])


def _blank(lines: "BodyLines", k: int) -> bool:
    return not lines.cleaned[k]  # clean() keeps a character of any line that is not blank


class _AnyCue:
    """The cues of lines not worked out: every rule may match (see :mod:`threadkit.segment.cues`)."""

    __slots__ = ()

    def __getitem__(self, k: int) -> int:
        return ANY


class BodyLines(Sequence):
    """The lines of one body with the forms the rules read of each line (cleaned text, blank or
    not, quote depth, cues), each worked out once and kept.

    Every rule reads the cleaned text of the line it tries, and the look-ahead rules (sign-offs,
    "-- " signatures, footers, attributions) read the lines below it again: worked out on the
    fly, a line was cleaned about 12 times and folded about 22 times per body. A view lives for
    one segmentation call (one body, one quote level), so what it keeps is freed with it.
    Indexing and slicing give the underlying :class:`Line` values.

    ``lines.texts[k]`` is line ``k``'s text, ``lines.cleaned[k]`` its :func:`clean` text,
    ``lines.blank[k]`` its :func:`is_blank`, ``lines.quote_depth[k]`` its :func:`quote_depth`,
    ``lines.cues[k]`` the rules it may start (:mod:`threadkit.segment.cues`), ``lines.kinds`` the
    letters of the lines' kinds (:func:`threadkit.segment.cues.kind_of`; None on a view
    that works its lines out as asked);
    ``lines.claims`` whether a rule claims each line, by index, as far as the segmenter has asked
    (None outside the segmenter, see :func:`threadkit.segment._claimed`);
    ``lines.per_line(form)[k]`` is ``form(lines, k)`` for any form that depends on nothing but
    these lines and ``k``.

    The segmenter reads every line, so it passes ``features`` (the lines' texts → their
    :class:`~threadkit.segment.features.Features`, :func:`threadkit.segment.features.features_of`)
    and the forms are sequences worked out in one pass; a rule called alone on a plain list of lines gets them line by line, as it asks (a rule
    probing 3 lines of a 5,000-line page must not pay for the 5,000), and every line's cues say
    any rule may match.
    """

    __slots__ = ("lines", "texts", "cleaned", "blank", "quote_depth", "cues", "kinds", "claims", "_forms", "__weakref__")

    def __init__(self, lines: Lines, features: Callable[[list[str]], list[tuple]] | None = None, texts: list[str] | None = None):
        self.lines = lines if isinstance(lines, (list, tuple)) else list(lines)
        if features is not None and self.lines:
            self.texts = texts = list(map(text_of, self.lines)) if texts is None else texts
            self.cleaned, self.blank, self.quote_depth, self.cues, kinds = forms_of(features(texts))
            self.kinds = "".join(kinds)
        elif features is not None:
            self.texts = self.cleaned = self.blank = self.quote_depth = self.cues = ()
            self.kinds = ""
        else:
            self.texts = PerLine(self, _text)
            self.cleaned = PerLine(self, _cleaned)
            self.blank = PerLine(self, _blank)
            self.quote_depth = PerLine(self, _quote_depth)
            self.cues = _AnyCue()
            self.kinds = None
        self.claims: dict[int, bool] | None = None
        self._forms: dict[Callable, PerLine] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, k):
        return self.lines[k]

    def __iter__(self):
        return iter(self.lines)

    def per_line(self, form: Callable[["BodyLines", int], T]) -> "dict[int, T]":
        """``form(self, k)`` by ``k``, each worked out once."""
        forms = self._forms.get(form)
        if forms is None:
            forms = self._forms[form] = PerLine(self, form)
        return forms


#: Rows transposed at a time by :func:`forms_of`.
FORMS_CHUNK = 1_000


def forms_of(rows: list[tuple]) -> Iterable[tuple]:
    """The columns of ``rows`` (each line's features): ``zip(*rows)`` (in C), by chunks of
    FORMS_CHUNK rows. zip holds an iterator per row, all alive until it is done: on a body of
    10,000 lines the 10,000 iterators, beside the lines and their features, took the objects the
    collector tracks past its threshold (api.fewer_collections: 50,000), and the run paid a young
    collection a run on 1,000 lines does not (quoted-lines: 6 % of its instructions)."""
    if len(rows) <= FORMS_CHUNK:
        return zip(*rows)
    parts = [tuple(zip(*rows[start:start + FORMS_CHUNK])) for start in range(0, len(rows), FORMS_CHUNK)]
    return tuple(tuple(chain.from_iterable(column)) for column in zip(*parts))


def body_lines(lines: Lines) -> BodyLines:
    """``lines`` as a :class:`BodyLines` view: the view itself when it is one already (a rule
    called by the segmenter shares the segmenter's), else a new one (a rule called alone)."""
    return lines if isinstance(lines, BodyLines) else BodyLines(lines)


def numbered(lines: Sequence[str], first: int = 1) -> list[Line]:
    """Number lines from ``first``."""
    return [Line(first + k, text) for k, text in enumerate(lines)]


def span_of(lines: Lines) -> Span:
    """The span from the first to the last of ``lines``."""
    return Span(lines[0][0], lines[-1][0])


def joined(lines: Lines) -> str:
    """The verbatim text of ``lines``."""
    return "\n".join(map(text_of, lines))


#: A line's number and text, read in C (``map(text_of, lines)``).
number_of, text_of = itemgetter(0), itemgetter(1)


def trim(lines: Lines) -> Lines:
    """``lines`` without leading and trailing blank lines."""
    start, end = 0, len(lines)
    while start < end and is_blank(lines[start][1]):
        start += 1
    while end > start and is_blank(lines[end - 1][1]):
        end -= 1
    return lines[start:end]


def next_nonblank(lines: Lines, i: int, limit: int | None = None) -> int | None:
    """Index of the first non-blank line at or after ``i`` (looking at most ``limit`` lines)."""
    lines = body_lines(lines)
    stop = len(lines) if limit is None else min(len(lines), i + limit)
    for k in range(i, stop):
        if not lines.blank[k]:
            return k
    return None


def nonblank_after(lines: Lines, i: int) -> int:
    """How many non-blank lines there are from index ``i`` to the end."""
    return sum(1 for line in lines[i:] if not is_blank(line[1]))
