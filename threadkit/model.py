"""The format-neutral document model: Document → Post → Block.

Every reader builds these values and every writer reads them; nothing format-specific
crosses this boundary. All classes are frozen attrs classes: transforms return new
values with :func:`attrs.evolve` instead of mutating.

Lines are 1-based and spans are inclusive, as in the corpus gold files: ``Span(3, 5)``
is lines 3, 4 and 5 of the source document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Union

import attrs
from attrs import field

from threadkit import patterns

if TYPE_CHECKING:  # (what type checkers know: the classes are attrs.frozen's)
    from attrs import frozen
else:
    def frozen(cls: type | None = None, **options):
        """``attrs.frozen`` (slots, immutable, compared and hashed by value) with one
        ``__repr__`` for every model class, in attrs' own form (``Span(first=1, last=2)``):
        attrs generates and compiles a repr for each class, a quarter of the cost of making
        the model's classes (10.7 -> 7.8 ms), which every run pays at start-up."""

        def build(cls: type) -> type:
            made = attrs.frozen(cls, repr=False, **options)
            made.__repr__ = _repr
            return made

        return build if cls is None else build(cls)


def _repr(value) -> str:
    """A model value as attrs writes it: ``Class(field=value!r, ...)`` (model values hold no cycles)."""
    return f"{type(value).__qualname__}({', '.join(f'{f.name}={getattr(value, f.name)!r}' for f in attrs.fields(type(value)))})"


#: Free-form, ordered metadata (``(key, value)`` pairs) kept hashable; the JSON form is an object.
Meta = tuple[tuple[str, Union[str, int, None]], ...]


def _check_span(instance: Span, attribute: attrs.Attribute, value: int) -> None:
    if instance.first < 1 or instance.last < instance.first:
        raise ValueError(f"invalid span [{instance.first}, {instance.last}]")


@frozen(order=True)
class Span:
    """An inclusive range of 1-based source lines."""

    first: int
    last: int = field(validator=_check_span)

    @classmethod
    def of(cls, line: int) -> Span:
        """The span of one line."""
        return cls(line, line)

    def lines(self) -> range:
        """The line numbers inside the span."""
        return range(self.first, self.last + 1)

    def join(self, other: Span) -> Span:
        """The smallest span holding both."""
        return Span(min(self.first, other.first), max(self.last, other.last))


@frozen
class Defect:
    """Something a reader or writer could not read or render as expected.

    Readers record defects instead of raising, as the stdlib email parser does: the
    document still comes out, and the defect says which lines are doubtful.
    """

    code: str
    """A stable kebab-case name: ``unparsable-date``, ``orphan-quote-marker``, ``not-rendered`` ..."""
    message: str
    """One human sentence."""
    span: Span | None = None
    """The source lines concerned, when known."""


@frozen
class Author:
    """Who wrote a post, as the source shows it."""

    name: str | None = None
    """Display name exactly as shown."""
    email: str | None = None
    """Address as shown, masked forms such as ``alert...@googlegroups.com`` kept verbatim."""


@frozen
class HeaderField:
    """One header line of a post (author, date, recipients ...), kept verbatim with its line."""

    name: str
    """``author``, ``date``, ``to``, ``byline`` ..."""
    text: str
    span: Span


@frozen
class Evidence:
    """Why a post is taken to answer another one."""

    kind: str
    """``header`` (In-Reply-To), ``quote-attribution``, ``quoted-text``, ``recipient``, ``page-structure``, ``default``."""
    target: str | None
    """The id of the post the evidence points to."""
    detail: str
    """What was seen, for a human to check."""
    score: float = 1.0
    """Weight of this evidence; the target with the highest total wins."""


# --- Body blocks -------------------------------------------------------------------------
# A closed set of block kinds (pandoc's sum type). Each carries the verbatim source text of
# its lines and its span, so nothing of the input is lost; `kind` refines the type.


@frozen
class Text:
    """A paragraph or list item of the author's own words."""

    text: str
    span: Span
    kind: str | None = None
    """``paragraph``, ``list-item``, ``byline``, ``credit``, ``lead``, ``note`` ... or None."""
    duplicate_of: Span | None = None
    """When this block repeats an earlier one: the span of the block that is kept."""
    fragments: tuple[Text, ...] = ()
    """Pieces of the block's lines cut out of ``text`` (a repetition glued onto a
    paragraph), kept verbatim so nothing is lost; each names what it repeats in ``duplicate_of``."""


@frozen
class Heading:
    """A heading or title inside a body."""

    text: str
    span: Span
    kind: str | None = None
    level: int = 2


