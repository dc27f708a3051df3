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

from threadkit import model
from threadkit.model import BLOCK_TYPES, Block, Span


def _json_name(name: str) -> str:
    if name == "span":
        return "lines"
    if name.endswith("_span"):
        return name[: -len("span")] + "lines"
    return name


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def to_data(value: Any) -> Any:
    """Turn a model value into JSON-ready data."""
    convert = _CONVERTERS.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, Span):
        return [value.first, value.last]
    if attrs.has(type(value)):
        return _converter(type(value))(value)
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    return value


#: Model class → its compiled converter (:func:`_converter`); Span's is written out here.
_CONVERTERS: dict[type, Any] = {Span: lambda span: [span.first, span.last]}
#: Values that are their own data (no model value can hide in them).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _converter(cls: type):
    """One function per model class that builds its dict in a single expression.

    Writing a model as JSON visits every value of every post: the field list, the JSON names
    and whether a field can hold a model value are worked out once per class here, not once
    per value (the generic walk was a sixth of an mbox conversion). A field whose type is a
    plain scalar is read as it is, a tuple of them as a list; any other goes through
    :func:`to_data`, which gives the same data as before for whatever it holds.
    """
    hints = _hints(cls)
    items = []
    if cls in model.BLOCK_TYPE_NAMES:
        items.append(f"{'type'!r}: {model.BLOCK_TYPE_NAMES[cls]!r}")
    for f in attrs.fields(cls):
        key, get = _json_name(f.name), f"value.{f.name}"
        if f.name == "metadata" or f.name.endswith("_metadata"):
            expr = f"{{k: v for k, v in {get}}}"
        elif _scalar(hints[f.name]):
            expr = get
        elif _scalar_tuple(hints[f.name]):
            expr = f"[*{get}] if type({get}) is tuple else to_data({get})"
        else:
            expr = f"to_data({get})"
        items.append(f"{key!r}: {expr}")
    code = f"def convert(value):\n    return {{{', '.join(items)}}}\n"
    namespace: dict[str, Any] = {"to_data": to_data}
    exec(code, namespace)  # noqa: S102 -- code built from the model's own field names
    _CONVERTERS[cls] = namespace["convert"]
    return namespace["convert"]


def _scalar(tp: Any) -> bool:
    """Whether values of type ``tp`` are JSON scalars (str, int ... or None)."""
    if tp in _SCALARS or tp is None:
        return True
    if typing.get_origin(tp) in (Union, types.UnionType):
        return all(_scalar(a) for a in typing.get_args(tp))
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
        hints = _hints(tp)
        kwargs = {}
        for f in attrs.fields(tp):
            key = _json_name(f.name)
            if key in data:
                kwargs[f.name] = _convert(hints[f.name], data[key], f"{where}/{key}")
        return tp(**kwargs)
    return data
