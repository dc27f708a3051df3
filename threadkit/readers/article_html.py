"""A saved web page (HTML) → its article as one post and its comments as comment posts.

The page is read by the shared HTML layer (:mod:`threadkit.html`): comments are found by
their markup (:mod:`threadkit.html.comments`), the article by its own (:mod:`threadkit.html.main`);
author and date come from the page's metadata (JSON-LD, Open Graph, ``<meta>``, ``<time>``).
Each comment answers the comment its markup nests it in, else the article. Everything else
the page shows is typed boilerplate (navigation, share bars, related links, comment form...),
and what it does not show (scripts, styles, hidden markup) is counted in the document's
``skipped`` metadata: every visible text node lands in one place
(:func:`threadkit.html.coverage.html_coverage_problems`).
"""

from __future__ import annotations


import attrs

from threadkit import patterns
from threadkit.article.furniture import furniture_kind as text_furniture_kind
from threadkit.html import blocks as hb
from threadkit.html.comments import Comment, author_name, comment_meta, find_author, find_comments, find_date_element, forum_opening
from threadkit.html.coverage import html_coverage_problems, page_of_source
from threadkit.html.jsonld import TIER as LD_TIER
from threadkit.html.jsonld import LdComment, ld_comments, matches, shown_comments, squeezed, unshown
from threadkit.html.main import PROSE_CHARS, block_texts, content_index, find_article, prose_index, title_element
from threadkit.html.meta import PageMeta, ld_scripts, page_meta
from threadkit.html.page import Page, TextIndex, shown_text
from threadkit.html.vocab import label_kind
from threadkit.model import Author, Boilerplate, Defect, Document, Evidence, Heading, Post, Text
from threadkit.readers.html_sniff import sniff_article_html as sniff
from threadkit.source import Source

FORMAT = "article-html"
DESCRIPTION = "Web page saved as HTML: the article and its comment thread"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("*.html", "*.htm")
ARTICLE = "article"

coverage_problems = html_coverage_problems


def read(source: Source) -> Document:
    """Read the page: article post, comment posts, typed boilerplate."""
    page = page_of_source(source)
    scripts = ld_scripts(page.root)
    meta = page_meta(page.root, page.microdata, scripts)
    listed = ld_comments(scripts, len(source.lines))
    text = TextIndex(page)
    comments = find_comments(page, text) or shown_comments(page, listed, text)
    claims = _comment_claims(comments, text, page.furniture)
    inside = _inside_comment_test({el for c in comments for el in c.elements})
    members = {el for c in comments for el in c.elements}
    blocks = block_texts(page.nodes)
    prose = prose_index(blocks)
    content = content_index(page, members.__contains__, text, prose)
    opening = forum_opening(page, text) if comments and comments[0].tier == "forum" else None
    article = opening if opening is not None else find_article(page, content, inside, blocks)
    if opening is not None:
        meta = _opening_meta(opening, meta, claims)
        for meta_el in comment_meta(opening, members, text):
            claims.setdefault(meta_el, hb.boilerplate(ARTICLE, "interface"))
    if article is not None:
        claims[article] = hb.body(ARTICLE)
        _claim_furniture(article, claims, None, text, page.furniture)
        _claim_link_lists(article, claims, text, TextIndex(page, _in_link_test()), prose)
        _claim_labels(article, claims, page)
        title = _topic_title(page, article) if opening is not None else title_element(page.root, article, content)
        if title is not None and not inside(title):
            claims[title] = hb.body(ARTICLE)
            _claim_furniture(title, claims, None, text, page.furniture)
    document = build_document(source, FORMAT, page, hb.partition(page, claims), meta, comments, article is not None)
    if listed and comments:
        document = _with_ld_facts(document, listed)
    elif listed:
        document = _with_ld_comments(document, page, listed)
    return document


