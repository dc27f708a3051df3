"""The replies gold's kinds of text, one fixture folder per case: tests/cases/replies/<case>/
holds a body (input.txt) and the blocks it must give (expected.json: each top-level block's
type, kind and first and last line), as the quote cases do (tests/test_segment_quote_cases.py).

A separator line between two paragraphs of the author's own text is a rule of that text
(the author's text runs on across it); one that opens a forwarded article, or has a
signature, tagline or quote on one side, stays typed boilerplate. A mailing list's footer
below a short rule ("__", "-- ") is the list's footer, not the author's signature. A long rule
of underscores is a mail program's divider: alone a separator (Outlook's above "From:"), never a
rule of the text, with a short closing run ending in a link a webmail's advert; Pipermail's
masked "list at host" is a footer line. A lone em dash with a blank line below it is a rule of
the text, one with the signature right below it ("— " / "Lee") a signature delimiter, whether or
not its trailing space survived (quoting, HTML and GitHub drop it), and one right above a list's
footer the footer's delimiter, as "-- " is. A sign-off followed by a sentence of prose is thanks
going on into more of the text.

The misses that remain against ../shared/corpus/replies are gold that contradicts itself on
the same text (see :func:`test_the_contradicting_sign_off_gold_differs_only_in_the_footer_rule`)
or one source project's pattern list on a single document (bench/README.md, replies)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_lang_fixtures import blocks_of, case_folders, expected_blocks
from test_segment import normalise
from threadkit.model import Text
from threadkit.segment import numbered, segment, segment_text
from threadkit.source import load_bytes

CASES = Path(__file__).parent / "cases" / "replies"
FOLDERS = case_folders(CASES)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_replies_case(folder):
    assert blocks_of(folder) == expected_blocks(folder)


def test_a_rule_between_paragraphs_keeps_the_text_it_parts():
    blocks = segment_text("First part.\n\n----\n\nSecond part.\n")
    assert [(type(b).__name__, b.kind) for b in blocks] == [("Text", "paragraph"), ("Text", "rule"), ("Text", "paragraph")]
    assert all(isinstance(b, Text) for b in blocks)


def test_a_signature_delimiter_is_never_a_rule():
    # "--" alone with a paragraph on either side is no rule of the text (it is no separator
    # of the segmenter's either: a "-- " signature runs to the end)
    blocks = segment_text("First part.\n\n-- \n\nJane Roe\n")
    assert not any(isinstance(b, Text) and b.kind == "rule" for b in blocks)


# (crisp file, github/zapier file, the line where they differ): crisp's gold keeps the
# sign-off "-Abhishek Kona" in the visible text, github's and zapier's call it the signature.
def labels(path: Path) -> list[tuple[str, str | None, int, int]]:
    source = load_bytes(path.read_bytes(), path.name)
    return [(type(b).__name__, b.kind, b.span.first, b.span.last) for b in segment(numbered(source.lines))]


CONTRADICTING = [
    ("crisp/email_1.txt", "github/email_1_1.txt", 10),
    ("crisp/email_3.txt", "github/email_1_3.txt", 52),
]


@pytest.mark.parametrize(("crisp", "other", "line"), CONTRADICTING, ids=lambda v: str(v))
def test_the_contradicting_sign_off_gold_differs_only_in_the_footer_rule(corpus, crisp, other, line):
    """The evidence that no rule can meet both golds: after the gold's normalisation the two
    bodies differ in one line only, the underscore rule that opens the Mailman footer below
    the sign-off ("__" in crisp's copy, 47 underscores in github's and zapier's)."""
    root = corpus / "replies"
    a = normalise((root / crisp).read_text(encoding="utf-8")).split("\n")
    b = normalise((root / other).read_text(encoding="utf-8")).split("\n")
    assert (root / other).read_bytes() == (root / other.replace("github/", "zapier/")).read_bytes()
    assert len(a) == len(b)
    assert [k + 1 for k in range(len(a)) if a[k] != b[k]] == [line]
    assert (a[line - 1], b[line - 1]) == ("__", "_" * 47)
    # and threadkit reads both alike (the short rule's Mailman footer is a list footer too)
    assert labels(root / crisp) == labels(root / other)
    gold = {r["file"]: r for r in json.loads((root / "gold.json").read_text(encoding="utf-8"))}
    assert "-Abhishek Kona" in gold[crisp]["visible_text"]
    assert "-Abhishek Kona" not in gold[other]["visible_text"] and gold[other]["signature"] == "-Abhishek Kona"


def test_a_program_divider_is_never_a_rule_of_the_text():
    # a long underscore rule is a mail program's divider: what is below it is not the author's
    # text run on ("----" between paragraphs is; tests/cases/replies/rules-between-paragraphs)
    blocks = segment_text("First part.\n\n" + "_" * 32 + "\n\nSomething a program added.\n")
    assert [(type(b).__name__, b.kind) for b in blocks] == [("Text", "paragraph"), ("Boilerplate", "separator"), ("Text", "paragraph")]


# The signature delimiter as typed ("-- "), as Apple Mail sends it ("— "), and as it arrives after
# its trailing space was lost ("—": quoted, copied from HTML, written by a program), made an en
# dash (iOS smart punctuation "– ", WordPress "–") or a no-break space (an HTML part's "—&nbsp;").
DELIMITERS = ["-- ", "— ", "—", "—\u00a0", "– ", "–", "–\u00a0"]


@pytest.mark.parametrize("dash", DELIMITERS, ids=repr)
def test_a_dash_above_the_signer_opens_the_signature_with_or_without_its_space(dash):
    own = segment_text(f"The build is green again.\n\n{dash}\nDana Whitfield\nRelease engineering\n")
    assert [(type(b).__name__, b.kind, b.span.first, b.span.last) for b in own] == [("Text", "paragraph", 1, 1), ("Signature", "dash-dash", 3, 5)]
    # quoted, the trailing space goes the way a quoting client writes it: "> — " or "> —"
    quoted = "Thanks, merged.\n\nOn Mon, 6 Jan 2020 at 10:00, Dana Whitfield <dana@example.org> wrote:\n"
    quoted += "".join(f"> {line}".rstrip() + "\n" for line in ("The build is green again.", "", dash, "Dana Whitfield"))
    reply = segment_text(quoted)
    assert [type(b).__name__ for b in reply] == ["Text", "Quote"]
    assert [(type(b).__name__, b.kind) for b in reply[1].blocks] == [("Text", "paragraph"), ("Signature", "dash-dash")]


@pytest.mark.parametrize("dash", DELIMITERS + ["--", "__"], ids=repr)
def test_a_dash_right_above_a_list_footer_is_the_footer_s(dash):
    footer = ('You received this message because you are subscribed to the Google Groups "build-tools" group.\n'
              "To unsubscribe from this group and stop receiving emails from it, send an email to build-tools+unsubscribe@googlegroups.com.\n")
    blocks = segment_text(f"Looks good to me.\n\n{dash}\n{footer}")
    assert [(type(b).__name__, b.kind, b.span.first, b.span.last) for b in blocks] == [("Text", "paragraph", 1, 1), ("Boilerplate", "list-footer", 3, 5)]
