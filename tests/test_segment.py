"""Body segmentation shared by all readers: rules, languages, nesting, and the replies corpus."""

from __future__ import annotations

import json
import re

import pytest

from conftest import corpus_dir
from threadkit.model import Attachment, Boilerplate, Heading, Quote, Signature, Text
from threadkit.segment import numbered, segment, segment_text
from threadkit.segment.attribution import parse_attribution
from threadkit.source import load_bytes

NBSP, NNBSP = "\u00a0", "\u202f"

ATTRIBUTIONS = [
    # (line, name, email, hour, minute) — as mail clients write them, odd spaces included
    (f"Le{NBSP}mer. 7 janv. 2026 à{NBSP}18:27, Marie-Thérèse Jacot-Descombes <mtjacotd...@gmail.com> a écrit{NBSP}:", "Marie-Thérèse Jacot-Descombes", "mtjacotd...@gmail.com", 18, 27),
    (f"Le mer. 7 janv. 2026 à{NNBSP}18:27, Jean Dupont <jd@example.fr> a écrit{NNBSP}:", "Jean Dupont", "jd@example.fr", 18, 27),
    (f"On Wed, Jan 7, 2026 at 6:27{NNBSP}PM Jane Doe <jane@example.com> wrote:", "Jane Doe", "jane@example.com", 18, 27),
    ("On Friday, November 12, 2021 at 3:19:53 PM UTC+3 vladimira...@gmail.com wrote:", None, "vladimira...@gmail.com", 15, 19),
    ("On Monday, June 3, 2024 at 4:06:43 AM UTC+1 Lee Duncan wrote:", "Lee Duncan", None, 4, 6),
    ("Am Mi., 7. Jan. 2026 um 18:27 Uhr schrieb Hans Müller <hans@example.de>:", "Hans Müller", "hans@example.de", 18, 27),
    ("El mié, 7 ene 2026 a las 18:27, Ana García (<ana@example.es>) escribió:", "Ana García", "ana@example.es", 18, 27),
    ("Il giorno mer 7 gen 2026 alle ore 18:27 Mario Rossi <mario@example.it> ha scritto:", "Mario Rossi", "mario@example.it", 18, 27),
    ("Em qua., 7 de jan. de 2026 às 18:27, João Silva <joao@example.pt> escreveu:", "João Silva", "joao@example.pt", 18, 27),
    ("Op wo 7 jan. 2026 om 18:27 schreef Jan de Vries <jan@example.nl>:", "Jan de Vries", "jan@example.nl", 18, 27),
    ("Op 7 januari 2026 om 18:27 heeft Piet Jansen <piet@example.nl> het volgende geschreven:", None, "piet@example.nl", 18, 27),
    ("2017-11-24 16:32 GMT+01:00 Baptiste - Crisp <s.rg@mail.crisp.chat>:", None, "s.rg@mail.crisp.chat", 16, 32),
]


@pytest.mark.parametrize("line, name, email, hour, minute", ATTRIBUTIONS, ids=lambda v: v[:24] if isinstance(v, str) else None)
def test_attribution_lines_in_many_languages(line, name, email, hour, minute):
    attribution = parse_attribution(line)
    assert attribution is not None, line
    if name is not None:
        assert attribution.name and attribution.name.strip(" (") == name.strip(" (")
    assert attribution.email == email
    assert (attribution.hour, attribution.minute) == (hour, minute)


@pytest.mark.parametrize(
    "line",
    ["Here is what he wrote:", "I wrote this down yesterday and it was fine.", "Note:", "The following list:", "x" * 5000 + " wrote:"],
)
def test_prose_is_not_an_attribution(line):
    assert parse_attribution(line) is None


def kinds(blocks):
    return [(type(b).__name__, getattr(b, "kind", None)) for b in blocks]


