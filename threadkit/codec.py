"""Model values ↔ plain data (dicts, lists, strings): the JSON image of the model.

One generic codec driven by the attrs field types, so that the JSON writer, the JSON
reader and the schema tests agree by construction: a field added to the model appears in
the JSON without a second copy of its name anywhere but the schema.

Conventions: a :class:`Span` field is written as ``[first, last]`` under the name
``lines`` (``span`` → ``lines``, ``title_span`` → ``title_lines`` ...); blocks carry their
``type`` first; metadata tuples become objects.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, Union

import attrs

from threadkit import model, patterns
from threadkit.model import BLOCK_TYPES, Block, Span


def _json_name(name: str) -> str:
    if name == "span":
        return "lines"
    if name.endswith("_span"):
        return name[: -len("span")] + "lines"
    return name


@functools.cache
def field_hints(cls: type) -> dict[str, Any]:
    """Field name → declared type, of a model class."""
    return typing.get_type_hints(cls, vars(model))


def to_data(value: Any) -> Any:
    """Turn a model value into JSON-ready data: a span is ``[first, last]``, a model value a
    dict (blocks with their ``type`` first, metadata as an object), a tuple a list."""
    return _CONVERTERS[type(value)](value)


class _Converters(dict):
    """Type → the function that turns its values into data, made on first use of a type."""

    def __missing__(self, cls: type):
        if issubclass(cls, Span):
            convert = _span
        elif attrs.has(cls):
            convert = _compiled(cls)
        elif issubclass(cls, tuple):
            convert = _list
        else:
            convert = _same
        self[cls] = convert
        return convert


def _span(span: Span) -> list[int]:
    return [span.first, span.last]


def _list(values: tuple) -> list:
    return [_CONVERTERS[type(v)](v) for v in values]


def _same(value: Any) -> Any:
    return value


class UnusualFloat(float):
    """A float that the fast JSON encoder would spell otherwise than Python does: one not
    finite, or nonzero and smaller than 1e-4 (``1e-05``, which orjson writes ``0.00001``).

    Every other float is written alike by both (Python's shortest repr), so the data marks
    these: the stdlib encoders write a float subclass as its float, orjson refuses the type,
    and the writer falls back to the stdlib for that line (:func:`threadkit.writers.jsonl.line`).
    """


def _float(value: float) -> float:
    """A float as data: itself, or marked as an :class:`UnusualFloat`."""
    return value if 1e-4 <= abs(value) < _INFINITY or value == 0 else UnusualFloat(value)


_INFINITY = float("inf")
_CONVERTERS = _Converters({float: _float})
#: Values that are their own data (no model value can hide in them). Floats are not: see :func:`_float`.
_SCALARS = frozenset({str, int, bool, type(None)})


def _compiled(cls: type):
    """One function per model class that builds its dict in a single expression.

    Writing a model as JSON visits every value of every post: the field list, the JSON names
    and the kind of each field's type are worked out once per class here, not once per value
    (the generic walk was a sixth of an mbox conversion). A field is read as its declared
    type says (a scalar as it is, a span, a tuple of scalars or of model values), each
    guarded by the value's actual type: any other value goes through :func:`to_data`, so the
    data is the same as the generic walk's for whatever a field holds.
    """
    code = f"def to_dict(value):\n    return {_dict_expr(cls, 'value', 0)}\n"
    namespace: dict[str, Any] = {"convert": _CONVERTERS, "inf": _INFINITY,
                                 **{c.__name__: c for c in (Span, *_INLINED)}}
    exec(patterns.code(code), namespace)  # noqa: S102 -- code built from the model's own field names
    return namespace["to_dict"]


#: The model classes whose dicts are built inside their holder's expression, not by a call
#: of their own (one per header field: 28,000 calls for the gg-mbox archive's posts).
_INLINED = model.LEAF_CLASSES


def _dict_expr(cls: type, get: str, depth: int) -> str:
    """The expression of the dict of ``get``, a value of model class ``cls``."""
    hints = field_hints(cls)
    items = []
    if cls in model.BLOCK_TYPE_NAMES:
        items.append(f"{'type'!r}: {model.BLOCK_TYPE_NAMES[cls]!r}")
    for f in attrs.fields(cls):
        items.append(f"{_json_name(f.name)!r}: {_field_expr(f.name, hints[f.name], f'{get}.{f.name}', depth)}")
    return f"{{{', '.join(items)}}}"


def _field_expr(name: str, tp: Any, get: str, depth: int) -> str:
    """The expression of the data of ``get``, a field declared of type ``tp``; ``depth`` names
    its variables apart from those of the expressions around it."""
    tp, v, x = without_none(tp), f"v{depth}", f"x{depth}"
    if name == "metadata" or name.endswith("_metadata"):
        return f"dict({get})"
    if _scalar(tp):
        return get
    if _scalar(tp, float):  # (a score) a float, marked when unusual
        return f"{v} if type({v} := {get}) is not float or 1e-4 <= abs({v}) < inf or {v} == 0 else convert[float]({v})"
    if tp is Span:
        return f"[{v}.first, {v}.last] if type({v} := {get}) is Span else convert[type({v})]({v})"
    if tp in _INLINED:
        return f"{_dict_expr(tp, v, depth + 1)} if type({v} := {get}) is {tp.__name__} else convert[type({v})]({v})"
    if _scalar_tuple(tp):
        return f"[*{v}] if type({v} := {get}) is tuple else convert[type({v})]({v})"
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        each = (f"{_dict_expr(item, x, depth + 1)} if type({x}) is {item.__name__} else convert[type({x})]({x})"
                if item in _INLINED else f"convert[type({x})]({x})")
        return f"[{each} for {x} in {v}] if type({v} := {get}) is tuple else convert[type({v})]({v})"
    return f"convert[type({v} := {get})]({v})"


def without_none(tp: Any) -> Any:
    """``X`` for ``X | None``."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _scalar(tp: Any, *also: type) -> bool:
    """Whether values of type ``tp`` are JSON scalars that are their own data (str, int ...
    or None), or of the types ``also``."""
    if tp in _SCALARS or tp is None or tp in also:
        return True
    if typing.get_origin(tp) in (Union, types.UnionType):
        return all(_scalar(a, *also) for a in typing.get_args(tp))
    return False


def _scalar_tuple(tp: Any) -> bool:
    """Whether ``tp`` is ``tuple[<scalar>, ...]``."""
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis and _scalar(args[0])


class DataError(ValueError):
    """Data that the model refuses (a span [5, 2], a field of the wrong kind), with the JSON
    pointer of the place: the schema cannot say everything the model's validators check."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(f"{pointer}: {message}")
        self.pointer = pointer


def from_data(cls: type, data: Any) -> Any:
    """Build a model value of type ``cls`` from data made by :func:`to_data`.

    Raises :class:`DataError` when the data does not make a valid model value.
    """
    return _convert(cls, data, "")


def _convert(tp: Any, data: Any, where: str) -> Any:
    try:
        return _converted(tp, data, where)
    except DataError:
        raise
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        raise DataError(where or "/", " ".join(str(exc).splitlines())) from None


def _converted(tp: Any, data: Any, where: str) -> Any:
    if data is None:
        return None
    if tp is Span:
        return Span(int(data[0]), int(data[1]))
    if tp == Block:
        return _convert(BLOCK_TYPES[data["type"]], data, where)
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _convert(args[0], data, where)
        if set(args) == set(typing.get_args(Block)):
            return _convert(BLOCK_TYPES[data["type"]], data, where)
        return data  # scalar unions (str | int)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = args[0]
            if typing.get_origin(item) is tuple:  # metadata pairs, given as an object
                return tuple((k, v) for k, v in data.items())
            return tuple(_convert(item, d, f"{where}/{i}") for i, d in enumerate(data))
        return tuple(data)
    if attrs.has(tp):
        hints = field_hints(tp)
        kwargs = {}
        for f in attrs.fields(tp):
            key = _json_name(f.name)
            if key in data:
                kwargs[f.name] = _convert(hints[f.name], data[key], f"{where}/{key}")
        return tp(**kwargs)
    return data
