"""Hypothesis strategies that build random, valid model values (Document → Post → Block).

Shared by every property test (TEI validity, JSON round trip, batch robustness): a value
drawn here satisfies the model's own validators and the JSON schema 1.0 (ids unique,
reply targets exist, dates in the schema's ISO form, metadata keys unique), while its
text is as hostile as real input gets: C0/C1 control characters, NUL, non-BMP, combining
marks, right-to-left text, XML-looking markup, odd whitespace.

Lone surrogates are opt-in (``surrogates=True``): decoded input never holds them, and
UTF-8 cannot encode them, so they are for testing writers' guards, not round trips.

Usage::

    from strategies import documents   # tests/ is on sys.path (conftest.py lives there)
    @given(documents())
    def test_something(doc): ...
"""

from __future__ import annotations

from hypothesis import strategies as st

from threadkit import model
from threadkit.model import (
    Attachment,
    Author,
    Boilerplate,
    Defect,
    Document,
    Embedded,
    Evidence,
    Heading,
    HeaderField,
    Post,
    Quote,
    Signature,
    SourceInfo,
    Span,
    Text,
)

#: Characters real inputs have thrown at us, mixed into every generated text.
AWKWARD = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f"  # C0, DEL, C1 (NUL, bell, form feed ...)
    "\t\r\u00a0\u2028\u2029\ufeff\u200b\u200e\u202e"  # tabs, CR, NBSP, separators, BOM, ZW, bidi
    "\ufffe\uffff"  # XML non-characters
    "<>&\"']]>-->"  # markup that must be escaped
    "é«»’…ßЖש\u0301\U0001f600\U00010348"  # accents, cyrillic, hebrew, combining, emoji, gothic
)


def texts(min_size: int = 0, max_size: int = 24, surrogates: bool = False) -> st.SearchStrategy[str]:
    """Strings mixing plain words with :data:`AWKWARD` characters (and lone surrogates if asked)."""
    alphabet = st.characters(codec=None if surrogates else "utf-8")
    pieces = st.one_of(
        st.sampled_from(["Bonjour", "Re:", "> ", "-- ", "On Mon, Bob wrote:", " ", "\n", "\n\n"]),
        st.sampled_from(AWKWARD),
        st.text(alphabet=alphabet, max_size=8),
    )
    return st.lists(pieces, min_size=1 if min_size else 0, max_size=max_size // 4 + 1).map("".join).filter(
        lambda s: len(s) >= min_size
    )


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


def kinds(*names: str) -> st.SearchStrategy[str | None]:
    """A block ``kind``: one of the names the readers use, None, or an unknown word."""
    return st.one_of(st.none(), st.sampled_from(names), st.from_regex(r"[a-z][a-z-]{0,12}", fullmatch=True),
                     texts(1, 12))


@st.composite
def spans(draw, first_max: int = 400, length_max: int = 30) -> Span:
    first = draw(st.integers(1, first_max))
    return Span(first, first + draw(st.integers(0, length_max)))


iso_dates = st.from_regex(
    r"20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-](0[0-9]|1[0-4]):[03]0)?)?",
    fullmatch=True,
)
defect_codes = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True)
meta_values = st.one_of(st.none(), st.integers(-(2**53), 2**53), texts(max_size=20))


def metadata(surrogates: bool = False) -> st.SearchStrategy[model.Meta]:
    """Ordered metadata pairs with unique keys (the JSON form is an object)."""
    keys = st.one_of(st.sampled_from(["views", "capture_date", "url", "relative_date"]), texts(1, 12, surrogates))
    return st.lists(st.tuples(keys, meta_values), max_size=4, unique_by=lambda kv: kv[0]).map(tuple)


def defects(surrogates: bool = False) -> st.SearchStrategy[tuple[Defect, ...]]:
    one = st.builds(Defect, code=defect_codes, message=texts(0, 30, surrogates), span=optional(spans()))
    return st.lists(one, max_size=2).map(tuple)


# --- Blocks ---------------------------------------------------------------------------


def leaf_blocks(surrogates: bool = False) -> st.SearchStrategy[model.Block]:
    """Blocks without children: every leaf type, every field exercised."""
    t = texts(surrogates=surrogates)
    return st.one_of(
        st.builds(Text, text=t, span=spans(), kind=kinds("paragraph", "list-item", "byline", "lead", "note"),
                  duplicate_of=optional(spans())),
        st.builds(Heading, text=t, span=spans(), kind=kinds("title", "section"), level=st.integers(1, 6)),
        st.builds(Signature, text=t, span=spans(), kind=kinds("dash-dash", "sign-off", "mobile")),
        st.builds(Boilerplate, text=t, span=spans(),
                  kind=st.sampled_from(["interface", "list-footer", "antivirus", "separator", "other"])),
        attachments(surrogates),
    )


