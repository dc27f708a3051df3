"""Boilerplate inside post bodies → :class:`Boilerplate` blocks: list footers, antivirus
taglines, disclaimers, separators, and attachment references → :class:`Attachment`.

The patterns are data: a new footer or tagline is one line in a table, not new code.
"""

from __future__ import annotations

import re

from threadkit import patterns
from threadkit.lang import alternation
from threadkit.model import Attachment, Boilerplate
from threadkit.segment.cues import FOOTER
from threadkit.segment.lines import BodyLines, Lines, body_lines, is_icon, joined, span_of
from threadkit.segment.openings import phrase_pattern

# One-line taglines, matched on the cleaned line (case ignored): each kind and its pattern.
TAGLINES: tuple[tuple[str, str], ...] = (
    ("antivirus", rf"^{alternation('virus_free_taglines')}\.?\s*(?:www\.)?(?:avast|avg)\.com\b"),
    ("antivirus", rf"^{alternation('antivirus_notices')}$"),
    ("interface", rf"^{alternation('deleted_message_notices')}$"),
    ("interface", rf"^\[?{alternation('hidden_quote_notices')}\]?$"),
)

# The taglines as one pattern, the table's patterns as alternatives in its order: the first
# alternative that matches is the first pattern that matches, and a line fails them all in
# one call instead of five. Only this one is compiled (each pattern compiled as well cost every
# run 10 M instructions). Each alternative is a group that holds no other, so a match's
# ``lastindex`` is its pattern's place in the table.
ANY_TAGLINE = patterns.compile("|".join(f"({pattern})" for _, pattern in TAGLINES), re.I)
assert ANY_TAGLINE.groups == len(TAGLINES)

# Where a list footer starts, and the lines it may hold (Google Groups in the packs' languages,
# Mailman). A footer may open with "--" or "---" and may carry a list's own disclaimer lines.
#: A long rule of underscores is a mail program's divider, not a rule the author typed: Mailman
#: draws 47 above its footer, Outlook 32 above the original message's "From:", Hotmail 65
#: above its advert (every such line of the corpora). Nothing below it is the author's text.
DIVIDER = "_{20,}$"
is_divider = patterns.compile("^" + DIVIDER).match
FOOTER_START = phrase_pattern("^", "list_footer_starts", more=(DIVIDER,))
# Matched with the phrases its first characters allow (a PhrasePattern): the whole
# alternation, every pack's footer lines, was tried phrase by phrase on each line below a
# footer's start (a tenth of segmenting the gg-mbox bodies, whose every message ends in one).
# An address line is "list@host", or "list at host" as Pipermail's archives mask every "@"
# (the footer quoted from the archive's own month reads "Griffith-devel at lists.berlios.de").
_FOOTER_LINE = phrase_pattern(
    "^", "list_footer_lines", more=(r"\S+@\S+$", r"\S+ at [\w-]+(?:\.[\w-]+)+$", r"https?://\S+$", "---+$", "--$", "-- $")
)
#: How far below a "--" the footer's first sentence may stand (the list's own lines come first).
FOOTER_LOOKAHEAD = 8
# The footer lines in the packs' words ("riak-users mailing list"), without the address and
# link lines any signature may hold as well.
_FOOTER_WORDS = phrase_pattern("^", "list_footer_lines")

# "——" is what smart punctuation makes of a typed "----" (each "--" an em dash)
SEPARATOR = patterns.compile(r"^(?:\+{4,}|\*(?:\s*\*){2,}|={4,}|_{4,}|~{4,}|#{4,}|-{3,}|(?:-\s){2,}-|[—–]{2,})$")

#: The file extensions of an attachment line, lower case.
EXTENSIONS = frozenset((
    "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "svg", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx",
    "odt", "ods", "odp", "rtf", "txt", "csv", "zip", "rar", "7z", "gz", "tar", "mp3", "mp4", "m4a", "wav", "mov", "avi", "eml",
    "ics", "vcf", "p7s", "asc",
))
# longest first: an alternative that is a prefix of another ("tif", "tiff") must not stop the match short
_FILE_EXT = "(?:" + "|".join(sorted(EXTENSIONS, key=lambda e: (-len(e), e))) + ")"
_FILE = patterns.compile(rf"^(?P<name>[\w\-. ()&,'+]{{1,150}}\.{_FILE_EXT})(?:\s*\(\d+[.,]?\d*\s*[KMG]?i?B\))?$", re.I)


