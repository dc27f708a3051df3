"""``--split thread``: one output file per thread, in a folder, with an ``index.json``.

Each thread file is a whole document of its format (it validates like any other output):
the source facts of the whole file, the thread's posts with their spans in that file, the
thread's subject as title. What belongs to no thread (page boilerplate, document metadata
and defects) is in the index, with one entry per thread (file, first post, thread id,
subject, post count, date range) in order of first appearance; the index validates against
``schemas/threadkit-split-<version>.schema.json``.

Posts are grouped through an on-disk spool (one compact JSON line per post), so an archive
of any size is split holding one thread in memory at a time.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Iterable

import attrs

from threadkit import __version__, codec
from threadkit.files import atomic_folder, atomic_write
from threadkit.model import Document, Post, date_range, meta_get
from threadkit.schemas import JSONL_VERSION
from threadkit.writers import get_writer
from threadkit.writers.jsonl import line

INDEX = "index.json"
SCHEMA = "threadkit-split"


def thread_keys(posts: tuple[Post, ...]) -> list[str]:
    """The thread of each post of a document in memory: its ``thread_root`` (mail), else the
    id of its top post, following ``in_reply_to``."""
    parent = {p.id: p.in_reply_to for p in posts}
    out = []
    for post in posts:
        root = meta_get(post.metadata, "thread_root")
        if root is None:
            root, seen = post.id, set()
            while parent.get(root) is not None and root not in seen:
                seen.add(root)
                root = parent[root]
        out.append(root)
    return out


class _Spool:
    """Posts parked on disk, one JSON line each, found again by thread."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.threads: dict[str, list[tuple[int, int]]] = {}

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()

    def add(self, key: str, post: Post) -> None:
        data = line(codec.to_data(post))
        self.threads.setdefault(key, []).append((self.file.tell(), len(data)))
        self.file.write(data)

    def thread(self, key: str) -> list[Post]:
        posts = []
        for offset, length in self.threads[key]:
            self.file.seek(offset)
            posts.append(codec.from_data(Post, json.loads(self.file.read(length))))
        self.file.seek(0, 2)
        return posts


def write_split(head: Document, keyed_posts: Iterable[tuple[str, Post]], fmt: str, folder: Path) -> int:
    """Write one ``fmt`` file per thread into ``folder`` (made whole or not at all), and the index.

    Args:
        head: the document without its posts (``head.posts`` is ignored).
        keyed_posts: (thread key, post) in document order.
    Returns:
        The number of threads.
    """
    writer = get_writer(fmt)
    from threadkit.api import render  # a writer's failure is one clear line

    def fill(work: Path) -> None:
        with _Spool() as spool:
            count = 0
            for key, post in keyed_posts:
                spool.add(key, post)
                count += 1
            width = max(4, len(str(len(spool.threads))))
            entries = []
            for n, key in enumerate(spool.threads, 1):
                posts = spool.thread(key)
                name = f"thread-{n:0{width}d}{writer.EXTENSION}"
                document = Document(source=head.source, title=posts[0].subject, posts=tuple(posts))
                atomic_write(work / name, render(fmt, document))
                first, last = date_range(posts)
                entries.append({
                    "file": name, "root": posts[0].id, "thread_root": meta_get(posts[0].metadata, "thread_root"),
                    "subject": posts[0].subject, "posts": len(posts), "first_date": first, "last_date": last,
                })
            index = {
                "schema": SCHEMA, "version": JSONL_VERSION, "generator": f"threadkit {__version__}", "format": fmt,
                **{k: v for k, v in codec.to_data(attrs.evolve(head, posts=())).items() if k != "posts"},
                "post_count": count, "threads": entries,
            }
            atomic_write(work / INDEX, (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        nonlocal threads
        threads = len(entries)

    threads = 0
    atomic_folder(folder, fill, INDEX)
    return threads
