"""CPU time of the issue 9 time blow-ups at n and 10n (a benchmark, not a test; the tests
count operations instead, see tests/test_hostile_article.py).

    PYTHONPATH=. .venv/bin/python bench/hostile_growth.py
    PYTHONPATH=. .venv/bin/python bench/hostile_growth.py --rules   # issue 11: every rule's adversarial lines

``--rules`` segments each adversarial line and body of tests/test_robust_linear.py (one or more
per segmentation rule) at n and 10n: CPU time of enough runs for 0.2 s of work, best of 3 on
each side, caches emptied before each run, the collector frozen (as the test does). The goal is
a ratio of at most 10.5.
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

def rule_growth() -> None:
    """Each adversarial line and body of tests/test_robust_linear.py, segmented at n and 10n."""
    import gc

    import test_robust_linear as linear

    cases = {**linear.ADVERSARIAL_LINES, **linear.ADVERSARIAL_BODIES}
    worst = 0.0
    for name, (build, n) in cases.items():
        small, large = build(n), build(10 * n)
        segment_text(small)  # imports and one-time set-up are not the input's cost
        caches = linear.threadkit_caches()
        gc.collect()
        gc.freeze()
        try:
            times = []
            for text in (small, large):
                runs, best = linear.enough_runs(segment_text, text, caches)
                for _ in range(2):
                    best = min(best, linear.cpu_seconds(segment_text, text, runs, caches) / runs)
                times.append(best)
        finally:
            gc.unfreeze()
        ratio = times[1] / times[0]
        worst = max(worst, ratio)
        print(f"{name}: n={n} {times[0] * 1e3:.2f} ms  10n {times[1] * 1e3:.2f} ms  ratio {ratio:.1f}", flush=True)
    print(f"worst ratio {worst:.1f} (goal <= 10.5)")


if __name__ == "__main__":
    if "--rules" in sys.argv:
        rule_growth()
        sys.exit()
    for name, fn, make, n in CASES:
        small, large = cpu(fn, make(n)), cpu(fn, make(10 * n))
        print(f"{name}: n={n} {small:.2f}s  10n={10 * n} {large:.2f}s  ratio {large / max(small, 1e-9):.1f}", flush=True)
