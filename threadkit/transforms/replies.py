"""Infer each post's reply target (``in_reply_to``) from the evidence in the document.

Readers of flat pages (a Google Groups copy shows posts in date order, not as a tree) do not
know what a post answers. This transform weighs what the text shows:

* ``quote-attribution``: a quote header naming an earlier post's author (name or masked
  address) and its time. The page shows times in the viewer's zone and the quote header
  in the sender's, so 12:27 PM ↔ 18:27 (same minutes, whole-hour offset) is a match;
* ``quoted-text``: quoted lines that stand in an earlier post's own text;
* ``recipient``: an earlier author among the recipients (Groups lists the person answered
  first), by name or by masked address ("mtjacot...@gmail.com" ↔ Marie-Thérèse Jacot-Descombes);
* ``default``: nothing else: the thread's first post.

All evidence is kept on the post (``reply_evidence``); the best-scored target wins. Posts
whose reader already set ``in_reply_to`` (mail headers) are left alone, so the transform is
idempotent.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict

import attrs

from threadkit.model import Document, Embedded, Evidence, Post, Quote, Text, iter_blocks
from threadkit.segment.attribution import Attribution, parse_attribution
from threadkit.segment.lines import clean

#: Quoted lines shorter than this (after normalising) are too common to identify a post.
MIN_QUOTED_CHARS = 24
SCORES = {"quote-attribution": 3.0, "attribution-time": 1.0, "quoted-text": 2.0, "recipient-first": 1.5, "recipient": 0.5, "default": 0.1}
_MASKED = re.compile(r"^(?P<local>[^@\s<>]+?)(?:\.\.\.)?@(?P<domain>[^@\s<>]+)$")


def fold_name(text: str) -> str:
    """Lowercase letters and digits, accents and punctuation dropped: "Marie-Thérèse" → "marietherese"."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if c.isalnum() and not unicodedata.combining(c))


def _name_tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return [t for t in re.split(r"[^a-z0-9]+", text) if t]


def _spellings(name: str) -> set[str]:
    """The ways an address may spell a name: "jdoe", "janedoe", "doejane", "jd" ..."""
    tokens = _name_tokens(name)
    if not tokens:
        return set()
    out = {"".join(tokens), tokens[0] + tokens[-1], tokens[0][0] + tokens[-1], tokens[-1] + tokens[0], tokens[0]}
    for s in range(1, len(tokens)):
        out.add("".join(t[0] for t in tokens[:s]) + "".join(tokens[s:]))
    return {s for s in out if len(s) >= 3}


def address_matches(a: str, b: str) -> bool:
    """Whether two addresses, possibly masked ("mtjacot...@gmail.com"), can be the same."""
    ma, mb = _MASKED.match(a.strip().lower()), _MASKED.match(b.strip().lower())
    if not ma or not mb or ma["domain"] != mb["domain"]:
        return False
    la, lb = ma["local"], mb["local"]
    return la.startswith(lb) or lb.startswith(la)


def address_matches_name(address: str, name: str) -> bool:
    """Whether a (masked) address plausibly belongs to ``name``."""
    m = _MASKED.match(address.strip().lower())
    if not m or not name:
        return False
    local = re.sub(r"[^a-z0-9]", "", m["local"])
    if len(local) < 3:
        return False
    return any(s.startswith(local) or (local.startswith(s) and len(s) >= 5) for s in _spellings(name))


def names_match(a: str | None, b: str | None) -> bool:
    """Loose equality of display names (case, accents, punctuation and quotes ignored)."""
    if not a or not b:
        return False
    fa, fb = fold_name(a), fold_name(b)
    return bool(fa) and (fa == fb or (min(len(fa), len(fb)) >= 6 and (fa in fb or fb in fa)))


def _minutes_match(attribution: Attribution, post: Post) -> bool | None:
    """Same minute of the hour, with a whole-hour zone offset allowed; None when unknown."""
    if attribution.minute is None or not post.date:
        return None
    try:
        when = dt.datetime.fromisoformat(post.date)
    except ValueError:
        return None
    return when.minute == attribution.minute


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", clean(text)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _own_text(post: Post) -> str:
    """The post's own words, normalised, for matching quotes against."""
    parts = []
    for block in iter_blocks(post.blocks):
        if isinstance(block, Text) or (isinstance(block, Embedded) and not block.blocks):
            parts.append(_normalise(block.text))
    return " \n ".join(parts)


def quote_attribution(quote: Quote) -> Attribution | None:
    """What a quote's attribution says: its first line, or all its lines when a client
    wrapped it."""
    lines = quote.attribution.split("\n")
    return parse_attribution(lines[0]) or parse_attribution(" ".join(lines))


