"""Thread reconstruction for mail: Message-ID / In-Reply-To / References, then subjects.

After Jamie Zawinski's algorithm (https://www.jwz.org/doc/threading.html), restated for an
archive where only some messages are present:

1. a message's parent is the first In-Reply-To id when that message is here, else the last
   References id that is here (the nearest present ancestor), never one that would close a
   loop; this is also the rule notmuch follows and the corpus gold states;
2. messages whose ancestors are all missing still share a thread: JWZ's empty container for
   the missing root becomes the ``thread_root`` id (the top message's first References id,
   or its In-Reply-To);
3. a top message that Gmail's thread id (``X-GM-THRID``, Google Takeout) files in a thread goes
   under that thread's first top message;
4. optionally (``by_subject``), a message with no In-Reply-To and no References whose subject
   says it is a reply ("Re:") is put under the earlier thread start with the same base subject
   (JWZ step 5). It is off by default: in a list archive the headers are authoritative, and on
   the gg-mbox corpus the only two subject matches are Outlook "RE:" messages that the gold,
   like notmuch, leaves as thread starts.

Every post gets ``reply_evidence`` saying which rule decided, also when it has no parent, so
the text-based reply inference (which only looks at posts without evidence) leaves it alone.
"""

from __future__ import annotations

import re
from typing import Sequence

import attrs

from threadkit.model import Defect, Evidence, Post, meta_get

#: Reply and forward prefixes, and list tags, stripped to compare subjects ("Re: [list] AW: x").
_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|antw|odp|fwd?|tr|wg)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]{1,60}\]\s*)", re.I)
_REPLY = re.compile(r"^\s*(?:\[[^\]]{1,60}\]\s*)?(?:re|aw|sv|vs|antw|odp)\s*(?:\[\d+\])?\s*:", re.I)


def base_subject(subject: str | None) -> str:
    """The subject without reply prefixes and list tags, with runs of spaces folded, lowercased."""
    text = subject or ""
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return " ".join(text.split()).lower()


def _header_parent(k: int, post: Post, by_id: dict[str, int], parents: list[int | None]) -> tuple[int | None, Evidence]:
    irt = meta_get(post.metadata, "mail_in_reply_to")
    candidates = ([("In-Reply-To", irt)] if irt else []) + [("References", ref) for ref in reversed(post.references)]
    for header, ref in candidates:
        j = by_id.get(ref)
        if j is None or j == k or _is_ancestor(k, j, parents):
            continue
        return j, Evidence("header", None, f"{header} {ref}")
    if candidates:
        missing = ", ".join(list(dict.fromkeys(ref for _h, ref in candidates))[:3])
        return None, Evidence("header", None, f"replies to messages not in this archive ({missing})", 0.0)
    return None, Evidence("header", None, "no In-Reply-To or References: a thread start", 0.0)


def _is_ancestor(k: int, j: int, parents: list[int | None]) -> bool:
    """Whether ``k`` is ``j`` or above it (so making ``j`` the parent of ``k`` closes a loop)."""
    seen = set()
    while j is not None and j not in seen:
        if j == k:
            return True
        seen.add(j)
        j = parents[j]
    return False


def _subject_parents(posts: Sequence[Post], parents: list[int | None], evidence: list[Evidence]) -> None:
    starts: dict[str, int] = {}
    for k, post in enumerate(posts):
        has_headers = meta_get(post.metadata, "mail_in_reply_to") or post.references
        key = base_subject(post.subject)
        if parents[k] is None and not has_headers and key:
            j = starts.get(key)
            if j is not None and _REPLY.match(post.subject or "") and not _is_ancestor(k, j, parents):
                parents[k] = j
                evidence[k] = Evidence("subject", None, f"no reply headers; subject {post.subject!r} continues {posts[j].subject!r}", 0.5)
            else:
                starts.setdefault(key, k)


def _gmail_thread_parents(posts: Sequence[Post], parents: list[int | None], evidence: list[Evidence]) -> None:
    """A top message that Gmail filed in a thread (X-GM-THRID) goes under that thread's first
    top message: Google Takeout keeps the thread id where reply headers were lost."""
    firsts: dict[str, int] = {}
    for k, post in enumerate(posts):
        key = meta_get(post.metadata, "gmail_thread_id")
        if key is None or parents[k] is not None:
            continue
        j = firsts.setdefault(key, k)
        if j != k:
            parents[k] = j
            evidence[k] = Evidence("header", None, f"X-GM-THRID {key}: Gmail's thread id, where the reply headers name no message here", 0.8)


def thread_root(k: int, posts: Sequence[Post], parents: list[int | None]) -> str | None:
    """The thread id of post ``k``: its top message's id, or the missing message that top replies to."""
    top = k
    while parents[top] is not None:
        top = parents[top]
    post = posts[top]
    irt = meta_get(post.metadata, "mail_in_reply_to")
    if post.references:
        return post.references[0]
    return irt or post.message_id


def thread(posts: Sequence[Post], by_subject: bool = False) -> tuple[Post, ...]:
    """The posts with ``in_reply_to``, ``reply_evidence`` and a ``thread_root`` metadata entry set."""
    by_id: dict[str, int] = {}
    duplicates: set[int] = set()
    for k, post in enumerate(posts):
        if post.message_id:
            if post.message_id in by_id:
                duplicates.add(k)
            else:
                by_id[post.message_id] = k
    parents: list[int | None] = [None] * len(posts)
    evidence: list[Evidence] = []
    for k, post in enumerate(posts):
        parent, why = _header_parent(k, post, by_id, parents)
        parents[k] = parent
        evidence.append(why)
    _gmail_thread_parents(posts, parents, evidence)
    if by_subject:
        _subject_parents(posts, parents, evidence)
    out = []
    for k, post in enumerate(posts):
        parent = posts[parents[k]].id if parents[k] is not None else None
        why = attrs.evolve(evidence[k], target=parent)
        metadata = tuple((key, v) for key, v in post.metadata if key != "thread_root") + (("thread_root", thread_root(k, posts, parents)),)
        defects = post.defects
        if k in duplicates:
            first = posts[by_id[post.message_id]].id
            defects += (Defect("duplicate-message-id", f"same Message-ID as {first}", post.span),)
        out.append(attrs.evolve(post, in_reply_to=parent, reply_evidence=(why,), metadata=metadata, defects=defects))
    return tuple(out)