@frozen
class Citation:
    """What a quote's attribution line says of the quoted message, parsed once when the quote
    is read ("On Wed, 14 Nov 2018 08:14 -0200, Jane <j@x.org> wrote:"), so that reply
    inference and writers use these facts instead of parsing the line again. Each is None
    when the line does not give it."""

    name: str | None = None
    """The quoted author's name, as written."""
    email: str | None = None
    """The quoted author's address, as written (masked forms kept)."""
    date: str | None = None
    """The calendar date, ISO 8601 (``2018-11-14``), when the line gives day, month and year."""
    time: str | None = None
    """The wall-clock time, ``HH:MM`` on a 24-hour clock (a.m./p.m. resolved)."""
    utc_offset: str | None = None
    """The zone offset written after the time (``-02:00``; ``+00:00`` for GMT/UTC)."""


@frozen
class Quote:
    """Text quoted from elsewhere: a reply's '>' lines, an inline « ... », a quoted document.

    ``text`` is verbatim (markers included); ``blocks`` is the quoted content with one level
    of markers removed, segmented again, so quotes nest.
    """

    text: str
    span: Span
    blocks: tuple[Block, ...] = ()
    kind: str | None = None
    """``reply`` ('>' lines), ``inline`` (<< ... >>), ``document``, ``forward`` ..."""
    attribution: str | None = None
    """The "On <date>, <name> wrote:" line, verbatim, when there is one."""
    attribution_span: Span | None = None
    cited: Citation | None = None
    """What the attribution says, parsed (schema 1.1)."""
    depth: int = 1
    """Nesting level: 1 for '>' lines, 2 for '> >' ..."""


@frozen
class Signature:
    """The author's signature, sign-off or mobile tagline."""

    text: str
    span: Span
    kind: str | None = None
    """``dash-dash`` ("-- " separator), ``sign-off``, ``mobile``."""


@frozen
class Boilerplate:
    """Text that belongs to the page or the list, not to the author: kept, but labelled."""

    text: str
    span: Span
    kind: str = "other"
    """``interface``, ``list-footer``, ``antivirus``, ``separator``, ``view-counter``, ``navigation`` ..."""


@frozen
class Attachment:
    """An attachment or an inline image reference."""

    text: str
    span: Span
    name: str = ""
    kind: str | None = None
    """``file`` or ``inline-image``."""


@frozen
class Embedded:
    """A document inside a post: a forwarded article with its own title, source and blocks."""

    text: str
    span: Span
    blocks: tuple[Block, ...] = ()
    kind: str | None = None
    """``forwarded-article``, ``forwarded-message``."""
    title: str | None = None
    source: str | None = None
    """The publication or sender named for it ("Le Soir", "RT")."""
    byline: str | None = None
    """The line naming author, source or date, verbatim."""


Block = Union[Text, Heading, Quote, Signature, Boilerplate, Attachment, Embedded]
BLOCK_TYPES: dict[str, type] = {
    "text": Text,
    "heading": Heading,
    "quote": Quote,
    "signature": Signature,
    "boilerplate": Boilerplate,
    "attachment": Attachment,
    "embedded": Embedded,
}
BLOCK_TYPE_NAMES: dict[type, str] = {cls: name for name, cls in BLOCK_TYPES.items()}


def block_type(block: Block) -> str:
    """The JSON ``type`` name of a block."""
    return BLOCK_TYPE_NAMES[type(block)]


# --- Posts and documents -------------------------------------------------------------------


