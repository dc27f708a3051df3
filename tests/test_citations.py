"""A quote keeps what its attribution says (``Quote.cited``, schema 1.1), parsed once when the
quote is read: reply inference and writers read these facts, not the line."""

from __future__ import annotations

import json

import pytest

from conftest import seed_files
from threadkit import api
from threadkit.model import Citation, Quote, iter_blocks
from threadkit.readers.json import document_from_data
from threadkit.segment import segment_text
from threadkit.segment.attribution import cite
from threadkit.validate import json_problems
from threadkit.writers.json import document_to_data

CASES = [
    ("On Wed, 14 Nov 2018 08:14:43 -0200 John <j@x.com> wrote:", Citation("John", "j@x.com", "2018-11-14", "08:14", "-02:00")),
    ("Le 12 mars 2020 à 18:27, Marie Dupont a écrit :", Citation("Marie Dupont", None, "2020-03-12", "18:27", None)),
    # the time is never read inside the date (22.12 is not 22:12)
    ("Am 22.12.2019 um 11:16 schrieb Hans Meier:", Citation("Hans Meier", None, "2019-12-22", "11:16", None)),
    ("2017-11-24 16:32 GMT+01:00 Jane <j@x.com>:", Citation("Jane", "j@x.com", "2017-11-24", "16:32", "+01:00")),
    ("On Monday, June 3, 2024 at 4:06:43 PM UTC+1 Bob wrote:", Citation("Bob", None, "2024-06-03", "16:06", "+01:00")),
    ("On Nov 21, 2014,\nat 10:18,\nJohn <j@x.com> wrote:", Citation("John", "j@x.com", "2014-11-21", "10:18", None)),
    ("El jue., 5 may. 2022 a las 10:30, Ana (<ana@x.es>) escribió:", Citation("Ana", "ana@x.es", "2022-05-05", "10:30", None)),
    ("2019年3月4日(月) 10:05 山田 <y@x.jp>:", Citation("山田", "y@x.jp", "2019-03-04", "10:05", None)),
    ("On Tue, 1 Feb 2022 at 09:00 GMT, Ann wrote:", Citation("Ann", None, "2022-02-01", "09:00", "+00:00")),
    ("Bob wrote:", Citation("Bob", None, None, None, None)),
    # an impossible offset is not one
    ("On Tue, 1 Feb 2022 09:00 +9900 Ann <a@b.org> wrote:", Citation("Ann", "a@b.org", "2022-02-01", "09:00", None)),
]


@pytest.mark.parametrize("line, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_cite(line: str, expected: Citation) -> None:
    assert cite(line) == expected


def test_prose_is_not_cited() -> None:
    assert cite("Here is what he wrote:") is None


def test_segmented_quote_keeps_its_citation() -> None:
    blocks = segment_text("Agreed.\n\nOn Wed, 14 Nov 2018 08:14 -0200, Jane <j@x.org> wrote:\n> Shall we?\n")
    quotes = [b for b in iter_blocks(blocks) if isinstance(b, Quote)]
    assert [q.cited for q in quotes] == [Citation("Jane", "j@x.org", "2018-11-14", "08:14", "-02:00")]


def test_schema_1_0_document_still_reads_and_gains_citations() -> None:
    """A document written under 1.0 (no ``cited``) validates against 1.0, reads, and its quotes
    get their citation as the segmenter gives it."""
    document = api.read_path(seed_files()[0])
    assert any(isinstance(b, Quote) and b.cited for p in document.posts for b in p.blocks)
    data = document_to_data(document)
    old = json.loads(json.dumps(data))
    old["version"] = "1.0"

    def drop_cited(value):
        if isinstance(value, dict):
            value.pop("cited", None)
            for v in value.values():
                drop_cited(v)
        elif isinstance(value, list):
            for v in value:
                drop_cited(v)

    drop_cited(old)
    assert json_problems(old) == []
    assert json_problems(data) == []
    assert document_from_data(old) == document