#: An inline image's reference ("[cid:image002.jpg@01D2...]"), made when a line that may be one
#: is first read (most mail holds none).
_cid = patterns.lazy(rf"^\[?cid:(?P<name>[^@\s\]]{{1,200}}\.{_FILE_EXT})@[^\s\]]{{1,200}}\]?$", re.I)


def tagline_rule(lines: Lines, i: int):
    """A one-line tagline ("Sans virus.www.avast.com", "Message has been deleted"), or a
    line of web-interface icon glyphs."""
    lines = body_lines(lines)
    text = lines.cleaned[i]
    # icon glyphs are private-use characters: an ASCII line holds none
    if not text.isascii() and is_icon(lines.texts[i]):
        return Boilerplate(text=lines.texts[i], span=span_of(lines[i:i + 1]), kind="interface"), i + 1
    m = ANY_TAGLINE.match(text) if len(text) < 300 else None
    if m is None:
        return None
    kind = TAGLINES[m.lastindex - 1][0]
    return Boilerplate(text=lines.texts[i], span=span_of(lines[i:i + 1]), kind=kind), i + 1


def footer_rule(lines: Lines, i: int):
    """A mailing-list footer, from its "--" (or first sentence) to its last line."""
    # the "-- " signature rule and the quotes that stop before a closing footer ask the same
    # lines again: each line's answer is worked out once per body
    return body_lines(lines).per_line(_footer_at)[i]


def _footer_at(lines: BodyLines, i: int):
    if not lines.cues[i] & FOOTER:
        return None
    first = lines.cleaned[i]
    if first in ("--", "-- ", "---", "___"):
        start = i
        found = None
        seen = 0
        cues = lines.cues
        for k in range(i + 1, len(lines)):
            if lines.blank[k]:
                continue
            seen += 1
            if seen > FOOTER_LOOKAHEAD:
                break
            # a short line the footer's start matches carries the FOOTER cue (its one-line
            # test): the cue refuses most lines without the phrase test
            if (cues[k] & FOOTER or len(lines.cleaned[k]) >= 300) and FOOTER_START.match(lines.cleaned[k]):
                found = k
                break
        if found is None:
            return None
        if found > i + 1 and lines.cleaned[found].startswith("___"):
            # "-- \nJane\n____\nlist mailing list": a signature, then Mailman's footer
            return None
    elif len(first) < 300 and FOOTER_START.match(first):
        start = found = i
    else:
        return None
    end = found + 1
    k = end
    while k < len(lines):
        text = lines.cleaned[k]
        if not text:
            k += 1
            continue
        if is_footer_line(text):
            end = k = k + 1
            continue
        break
    block = lines[start:end]
    if end == start + 1 and is_divider(first):
        advert_end = _advert_end(lines, end)
        if advert_end is not None:
            block = lines[start:advert_end]
            return Boilerplate(text=joined(block), span=span_of(block), kind="advert"), advert_end
        # a divider and no footer line below it: Outlook's above the original message's
        # "From:", one framing a notice: a separator, not a list's footer (it still ends a
        # quote or signature above it)
        return Boilerplate(text=joined(block), span=span_of(block), kind="separator"), end
    return Boilerplate(text=joined(block), span=span_of(block), kind="list-footer"), end


#: The most lines of a webmail's advert below its divider (a slogan, a link).
MAX_ADVERT_LINES = 3
_LINK = patterns.compile(r"(?:https?://|www\.)\S", re.I)


def _advert_end(lines: BodyLines, k: int) -> int | None:
    """Where the advert a webmail service appends below its divider ends, if lines ``k`` on
    are one: a few short lines in one run closing the body, the last a link ("Windows Live
    Fotogalerie: So einfach organisieren Sie Ihre Fotos!" / "http://get.live.com/...": the
    adverts Hotmail and Windows Live put under the messages of the corpora's Pipermail months)."""
    while k < len(lines) and lines.blank[k]:
        k += 1
    end = k
    while end < len(lines) and not lines.blank[end] and end <= k + MAX_ADVERT_LINES:  # (a bounded look)
        end += 1
    if not k < end <= k + MAX_ADVERT_LINES or not _blank_from(lines, end):
        return None
    if any(len(lines.cleaned[j]) > 160 for j in range(k, end)) or not _LINK.search(lines.cleaned[end - 1]):
        return None
    return end


