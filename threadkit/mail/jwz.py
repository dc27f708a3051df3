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
   (JWZ step 5). It is off where reply headers exist: in a list archive the headers are
   authoritative, and on the gg-mbox corpus the only two subject matches are Outlook "RE:"
   messages that the gold, like notmuch, leaves as thread starts;
5. an archive in which no message has a Message-ID or a reply header (Mailman 1's Pipermail
   wrote none: Date, From, Subject) has nothing but subjects to thread by: each
   message goes under the earlier thread start with the same base subject, "Re:" or not (JWZ
   step 5 makes such messages siblings under an empty container; the model has none, so
   they reply to the first, with evidence that says it was the subject).

Every post gets ``reply_evidence`` saying which rule decided, also when it has no parent, so
the text-based reply inference (which only looks at posts without evidence) leaves it alone.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Sequence

from attrs import frozen

from threadkit import patterns
from threadkit.model import Defect, Evidence, Post, meta_get, replacing

#: Reply and forward prefixes, and list tags, stripped to compare subjects ("Re: [list] AW: x").
_PREFIX = r"^\s*(?:(?:re|aw|sv|vs|antw|odp|fwd?|tr|wg)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]{1,60}\]\s*)"
#: A subject that says it is a reply.
_REPLY = r"^\s*(?:\[[^\]]{1,60}\]\s*)?(?:re|aw|sv|vs|antw|odp)\s*(?:\[\d+\])?\s*:"


@functools.cache
def _pattern(regex: str) -> re.Pattern:
    """``regex`` compiled (ignoring case) on first use: only an archive threaded by subject
    uses the subject patterns, and compiling them cost every mail conversion 0.6 ms."""
    return patterns.compile(regex, re.I)


def base_subject(subject: str | None) -> str:
    """The subject without reply prefixes and list tags, with runs of spaces folded, lowercased."""
    text = subject or ""
    prefix = _pattern(_PREFIX)
    while True:
        stripped = prefix.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return " ".join(text.split()).lower()


@frozen
class Keys:
    """What threading reads of one message: the compact index record of an archive (pass 1 of
    :mod:`threadkit.mail.archive`) or the same facts taken from a post (:func:`keys_of`)."""

    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str | None
    gmail_thread_id: str | None = None
    """Google Takeout's X-GM-THRID, kept where reply headers were lost."""


def keys_of(post: Post) -> Keys:
    """The threading keys of a post read from mail."""
    return Keys(post.message_id, meta_get(post.metadata, "mail_in_reply_to"), post.references, post.subject,
                meta_get(post.metadata, "gmail_thread_id"))


@frozen
class Threading:
    """The result of threading ``n`` messages, by position: parents, evidence (without its
    target post id, which depends on how posts are named), thread ids and duplicates."""

    parents: list[int | None]
    evidence: list[Evidence]
    roots: list[str | None]
    """Each message's ``thread_root`` id (see :func:`thread_root`)."""
    duplicate_of: dict[int, int]
    """Message → the earlier message with the same Message-ID."""


def _header_parent(k: int, keys: Keys, by_id: dict[str, int], parents: list[int | None]) -> tuple[int | None, Evidence]:
    irt = keys.in_reply_to
    candidates = ([("In-Reply-To", irt)] if irt else []) + [("References", ref) for ref in reversed(keys.references)]
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


def _subject_parents(records: Sequence[Keys], parents: list[int | None], evidence: list[Evidence], replies_only: bool = True) -> None:
    """Rules 4 and 5: a top message without reply headers goes under the earlier thread start
    of the same base subject, when its subject says it is a reply (or, ``replies_only``
    False, whatever it says)."""
    starts: dict[str, int] = {}
    for k, keys in enumerate(records):
        has_headers = keys.in_reply_to or keys.references
        key = base_subject(keys.subject)
        if parents[k] is None and not has_headers and key:
            j = starts.get(key)
            said = _pattern(_REPLY).match(keys.subject or "")
            if j is not None and (said or not replies_only) and not _is_ancestor(k, j, parents):
                parents[k] = j
                why = "no reply headers" if replies_only else "no Message-ID or reply header in the whole archive"
                evidence[k] = Evidence("subject", None, f"{why}; subject {keys.subject!r} continues {records[j].subject!r}", 0.5 if said else 0.3)
            else:
                starts.setdefault(key, k)


