"""Signatures → :class:`Signature` blocks: "-- " blocks, sign-offs ("Cdlt / FD") and mobile taglines."""

from __future__ import annotations


from threadkit import patterns
from threadkit.model import Boilerplate, Signature
from threadkit.segment import quotes
from threadkit.segment.boilerplate import footer_rule, only_footer_lines
from threadkit.segment.cues import ATTRIBUTION, FOOTER, MARKER_QUOTE, ORIGINAL_MESSAGE, WRAPPED_ATTRIBUTION
from threadkit.segment.lines import Lines, body_lines, is_blank, joined, span_of
from threadkit.segment.openings import Source, phrase_pattern

#: A "-- " signature longer than this many non-blank lines is more likely a quoted tail.
MAX_SIGNATURE_LINES = 12
#: Lines a sign-off may carry after it (name, title, phone).
MAX_SIGNOFF_TAIL = 4

MOBILE = phrase_pattern("^", "mobile_taglines", suffix=".{0,80}$")
# a sign-off may end in CJK punctuation too ("よろしくお願いします。"; "谢谢！" is read folded,
# '！' as '!'), and in emoji ("Cheers 🎉", "Thanks 🙏🏽", "Merci ❤️": pictographs, dingbats,
# their variation selector and joiner)
_EMOJI = "\u2600-\u27bf\ufe0f\u200d\U0001f300-\U0001faff"
SIGNOFF = phrase_pattern("^", "signoffs", suffix=rf"[\s,.!:。、{_EMOJI}]*$")
#: The longest sign-off line (a sign-off is a few words).
MAX_SIGNOFF_LENGTH = 40
DASHES = ("--", "-- ", "—", "–", "__")
#: A signature delimiter line as cleaned (outer blanks gone): "-- ", and what smart punctuation
#: makes of it, "— " (macOS) or "– " (iOS since 11, WordPress), with or without the trailing
#: space or no-break space (see :data:`SMART_DASHES`), and "__".
DELIMITER_LINES = ("--", "-- ", "—", "–", "__")
# Capital letters beyond ASCII, for names ("Łukasz", "Søren", "Ödön", "Иван").
_CAPITALS = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x530)) if c.isupper())
#: What a name closing the text opens with (a dash, or a slash the Scandinavian way).
_NAME_DASHES = "-–—~/"
#: "-Abhishek Kona", "/Jens" (the Scandinavian way): a dash or slash and a name, closing the
#: author's text. Its source (what the cue tables read of it, see :class:`Source`): compiled
#: by :func:`_dash_name` when a line first may be one, as its class of capitals made its
#: compile 10 M instructions, which every run paid at import.
DASH_NAME = Source(rf"^[{_NAME_DASHES}]\s?[{_CAPITALS}][\w.'’-]{{0,30}}(?: [{_CAPITALS}][\w.'’-]{{0,30}}){{0,3}}$")


_dash_name = patterns.lazy(DASH_NAME.pattern, DASH_NAME.flags)


def is_dash_name(text: str) -> bool:
    """Whether a cleaned line is :data:`DASH_NAME`: read only when a capital stands after the
    dash (and a space): every capital of the pattern is one for ``str.isupper`` (so "--", "-rw-r--r--"
    and "/lib/systemd" are refused without the pattern)."""
    if not text or text[0] not in _NAME_DASHES:
        return False
    first = text[1:2]
    if first.isspace():
        first = text[2:3]
    return first.isupper() and _dash_name().match(text) is not None


def mobile_rule(lines: Lines, i: int):
    """A mobile or client tagline ("Sent from my iPhone", "Envoyé de mon iPhone")."""
    lines = body_lines(lines)
    if is_mobile_tagline(lines.cleaned[i]):
        return Signature(text=lines.texts[i], span=span_of(lines[i:i + 1]), kind="mobile"), i + 1
    return None


def is_mobile_tagline(text: str) -> bool:
    """Whether a cleaned line is a mobile tagline."""
    # "Sent from my desk, is much easier ..." is prose: taglines are short and comma-free.
    return bool(len(text) < 120 and MOBILE.match(text) and "," not in text.split("<")[0] and len(text.split()) <= 9)



def dash_dash_rule(lines: Lines, i: int):
    """A "-- " separator and the short block after it, up to the end of the body or to the
    quote below it (a top-posted reply signs above the message it quotes).

    A "--" with nothing after it is a lone separator (a quoted footer's remnant).
    """
    lines = body_lines(lines)
    if lines.cleaned[i] not in DELIMITER_LINES and lines.texts[i] not in DASHES:
        return None
    if sets_off_nothing(lines, i):
        return Boilerplate(text=lines.texts[i], span=span_of(lines[i:i + 1]), kind="separator"), i + 1
    # Bounded look-ahead: a signature is short, so stop counting past its limit; it ends
    # where a list footer starts.
    content_end = None
    count = 0
    for k in range(i + 1, len(lines)):
        text = lines.cleaned[k]
        if not text:
            continue
        footer = footer_rule(lines, k) if lines.cues[k] & FOOTER else None
        if footer is not None and k == i + 1:
            # a dash right above a list's footer is the footer's delimiter, as "-- " is
            # (the footer rule takes "-- " with it): "—" / "You received this message
            # because you are subscribed to the Google Groups ..." is one list footer
            return _list_footer(lines[i:footer[1]]), footer[1]
        if footer is not None or _starts_quote(lines, k):
            break
        count += 1
        if count > MAX_SIGNATURE_LINES:
            return None
        content_end = k
    if content_end is None:
        return Boilerplate(text=lines.texts[i], span=span_of(lines[i:i + 1]), kind="separator"), i + 1
    block = lines[i:content_end + 1]
    if only_footer_lines(lines, i + 1, content_end + 1):
        return _list_footer(block), content_end + 1
    return Signature(text=joined(block), span=span_of(block), kind="dash-dash"), content_end + 1


