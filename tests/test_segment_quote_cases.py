"""The quote cases of issue 11, one fixture folder per case: tests/cases/quotes/<case>/ holds a
body (input.txt) and the blocks it must give (expected.json: each top-level block's type, kind
and first and last line), as the language packs' folders do (tests/test_lang_fixtures.py).

Interleaved replies (quote runs indented with spaces), '|' quote markers (and a table that is
not one), header lines pasted into the author's own text, and the "Original message" and
"Forwarded message" lines with the header glued to them. The Polish reply header
(Od: / Wysłano: / Temat:) under the author's text is tests/cases/lang/pl/reply-header."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_lang_fixtures import blocks_of, case_folders, expected_blocks

CASES = Path(__file__).parent / "cases" / "quotes"
FOLDERS = case_folders(CASES)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_quote_case(folder):
    assert blocks_of(folder) == expected_blocks(folder)


def test_every_case_of_the_issue_has_a_folder():
    have = {p.name for p in FOLDERS}
    assert {"interleaved-indented", "pipe-markers", "pipe-table-is-text", "pasted-headers-stay-text", "original-message-glued"} <= have
