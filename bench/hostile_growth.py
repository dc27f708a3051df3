"""CPU time of the issue 9 time blow-ups at n and 10n (a benchmark, not a test; the tests
count operations instead, see tests/test_hostile_article.py).

    PYTHONPATH=. .venv/bin/python bench/hostile_growth.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_hostile_article import comments_prose, gg_posts, nested_reply, repetitive_paragraphs  # noqa: E402

from threadkit import api  # noqa: E402
from threadkit.segment import segment_text  # noqa: E402
from threadkit.source import load_bytes  # noqa: E402


def cpu(fn, *args) -> float:
    t = time.process_time()
    fn(*args)
    return time.process_time() - t


def read(fmt):
    return lambda data: api.read(load_bytes(data, "t.txt"), fmt)


CASES = [
    ("reply inference, posts", read("googlegroups-text"), gg_posts, 400),
    ("duplicate paragraphs, chars per paragraph", read("article-text"), repetitive_paragraphs, 16000),
    ("article-comments prose, lines", read("article-comments-text"), comments_prose, 5000),
    ("nested quotes 15 deep, lines per level", segment_text, lambda n: nested_reply(15, n), 100),
    ("nested quotes 30 deep, lines per level", segment_text, lambda n: nested_reply(30, n), 100),
]

if __name__ == "__main__":
    for name, fn, make, n in CASES:
        small, large = cpu(fn, make(n)), cpu(fn, make(10 * n))
        print(f"{name}: n={n} {small:.2f}s  10n={10 * n} {large:.2f}s  ratio {large / max(small, 1e-9):.1f}", flush=True)
