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

from threadkit import patterns
from threadkit.model import Document, Embedded, Evidence, Post, Quote, Text, iter_blocks
from threadkit.segment.lines import clean

#: Quoted lines shorter than this (after normalising) are too common to identify a post.
MIN_QUOTED_CHARS = 24
SCORES = {"quote-attribution": 3.0, "attribution-time": 1.0, "quoted-text": 2.0, "recipient-first": 1.5, "recipient": 0.5, "default": 0.1}
_MASKED = patterns.compile(r"^(?P<local>[^@\s<>]+?)(?:\.\.\.)?@(?P<domain>[^@\s<>]+)$")


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


def _address_book(posts: tuple[Post, ...]) -> dict[str, str]:
    """Addresses seen in attributions and headers, by folded author name."""
    book: dict[str, str] = {}
    for post in posts:
        if post.author.email and post.author.name:
            book.setdefault(fold_name(post.author.name), post.author.email)
        for block in post.blocks:
            if isinstance(block, Quote) and block.cited and block.cited.name and block.cited.email:
                book.setdefault(fold_name(block.cited.name), block.cited.email)
    return book


#: Index keys are cut to this many characters (the match is checked in full afterwards), so
#: a hostile name or address costs linear, not quadratic, work.
KEY_CHARS = 64
#: Folded names are indexed by their substrings of this length (names_match's shortest
#: substring match).
NAME_GRAM = 6
#: Names inside a query up to this long are looked up by each of its substrings.
MAX_SUBSTRING_NAME = 40


def _parse_address(text: str) -> tuple[str, str] | None:
    m = _MASKED.match(text.strip().lower())
    return (m["domain"], m["local"]) if m else None


def _prefixes(text: str, shortest: int = 1) -> list[str]:
    return [text[:k] for k in range(shortest, min(len(text), KEY_CHARS) + 1)]


@attrs.define(eq=False)
class _Author:
    """One author among the earlier posts: a name and the address known for it."""

    name: str
    known: str | None
    posts: list[int] = attrs.Factory(list)
    """Indexes of their posts, in order."""
    last_at_minute: dict[int, int] = attrs.Factory(dict)
    """Minute of the hour → index of their last post dated at it."""

    def matches(self, address_or_name: str) -> bool:
        """Whether a recipient or attribution names this author (the rule of the pairwise scan)."""
        if names_match(address_or_name, self.name):
            return True
        return "@" in address_or_name and (
            bool(self.known and address_matches(address_or_name, self.known)) or address_matches_name(address_or_name, self.name)
        )


