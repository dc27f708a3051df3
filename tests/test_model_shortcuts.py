"""The model's shortcuts: ``replacing`` is attrs.evolve for hot loops (the same values, the
same checks); the one shared ``__repr__`` writes what attrs' generated ones wrote."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings

from strategies import posts
from threadkit.model import Evidence, Post, Span, replacing


@given(posts())
@settings(max_examples=50)
def test_the_same_value_as_evolve(post):
    replace = replacing(Post, "in_reply_to", "metadata")
    assert replace(post, "p9", (("a", 1),)) == attrs.evolve(post, in_reply_to="p9", metadata=(("a", 1),))


def test_validators_run_as_with_evolve():
    with pytest.raises(ValueError):
        replacing(Span, "last")(Span(3, 4), 2)
    assert replacing(Evidence, "target")(Evidence("header", None, "x"), "p1") == Evidence("header", "p1", "x")


def test_an_unknown_field_is_refused_when_made():
    with pytest.raises(AttributeError, match="no field nope"):
        replacing(Post, "nope")


@given(posts())
@settings(max_examples=30)
def test_repr_is_attrs_repr(post):
    twin = attrs.make_class("Post", {f.name: attrs.field() for f in attrs.fields(Post)}, frozen=True, slots=True)
    assert repr(post) == repr(twin(*(getattr(post, f.name) for f in attrs.fields(Post))))
    assert repr(Span(1, 2)) == "Span(first=1, last=2)"
