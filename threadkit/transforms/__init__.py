"""Transforms: pure, idempotent functions Document → Document, run in a fixed order."""

from __future__ import annotations

from typing import Callable

from threadkit.model import Document
from threadkit.transforms.replies import infer_replies

Transform = Callable[[Document], Document]

#: (name, function) pairs, in the order they run after every reader.
DEFAULT_TRANSFORMS: tuple[tuple[str, Transform], ...] = (
    ("replies", infer_replies),
)


def run(document: Document, transforms=DEFAULT_TRANSFORMS) -> Document:
    """Apply ``transforms`` in order."""
    for _name, transform in transforms:
        document = transform(document)
    return document