def _with_ld_facts(document: Document, listed: list[LdComment]) -> Document:
    """The comment posts, with what the page's JSON-LD says of the same comments (paired by
    their text) where the markup does not: the date, the author, the comment answered."""
    posts = list(document.posts)
    comments = [k for k, p in enumerate(posts) if p.role == "comment"]
    own = [squeezed(" ".join(b.text for b in posts[k].blocks if not isinstance(b, Boilerplate))) for k in comments]
    paired = matches(listed, own)
    ids = [posts[comments[m]].id if m is not None else None for m in paired]
    article = next((p.id for p in posts if p.role == ARTICLE), None)
    for c, m in zip(listed, paired):
        if m is None:
            continue
        post = posts[comments[m]]
        changes: dict = {}
        if post.date is None and c.date:
            changes.update(date=c.date, date_raw=post.date_raw or c.date_raw)
        if post.author.name is None and c.author:
            changes["author"] = Author(name=c.author)
        parent = ids[c.parent] if c.parent is not None else None
        if parent is not None and post.in_reply_to in (None, article) and post.id not in _thread_up(parent, posts):
            changes.update(in_reply_to=parent, reply_evidence=(Evidence("page-structure", parent, f"a reply to {parent} in the page's JSON-LD"),))
        if changes:
            posts[comments[m]] = attrs.evolve(post, **changes)
    return attrs.evolve(document, posts=tuple(posts))


def _thread_up(pid: str, posts: list[Post]) -> set[str]:
    """The post and those it answers, up to the thread's start (a JSON-LD parent that is the
    post itself or one of its replies in the markup would make a cycle)."""
    parents = {p.id: p.in_reply_to for p in posts}
    seen: set[str] = set()
    while pid is not None and pid not in seen:
        seen.add(pid)
        pid = parents.get(pid)
    return seen


def _with_ld_comments(document: Document, page: Page, found: list[LdComment]) -> Document:
    """The comments only the page's JSON-LD lists (:mod:`threadkit.html.jsonld`), as posts."""
    found = unshown(found, "".join("".join(n.text.split()) for n in page.nodes))
    if not found:
        return document
    posts = list(document.posts)
    article = next((p.id for p in posts if p.role == ARTICLE), None)
    ids: list[str] = []
    for c in found:
        pid = f"p{len(posts) + 1}"
        parent = ids[c.parent] if c.parent is not None else article
        detail = f"a reply inside {parent}'s JSON-LD comment" if c.parent is not None else "a comment on the article"
        evidence = (Evidence("page-structure", parent, detail),) if parent else ()
        blocks = tuple(Text(text=part.strip(), span=c.span, kind="paragraph") for part in _PARAGRAPHS.split(c.text) if part.strip())
        posts.append(Post(id=pid, span=c.span, role="comment", author=Author(name=c.author) if c.author else Author(),
                          date=c.date, date_raw=c.date_raw, in_reply_to=parent, reply_evidence=evidence, blocks=blocks,
                          metadata=(("comment_markup", LD_TIER),)))
        ids.append(pid)
    return attrs.evolve(document, posts=tuple(posts), metadata=document.metadata + (("comment_markup", LD_TIER),))


_PARAGRAPHS = patterns.compile(r"\n\s*\n")


def _topic_title(page: Page, opening):
    """A forum topic's title: the last ``<h1>``/``<h2>`` before its opening post outside the
    page's furniture (the site's name in the header bar is not it)."""
    found = None
    for h in page.root.iter("h1", "h2"):
        if (h.sourceline or 0) > (opening.sourceline or 0):
            break
        if not any(page.furniture(a) for a in (h, *h.iterancestors()) if a.tag not in ("body", "html")):
            found = h
    return found


def _opening_meta(opening, meta: PageMeta, claims: dict) -> PageMeta:
    """A forum topic's author and date are its opening post's, shown in its byline: read
    there (as the comments' are) when the page's metadata does not give them."""
    author = find_author(opening, set())
    date_el, iso = find_date_element(opening, set())
    name = author_name(shown_text(author)) if author is not None else None
    if name and not meta.author:
        claims[author] = hb.header(ARTICLE, "author")
        meta = attrs.evolve(meta, author=name)
    if iso and not meta.date:
        claims[date_el] = hb.header(ARTICLE, "date")
        meta = attrs.evolve(meta, date=iso, date_raw=shown_text(date_el))
    return meta


