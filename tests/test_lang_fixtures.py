"""One fixture folder per language pack and case: tests/cases/lang/<code>/<case>/ holds a body
(input.txt: own text, then an attribution, a forward header, a sign-off, a tagline, a footer or a
disclaimer as that language's mail clients and lists write it, or a body copied from the Google
Groups web interface in that language) and the blocks it must give
(expected.json: each top-level block's type, kind and first and last line).

Adding a language = one pack (threadkit/lang/<code>.py) + one folder here with its cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadkit.lang import CODES, pack
from threadkit.segment import numbered, segment_body

CASES = Path(__file__).parent / "cases" / "lang"
FOLDERS = sorted(p for p in CASES.glob("*/*") if (p / "input.txt").exists())

#: The cases every language of the issue's list has a folder for.
REQUIRED = ("attribution", "forward", "reply-header", "signoff", "tagline", "footer", "disclaimer")
ISSUE_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "da", "sv", "nb", "fi", "pl", "cs", "ru", "ja", "zh")


def blocks_of(folder: Path) -> list[dict]:
    text = (folder / "input.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline does not start a line
    blocks, defects = segment_body(numbered(lines))
    assert defects == (), defects
    return [{"type": type(b).__name__, "kind": b.kind, "lines": [b.span.first, b.span.last]} for b in blocks]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lang_fixture(folder):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["blocks"]
    assert blocks_of(folder) == expected


@pytest.mark.parametrize("code", ISSUE_LANGUAGES)
def test_every_issue_language_has_a_pack_and_its_fixtures(code):
    assert code in CODES
    have = {p.name for p in (CASES / code).iterdir()}
    assert set(REQUIRED) <= have, sorted(set(REQUIRED) - have)


#: The pack fields that hold the Google Groups interface's words (what its web page writes into a
#: body copied from it): a language whose pack has them has a "groups-interface" fixture.
GROUPS_INTERFACE_FIELDS = ("hidden_quote_notices", "deleted_message_notices")


@pytest.mark.parametrize("code", ISSUE_LANGUAGES)
def test_a_pack_with_groups_interface_words_has_a_groups_interface_fixture(code):
    if any(getattr(pack(code), field) for field in GROUPS_INTERFACE_FIELDS):
        assert (CASES / code / "groups-interface" / "input.txt").exists()


def test_every_fixture_folder_names_a_registered_pack():
    assert {p.parent.name for p in FOLDERS} <= set(CODES)