def only_footer_lines(lines: BodyLines, start: int, end: int) -> bool:
    """Whether the non-blank lines ``start`` to ``end`` are all a list footer's lines, one of
    them in the packs' words: Mailman's "riak-users mailing list", its address and its link
    below a short rule ("__", "-- ") are the list's footer, not the author's signature (a
    signature of an address and a link alone stays one)."""
    texts = [lines.cleaned[k] for k in range(start, end) if not lines.blank[k]]
    return bool(texts) and all(is_footer_line(t) for t in texts) and any(_FOOTER_WORDS.match(t) for t in texts)


def is_footer_line(text: str) -> bool:
    """Whether a cleaned line may be one of a list footer's lines (a short one: a paragraph that
    happens to open with a footer's words is the author's)."""
    return len(text) < 400 and _FOOTER_LINE.match(text) is not None


def separator_rule(lines: Lines, i: int):
    """A separator line ("++++++", "* * *", "-----") standing apart from text: right under
    a text line, "----" underlines a heading (Markdown) and stays with it."""
    lines = body_lines(lines)
    if i > 0 and not lines.blank[i - 1]:
        return None
    if SEPARATOR.match(lines.cleaned[i]):
        return Boilerplate(text=lines.texts[i], span=span_of(lines[i:i + 1]), kind="separator"), i + 1
    return None


def attachment_rule(lines: Lines, i: int):
    """An inline image reference ("cid:image002.jpg@...") or an attachment file name line."""
    lines = body_lines(lines)
    m = attachment_match(lines.cleaned[i])
    if not m:
        return None
    kind = "file" if m.re is _FILE else "inline-image"
    return Attachment(text=lines.texts[i], span=span_of(lines[i:i + 1]), name=m.group("name"), kind=kind), i + 1


def attachment_match(text: str) -> re.Match | None:
    """The inline-image or file-name match of a cleaned line, or None."""
    if "." not in text:  # both patterns end in a file extension
        return None
    if text.isascii():
        # what the patterns need, read without them (most lines with a '.' are prose): a
        # "cid:" opening, or an extension after the last '.' unless a size in () closes it.
        # (Outside ASCII the patterns decide: "ı" matches "i" when case is ignored.)
        if text[0] in "cC[" and text[:5].lower().startswith(("cid:", "[cid:")):
            return _cid().match(text) or _FILE.match(text)
        if text[-1] != ")" and text[text.rfind(".") + 1:].lower() not in EXTENSIONS:
            return None
        return _FILE.match(text)
    # an inline image's reference holds the ':' of its "cid:" (whose letters may be any the
    # engine folds with them: "cıd:")
    return (_cid().match(text) if ":" in text else None) or _FILE.match(text)


DISCLAIMER = phrase_pattern("^", "disclaimers")


def disclaimer_rule(lines: Lines, i: int):
    """A confidentiality disclaimer paragraph."""
    lines = body_lines(lines)
    if not DISCLAIMER.match(lines.cleaned[i]):
        return None
    end = i + 1
    while end < len(lines) and not lines.blank[end]:
        end += 1
    block = lines[i:end]
    return Boilerplate(text=joined(block), span=span_of(block), kind="disclaimer"), end


def trailing_footer_start(lines: Lines, start: int) -> int | None:
    """Index of the list footer that closes ``lines`` (nothing but blanks after it), if any.

    Lists append their footer after everything the author sent, quotes included, so a
    quote or signature that runs to the end of a body stops before it.
    """
    lines = body_lines(lines)
    cues = lines.cues
    for k in range(start, len(lines)):
        if not cues[k] & FOOTER or lines.blank[k]:  # no footer starts on a line without its cue
            continue
        hit = footer_rule(lines, k)
        if hit is not None and _blank_from(lines, hit[1]):
            return k
    return None


def _blank_from(lines: BodyLines, k: int) -> bool:
    """Whether lines ``k`` to the end are all blank (the cleaned texts are kept on ``lines``)."""
    return all(lines.blank[j] for j in range(k, len(lines)))