class AuthorIndex:
    """The authors of the posts seen so far, found by name or address without a pass over
    every earlier post (that pass made reply inference O(posts²)).

    Each lookup collects candidates from the keys below — a superset of the authors the
    rules accept — and checks every candidate with the rules themselves, so the answers
    are those of the pairwise scan.
    """

    def __init__(self, book: dict[str, str]) -> None:
        self.book = book
        self.authors: dict[tuple[str, str | None], _Author] = {}
        self.by_key: dict[tuple, list[_Author]] = defaultdict(list)
        self.post_minutes: dict[int, list[int]] = defaultdict(list)

    def add(self, index: int, post: Post) -> None:
        name = post.author.name or ""
        known = self.book.get(fold_name(name)) or post.author.email
        author = self.authors.get((name, known))
        if author is None:
            author = self.authors[(name, known)] = _Author(name, known)
            for key in self._keys(author):
                self.by_key[key].append(author)
        author.posts.append(index)
        minute = _post_minute(post)
        if minute is not None:
            author.last_at_minute[minute] = index
            self.post_minutes[minute].append(index)

    @staticmethod
    def _keys(author: _Author) -> set[tuple]:
        keys: set[tuple] = set()
        folded = fold_name(author.name)
        if folded:
            keys.add(("name", folded))
            if len(folded) >= NAME_GRAM:
                keys.add(("name-start", folded[:NAME_GRAM]))
                keys.update(("name-gram", folded[k:k + NAME_GRAM]) for k in range(len(folded) - NAME_GRAM + 1))
        address = _parse_address(author.known) if author.known else None
        if address:
            domain, local = address
            keys.add(("address-head", domain, local[:KEY_CHARS]))
            keys.update(("address-prefix", domain, p) for p in _prefixes(local))
        for spelling in _spellings(author.name):
            keys.update(("spelling-prefix", p) for p in _prefixes(spelling, 3))
            if len(spelling) >= 5:
                keys.add(("spelling-head", spelling[:KEY_CHARS]))
        return keys

    def _candidate_keys(self, query: str) -> list[tuple]:
        keys: list[tuple] = []
        folded = fold_name(query)
        if folded:
            keys.append(("name", folded))
            if len(folded) >= NAME_GRAM:
                # names containing the query contain each of its grams: the rarest will do
                grams = {folded[k:k + NAME_GRAM] for k in range(len(folded) - NAME_GRAM + 1)}
                keys.append(min((("name-gram", g) for g in grams), key=lambda key: len(self.by_key.get(key, ()))))
                # names inside the query: each of its substrings, or (for a long query)
                # every name starting with one of its grams
                if len(folded) <= MAX_SUBSTRING_NAME:
                    keys += [("name", folded[i:j]) for i in range(len(folded)) for j in range(i + NAME_GRAM, len(folded) + 1)]
                else:
                    keys += [("name-start", g) for g in grams]
        address = _parse_address(query) if "@" in query else None
        if address:
            domain, local = address
            keys.append(("address-prefix", domain, local[:KEY_CHARS]))  # known addresses the query starts
            keys += [("address-head", domain, p) for p in _prefixes(local)]  # known addresses that start the query
            plain = re.sub(r"[^a-z0-9]", "", local)
            if len(plain) >= 3:
                keys.append(("spelling-prefix", plain[:KEY_CHARS]))
                keys += [("spelling-head", p) for p in _prefixes(plain, 5)]
        return keys

    def named(self, address_or_name: str) -> list[_Author]:
        """The authors a recipient or attribution names."""
        seen: dict[int, _Author] = {}
        for key in self._candidate_keys(address_or_name):
            for author in self.by_key.get(key, ()):
                seen.setdefault(id(author), author)
        return [a for a in seen.values() if a.matches(address_or_name)]

    def posts_at_minute(self, minute: int | None) -> list[int]:
        return self.post_minutes.get(minute, []) if minute is not None else []


def _post_minute(post: Post) -> int | None:
    if not post.date:
        return None
    try:
        return dt.datetime.fromisoformat(post.date).minute
    except ValueError:
        return None


def _last_post(authors: list[_Author]) -> int | None:
    return max((a.posts[-1] for a in authors), default=None)


def _attribution_evidence(post: Post, posts: tuple[Post, ...], authors: AuthorIndex) -> list[Evidence]:
    evidence = []
    for block in post.blocks:
        if not isinstance(block, Quote) or block.cited is None:
            continue
        attribution = block.cited
        named = []
        if attribution.name:
            named = authors.named(attribution.name)
        if not named and attribution.email:
            named = authors.named(attribution.email)
        minute = int(attribution.time[3:]) if attribution.time else None
        if named:
            timed = max((a.last_at_minute[minute] for a in named if minute in a.last_at_minute), default=None)
            target = posts[timed if timed is not None else _last_post(named)]
            detail = f"quote header {clean(block.attribution)!r} names {target.author.name}"
            score = SCORES["quote-attribution"]
            if timed is not None:
                detail += f"; its time matches {target.date} up to the zone offset"
                score += SCORES["attribution-time"]
            evidence.append(Evidence("quote-attribution", target.id, detail, score))
        else:
            timed_posts = authors.posts_at_minute(minute)
            if len(timed_posts) == 1:
                target = posts[timed_posts[0]]
                evidence.append(Evidence("quote-attribution", target.id, f"quote header time matches {target.date}", SCORES["attribution-time"]))
    return evidence


class QuotedTextIndex:
    """The own text of the posts seen so far, found by the quoted lines it contains without
    a search of every earlier post for every quoted line.

    A quoted line of three words or more stands in a post only if its inner words are
    whole words of that post; a shorter one (at least :data:`MIN_QUOTED_CHARS` long) has a
    word of at least :data:`LONG_WORD` characters that lies inside a word of the post. Those
    posts are the candidates; each is checked with a substring search, as before.
    """

    LONG_WORD = MIN_QUOTED_CHARS // 2

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.size = 0
        self.words: dict[str, list[int]] = defaultdict(list)
        self.grams: dict[str, list[int]] = defaultdict(list)

    def extend_to(self, size: int) -> None:
        """Index the texts up to (not including) index ``size``."""
        g = self.LONG_WORD
        for index in range(self.size, size):
            words = set(self.texts[index].split())
            grams = set()
            for word in words:
                self.words[word].append(index)
                if len(word) >= g:
                    grams.update(word[k:k + g] for k in range(len(word) - g + 1))
            for gram in grams:
                self.grams[gram].append(index)
        self.size = max(self.size, size)

    def containing(self, quoted: str) -> list[int]:
        """Indexes (in order) of the indexed texts that contain ``quoted``."""
        words = quoted.split()
        if len(words) >= 3:
            candidates = min((self.words.get(w, []) for w in words[1:-1]), key=len)
        else:
            longest = max(words, key=len)
            candidates = self.grams.get(longest[: self.LONG_WORD], [])
        return [k for k in candidates if quoted in self.texts[k]]


