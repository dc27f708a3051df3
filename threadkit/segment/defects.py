"""Segmented blocks → the defects a reader should record on the post (never raised).

* ``orphan-quote-marker``: a paragraph opens an inline quote ("<<", "«") it never closes, or
  closes one it never opened — a quote boundary the text does not show;
* ``collapsed-quote``: a quote header whose quoted text is absent (the page folded it away).
"""

from __future__ import annotations

from threadkit.model import Block, Boilerplate, Defect, Quote, Text, iter_blocks

_PAIRS = (("<<", ">>"), ("«", "»"))


def body_defects(blocks: tuple[Block, ...]) -> tuple[Defect, ...]:
    """The defects found in a post body's blocks."""
    defects = []
    for block in iter_blocks(blocks):
        if isinstance(block, Text):
            for opener, closer in _PAIRS:
                opened, closed = block.text.count(opener), block.text.count(closer)
                if opened != closed:
                    defects.append(Defect(
                        "orphan-quote-marker",
                        f"{opened} {opener!r} but {closed} {closer!r} in this paragraph",
                        block.span,
                    ))
        elif isinstance(block, Quote) and block.attribution and not any(
            not (isinstance(child, Boilerplate) and child.kind == "separator") for child in block.blocks
        ):
            defects.append(Defect("collapsed-quote", "quote header without the quoted text (folded away by the page)", block.span))
    return tuple(defects)