@frozen
class Post:
    """One message, article or comment."""

    id: str
    """Unique inside the document: ``p1``, ``p2`` ..."""
    span: Span
    """From the first header line to the last body line."""
    role: str = "message"
    """``message``, ``article`` or ``comment``."""
    author: Author = Author()
    date: str | None = None
    """ISO 8601; with an offset only when the source gives the zone."""
    date_raw: str | None = None
    """The date as the source shows it."""
    to: tuple[str, ...] = ()
    """Recipients as shown (names or masked addresses, verbatim)."""
    cc: tuple[str, ...] = ()
    subject: str | None = None
    message_id: str | None = None
    """The Message-ID from mail headers, when the source has one."""
    references: tuple[str, ...] = ()
    in_reply_to: str | None = None
    """The id of the post this one answers, or None."""
    reply_evidence: tuple[Evidence, ...] = ()
    header: tuple[HeaderField, ...] = ()
    blocks: tuple[Block, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    metadata: Meta = ()
    defects: tuple[Defect, ...] = ()


@frozen
class SourceInfo:
    """Where a document came from."""

    name: str
    sha256: str
    format: str
    """The reader that read it, e.g. ``googlegroups-text``."""
    encoding: str = "utf-8"
    newline: str = "LF"
    """``LF``, ``CRLF``, ``CR`` or ``none``."""
    line_count: int = 0


@frozen
class Document:
    """A whole discussion: a thread of messages, or an article with its comments."""

    source: SourceInfo
    title: str | None = None
    title_span: Span | None = None
    posts: tuple[Post, ...] = ()
    boilerplate: tuple[Block, ...] = ()
    """Blocks of the page outside any post (interface, navigation ...)."""
    metadata: Meta = ()
    """Document facts: ``views``, ``capture_date``, ``url`` ..."""
    defects: tuple[Defect, ...] = ()


#: The small model classes found inside posts that hold no blocks (so they nest no deeper than
#: a span): the code that walks every value (:mod:`threadkit.codec`, :mod:`threadkit.invariants`)
#: handles them inside their holder's code instead of with a call each (a list message has
#: some 50 header fields).
LEAF_CLASSES: tuple[type, ...] = (HeaderField, Author, Defect, Evidence, Citation)


def meta_get(meta: Meta, key: str, default=None):
    """The value of ``key`` in a metadata tuple."""
    for k, v in meta:
        if k == key:
            return v
    return default


def iter_blocks(blocks: tuple[Block, ...]):
    """Every block, depth first, children after their parent."""
    for block in blocks:
        yield block
        yield from iter_blocks(getattr(block, "blocks", ()))


def date_range(posts: Iterable[Post]) -> tuple[str | None, str | None]:
    """The earliest and the latest post date (see :func:`earliest_and_latest`). Every writer
    that shows a document's or a thread's span of time asks here."""
    return earliest_and_latest(post.date for post in posts)


def earliest_and_latest(dates: Iterable[str | None]) -> tuple[str | None, str | None]:
    """The earliest and the latest of ISO 8601 dates, as written, compared as instants (a date
    written without an offset counts as UTC); None and dates that do not parse are left out."""
    dated = [(when, date) for date in dates if date and (when := _instant(date)) is not None]
    if not dated:
        return None, None
    return min(dated)[1], max(dated)[1]


def _instant(date: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def unchecked(cls: type):
    """A positional constructor of ``cls`` (a frozen model class; every field given) that sets
    the fields directly, without attrs' ``__init__``: no validators, no ``object.__setattr__``
    call per field. Half the cost, for readers' hot loops whose values are valid by
    construction (a list message has some 50 header fields, each a field and a span); the
    values are those ``cls(...)`` makes."""
    names = [f.name for f in attrs.fields(cls)]
    namespace = {"new": object.__new__, "cls": cls, **{f"set_{name}": getattr(cls, name).__set__ for name in names}}
    code = (f"def make({', '.join(names)}):\n    value = new(cls)\n"
            + "".join(f"    set_{name}(value, {name})\n" for name in names) + "    return value\n")
    exec(patterns.code(code), namespace)  # noqa: S102 -- code built from the class's own field names
    return namespace["make"]


def unchecked_columns(cls: type):
    """:func:`unchecked` for many values at once: ``make(n, *columns)`` is the list of ``n``
    values whose fields are the columns' items, made and set by maps in C, without a
    Python-level call per value (a list message has some 50 header fields and spans: 9 %
    fewer instructions to read its header than a call of :func:`unchecked`'s per value)."""
    from collections import deque
    from itertools import repeat

    setters = [getattr(cls, f.name).__set__ for f in attrs.fields(cls)]
    new = object.__new__

    def make(n: int, *columns) -> list:
        values = list(map(new, repeat(cls, n)))
        for setter, column in zip(setters, columns):
            deque(map(setter, values, column), 0)
        return values

    return make


def replacing(cls: type, *names: str):
    """A function ``(value, *new values of names) → value`` with those fields of a ``cls``
    value replaced and the others kept: :func:`attrs.evolve` for hot loops, through the
    class's own ``__init__`` as evolve goes (validators run), without evolve's walk of every
    field by name and its keyword arguments (9 against 3 µs for a post)."""
    fields = [f.name for f in attrs.fields(cls)]
    unknown = set(names) - set(fields)
    if unknown:
        raise AttributeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    values = [name if name in names else f"value.{name}" for name in fields]
    code = f"def replace(value, {', '.join(names)}):\n    return cls({', '.join(values)})\n"
    namespace = {"cls": cls}
    exec(patterns.code(code), namespace)  # noqa: S102 -- code built from the class's own field names
    return namespace["replace"]
