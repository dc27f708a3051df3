"""A Google Groups thread page copied as text (select-all in a browser) → :class:`Document`.

The copy holds the page's interface around and between the posts. A post opens with the
author's name, "unread," (for the signed-in reader), the date line — long form glued to
the short one, "Jun 23, 2021, 10:55:30 AM6/23/21", or with the relative age in the
signed-in view, "Jan 7, 2026, 4:13:08 AM (7 days ago) Jan 7" — the action buttons of the
signed-out view, and the "to ..." line; the body follows. Interface lines are kept as
page boilerplate, never as post text.

The page's words in other interface languages (its buttons, "unread" marker, links, view
counter, recipients line) come from the language packs' ``groups_*`` fields
(:class:`threadkit.lang.pack.Pack`), one matcher per field over all packs; a page in another
language writes its date line in that language, read with the packs' months.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import attrs

from threadkit import patterns
from threadkit.article.dates import MONTHS, FoundDate, find_date
from threadkit.detection import Guess
from threadkit.lang import alternation, pack
from threadkit.model import (
    Attachment,
    Author,
    Boilerplate,
    Defect,
    Document,
    HeaderField,
    Post,
    Span,
    Text,
)
from threadkit.segment import segment
from threadkit.segment.defects import body_defects
from threadkit.segment.lines import Line, clean, is_blank, is_icon, joined, numbered, span_of
from threadkit.source import Source

FORMAT = "googlegroups-text"
DESCRIPTION = "Google Groups thread page copied as text (signed-in or signed-out view)"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("*.txt",)


def _whole_line(*fields: str) -> re.Pattern:
    """One matcher for the whole (cleaned) line over ``fields`` of every pack: the page's
    interface in any language a pack knows."""
    return patterns.compile(alternation(*fields) + r"\Z")


#: The English layout of a post's date line (month names from the English pack, "Jun", "Sep"):
#: the long form glued to the short one, or followed by the relative age in the signed-in view.
_EN_MONTHS = "|".join(m.capitalize() for m in pack("en").month_abbreviations if len(m) == 3)
DATE_LINE = patterns.compile(
    rf"^(?P<mon>{_EN_MONTHS}) (?P<day>\d{{1,2}}),(?: (?P<year>\d{{4}}),)? "
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))? ?(?P<ap>AM|PM)?"
    r"(?: ?\((?P<rel>[^()]{1,40})\))?\s*(?P<short>.{0,20})$"
)
#: What may follow the date in another language's date line: the relative age in parentheses,
#: then the short form, as in the English layout.
_AFTER_DATE = patterns.compile(r"\s*(?:\((?P<rel>[^()]{1,40})\))?\s*.{0,20}\Z")
_VIEWS = patterns.compile(rf"(?P<n>\d[\d,.]*(?: \d{{3}})*) {alternation('groups_view_counts')}\Z")
_TO = patterns.compile(rf"{alternation('groups_recipients_intros')} (?P<to>.+)\Z")
_RELATIVE = patterns.compile(r"^(?P<n>\d+|an?|one) (?P<unit>minute|hour|day|week|month|year)s? ago$")

_UNREAD = _whole_line("groups_unread_markers")
_SKIP = _whole_line("groups_skip_to_unread")
#: The page's own words (buttons, menus, notices) in the signed-in and signed-out views.
_INTERFACE = _whole_line(
    "groups_unread_markers", "groups_skip_to_unread", "groups_reply_all", "groups_reply_to_author",
    "groups_forward", "groups_interface",
)
#: Lines only a Groups page writes, in any pack's language: evidence for reading another
#: language's date lines (a bare date is too common in bodies to be trusted alone).
_GROUPS_WORDS = _whole_line(
    "groups_unread_markers", "groups_skip_to_unread", "groups_reply_all", "groups_reply_to_author", "groups_forward",
)
#: One pass of sniffing: the unread marker, or the three buttons and links the score counts.
_SNIFF = patterns.compile(
    rf"(?P<unread>{alternation('groups_unread_markers')})\Z"
    rf"|{alternation('groups_skip_to_unread', 'groups_reply_to_author', 'groups_reply_all')}\Z"
)
#: How many lines below the date line the "to ..." line may stand (signed-out views put the
#: action buttons, about twenty lines, in between).
TO_LOOKAHEAD = 40


def is_interface(text: str) -> bool:
    """True for a line of the page's interface (buttons, menus, icon glyphs), in any pack's language."""
    return bool(_INTERFACE.match(clean(text))) or is_icon(text)


def recipients(text: str) -> tuple[str, ...] | None:
    """The recipients of a post's recipients line ("to Chromium Extensions, Kyle Edwards",
    "其他收件人: a...@x.com"), in any pack's language; None for any other (cleaned) line."""
    m = _TO.match(text)
    return tuple(part.strip() for part in m["to"].split(",") if part.strip()) if m else None


