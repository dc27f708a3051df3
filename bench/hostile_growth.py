"""CPU time of the issue 9 time blow-ups at n and 10n (a benchmark, not a test; the tests
count operations instead, see tests/test_hostile_article.py).

    PYTHONPATH=. .venv/bin/python bench/hostile_growth.py
    PYTHONPATH=. .venv/bin/python bench/hostile_growth.py --rules   # issue 11: every rule's adversarial lines
    PYTHONPATH=. .venv/bin/python bench/hostile_growth.py --instructions quoted-lines   # the same in instructions (valgrind)

``--rules`` segments each adversarial line and body of tests/test_robust_linear.py (one or more
per segmentation rule; or only the cases named after it) at n and 10n and prints, for every
case, n, the CPU time of one run at each size and their ratio. Each side is timed in samples of
whole runs adding up to at least 0.1 s, five samples a side taken alternately (n, 10n, n ...),
the fastest counting; caches are emptied before each run and what the process held before is
frozen out of the collector's view (as the tests do). The same again with the collector paused
during the runs, and the ratio of cProfile's call counts, say what grows: the segmenter's own
work, or the collector's. The goal is a ratio of at most 10.5; the exit status is 1 when a case
misses it or is too short to measure (a run at n under 1 ms even at the largest size tried).

``--instructions`` counts instead what one run at n and 10n executes, under callgrind: slow,
but the same on a loaded machine, so it says whether a ratio over the goal is the work's.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import NamedTuple

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

#: The goal of issue 11: time(10n) / time(n) at most this on every rule's adversarial input.
GOAL = 10.5
#: CPU seconds one timed sample of a side takes at least: whole runs, repeated until they add
#: up to this, so a sample is far above the clock's and the scheduler's noise.
SAMPLE_SECONDS = 0.1
#: Samples of each side, taken alternately (n, 10n, n, 10n ...) so a drift of the machine's
#: speed (other processes, the cores' clock) falls on both sides alike; the fastest of each
#: side counts (noise only ever adds time).
SAMPLES = 5
#: A run at n shorter than this is mostly the call's fixed cost, which makes any growth look
#: small: n is doubled until a run takes this long ...
MIN_RUN_SECONDS = 0.001
#: ... while the text at 10n stays within this many characters (memory and caches); a case
#: still under MIN_RUN_SECONDS there is reported as too short to measure, and fails the gate.
MAX_CHARS = 50_000_000


class Growth(NamedTuple):
    n: int
    runs: tuple[int, int]
    best: tuple[float, float]
    spread: tuple[float, float]
    calls: tuple[int, int]

    @property
    def ratio(self) -> float:
        return self.best[1] / self.best[0]


def measured_size(build, n: int, linear) -> tuple[int, float]:
    """The test's n, doubled until a cold run at n takes MIN_RUN_SECONDS (see there), and the
    CPU time of a run at that n (taken over enough runs: one run's time is too noisy to decide on)."""
    caches = linear.threadkit_caches()
    while (run := linear.enough_runs(segment_text, build(n), caches)[1]) < MIN_RUN_SECONDS and len(build(20 * n)) <= MAX_CHARS:
        n *= 2
    return n, run


def growth(build, n: int, linear, collector: bool) -> Growth:
    """CPU time of one cold run of ``segment_text`` at n and 10n: each side in SAMPLES samples
    of at least SAMPLE_SECONDS, taken alternately, the fastest per side. The collector sees
    only what the runs make (what the process held before is frozen out of its view, as in
    tests/test_robust_linear.py); with ``collector`` False it is paused during the timed runs
    and run between them, so the times are the segmenter's own work."""
    small, large = build(n), build(10 * n)
    calls = (linear.call_count(segment_text, small), linear.call_count(segment_text, large))
    caches = linear.threadkit_caches()
    gc.collect()
    gc.freeze()
    try:
        runs = [linear.enough_runs(segment_text, text, caches)[0] for text in (small, large)]
        runs = [max(1, round(r * SAMPLE_SECONDS / linear.MIN_WORK_SECONDS)) for r in runs]
        samples: tuple[list, list] = ([], [])
        for _ in range(SAMPLES):
            for side, text in enumerate((small, large)):
                samples[side].append(_sample(text, runs[side], caches, linear, collector))
    finally:
        gc.unfreeze()
    best = (min(samples[0]), min(samples[1]))
    return Growth(n, tuple(runs), best, (max(samples[0]) / best[0], max(samples[1]) / best[1]), calls)


def _sample(text: str, runs: int, caches: list, linear, collector: bool) -> float:
    if collector:
        return linear.cpu_seconds(segment_text, text, runs, caches) / runs
    total = 0.0
    for _ in range(runs):
        linear.clear(caches)
        gc.disable()
        try:
            started = time.process_time()
            segment_text(text)
            total += time.process_time() - started
        finally:
            gc.enable()
        gc.collect()  # untimed: the collector's work is left out of this figure
    return total / runs


def rule_growth(names: list[str]) -> int:
    """Each adversarial line and body of tests/test_robust_linear.py (or those named), segmented
    at n and 10n; prints every case's figures and returns the number that miss the goal or are
    too short to measure (the gate: a case is never passed without a measured ratio)."""
    import test_robust_linear as linear

    cases = adversarial_cases(names)
    print(f"time(10n) / time(n), CPU ms a run: best of {SAMPLES} samples of >= {SAMPLE_SECONDS} s each side, "
          f"alternating; 'paused': the collector paused during the runs; calls: cProfile's count (goal <= {GOAL})")
    failed, worst = 0, (0.0, "")
    for name, (build, n) in cases.items():
        segment_text(build(n))  # imports and one-time set-up are not the input's cost
        n, run = measured_size(build, n, linear)
        on, off = growth(build, n, linear, collector=True), growth(build, n, linear, collector=False)
        short = run < MIN_RUN_SECONDS
        over = [label for label, ratio in (("time", on.ratio), ("paused", off.ratio)) if ratio > GOAL]
        verdict = "TOO SHORT TO MEASURE" if short else f"OVER ({', '.join(over)})" if over else "ok"
        failed += bool(short or over)
        worst = max(worst, (on.ratio, name))
        print(f"{name}: n={n} {on.best[0] * 1e3:.2f} ms (x{on.runs[0]}, spread {on.spread[0]:.2f})  "
              f"10n {on.best[1] * 1e3:.2f} ms (x{on.runs[1]}, spread {on.spread[1]:.2f})  ratio {on.ratio:.2f}  "
              f"paused {off.best[0] * 1e3:.2f} / {off.best[1] * 1e3:.2f} ms ratio {off.ratio:.2f}  "
              f"calls {on.calls[1] / on.calls[0]:.2f}  {verdict}", flush=True)
    print(f"worst time ratio {worst[0]:.2f} ({worst[1]}); {failed} case(s) over {GOAL} or too short to measure")
    return failed


def adversarial_cases(names: list[str] = ()) -> dict:
    """The adversarial lines and bodies of tests/test_robust_linear.py (those named, or all):
    name → (builder, n)."""
    import test_robust_linear as linear

    cases = {**linear.ADVERSARIAL_LINES, **linear.ADVERSARIAL_BODIES}
    unknown = set(names) - set(cases)
    if unknown:
        raise SystemExit(f"no such case: {', '.join(sorted(unknown))}")
    return {name: case for name, case in cases.items() if not names or name in names}


def instruction_growth(names: list[str]) -> None:
    """Instructions of one cold run at n and 10n (the test's n) of each named case, with the
    collector on and paused: counted by callgrind in a child process (about a minute of CPU a
    run), so the same every time, where CPU time moves with the machine's load and caches."""
    for name, (_, n) in adversarial_cases(names).items():
        counts = {paused: [instructions(name, size, paused) for size in (n, 10 * n)] for paused in (False, True)}
        print(f"{name}: n={n} instructions {counts[False][0]:,} / {counts[False][1]:,} ratio {counts[False][1] / counts[False][0]:.2f}  "
              f"collector paused {counts[True][0]:,} / {counts[True][1]:,} ratio {counts[True][1] / counts[True][0]:.2f}", flush=True)


def instructions(name: str, size: int, paused: bool) -> int:
    """Instructions callgrind counts in one cold ``segment_text`` run (see :func:`one_run`)."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        # only what runs inside functools.reduce is counted: one_run calls segment_text through it
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
                        f"--callgrind-out-file={out}", sys.executable, __file__, "--one-run", name, str(size), *(["--paused"] if paused else [])],
                       env={**os.environ, "PYTHONHASHSEED": "0"}, check=True, capture_output=True)
        return next(int(line.split()[1]) for line in out.read_text().splitlines() if line.startswith("totals:"))


def one_run(name: str, size: int, paused: bool) -> None:
    """One cold run of case ``name`` at ``size``, after a run that pays for imports and set-up,
    called through ``functools.reduce`` (which nothing else here calls) for callgrind to count."""
    from functools import reduce

    import test_robust_linear as linear

    build, n = adversarial_cases()[name]
    segment_text(build(n))
    text = build(size)
    linear.clear(linear.threadkit_caches())
    gc.collect()
    gc.freeze()
    if paused:
        gc.disable()
    reduce(lambda _, body: segment_text(body), [text], None)


if __name__ == "__main__":
    if "--one-run" in sys.argv:
        at = sys.argv.index("--one-run")
        one_run(sys.argv[at + 1], int(sys.argv[at + 2]), "--paused" in sys.argv)
        sys.exit()
    if "--instructions" in sys.argv:
        instruction_growth(sys.argv[sys.argv.index("--instructions") + 1:])
        sys.exit()
    if "--rules" in sys.argv:
        sys.exit(1 if rule_growth(sys.argv[sys.argv.index("--rules") + 1:]) else 0)
    for name, fn, make, n in CASES:
        small, large = cpu(fn, make(n)), cpu(fn, make(10 * n))
        print(f"{name}: n={n} {small:.2f}s  10n={10 * n} {large:.2f}s  ratio {large / max(small, 1e-9):.1f}", flush=True)
