"""Sections of a post between separator lines → :class:`Embedded` forwarded articles, and
separators inside the author's text → rules of that text.

People forward articles into a list by pasting them one after the other, separated by a
line such as "++++++"; each section opens with a title, maybe a lead, and a source line
("Par X, Le Soir, 6 janvier", "RT, 6 janv. 2026", "Belga, 6/01/2026"). A section that has
such a source line becomes an embedded document with its title, source and byline.

A separator that opens no such section and stands between two paragraphs of the author's own
text ("----" or "====" between the parts of a message, git's "---" above a patch's notes) is
a rule the author typed: it becomes ``Text`` of kind ``rule``, so the author's text runs on
across it instead of ending there.
"""

from __future__ import annotations

import re

from threadkit import patterns
from threadkit.lang import alternation
from threadkit.model import Attachment, Block, Boilerplate, Embedded, Heading, Signature, Text
from threadkit.segment.boilerplate import is_divider
from threadkit.segment.lines import clean

# A month as the packs abbreviate it, then any further letters of its name ("janv", "janv.",
# "janvier", "сент", "сентября"): letters of any script, not a list of one language's accents.
_MONTH = rf"{alternation('month_abbreviations')}[^\W\d_]*\.?"
_DATE = rf"(?:\d{{1,2}}(?:er)?\s+{_MONTH}(?:\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|{_MONTH}\s+\d{{1,2}},?(?:\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"


#: A source line: "[Par X, ]<source>, <date>", made when a section is first read (its compile
#: was 14 M instructions of every run, and few posts paste articles).
source_line_pattern = patterns.lazy(
    lambda: rf"^(?:{alternation('byline_prefixes')}\s+[^,]{{2,80}},\s*)?(?:[^,]{{1,80}},\s*){{0,3}}?(?P<source>[^,\d][^,]{{0,40}}?),\s*(?P<date>{_DATE})\s*$",
    re.I,
)


#: How many blocks into a section its source line may stand (note, title, lead, source).
MAX_SOURCE_POSITION = 5
_SENTENCE_END = tuple(".!?»\"”)")


def _is_section_separator(block: Block) -> bool:
    return isinstance(block, Boilerplate) and block.kind == "separator" and clean(block.text) not in ("--", "-- ", "---")


def _trailing_start(blocks: tuple[Block, ...]) -> int:
    """Index where the trailing run of taglines, attachments and signatures starts."""
    k = len(blocks)
    while k and isinstance(blocks[k - 1], (Boilerplate, Attachment, Signature)):
        k -= 1
    return k


def parse_source_line(text: str) -> re.Match | None:
    """Match a source line ("RT, 6 janv. 2026"); None when ``text`` is not one."""
    text = clean(text)
    if len(text) > 160 or "," not in text:  # (a comma sets the source off from its date)
        return None
    return source_line_pattern().match(text)


def _as_embedded(section: tuple[Block, ...]) -> Embedded | None:
    texts = section[:MAX_SOURCE_POSITION]
    for pos, block in enumerate(texts):
        if pos == 0 or not isinstance(block, Text):
            continue
        m = parse_source_line(block.text)
        if m is None:
            continue
        before = section[:pos]
        title_pos = max(
            (k for k, b in enumerate(before) if isinstance(b, Text) and not clean(b.text).endswith(_SENTENCE_END)),
            default=0,
        )
        blocks: list[Block] = []
        for k, b in enumerate(section):
            if k < title_pos and isinstance(b, Text):
                blocks.append(Text(text=b.text, span=b.span, kind="note"))
            elif k == title_pos:
                blocks.append(Heading(text=b.text, span=b.span, kind="title", level=1))
            elif title_pos < k < pos and isinstance(b, Text):
                blocks.append(Text(text=b.text, span=b.span, kind="lead"))
            elif k == pos:
                blocks.append(Text(text=b.text, span=b.span, kind="byline"))
            else:
                blocks.append(_page_furniture(b))
        span = section[0].span.join(section[-1].span)
        return Embedded(
            text="\n\n".join(b.text for b in section),
            span=span,
            blocks=tuple(blocks),
            kind="forwarded-article",
            title=clean(section[title_pos].text),
            source=m.group("source").strip(),
            byline=clean(block.text),
        )
    return None


def _page_furniture(block: Block) -> Block:
    """A one-line paragraph of a forwarded article that is page furniture ("À lire aussi : …",
    "Partager sur Facebook") as typed boilerplate: the rules that read an article copied from
    its page apply to an article copied into a post."""
    from threadkit.article.furniture import furniture_kind  # (the article readers' furniture rules)

    if type(block) is Text and block.kind in (None, "paragraph") and block.span.first == block.span.last:
        kind = furniture_kind(block.text)
        if kind is not None:
            return Boilerplate(text=block.text, span=block.span, kind=kind)
    return block


def group_embedded(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Turn the article-like sections between separators into :class:`Embedded` blocks, then
    the separators left between two paragraphs of the author's text into rules of that text."""
    return _rules_in_text(_embed_sections(blocks))


def _embed_sections(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    cuts = [k for k, b in enumerate(blocks) if _is_section_separator(b)]
    if not cuts:
        return blocks
    tail = _trailing_start(blocks)
    out: list[Block] = list(blocks[: cuts[0]])
    bounds = cuts + [tail if tail > cuts[-1] else len(blocks)]
    for start, stop in zip(bounds, bounds[1:]):
        out.append(blocks[start])
        section = blocks[start + 1: stop]
        embedded = _as_embedded(section) if section else None
        out.extend([embedded] if embedded else section)
    out.extend(blocks[bounds[-1]:])
    return tuple(out)


#: What is never a rule inside the text: a signature delimiter left alone ("--" with nothing
#: after it) marks where a signature or footer would start, and a mail program's divider
#: (:data:`boilerplate.DIVIDER`) where what it adds starts.
_SIGNATURE_DELIMITERS = ("--", "-- ")


def _may_be_a_rule(separator: Boilerplate) -> bool:
    """Whether a separator's line may be a rule of the text (see :data:`_SIGNATURE_DELIMITERS`)."""
    line = clean(separator.text)
    return line not in _SIGNATURE_DELIMITERS and not is_divider(line)


def _is_own_text(block: Block) -> bool:
    """Whether ``block`` is the author's own prose (not a byline, note or lead of an article)."""
    return (type(block) is Text and block.kind in (None, "paragraph", "rule")) or type(block) is Heading


def _rules_in_text(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The separators between two paragraphs of the author's text as ``Text`` rules.

    Asked after the forwarded articles are found: a separator before an article stays
    boilerplate (it parts what the author pasted, not the author's words), and the article
    search sees the separators as the segmenter typed them."""
    found = [
        k for k in range(1, len(blocks) - 1)
        if type(blocks[k]) is Boilerplate and blocks[k].kind == "separator"
        and _may_be_a_rule(blocks[k]) and _is_own_text(blocks[k - 1]) and _is_own_text(blocks[k + 1])
    ]
    if not found:
        return blocks
    out = list(blocks)
    for k in found:
        out[k] = Text(text=blocks[k].text, span=blocks[k].span, kind="rule")
    return tuple(out)
