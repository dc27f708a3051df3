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
from threadkit.model import BLOCK_TYPES, Block, Span, block_type


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
    if isinstance(value, Span):
        return [value.first, value.last]
    if attrs.has(type(value)):
        out: dict[str, Any] = {}
        if type(value) in model.BLOCK_TYPE_NAMES:
            out["type"] = block_type(value)
        for f in attrs.fields(type(value)):
            raw = getattr(value, f.name)
            if f.name == "metadata" or f.name.endswith("_metadata"):
                out[_json_name(f.name)] = {k: v for k, v in raw}
            else:
                out[_json_name(f.name)] = to_data(raw)
        return out
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    return value


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