def test_nested_marker_quotes():
    blocks = segment_text("Reply here\n\nOn Mon, Jan 5, 2026 at 9:00 AM Bob <b@x.org> wrote:\n> first\n> > deeper\n> > > deepest\n> back\n")
    assert kinds(blocks) == [("Text", "paragraph"), ("Quote", "reply")]
    quote = blocks[1]
    assert quote.attribution.startswith("On Mon") and quote.span.first == 3 and quote.span.last == 7
    inner = quote.blocks
    assert isinstance(inner[1], Quote) and inner[1].depth == 2
    assert isinstance(inner[1].blocks[1], Quote) and inner[1].blocks[1].depth == 3


def test_deep_nesting_is_bounded():
    blocks = segment_text(">" * 5000 + " x\n")
    depth = 0
    while blocks and isinstance(blocks[0], Quote):
        depth += 1
        blocks = blocks[0].blocks
    assert 1 <= depth <= 17


def test_inline_guillemet_quotes():
    blocks = segment_text("Intro\n\n<< «Hello» said the man >>\n\n« la paix » la Russie ne peut\n")
    assert kinds(blocks) == [("Text", "paragraph"), ("Quote", "inline"), ("Text", "paragraph")]


@pytest.mark.parametrize(
    "tail, kind",
    [("Sent from my iPhone", "mobile"), ("Envoyé de mon iPhone", "mobile"), ("Von meinem iPhone gesendet", "mobile"), ("-- \nJane Doe\nACME Corp", "dash-dash"), ("Cdlt\nFD", "sign-off"), ("-Abhishek Kona", "sign-off")],
)
def test_signatures(tail, kind):
    blocks = segment_text("Some message text here.\n\n" + tail + "\n")
    assert isinstance(blocks[-1], Signature) and blocks[-1].kind == kind


def test_prose_after_sent_from_is_not_a_tagline():
    blocks = segment_text("Hi\n\nSent from my desk, is much easier then my mobile phone.\n")
    assert all(isinstance(b, Text) for b in blocks)


def test_google_groups_footer_with_list_lines_is_one_block():
    text = "Hello\n\n--\nLes opinions exprimées ci-dessus ne sont pas les nôtres.\nSite : https://x.org/\n---\nVous recevez ce message, car vous êtes abonné au groupe Google X.\nPour vous désabonner de ce groupe, envoyez un e-mail à x...@googlegroups.com.\nPour afficher cette discussion, accédez à https://groups.google.com/d/msgid/x/1.\n"
    blocks = segment_text(text)
    assert kinds(blocks) == [("Text", "paragraph"), ("Boilerplate", "list-footer")]
    assert blocks[1].span.first == 3 and blocks[1].span.last == 9


def test_outlook_headers_start_a_quote():
    text = "Thanks!\n\n-----Original Message-----\nFrom: Bob\nSent: Monday\nTo: Alice\nSubject: x\n\nold text\n"
    blocks = segment_text(text)
    assert kinds(blocks) == [("Text", "paragraph"), ("Quote", "reply")]
    assert blocks[1].attribution.startswith("-----Original Message-----")


def test_attachment_references():
    blocks = segment_text("cid:image002.jpg@01DC7FBC.ED2079E0\n\nreport.pdf\n")
    assert [(type(b), b.kind, b.name) for b in blocks] == [(Attachment, "inline-image", "image002.jpg"), (Attachment, "file", "report.pdf")]


def test_markdown_underline_is_not_a_separator():
    blocks = segment_text("## Key Points\n----\n\n1. point\n")
    assert kinds(blocks)[0] == ("Text", "paragraph") and blocks[0].span.last == 2


def covered_once(blocks, lines):
    counts = {}
    for b in blocks:
        for no in b.span.lines():
            counts[no] = counts.get(no, 0) + 1
    return all(counts.get(k, 0) == 1 for k, text in enumerate(lines, 1) if text.strip(" \t\u00a0\u202f"))