def _inside_comment_test(elements: set):
    def inside(el) -> bool:
        return el in elements or any(a in elements for a in el.iterancestors())
    return inside


#: Furniture inside a region holds less than this share of its text: a class word on the
#: element that holds the whole article ("entry share", a theme's option) does not make it a share bar.
FURNITURE_SHARE = 0.5


def _claim_furniture(region, claims: dict, owner: str | None, text: TextIndex, kind_of) -> None:
    """Furniture inside an article or a comment (a share bar, a related-links box, a form):
    typed boilerplate of the page (``owner`` None) or of the post (``kind_of``: the page's
    :meth:`~threadkit.html.page.Page.furniture`)."""
    whole = text(region)
    stack = list(region)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el in claims:
            continue
        kind = kind_of(el, inner=True)
        if kind is not None and text(el) < FURNITURE_SHARE * whole:
            claims[el] = hb.boilerplate(owner, kind)
            continue
        stack.extend(el)


#: A part of the article whose text is at least this share link text, over this many links,
#: is a list of links (related articles, teasers, "more from"), not the article's prose.
LINK_SHARE = 0.7
MIN_LINKS = 2
#: A label is a short block: "Mehr zum Thema", "Share this", "Tags: ...".
LABEL_CHARS = 80


def _in_link_test():
    memo: dict = {}

    def linked(node) -> bool:
        el = node.parent
        path = []
        found = False
        while el is not None:
            if el in memo:
                found = memo[el]
                break
            if el.tag == "a":
                found = True
                break
            path.append(el)
            el = el.getparent()
        for p in path:
            memo[p] = found
        return found
    return linked


#: A block that is one link and no more than this is a teaser ("Lesen Sie auch: <a>...</a>").
TEASER_CHARS = 200


def _link_list(el, size: int, linked: int, prose: dict) -> bool:
    """Whether ``el`` is a list of links or a one-link teaser rather than prose."""
    if prose.get(el, 0) >= PROSE_CHARS:
        return False
    if linked >= LINK_SHARE * size and sum(1 for _ in el.iter("a")) >= MIN_LINKS:
        return True
    return el.tag in TEASER_TAGS and size <= TEASER_CHARS and linked >= 0.9 * size


TEASER_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6"})


def _claim_link_lists(region, claims: dict, text: TextIndex, links: TextIndex, prose: dict) -> None:
    """Lists of links inside the article (related posts, teasers): page boilerplate."""
    stack = list(region)
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or el in claims or tag == "a":
            continue
        size = text(el)
        if size and _link_list(el, size, links(el), prose) and size < FURNITURE_SHARE * text(region):
            claims[el] = hb.boilerplate(None, "related-links")
            continue
        stack.extend(el)


def _claim_labels(region, claims: dict, page: Page) -> None:
    """Short blocks of the article that its text-copy furniture rules name ("Mehr zum Thema",
    "Tags: ...", "Share this"): the same rules as for text copies."""
    stack = list(region)
    holding = page.extent  # (the elements that hold text nodes: a claim on another places nothing)
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or el in claims or el not in holding:
            continue  # (claimed parts, comments among them, keep their own text)
        if tag in LABEL_TAGS:
            shown = shown_text(el, LABEL_CHARS)
            kind = (text_furniture_kind(shown) or label_kind(shown)) if 0 < len(shown) <= LABEL_CHARS else None
            if kind is not None:
                claims[el] = hb.boilerplate(None, kind)
                continue
        stack.extend(el)


LABEL_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "li", "strong", "b", "span"})


def comment_keys(comments: list[Comment]) -> dict:
    """Each comment's element → its claim key (``c1``, ``c2``... in document order)."""
    return {c.element: f"c{k}" for k, c in enumerate(comments, 1)}


