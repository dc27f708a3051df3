"""One fixture folder per language pack and case: tests/cases/lang/<code>/<case>/ holds a body
(input.txt: own text, then an attribution, a forward header, a sign-off, a tagline, a footer or a
disclaimer as that language's mail clients and lists write it, or a body copied from the Google
Groups web interface in that language) and the blocks it must give
(expected.json: each top-level block's type, kind and first and last line).
A ``groups-page`` folder holds a whole thread copied from the Google Groups web page in that
interface language, read by the Groups reader: expected.json gives the title and each post's
author, ISO date and blocks.

Adding a language = one pack (threadkit/lang/<code>.py) + one folder here with its cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadkit import api
from threadkit.invariants import coverage_problems
from threadkit.lang import CODES, pack
from threadkit.segment import numbered, segment_body
from threadkit.source import load_path

CASES = Path(__file__).parent / "cases" / "lang"
#: The case a whole Groups page is: read by the Groups reader, not the body segmenter.
GROUPS_PAGE = "groups-page"
FOLDERS = sorted(p for p in CASES.glob("*/*") if (p / "input.txt").exists() and p.name != GROUPS_PAGE)
GROUPS_PAGES = sorted(p for p in CASES.glob(f"*/{GROUPS_PAGE}") if (p / "input.txt").exists())

#: The cases every language of the issue's list has a folder for.
REQUIRED = ("attribution", "forward", "reply-header", "signoff", "tagline", "footer", "disclaimer")
ISSUE_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "da", "sv", "nb", "fi", "pl", "cs", "ru", "ja", "zh")


def case_folders(root: Path) -> list[Path]:
    """The case folders directly under ``root`` (each holds an input.txt), in name order."""
    return sorted(p for p in root.iterdir() if (p / "input.txt").exists())


def expected_blocks(folder: Path) -> list[dict]:
    """The blocks a case folder's expected.json says its input gives (as :func:`blocks_of` gives them)."""
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))["blocks"]


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
    assert blocks_of(folder) == expected_blocks(folder)


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
    assert {p.parent.name for p in FOLDERS + GROUPS_PAGES} <= set(CODES)


def _blocks(post) -> list[dict]:
    return [{"type": type(b).__name__, "kind": b.kind, "lines": [b.span.first, b.span.last]} for b in post.blocks]


@pytest.mark.parametrize("folder", GROUPS_PAGES, ids=lambda p: p.parent.name)
def test_groups_page_fixture(folder):
    """The page is detected as a Groups copy, split into its posts with author, date and blocks,
    and every line is kept (the interface lines as boilerplate)."""
    path = folder / "input.txt"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    doc = api.read_path(path)
    assert doc.source.format == "googlegroups-text"
    assert doc.defects == ()
    assert doc.title == expected["title"]
    got = [{"author": p.author.name, "date": p.date, "blocks": _blocks(p)} for p in doc.posts]
    assert got == expected["posts"]
    assert all(p.defects == () for p in doc.posts)
    assert coverage_problems(doc, load_path(path).lines) == []
    assert {b.kind for b in doc.boilerplate} == {"interface"}


#: The pack fields that make a Groups page in that language recognisable and split into posts (its
#: buttons, unread marker, links, view counter, recipients line): a language whose pack has one has
#: a "groups-page" fixture. A pack with only ``groups_interface`` lines (fr, de: "Traduire le message
#: en français") has none: those lines alone do not tell a Groups page from any other text, and
#: tests/test_groups_languages.py checks them.
GROUPS_PAGE_FIELDS = (
    "groups_unread_markers", "groups_view_counts", "groups_skip_to_unread", "groups_reply_all",
    "groups_reply_to_author", "groups_forward", "groups_recipients_intros",
)


@pytest.mark.parametrize("code", [c for c in CODES if c != "en"])
def test_a_pack_with_groups_page_words_has_a_groups_page_fixture(code):
    # English is the seeds' and gg-web's language: tests/test_googlegroups.py reads those pages
    if any(getattr(pack(code), field) for field in GROUPS_PAGE_FIELDS):
        assert (CASES / code / GROUPS_PAGE / "input.txt").exists()