def normalise(text):
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def replies_scores(root):
    """Agreement with the replies gold: (quoted, visible text, signature) as (right, total)."""
    gold = json.loads((root / "replies" / "gold.json").read_text())
    scores = {"quoted": [0, 0], "visible": [0, 0], "signature": [0, 0]}
    for record in gold:
        source = load_bytes((root / "replies" / record["file"]).read_bytes(), record["file"])
        blocks = segment(numbered(source.lines))
        assert covered_once(blocks, source.lines), record["file"]
        if record["quoted"] is not None:
            scores["quoted"][1] += 1
            scores["quoted"][0] += any(isinstance(b, Quote) for b in blocks) == record["quoted"]
        if record["visible_text"] is not None:
            scores["visible"][1] += 1
            own = [b for b in blocks if isinstance(b, (Text, Heading))]
            visible = ""
            if own:
                start = blocks.index(own[0])
                last = own[0].span.last
                for b in blocks[start:]:
                    if not isinstance(b, (Text, Heading)):
                        break
                    last = b.span.last
                visible = normalise("\n".join(source.lines[own[0].span.first - 1:last]))
            scores["visible"][0] += visible == normalise(record["visible_text"])
        if record["signature"] is not None:
            scores["signature"][1] += 1
            found = [b for b in blocks if isinstance(b, Signature)]
            got = normalise(found[0].text) if found else ""
            want = normalise(record["signature"])
            scores["signature"][0] += got == want or bool(want and got.endswith(want))
    return scores


def test_replies_corpus_floors(corpus):
    scores = replies_scores(corpus)
    # Pinned at the measured figures (130/130, 113/117, 44/45, measured again in the eighth
    # session); the misses are cases where the three source projects disagree (crisp keeps
    # "-Name" sign-offs in the text) or one project's pattern list on one document: crisp's
    # gold keeps its "—" / name / title block in the text, though the same shape signs real
    # mail (gg-mbox's Apple Mail "— " / "Lee", quoted bare as ">> —"), and the trailing space
    # tells nothing (bench/README.md, replies; test_replies_cases).
    assert scores["quoted"][0] >= 130, scores
    assert scores["visible"][0] >= 113, scores
    assert scores["signature"][0] >= 44, scores


def test_no_break_space_variants_of_the_seed_attribution_all_match():
    base = "Le{a}mer. 7 janv. 2026 à{a}18:27, Marie <m@x.fr> a écrit{a}:"
    for space in (" ", NBSP, NNBSP, "\u2009"):
        assert parse_attribution(base.format(a=space)), repr(space)


def test_orphan_quote_markers_and_collapsed_quotes_are_defects():
    from threadkit.segment.defects import body_defects

    blocks = segment_text("Il a dit « bonjour et puis\n\nOn Mon, Jan 5, 2026 at 9:00 AM Bob <b@x.org> wrote:\n")
    assert [d.code for d in body_defects(blocks)] == ["orphan-quote-marker", "collapsed-quote"]
    assert body_defects(segment_text("« fermé » et << aussi >>\n")) == ()


def test_quote_without_markers_and_signature_stop_before_the_closing_list_footer():
    footer = "-- \nYou received this message because you are subscribed to the Google Groups \"x\" group.\nTo unsubscribe from this group and stop receiving emails from it, send an email to x+unsubscribe@googlegroups.com.\n"
    blocks = segment_text("Top reply\n\nOn Mon, Jan 5, 2026 at 9:00 AM Bob <b@x.org> wrote:\nold text\n\n" + footer)
    assert kinds(blocks) == [("Text", "paragraph"), ("Quote", "reply"), ("Boilerplate", "list-footer")]
    blocks = segment_text("Hi\n\n-- \nJane Doe\n_______________________________________________\nnotmuch mailing list\nnotmuch@notmuchmail.org\nhttp://notmuchmail.org/mailman/listinfo/notmuch\n")
    assert kinds(blocks) == [("Text", "paragraph"), ("Signature", "dash-dash"), ("Boilerplate", "list-footer")]
