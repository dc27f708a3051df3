"""The Google Groups reader in other interface languages than English: the page's words come
from the language packs (threadkit/lang/*.py, the groups_* fields), another language's date
line is read with the packs' months, and English pages read exactly as before.
The whole pages per language are fixtures: tests/cases/lang/<code>/groups-page/."""

from __future__ import annotations

from threadkit import api
from threadkit.article.dates import MONTHS, find_date
from threadkit.lang import packs
from threadkit.readers import googlegroups
from threadkit.segment import segment_text
from threadkit.source import load_bytes


def _read(text: str):
    return api.read_bytes(text.encode(), "page.txt")


ENGLISH_PAGE = """Budget review

5 views

Skip to first unread message

Jane Doe

unread,

Jan 7, 2026, 4:13:08 AM (7 days ago)

to Team

Agenda for the review:

12 mars 2026, 10:15:02

That date above is the French office's slot.
"""


def test_an_english_page_reads_only_english_date_lines():
    # a body line shaped like another language's date line does not start a post there
    doc = _read(ENGLISH_PAGE)
    assert doc.source.format == "googlegroups-text"
    assert [(p.author.name, p.date, p.to) for p in doc.posts] == [("Jane Doe", "2026-01-07T04:13:08", ("Team",))]


def test_a_bare_date_line_without_any_groups_word_is_not_a_groups_page():
    text = "Notes\n\nAlice\n\n12 mars 2026, 10:15:02\n\nThe meeting moved.\n"
    assert googlegroups.sniff(load_bytes(text.encode(), "notes.txt")).score == 0.0
    assert googlegroups.read(load_bytes(text.encode(), "notes.txt")).posts == ()


def test_interface_words_of_every_pack_are_interface_lines():
    for line in (
        "Reply all", "Odpowiedz wszystkim", "回覆作者", "轉寄", "将帖子翻译为中文", "3 new messages",
        "Traduire le message en français", "Nachricht auf Deutsch übersetzen",
    ):
        assert googlegroups.is_interface(line), line
    # the page writes its words exactly: the author's own lower-case word is text
    assert not googlegroups.is_interface("forward")


def test_the_older_german_pages_fold_of_quoted_text_is_interface():
    blocks = segment_text("Danke, das hilft.\n\n- zitierten Text einblenden -\n")
    assert [(type(b).__name__, b.kind) for b in blocks] == [("Text", "paragraph"), ("Boilerplate", "interface")]


def test_recipients_lines_in_every_pack_language():
    assert googlegroups.recipients("to Chromium Extensions, Kyle Edwards") == ("Chromium Extensions", "Kyle Edwards")
    # the simplified-Chinese page's line, its full-width colon folded by clean()
    assert googlegroups.recipients("其他收件人: han...@google.com, ia...@google.com") == ("han...@google.com", "ia...@google.com")
    assert googlegroups.recipients("Together we can") is None


def test_another_languages_date_line_keeps_its_relative_age():
    found = googlegroups.local_date("12 mar 2026, 10:15:02 (3 days)")
    assert found is not None and found.iso == "2026-03-12T10:15:02"
    assert googlegroups.local_date("12 mar 2026") is None  # a post's date line has its time
    assert googlegroups.local_date("Meeting on 12 mar 2026, 10:15:02") is None  # and starts with it


def test_month_table_comes_from_the_packs():
    for lang in packs():
        for number, name in enumerate(lang.months, 1):
            assert MONTHS[name] == number, (lang.code, name)
        for number, name in lang.month_variants:
            assert MONTHS[name] == number, (lang.code, name)
    # the names the table held before it was built from the packs keep their month
    old = {"jänner": 1, "maerz": 3, "mrt": 3, "setiembre": 9, "fevrier": 2, "decembre": 12, "févr": 2, "déc": 12,
           "okt": 10, "ott": 10, "mag": 5, "giu": 6, "lug": 7, "dic": 12, "dez": 12, "ene": 1, "gen": 1, "set": 9,
           "ago": 8, "mei": 5, "augustus": 8, "mär": 3, "sept": 9, "avr": 4, "juil": 7, "aout": 8}
    assert {name: MONTHS[name] for name in old} == old


def test_dates_of_more_languages_are_found():
    assert find_date("12 lis 2025, 14:05").iso == "2025-11-12T14:05:00"
    assert find_date("3 maj 2024").iso == "2024-05-03"