def _address_book(posts: tuple[Post, ...]) -> dict[str, str]:
    """Addresses seen in attributions and headers, by folded author name."""
    book: dict[str, str] = {}
    for post in posts:
        if post.author.email and post.author.name:
            book.setdefault(fold_name(post.author.name), post.author.email)
        for block in post.blocks:
            if isinstance(block, Quote) and block.attribution:
                attribution = quote_attribution(block)
                if attribution and attribution.name and attribution.email:
                    book.setdefault(fold_name(attribution.name), attribution.email)
    return book


def _by_author(address_or_name: str, earlier: list[Post], book: dict[str, str]) -> list[Post]:
    """The earlier posts whose author a recipient or attribution names."""
    out = []
    for post in earlier:
        name = post.author.name or ""
        known = book.get(fold_name(name)) or post.author.email
        if names_match(address_or_name, name):
            out.append(post)
        elif "@" in address_or_name and (
            (known and address_matches(address_or_name, known)) or address_matches_name(address_or_name, name)
        ):
            out.append(post)
    return out


def _attribution_evidence(post: Post, earlier: list[Post], book: dict[str, str]) -> list[Evidence]:
    evidence = []
    for block in post.blocks:
        if not isinstance(block, Quote) or not block.attribution:
            continue
        attribution = quote_attribution(block)
        if attribution is None:
            continue
        named = []
        if attribution.name:
            named = _by_author(attribution.name, earlier, book)
        if not named and attribution.email:
            named = _by_author(attribution.email, earlier, book)
        timed = [p for p in (named or earlier) if _minutes_match(attribution, p)]
        if named:
            target = (timed or named)[-1]
            detail = f"quote header {clean(block.attribution)!r} names {target.author.name}"
            score = SCORES["quote-attribution"]
            if timed:
                detail += f"; its time matches {target.date} up to the zone offset"
                score += SCORES["attribution-time"]
            evidence.append(Evidence("quote-attribution", target.id, detail, score))
        elif len(timed) == 1:
            evidence.append(Evidence("quote-attribution", timed[0].id, f"quote header time matches {timed[0].date}", SCORES["attribution-time"]))
    return evidence


def _quoted_text_evidence(post: Post, earlier: list[Post], own: dict[str, str]) -> list[Evidence]:
    quoted = []
    for block in post.blocks:
        if isinstance(block, Quote):
            for line in block.text.split("\n"):
                text = _normalise(line.lstrip(" >\\"))
                if len(text) >= MIN_QUOTED_CHARS:
                    quoted.append(text)
    if not quoted:
        return []
    total = sum(len(q) for q in quoted)
    best: list[Evidence] = []
    for candidate in earlier:
        hay = own[candidate.id]
        matched = sum(len(q) for q in quoted if q in hay)
        if matched:
            share = matched / total
            best.append(Evidence("quoted-text", candidate.id, f"{share:.0%} of the quoted text stands in {candidate.id}", SCORES["quoted-text"] * share))
    best.sort(key=lambda e: -e.score)
    return best[:1]


def _recipient_evidence(post: Post, earlier: list[Post], book: dict[str, str]) -> list[Evidence]:
    evidence = []
    others = [p for p in earlier if not names_match(p.author.name, post.author.name)]
    for position, recipient in enumerate(post.to):
        matches = _by_author(recipient, others, book)
        if matches:
            target = matches[-1]
            weight = SCORES["recipient-first"] if not evidence else SCORES["recipient"]
            evidence.append(Evidence("recipient", target.id, f"recipient {recipient!r} wrote {target.id}", weight))
    return evidence


def infer_post_reply(post: Post, earlier: list[Post], book: dict[str, str], own: dict[str, str]) -> Post:
    """The post with ``in_reply_to`` and ``reply_evidence`` set from the evidence."""
    evidence = (
        _attribution_evidence(post, earlier, book)
        + _quoted_text_evidence(post, earlier, own)
        + _recipient_evidence(post, earlier, book)
    )
    if not evidence:
        evidence = [Evidence("default", earlier[0].id, "no evidence: the thread's first post", SCORES["default"])]
    totals: dict[str, float] = defaultdict(float)
    for item in evidence:
        totals[item.target] += item.score
    order = {p.id: k for k, p in enumerate(earlier)}
    target = max(totals, key=lambda t: (totals[t], order.get(t, -1)))
    return attrs.evolve(post, in_reply_to=target, reply_evidence=tuple(evidence))


def infer_replies(document: Document) -> Document:
    """Set ``in_reply_to`` on every message post that has none, from the evidence."""
    posts = document.posts
    if len(posts) < 2:
        return document
    book = _address_book(posts)
    own = {p.id: _own_text(p) for p in posts}
    out = [posts[0]]
    for k, post in enumerate(posts[1:], 1):
        if post.in_reply_to is None and not post.reply_evidence and post.role == "message":
            post = infer_post_reply(post, list(posts[:k]), book, own)
        out.append(post)
    return attrs.evolve(document, posts=tuple(out))