def local_date(text: str) -> FoundDate | None:
    """The date of a post's date line written in another interface language than English
    ("12 mars 2026, 10:15:02", "2026年3月12日 10:15"), read with the packs' months; None for
    any other line."""
    if len(text) > 90:
        return None
    found = find_date(text)
    if found is None or found.start or not found.has_time or found.iso is None:
        return None
    return found if _AFTER_DATE.match(text, found.end) else None


def _date_lines(lines: list[Line]) -> Callable[[str], bool]:
    """The test for a post's date line on this page: the English layout when the page has one;
    otherwise the dates of the packs' languages, if the page holds a Groups interface word."""
    texts = [clean(line.text) for line in lines]
    if any(len(t) <= 90 and DATE_LINE.match(t) for t in texts) or not any(_GROUPS_WORDS.match(t) for t in texts):
        return lambda text: bool(DATE_LINE.match(text))
    return lambda text: local_date(text) is not None


def sniff(source: Source) -> Guess:
    """Score how much ``source`` looks like a Google Groups page copy."""
    reasons = []
    score = 0.0
    dates = unread = chrome = 0
    views = False
    head = source.head(20000)
    for k, line in enumerate(head):  # one pass, each line cleaned once
        text = clean(line)
        dates += bool(len(line) < 80 and DATE_LINE.match(text))
        m = _SNIFF.match(text)
        if m:
            unread += m["unread"] is not None
            chrome += m["unread"] is None
        views = views or (k < 80 and bool(_VIEWS.match(text)))
    if not dates and (unread or chrome):
        # another interface language: its date lines count once its own words were seen
        dates = sum(1 for line in head if len(line) < 80 and local_date(clean(line)))
    if dates:
        score += 0.45
        reasons.append(f"{dates} Groups date line(s)")
    if unread:
        score += 0.25
        reasons.append(f"{unread} 'unread,' marker(s)")
    if chrome:
        score += 0.2
        reasons.append(f"{chrome} Groups interface line(s)")
    if views:
        score += 0.1
        reasons.append("a view counter near the top")
    return Guess(FORMAT, min(score, 1.0), tuple(reasons))


def _post_starts(lines: list[Line]) -> list[tuple[int, int]]:
    """(author index, date index) of every post header."""
    starts = []
    is_date = _date_lines(lines)
    for k, line in enumerate(lines):
        if len(line.text) > 90 or not is_date(clean(line.text)):
            continue
        j = k - 1
        while j >= 0 and (is_blank(lines[j].text) or _UNREAD.match(clean(lines[j].text))):
            j -= 1
        if j >= 0 and not is_interface(lines[j].text) and len(clean(lines[j].text)) <= 100:
            if not starts or j > starts[-1][1]:
                starts.append((j, k))
    return starts


def _parse_date(text: str) -> tuple[str | None, str | None, Defect | None]:
    """ISO wall-clock date and the relative age ("7 days ago") of a date line."""
    m = DATE_LINE.match(clean(text))
    if not m:
        found = local_date(clean(text))
        if found:
            return found.iso, _AFTER_DATE.match(clean(text), found.end)["rel"], None
        return None, None, Defect("unparsable-date", f"not a Groups date line: {text.strip()!r}")
    hour = int(m["h"])
    if m["ap"] == "PM" and hour < 12:
        hour += 12
    elif m["ap"] == "AM" and hour == 12:
        hour = 0
    rel = m["rel"]
    if not m["year"]:
        return None, rel, Defect("unparsable-date", f"date without a year: {text.strip()!r}")
    try:
        when = dt.datetime(int(m["year"]), MONTHS[m["mon"].lower()], int(m["day"]), hour, int(m["mi"]), int(m["s"] or 0))
    except ValueError as exc:
        return None, rel, Defect("unparsable-date", f"impossible date {text.strip()!r}: {exc}")
    return when.isoformat(), rel, None