def _list_footer(block: Lines) -> Boilerplate:
    """A list's footer with the dash line that sets it off."""
    return Boilerplate(text=joined(block), span=span_of(block), kind="list-footer")


#: The typographic dashes a lone line may hold: what smart punctuation makes of a typed "--"
#: (Apple Mail sends "-- " as "— "), and also a rule or end mark of the text above.
#:
#: Whether a trailing space follows the dash tells nothing, as it is easily lost on the way.
#: Quoting drops it (gg-mbox: Apple Mail's "— " / "Lee", quoted twice by Gmail, is ">> —" /
#: ">> Lee"); HTML has no trailing space to keep (WordPress makes "&#8211;<br>" of a commenter's
#: "--" above his name: articles/dragnet); GitHub's notification footer has a bare "—" where
#: older copies have "-- ". So a bare "—" above the signer's lines opens the signature as "— "
#: does (tests/cases/replies/bare-em-dash-signature-delimiter, en-dash-signature-delimiter).
SMART_DASHES = ("—", "–")


def sets_off_nothing(lines: Lines, i: int) -> bool:
    """Whether the lone dash at ``i`` is an em or en dash with a blank line below it: a rule
    or end mark of the text, not a signature delimiter. A signature starts on the line below
    its delimiter, as "-- " is written (every "— " signature of the corpora's mail does: "— " /
    "Lee"); a comment's "—" under a quoted passage, then a blank line and the commenter's
    answer, closes the passage and opens no signature. (Only the typographic dashes: "-- " is
    the signature delimiter by convention, a blank line below it or not.)"""
    return lines.cleaned[i] in SMART_DASHES and i + 1 < len(lines) and lines.blank[i + 1]


def _starts_quote(lines: Lines, k: int) -> bool:
    """Whether a quote starts at line ``k``: a '>' line, an attribution, an original-message
    header (asked with a probe that builds nothing, and only of the lines whose cues allow it)."""
    cue = lines.cues[k]
    return bool(cue & _QUOTE_CUES) and (
        lines.quote_depth[k] > 0
        or bool(cue & _ATTRIBUTION_CUES and quotes.attribution_rule(lines, k, quotes.no_content, 1) is not None)
        or bool(cue & ORIGINAL_MESSAGE and quotes.original_message_rule(lines, k, quotes.no_content, 1) is not None)
    )


_ATTRIBUTION_CUES = ATTRIBUTION | WRAPPED_ATTRIBUTION
_QUOTE_CUES = MARKER_QUOTE | _ATTRIBUTION_CUES | ORIGINAL_MESSAGE


def trim_end(lines: Lines) -> Lines:
    """``lines`` without trailing blank lines."""
    end = len(lines)
    while end and is_blank(lines[end - 1][1]):
        end -= 1
    return lines[:end]


_SENTENCE_END = tuple(".!?…")
#: A line of prose holds at least this many words opening in lower case ("I can see a picture!").
MIN_PROSE_LOWER_WORDS = 3


def is_prose(lines: Lines, k: int) -> bool:
    """Whether line ``k`` reads as a sentence of prose, not as a signer's name, title or
    contact line: a few words, several of them in lower case, ending a sentence or running on
    into the next line (a wrapped paragraph goes on in lower case). Scripts without case
    (CJK) never read as prose here: the test can only keep a sign-off, not make one."""
    words = lines.cleaned[k].split()
    if len(words) <= MIN_PROSE_LOWER_WORDS or sum(w[0].islower() for w in words) < MIN_PROSE_LOWER_WORDS:
        return False
    if lines.cleaned[k].rstrip(")\"'»”’]").endswith(_SENTENCE_END):
        return True
    following = lines.cleaned[k + 1] if k + 1 < len(lines) else ""
    return bool(following) and following[0].islower()


def signoff_rule(lines: Lines, i: int, stop: int):
    """A sign-off ("Cdlt", "Thanks,") followed by at most a few short lines before ``stop``.

    ``stop`` is the index where the author's own text ends (a quote, a footer or the end).
    """
    lines = body_lines(lines)
    text = lines.cleaned[i]
    if is_dash_name(text) and all(lines.blank[k] for k in range(i + 1, stop)):
        return Signature(text=lines.texts[i], span=span_of(lines[i:i + 1]), kind="sign-off"), i + 1
    if len(text) > MAX_SIGNOFF_LENGTH or not SIGNOFF.match(text):
        return None
    tail = [k for k in range(i + 1, stop) if not lines.blank[k]]
    # a bare "Thanks!" closing the text is part of it; a sign-off signs with a name below
    if not tail or len(tail) > MAX_SIGNOFF_TAIL or any(len(lines.cleaned[k]) > 100 for k in tail):
        return None
    if is_prose(lines, tail[0]):
        # "Merci!" / "Using luvcview I can see a picture!", "Thanks" / "My role will be
        # reduced this season.": thanks opening more of the author's text, not a closing
        return None
    end = stop
    while end > i + 1 and lines.blank[end - 1]:
        end -= 1
    block = lines[i:end]
    return Signature(text=joined(block), span=span_of(block), kind="sign-off"), end
