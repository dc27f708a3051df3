"""The lossless invariant: every non-blank source line lies in exactly one place of the
document — the title, a post header field, a post's top-level block, or a page
boilerplate block. Tests, ``threadkit validate`` and the batch all check it here.
"""

from __future__ import annotations

import typing
from collections import Counter

import attrs

from threadkit import patterns
from threadkit.codec import field_hints, without_none
from threadkit.model import LEAF_CLASSES, Defect, Document, Post, Span
from threadkit.source import has_surrogates, without_surrogates
from threadkit.segment.lines import is_blank


def claimed_spans(document: Document) -> list[Span]:
    """Every span the document claims at the top level (children of blocks are inside these)."""
    spans: list[Span] = []
    if document.title_span:
        spans.append(document.title_span)
    spans += [b.span for b in document.boilerplate]
    for post in document.posts:
        spans += [h.span for h in post.header]
        spans += [b.span for b in post.blocks]
    return spans


def coverage_problems(document: Document, lines: tuple[str, ...] | list[str]) -> list[str]:
    """Non-blank lines that are claimed by no place or by several; empty when lossless.

    A reader whose unit is not the line (HTML: the visible text node) gives its own check as
    ``coverage_problems`` in its module, and that one is applied.
    """
    own = _reader_check(document.source.format)
    if own is not None:
        return own(document, lines)
    counts: Counter[int] = Counter()
    for span in claimed_spans(document):
        counts.update(span.lines())
    problems = []
    for no, text in enumerate(lines, 1):
        if is_blank(text):
            continue
        if counts[no] == 0:
            problems.append(f"line {no} is lost: {text[:60]!r}")
        elif counts[no] > 1:
            problems.append(f"line {no} is claimed {counts[no]} times: {text[:60]!r}")
    beyond = [no for no in counts if no > len(lines)]
    if beyond:
        problems.append(f"spans reach line {max(beyond)} of a {len(lines)}-line source")
    return problems


def _reader_check(format: str):
    from threadkit.readers import READERS  # (readers import this module's neighbours)

    return getattr(READERS.get(format), "coverage_problems", None)


def valid_unicode(document: Document) -> Document:
    """The document with all its text valid Unicode: the model's invariant, enforced here once
    for every reader (:func:`threadkit.api.read`).

    Writers encode text as UTF-8, which a lone surrogate breaks (JSON, mbox) or which XML
    cannot hold. Readers should not make any (mail headers are decoded with charset evidence),
    but a document read from JSON may carry one, and a reader may miss a path: each string
    that holds one is repaired (:func:`threadkit.source.without_surrogates`) and a defect
    names the field.
    """
    if not has_invalid_text(document):
        return document
    repaired: list[tuple[str, Span | None]] = []
    clean = _valid(document, "document", None, repaired)
    return attrs.evolve(clean, defects=clean.defects + _unicode_defects(repaired))


def valid_unicode_post(post: Post, path: str) -> Post:
    """:func:`valid_unicode` for one post (``path`` names it, ``document.posts[3]``), its
    defects on the post: a streamed archive's document header is written before its posts."""
    if not has_invalid_text(post):
        return post
    repaired: list[tuple[str, Span | None]] = []
    clean = _valid(post, path, None, repaired)
    return attrs.evolve(clean, defects=clean.defects + _unicode_defects(repaired))


def has_invalid_text(value) -> bool:
    """Whether any string inside ``value`` (a model value, a tuple, a string) holds a surrogate.

    Nearly every document has none, so this question is asked first and fast: one compiled
    check per model class (:func:`_checker`) instead of the repairing walk, which runs only
    when there is something to repair.
    """
    check = _CHECKERS.get(type(value))
    if check is not None:
        return check(value)
    if type(value) is str:
        return not value.isascii() and has_surrogates(value)
    if isinstance(value, tuple):
        return any(map(has_invalid_text, value))
    if attrs.has(type(value)) and not isinstance(value, Span):
        return _checker(type(value))(value)
    return isinstance(value, str) and has_surrogates(value)