def has_no_threading_headers(records: Sequence[Keys]) -> bool:
    """Rule 5's archive: more than one message, and not one Message-ID, In-Reply-To or
    References among them. (A month of a Mailman 2 archive may lack reply headers, being
    all thread starts, but it has Message-IDs: Pipermail 2 threads it by them, not by subject.)"""
    return len(records) > 1 and not any(keys.message_id or keys.in_reply_to or keys.references for keys in records)


def _gmail_thread_parents(records: Sequence[Keys], parents: list[int | None], evidence: list[Evidence]) -> None:
    """A top message that Gmail filed in a thread (X-GM-THRID) goes under that thread's first
    top message: Google Takeout keeps the thread id where reply headers were lost."""
    firsts: dict[str, int] = {}
    for k, keys in enumerate(records):
        key = keys.gmail_thread_id
        if key is None or parents[k] is not None:
            continue
        j = firsts.setdefault(key, k)
        if j != k:
            parents[k] = j
            evidence[k] = Evidence("header", None, f"X-GM-THRID {key}: Gmail's thread id, where the reply headers name no message here", 0.8)


def thread_root(k: int, records: Sequence[Keys], parents: list[int | None]) -> str | None:
    """The thread id of message ``k``: its top message's id, or the missing message that top replies to."""
    top = k
    while parents[top] is not None:
        top = parents[top]
    keys = records[top]
    if keys.references:
        return keys.references[0]
    return keys.in_reply_to or keys.message_id


def thread_keys(records: Sequence[Keys], by_subject: bool = False) -> Threading:
    """Thread messages given by their keys, in archive order: the rules above, once."""
    by_id: dict[str, int] = {}
    duplicate_of: dict[int, int] = {}
    for k, keys in enumerate(records):
        if keys.message_id:
            if keys.message_id in by_id:
                duplicate_of[k] = by_id[keys.message_id]
            else:
                by_id[keys.message_id] = k
    parents: list[int | None] = [None] * len(records)
    evidence: list[Evidence] = []
    for k, keys in enumerate(records):
        parent, why = _header_parent(k, keys, by_id, parents)
        parents[k] = parent
        evidence.append(why)
    _gmail_thread_parents(records, parents, evidence)
    if has_no_threading_headers(records):
        _subject_parents(records, parents, evidence, replies_only=False)
    elif by_subject:
        _subject_parents(records, parents, evidence)
    roots = [thread_root(k, records, parents) for k in range(len(records))]
    return Threading(parents, evidence, roots, duplicate_of)


def threaded_post(post: Post, k: int, threading: Threading, post_id: Callable[[int], str]) -> Post:
    """Post ``k`` with ``in_reply_to``, ``reply_evidence``, its ``thread_root`` metadata entry
    and a duplicate Message-ID defect set from ``threading``; ``post_id(j)`` names post ``j``."""
    j = threading.parents[k]
    parent = post_id(j) if j is not None else None
    why = _with_target(threading.evidence[k], parent)
    metadata = tuple((key, v) for key, v in post.metadata if key != "thread_root") + (("thread_root", threading.roots[k]),)
    defects = post.defects
    if k in threading.duplicate_of:
        defects += (Defect("duplicate-message-id", f"same Message-ID as {post_id(threading.duplicate_of[k])}", post.span),)
    return _threaded(post, parent, (why,), metadata, defects)


#: ``attrs.evolve`` of every post and its evidence, at a third of the cost (:func:`threadkit.model.replacing`).
_with_target = replacing(Evidence, "target")
_threaded = replacing(Post, "in_reply_to", "reply_evidence", "metadata", "defects")


def thread(posts: Sequence[Post], by_subject: bool = False) -> tuple[Post, ...]:
    """The posts with ``in_reply_to``, ``reply_evidence`` and a ``thread_root`` metadata entry set."""
    threading = thread_keys([keys_of(p) for p in posts], by_subject)
    return tuple(threaded_post(post, k, threading, lambda j: posts[j].id) for k, post in enumerate(posts))