def capture_window(posts: list[tuple[str, str]]) -> tuple[dt.datetime, dt.datetime] | None:
    """The interval the page was captured in, from each post's date and "(N days ago)".

    "N days ago" means N ≤ age < N+1 days, so each post bounds the capture time; the
    bounds of all posts intersect to a window usually narrower than a day.
    """
    lo, hi = dt.datetime.min, dt.datetime.max
    seen = False
    units = {"minute": dt.timedelta(minutes=1), "hour": dt.timedelta(hours=1), "day": dt.timedelta(days=1), "week": dt.timedelta(weeks=1)}
    for iso, rel in posts:
        m = _RELATIVE.match(rel or "")
        if not m or m["unit"] not in units:
            continue
        n = 1 if m["n"] in ("a", "an", "one") else int(m["n"])
        when = dt.datetime.fromisoformat(iso)
        lo = max(lo, when + n * units[m["unit"]])
        hi = min(hi, when + (n + 1) * units[m["unit"]])
        seen = True
    if not seen or lo > hi:
        return None
    return lo, hi


def _interface_blocks(lines: list[Line], kind: str = "interface") -> list[Boilerplate]:
    """One boilerplate block per run of non-blank lines (blank lines between are skipped)."""
    blocks = []
    run: list[Line] = []
    for line in lines + [Line(-1, "")]:
        if is_blank(line.text):
            if run:
                blocks.append(Boilerplate(text=joined(run), span=span_of(run), kind=kind))
                run = []
        else:
            run.append(line)
    return blocks


