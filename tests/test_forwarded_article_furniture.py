"""An article copied into a post (a forwarded article: separator, title, lead, source line)
is read with the furniture rules of an article copied from its page: a "read also" link line
inside it is typed boilerplate, not the article's text (issue 12 item 5)."""

from __future__ import annotations

from threadkit.model import Boilerplate, Embedded, Text, iter_blocks
from threadkit.segment import segment_text

POST = """Worth reading, I think.

++++++++++++++++++++

Harbour towns vote on the new ferry plan

The councils of four towns met on Tuesday and agreed on a timetable for the ferries.

By Jane Roe, Coast Herald, 6 January

The meeting lasted most of the evening and ended with a vote on the shared budget.

Read also: Ferry fares to rise next spring

Several members asked for the plan to be reviewed after a year of service.
"""


def test_read_also_inside_a_forwarded_article_is_boilerplate() -> None:
    blocks = segment_text(POST)
    embedded = [b for b in blocks if isinstance(b, Embedded)]
    assert len(embedded) == 1
    inner = {b.text.strip(): b for b in iter_blocks(embedded[0].blocks)}
    link = inner["Read also: Ferry fares to rise next spring"]
    assert isinstance(link, Boilerplate) and link.kind == "related-links"
    # the article's own paragraphs stay text
    assert isinstance(inner["Several members asked for the plan to be reviewed after a year of service."], Text)