def _comment_claims(comments: list[Comment], text: TextIndex, kind_of) -> dict:
    claims: dict = {}
    chosen = {c.element for c in comments}
    keys = comment_keys(comments)
    # every comment's body first: a comment's furniture search stops at the replies nested in
    # it (their share bars and forms are theirs, and are not searched again for each ancestor)
    for c in comments:
        for el in c.elements:
            claims[el] = hb.body(keys[c.element])
    for c in comments:
        key = keys[c.element]
        for el in c.elements:
            _claim_furniture(el, claims, key, text, kind_of)
            for meta_el in comment_meta(el, chosen, text):
                claims[meta_el] = hb.boilerplate(key, "interface")
        if c.date is not None:
            claims[c.date] = hb.header(key, "date")
        if c.author is not None:
            claims[c.author] = hb.header(key, "author")
    return claims


def build_document(source: Source, fmt: str, page: Page, parts: dict, meta: PageMeta, comments: list[Comment], has_article: bool) -> Document:
    """The document of a partitioned page: the article post (key ``article``), one post per
    comment (keys ``c1``...), the rest page boilerplate."""
    by_owner: dict[str | None, list] = {}
    for claim, nodes in parts.items():
        by_owner.setdefault(claim.owner, []).append((claim, nodes))
    posts: list[Post] = []
    ids: dict[str, str] = {}
    if has_article and ARTICLE in by_owner:
        post = hb.post_from_parts(by_owner[ARTICLE], "p1", "article")
        if post is not None:
            ids[ARTICLE] = post.id
            posts.append(_with_meta(post, meta))
    keys = comment_keys(comments)
    for c in comments:
        key = keys[c.element]
        post = hb.post_from_parts(by_owner.get(key, []), f"p{len(posts) + 1}", "comment")
        if post is None:
            continue
        ids[key] = post.id
        parent = ids.get(keys.get(c.parent.element)) if c.parent is not None else None
        posts.append(_replying(post, c, parent, ids.get(ARTICLE)))
    page_blocks = [b for claim, nodes in by_owner.get(None, []) for b in hb.boilerplate_blocks(nodes, claim.name)]
    metadata = [("skipped", page.skipped_note())] if page.skipped else []
    if comments:
        metadata.append(("comment_markup", comments[0].tier))
    defects = [] if page.root is not None else [Defect("no-markup", "the page holds no markup to read")]
    title = page.title
    return Document(
        source=source.info(fmt),
        title=hb.text_of([title]) if title is not None else None,
        title_span=hb.span_of([title]) if title is not None else None,
        posts=tuple(posts),
        boilerplate=tuple(sorted(page_blocks, key=lambda b: b.span.first)),
        metadata=tuple(metadata),
        defects=tuple(defects),
    )


def _field(post: Post, name: str) -> str | None:
    return next((h.text for h in post.header if h.name == name), None)


def _with_meta(post: Post, meta: PageMeta) -> Post:
    subject = meta.title or next((b.text for b in post.blocks if isinstance(b, Heading)), None)
    return attrs.evolve(post, author=Author(name=meta.author) if meta.author else Author(), date=meta.date,
                        date_raw=meta.date_raw, subject=subject)


def _replying(post: Post, comment: Comment, parent: str | None, article: str | None) -> Post:
    if parent is not None:
        evidence = Evidence("page-structure", parent, f"nested inside {parent}'s markup")
    elif article is not None:
        evidence = Evidence("page-structure", article, "a comment on the article")
    else:
        evidence = None
    date_raw = _field(post, "date")
    name = author_name(_field(post, "author")) or comment.byline_author
    return attrs.evolve(
        post,
        author=Author(name=name) if name else Author(),
        date=comment.date_iso,
        date_raw=date_raw,
        in_reply_to=evidence.target if evidence else None,
        reply_evidence=(evidence,) if evidence else (),
        metadata=(("comment_markup", comment.tier),),
    )