def _split_trailing_interface(body: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split the interface lines that close a post's span off its body."""
    end = len(body)
    while end and (is_blank(body[end - 1].text) or is_interface(body[end - 1].text)):
        end -= 1
    return body[:end], body[end:]


def _read_post(number: int, lines: list[Line], author_i: int, date_i: int, end: int) -> tuple[Post, list[Boilerplate]]:
    """One post from its header indices to ``end`` (exclusive); returns the page
    interface found inside it too."""
    page: list[Boilerplate] = []
    author_line, date_line = lines[author_i], lines[date_i]
    header = [HeaderField("author", author_line.text, Span.of(author_line.no))]
    page += _interface_blocks(lines[author_i + 1:date_i])
    header.append(HeaderField("date", date_line.text, Span.of(date_line.no)))
    to: tuple[str, ...] = ()
    body_start = None
    for k in range(date_i + 1, min(end, date_i + 1 + TO_LOOKAHEAD)):
        text = clean(lines[k].text)
        if not text or is_interface(lines[k].text):
            continue
        found = recipients(text)
        if found is not None:
            to = found
            header.append(HeaderField("to", lines[k].text, Span.of(lines[k].no)))
            page += _interface_blocks(lines[date_i + 1:k])
            body_start = k + 1
        break
    if body_start is None:
        # no "to" line: skip the interface lines that stand where it would be
        k = date_i + 1
        while k < end and (is_blank(lines[k].text) or is_interface(lines[k].text)):
            k += 1
        page += _interface_blocks(lines[date_i + 1:k])
        body_start = k
    body, trailing = _split_trailing_interface(lines[body_start:end])
    page += _interface_blocks(trailing)
    iso, rel, defect = _parse_date(date_line.text)
    blocks = segment(body)
    last = max([author_line.no, date_line.no] + [b.span.last for b in blocks] + [h.span.last for h in header])
    metadata = (("relative_date", rel),) if rel else ()
    post = Post(
        id=f"p{number}",
        span=Span(author_line.no, last),
        role="message",
        author=Author(name=clean(author_line.text), email=None),
        date=iso,
        date_raw=date_line.text,
        to=to,
        header=tuple(header),
        blocks=blocks,
        attachments=tuple(b for b in blocks if isinstance(b, Attachment) and b.kind == "file"),
        metadata=metadata,
        defects=((Defect(defect.code, defect.message, Span.of(date_line.no)),) if defect else ()) + body_defects(blocks),
    )
    return post, page


def _title_and_chrome(lines: list[Line], first_post: int) -> tuple[int | None, int | None, list[Boilerplate], list[tuple[str, int]]]:
    """Find the title line and the view counter above the first post; the rest is chrome."""
    views_i = next((k for k in range(first_post) if _VIEWS.match(clean(lines[k].text))), None)
    anchor = views_i
    if anchor is None:
        anchor = next((k for k in range(first_post) if _SKIP.match(clean(lines[k].text))), None)
    candidates = range(anchor - 1, -1, -1) if anchor is not None else range(first_post)
    title_i = next((k for k in candidates if not is_blank(lines[k].text) and not is_interface(lines[k].text)), None)
    meta: list[tuple[str, int]] = []
    if views_i is not None:
        meta.append(("views", int(re.sub(r"\D", "", _VIEWS.match(clean(lines[views_i].text))["n"]))))
    page: list[Boilerplate] = []
    if title_i is not None and title_i > 0:
        page += [b for b in [_chrome_block(lines[:title_i], "navigation")] if b]
    rest = [line for k, line in enumerate(lines[:first_post]) if (title_i is None or k > title_i)]
    for line in rest:
        if is_blank(line.text):
            continue
        kind = "view-counter" if views_i is not None and line.no == lines[views_i].no else "interface"
        page.append(Boilerplate(text=line.text, span=Span.of(line.no), kind=kind))
    return title_i, views_i, page, meta


def _chrome_block(lines: list[Line], kind: str) -> Boilerplate | None:
    content = [line for line in lines if not is_blank(line.text)]
    if not content:
        return None
    start = lines.index(content[0])
    stop = lines.index(content[-1]) + 1
    return Boilerplate(text=joined(lines[start:stop]), span=span_of(content), kind=kind)


def read(source: Source) -> Document:
    """Read a Google Groups page copy into a document of messages."""
    lines = numbered(source.lines)
    starts = _post_starts(lines)
    defects: list[Defect] = []
    if not starts:
        defects.append(Defect("no-posts", "no Groups post header (author, date line) was found"))
        first_post = len(lines)
    else:
        first_post = starts[0][0]
    title_i, _views_i, page, meta = _title_and_chrome(lines, first_post)
    if not starts:
        # no post header at all: keep every line, labelled as what it is — unrecognised
        page = [attrs.evolve(b, kind="unrecognised") if b.kind == "interface" and not is_interface(b.text) else b for b in page]
    posts: list[Post] = []
    # the page's closing buttons ("Reply all", "0 new messages") end the last post
    end_of_posts = len(lines)
    while end_of_posts > first_post and (is_blank(lines[end_of_posts - 1].text) or is_interface(lines[end_of_posts - 1].text)):
        end_of_posts -= 1
    for n, (author_i, date_i) in enumerate(starts, 1):
        end = starts[n][0] if n < len(starts) else end_of_posts
        post, post_page = _read_post(n, lines, author_i, date_i, end)
        posts.append(post)
        page += post_page
    page += _interface_blocks(lines[end_of_posts:])
    window = capture_window([(p.date, dict(p.metadata).get("relative_date")) for p in posts if p.date])
    if window:
        lo, hi = window
        meta.append(("capture_date", lo.date().isoformat() if lo.date() == hi.date() else f"{lo.date().isoformat()}/{hi.date().isoformat()}"))
        meta.append(("capture_window", f"{lo.isoformat()}/{hi.isoformat()}"))
    title_line = lines[title_i] if title_i is not None else None
    return Document(
        source=source.info(FORMAT),
        title=clean(title_line.text) if title_line else None,
        title_span=Span.of(title_line.no) if title_line else None,
        posts=tuple(posts),
        boilerplate=tuple(sorted(page, key=lambda b: b.span)),
        metadata=tuple(meta),
        defects=tuple(defects),
    )