def _quoted_lines(post: Post) -> list[str]:
    quoted = []
    for block in post.blocks:
        if isinstance(block, Quote):
            for line in block.text.split("\n"):
                text = _normalise(line.lstrip(" >\\"))
                if len(text) >= MIN_QUOTED_CHARS:
                    quoted.append(text)
    return quoted


def _quoted_text_evidence(post: Post, posts: tuple[Post, ...], own: QuotedTextIndex, before: int) -> list[Evidence]:
    quoted = _quoted_lines(post)
    if not quoted:
        return []
    own.extend_to(before)  # only when needed: mail with reply headers never indexes its text
    total = sum(len(q) for q in quoted)
    matched: dict[int, int] = defaultdict(int)
    for q in quoted:
        for k in own.containing(q):
            matched[k] += len(q)
    if not matched:
        return []
    # the best share; among equals the earliest post, as a stable sort of the scan's results gave
    best = min(matched, key=lambda k: (-matched[k], k))
    share = matched[best] / total
    target = posts[best].id
    return [Evidence("quoted-text", target, f"{share:.0%} of the quoted text stands in {target}", SCORES["quoted-text"] * share)]


def _recipient_evidence(post: Post, posts: tuple[Post, ...], authors: AuthorIndex) -> list[Evidence]:
    evidence = []
    for recipient in post.to:
        # the author's own earlier posts do not count: one does not answer oneself
        matches = [a for a in authors.named(recipient) if not names_match(a.name, post.author.name)]
        if matches:
            target = posts[_last_post(matches)]
            weight = SCORES["recipient-first"] if not evidence else SCORES["recipient"]
            evidence.append(Evidence("recipient", target.id, f"recipient {recipient!r} wrote {target.id}", weight))
    return evidence


def infer_post_reply(post: Post, posts: tuple[Post, ...], authors: AuthorIndex, own: QuotedTextIndex, order: dict[str, int]) -> Post:
    """The post with ``in_reply_to`` and ``reply_evidence`` set from the evidence; the
    indexes and ``order`` (post id → position) hold the posts before it."""
    evidence = (
        _attribution_evidence(post, posts, authors)
        + _quoted_text_evidence(post, posts, own, len(order))
        + _recipient_evidence(post, posts, authors)
    )
    if not evidence:
        evidence = [Evidence("default", posts[0].id, "no evidence: the thread's first post", SCORES["default"])]
    totals: dict[str, float] = defaultdict(float)
    for item in evidence:
        totals[item.target] += item.score
    target = max(totals, key=lambda t: (totals[t], order.get(t, -1)))
    return attrs.evolve(post, in_reply_to=target, reply_evidence=tuple(evidence))


def _needs_inference(k: int, post: Post) -> bool:
    """Whether the ``k``-th post is a message that neither its source nor a reader has
    placed: not the first, without a parent and without evidence."""
    return bool(k) and post.in_reply_to is None and not post.reply_evidence and post.role == "message"


def infer_replies(document: Document) -> Document:
    """Set ``in_reply_to`` on every message post that has none, from the evidence."""
    posts = document.posts
    if not any(_needs_inference(k, post) for k, post in enumerate(posts)):
        # mail archives: every post has its parent from its headers, or evidence that it
        # starts a thread; the indexes below (every post's words) would be built for nothing
        return document
    authors = AuthorIndex(_address_book(posts))
    own = QuotedTextIndex([_own_text(p) for p in posts])
    out = []
    order: dict[str, int] = {}
    for k, post in enumerate(posts):
        if _needs_inference(k, post):
            post = infer_post_reply(post, posts, authors, own, order)
        out.append(post)
        authors.add(k, posts[k])
        order[posts[k].id] = k
    return attrs.evolve(document, posts=tuple(out))