def attachments(surrogates: bool = False) -> st.SearchStrategy[Attachment]:
    return st.builds(Attachment, text=texts(surrogates=surrogates), span=spans(), name=texts(0, 12, surrogates),
                     kind=kinds("file", "inline-image"))


def blocks(max_depth: int = 3, surrogates: bool = False) -> st.SearchStrategy[model.Block]:
    """Any block; quotes and embedded documents nest up to ``max_depth`` levels."""
    t = texts(surrogates=surrogates)

    def containers(children: st.SearchStrategy) -> st.SearchStrategy:
        child_tuple = st.lists(children, max_size=4).map(tuple)
        return st.one_of(
            st.builds(Quote, text=t, span=spans(), blocks=child_tuple, kind=kinds("reply", "inline", "forward"),
                      attribution=optional(t), attribution_span=optional(spans()), depth=st.integers(1, 5)),
            st.builds(Embedded, text=t, span=spans(), blocks=child_tuple,
                      kind=kinds("forwarded-article", "forwarded-message"), title=optional(t),
                      source=optional(t), byline=optional(t)),
        )

    return st.recursive(leaf_blocks(surrogates), containers, max_leaves=8) if max_depth else leaf_blocks(surrogates)


def block_tuples(max_size: int = 4, surrogates: bool = False) -> st.SearchStrategy[tuple[model.Block, ...]]:
    return st.lists(blocks(surrogates=surrogates), max_size=max_size).map(tuple)


# --- Posts and documents ---------------------------------------------------------------


@st.composite
def posts(draw, post_id: str = "p1", earlier: tuple[str, ...] = (), role: str | None = None,
          surrogates: bool = False) -> Post:
    """One post; ``in_reply_to`` (and evidence targets) name only ``earlier`` ids."""
    t = texts(max_size=20, surrogates=surrogates)
    target = st.sampled_from(earlier) if earlier else st.none()
    reply_to = draw(optional(target))
    evidence = st.builds(Evidence, kind=st.sampled_from(["header", "quote-attribution", "quoted-text", "default"]),
                         target=optional(target), detail=t, score=st.floats(0, 10, allow_nan=False))
    header = st.builds(HeaderField, name=st.sampled_from(["author", "date", "to", "byline", "subject"]), text=t,
                       span=spans())
    return Post(
        id=post_id,
        span=draw(spans()),
        role=role or draw(st.sampled_from(["message", "article", "comment"])),
        author=draw(st.builds(Author, name=optional(t), email=optional(t))),
        date=draw(optional(iso_dates)),
        date_raw=draw(optional(t)),
        to=tuple(draw(st.lists(t, max_size=2))),
        cc=tuple(draw(st.lists(t, max_size=2))),
        subject=draw(optional(t)),
        message_id=draw(optional(t)),
        references=tuple(draw(st.lists(t, max_size=2))),
        in_reply_to=reply_to,
        reply_evidence=tuple(draw(st.lists(evidence, max_size=2))),
        header=tuple(draw(st.lists(header, max_size=3))),
        blocks=draw(block_tuples(surrogates=surrogates)),
        attachments=tuple(draw(st.lists(attachments(surrogates), max_size=2))),
        metadata=draw(metadata(surrogates)),
        defects=draw(defects(surrogates)),
    )


source_infos = st.builds(
    SourceInfo,
    name=texts(1, 20),
    sha256=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
    format=st.sampled_from(["googlegroups-text", "article-text", "mbox", "eml"]),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
    newline=st.sampled_from(["LF", "CRLF", "CR", "none"]),
    line_count=st.integers(0, 10_000),
)


@st.composite
def documents(draw, max_posts: int = 4, surrogates: bool = False) -> Document:
    """A whole document: a thread of messages, an article with comments, or a mix of roles."""
    shape = draw(st.sampled_from(["thread", "article", "mixed"]))
    count = draw(st.integers(0, max_posts))
    ids = tuple(f"p{i}" for i in range(1, count + 1))
    all_posts = []
    for i, post_id in enumerate(ids):
        role = {"thread": "message", "article": "article" if i == 0 else "comment", "mixed": None}[shape]
        all_posts.append(draw(posts(post_id, ids[:i], role, surrogates)))
    return Document(
        source=draw(source_infos),
        title=draw(optional(texts(surrogates=surrogates))),
        title_span=draw(optional(spans())),
        posts=tuple(all_posts),
        boilerplate=draw(st.lists(leaf_blocks(surrogates), max_size=3).map(tuple)),
        metadata=draw(metadata(surrogates)),
        defects=draw(defects(surrogates)),
    )


__all__ = [
    "AWKWARD", "texts", "spans", "iso_dates", "metadata", "defects", "leaf_blocks", "attachments", "blocks",
    "block_tuples", "posts", "documents", "source_infos",
]
