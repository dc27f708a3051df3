"""``model.replacing``: attrs.evolve for hot loops, the same values and the same checks."""

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