#: Types of values that hold no text.
_PLAIN = frozenset({type(None), int, float, bool, Span})
#: Model class → whether one of its values holds invalid text; spans hold none.
_CHECKERS: dict[type, object] = {Span: lambda span: False}


def _checker(cls: type):
    """The check of one class's fields, in one function: every field is looked at, whatever
    its declared type (a value read from JSON may hold a string anywhere the model allows one);
    the declared type only says which test comes first. The items of a tuple field are checked
    in the same function, and so are the fields of the small classes that hold no blocks
    (:data:`threadkit.model.LEAF_CLASSES`: a post's header fields are most of a document's
    values), without a call each; any other model value by its class's check."""
    code = "\n".join(["def check(value):", *_field_checks(cls, "value", "    ", 0), "    return False\n"])
    namespace = {"has": has_invalid_text, "bad": has_surrogates, "plain": _PLAIN, "checks": _CHECKERS,
                 **{c.__name__: c for c in (Span, *LEAF_CLASSES)}}
    exec(patterns.code(code), namespace)  # noqa: S102 -- code built from the model's own field names
    _CHECKERS[cls] = namespace["check"]
    return namespace["check"]


def _field_checks(cls: type, value: str, pad: str, depth: int) -> list[str]:
    """Statements that return True when a field of ``value`` (of class ``cls``) holds invalid
    text; ``depth`` names their variables apart from those of the statements around them."""
    hints = field_hints(cls)
    v, x = f"v{depth}", f"x{depth}"
    lines = []
    for f in attrs.fields(cls):
        tp = without_none(hints[f.name])
        lines.append(f"{pad}{v} = {value}.{f.name}")
        if tp is str:
            lines += [f"{pad}if type({v}) is str:",
                      f"{pad}    if not {v}.isascii() and bad({v}):",
                      f"{pad}        return True",
                      f"{pad}elif {v} is not None and has({v}):"]
        elif tp in LEAF_CLASSES and depth == 0:
            lines += [f"{pad}if type({v}) is {tp.__name__}:",
                      *_field_checks(tp, v, pad + "    ", depth + 1),
                      f"{pad}elif {v} is not None and has({v}):"]
        elif typing.get_origin(tp) is tuple:
            item = typing.get_args(tp)[0]
            lines += [f"{pad}if type({v}) is tuple:",
                      f"{pad}    for {x} in {v}:",
                      f"{pad}        if type({x}) is str:",
                      f"{pad}            if not {x}.isascii() and bad({x}):",
                      f"{pad}                return True"]
            if item in LEAF_CLASSES and depth == 0:
                lines += [f"{pad}        elif type({x}) is {item.__name__}:",
                          *_field_checks(item, x, pad + "            ", depth + 1)]
            lines += [f"{pad}        elif type({x}) not in plain and checks.get(type({x}), has)({x}):",
                      f"{pad}            return True",
                      f"{pad}elif has({v}):"]
        else:  # a span, a number, or a value of another class
            lines.append(f"{pad}if type({v}) not in plain and has({v}):")
        lines.append(f"{pad}    return True")
    return lines


def _unicode_defects(repaired: list[tuple[str, Span | None]]) -> tuple[Defect, ...]:
    return tuple(
        Defect("invalid-unicode", f"{path}: text with lone surrogates (undecodable bytes), decoded or replaced by U+FFFD", span)
        for path, span in repaired
    )


def _valid(value, path: str, span: Span | None, repaired: list):
    """``value`` with its strings repaired; the same object when nothing needed it."""
    if isinstance(value, str):
        if has_surrogates(value):
            repaired.append((path, span))
            return without_surrogates(value)
        return value
    if isinstance(value, tuple):
        items = tuple(_valid(v, f"{path}[{k}]", span, repaired) for k, v in enumerate(value))
        return value if all(a is b for a, b in zip(items, value)) else items
    if attrs.has(type(value)) and not isinstance(value, Span):
        own = getattr(value, "span", None)
        span = own if isinstance(own, Span) else span
        changes = {}
        for f in attrs.fields(type(value)):
            old = getattr(value, f.name)
            new = _valid(old, f"{path}.{f.name}", span, repaired)
            if new is not old:
                changes[f.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value
