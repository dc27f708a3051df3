"""No catastrophic regular expressions or quadratic loops (issue 6): adversarial input
takes linear time.

Each case builds an input of size n and of size 10n and compares the work done on them.
Linear work grows about 10 times, quadratic work about 100 times. Two measures, because
each sees what the other cannot (issue 9: a test that passes or fails by the machine's
load is no gate):

* **operation counts** (:func:`call_count`): Python and builtin function calls, counted by
  cProfile. Deterministic; they see every super-linear Python loop, but not the time a
  regular expression spends backtracking inside one C call.
* **CPU time of enough work** (:func:`cpu_growth`): each side is run as many times as
  makes at least :data:`MIN_WORK_SECONDS` of process CPU time (waiting for a core on a
  loaded machine is not counted), best of :data:`RUNS`, and the times per run are compared,
  so neither side is lost in clock noise. No floor ever replaces a measured time: every
  ratio is a ratio of two measurements.

Caches of threadkit's functions are cleared before each run, so a run neither profits from
the one before nor depends on the order the tests run in. Absolute times are never asserted
(``bench/run.py growth`` measures speed).
"""

from __future__ import annotations

import cProfile
import gc
import math
import sys
import time

import pytest
from conftest import SEEDS

from threadkit import api
from threadkit.readers import READERS
from threadkit.segment import segment_text
from threadkit.source import load_bytes

#: Largest accepted calls(10n) / calls(n). Counts do not vary between runs, so the bound
#: only leaves room for fixed costs and n·log n growth; quadratic growth gives about 100.
MAX_CALL_RATIO = 15
#: Largest accepted time(10n) / time(n), per run; quadratic growth gives about 100. Room for
#: a loaded machine (CPU time, not wall time, is measured: waiting for a core is not counted).
MAX_RATIO = 35
#: CPU seconds of work timed on each side: far above the clock's and the scheduler's noise.
MIN_WORK_SECONDS = 0.2
#: Timed runs of each side; the fastest counts (noise only ever adds time).
RUNS = 3

GG_SEED = SEEDS / "000_0d91296e416bf5fc.txt"

# name → (builder of the adversarial text for size n, starting n)
ADVERSARIAL_LINES = {
    "run-of-gt": (lambda n: ">" * n, 20_000),
    "run-of-gt-space": (lambda n: "> " * n, 10_000),
    "spaces-then-text": (lambda n: " " * n + "x", 50_000),
    "spaces-then-gt": (lambda n: " " * n + "> x", 50_000),
    "attribution-fragments": (lambda n: "On Mon, Jan 1, 2020 at 10:00 AM John Doe <john@example.org> wrote: " * (n // 60), 60_000),
    "wrote-colons": (lambda n: "wrote: " * (n // 7), 60_000),
    "header-fragments": (lambda n: "From: A <a@b.c> Sent: Monday To: B Subject: " * (n // 44), 40_000),
    "email-like": (lambda n: "a.b-c+d" * (n // 7) + "@", 40_000),
    "file-name-like": (lambda n: "file name (1), " * (n // 15) + ".pdfx", 40_000),
    "guillemets": (lambda n: "« " * n, 20_000),
    "double-angle": (lambda n: "<<" * n, 20_000),
    "dashes": (lambda n: "- " * n, 20_000),
    "date-digits": (lambda n: "1/1/2020, 10:00:00 AM " * (n // 22), 40_000),
    "run-of-bars": (lambda n: "| " * n + "x", 10_000),
    "bars-and-gt": (lambda n: "> | " * (n // 4) + "x", 20_000),
    "glued-original-message": (lambda n: "-------- Original message --------From: " + "A <a@b.c> Date: 1/1/2020 " * (n // 26), 40_000),
}

# Line numbers are written to one width, so that 10n is ten times n in characters as well as
# in lines (unpadded, 10,000 numbered lines had 10.9 times the characters of 1,000, and a
# linear pass over them took 10.9 times as long: bench/hostile_growth.py --rules). The nested
# quotes' depths cycle over 25 lines, which divides n at every size the bench takes (the test's
# n down to an eighth of it): a cycle of 20 cut at n = 250 left a partial, shallower cycle at n,
# and 10n had 10.2 times the '>' markers and levels of n (nested-quote-lines gave 10.13 in
# instructions for linear work).
#: Lines of nested-quote-lines' cycle of depths, 0 to 24 (deeper than quotes.MAX_DEPTH, 16, at its end).
CYCLE = 25

ADVERSARIAL_BODIES = {
    "quoted-lines": (lambda n: "".join(f"> line {k:06d}\n" for k in range(n)), 1_000),
    "nested-quote-lines": (lambda n: "".join(">" * (k % CYCLE) + f" line {k:06d}\n" for k in range(n)), 1_000),
    "dash-dash-lines": (lambda n: "--\n" * n, 500),
    "sign-off-lines": (lambda n: "Thanks,\nJane\n\n" * n, 300),
    "attribution-lines": (lambda n: "On Mon, Jan 1, 2020 at 10:00 AM X <x@y.z> wrote:\n" * n, 300),
    "original-message-lines": (lambda n: "-----Original Message-----\nFrom: A\nSent: B\n" * n, 300),
    "inline-quote-openers": (lambda n: "« open\n" * n, 500),
    "footer-starts": (lambda n: "--\nYou received this message because you are subscribed to the Google Groups x.\n" * n, 300),
    "blank-separated": (lambda n: "para\n\n" * n, 1_000),
    "bar-lines-under-text": (lambda n: "text\n" + "".join(f"| line {k:06d}\n" for k in range(n)), 1_000),
    "indented-quote-lines": (lambda n: "".join(" " * (k % 4) + ">" * (k % 5) + f" line {k:06d}\n" for k in range(n)), 1_000),
    "pasted-header-lines": (lambda n: "From: a@b.c\nTo: d@e.f\nSubject: x\n" * n, 300),
}


def threadkit_caches() -> list:
    """The memo caches of threadkit's functions (the article readers cache per line)."""
    return [value for name, module in list(sys.modules.items()) if name.startswith("threadkit")
            for value in list(vars(module).values()) if callable(getattr(value, "cache_clear", None))]


def clear(caches: list) -> None:
    for cached in caches:
        cached.cache_clear()


def call_count(work, arg) -> int:
    """Python and builtin function calls made by ``work(arg)``, from cold caches (after a run
    that pays for imports and one-time set-up, see :func:`assert_linear`)."""
    clear(threadkit_caches())
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        work(arg)
    finally:
        profiler.disable()
    return sum(entry.callcount for entry in profiler.getstats())


def cpu_seconds(work, arg, repeats: int, caches: list) -> float:
    """Process CPU time of ``repeats`` cold runs of ``work(arg)``."""
    total = 0.0
    for _ in range(repeats):
        clear(caches)
        started = time.process_time()
        work(arg)
        total += time.process_time() - started
    return total


def enough_runs(work, arg, caches: list) -> tuple[int, float]:
    """How many runs of ``work(arg)`` take MIN_WORK_SECONDS of CPU (measured, not guessed),
    and the CPU time of one run from that measurement."""
    repeats = 1
    while (spent := cpu_seconds(work, arg, repeats, caches)) < MIN_WORK_SECONDS:
        repeats = max(2 * repeats, math.ceil(1.2 * repeats * MIN_WORK_SECONDS / max(spent, 1e-6)))
    return repeats, spent / repeats


def cpu_growth(work, small, large) -> tuple[float, str]:
    """time(large) / time(small) per run, each side timed over enough runs (see the module doc).

    What earlier tests left alive is frozen out of the collector's view first: a full
    collection scans every live object, so without this the larger input, which triggers more
    collections, paid for the whole test session's heap (a ratio of 90 for linear work was
    seen in a full run on a loaded machine, 10 alone). One collection per case, not per run.
    """
    gc.collect()
    gc.freeze()
    try:
        return _cpu_growth(work, small, large)
    finally:
        gc.unfreeze()


def _cpu_growth(work, small, large) -> tuple[float, str]:
    caches = threadkit_caches()
    runs_small, small_time = enough_runs(work, small, caches)
    for _ in range(RUNS - 1):
        small_time = min(small_time, cpu_seconds(work, small, runs_small, caches) / runs_small)
    runs_large, large_time = enough_runs(work, large, caches)
    for _ in range(RUNS - 1):  # more runs only while the ratio looks too high: noise only adds time
        if large_time / small_time < MAX_RATIO:
            break
        large_time = min(large_time, cpu_seconds(work, large, runs_large, caches) / runs_large)
    ratio = large_time / small_time
    return ratio, (f"n: {small_time * 1e3:.3f} ms CPU a run (best of {RUNS} × {runs_small} runs), "
                   f"10n: {large_time * 1e3:.3f} ms ({runs_large} runs), ratio {ratio:.1f}")


def assert_linear(work, build, n: int) -> None:
    """The work ``work`` does on ``build(10n)`` is about 10 times that on ``build(n)``: in calls
    (deterministic) and in CPU time (for what calls cannot see)."""
    small, large = build(n), build(10 * n)
    work(small)  # imports and one-time set-up are not the input's cost
    calls_small, calls_large = call_count(work, small), call_count(work, large)
    assert calls_large / calls_small < MAX_CALL_RATIO, (
        f"n={n}: {calls_small} calls, 10n: {calls_large} calls, ratio {calls_large / calls_small:.1f} (super-linear)")
    ratio, measured = cpu_growth(work, small, large)
    assert ratio < MAX_RATIO, f"n={n}: {measured} (super-linear)"


@pytest.mark.parametrize("name", ADVERSARIAL_LINES)
def test_adversarial_line_segments_in_linear_time(name):
    build, n = ADVERSARIAL_LINES[name]
    assert_linear(segment_text, build, n)


@pytest.mark.parametrize("name", ADVERSARIAL_BODIES)
def test_adversarial_body_segments_in_linear_time(name):
    build, n = ADVERSARIAL_BODIES[name]
    assert_linear(segment_text, build, n)


def staircase(depth: int, repeats: int) -> str:
    """Quotes nested one level deeper on each line ("> a", ">> b", ">>> c" ...), ``repeats`` times."""
    return "".join(">" * k + f" line {k}\n" for _ in range(repeats) for k in range(1, depth + 1))


def test_nested_quotes_cost_linear_in_depth():
    """Each level segments its content once: twice per level was 2**depth (0.003 s at depth
    8, 1.5 s at depth 16 before the fix). The same number of lines twice as deep: linear
    work in lines × depth about doubles, 2**depth work grows 256 times. The re-segmentation
    is Python calls, which the count sees exactly."""
    from threadkit.segment.quotes import MAX_DEPTH

    segment_text(staircase(2, 1))  # imports and one-time set-up are not the input's cost
    shallow = call_count(segment_text, staircase(MAX_DEPTH // 2, 20))
    deep = call_count(segment_text, staircase(MAX_DEPTH, 10))  # the same number of lines
    assert deep / shallow < 8, f"depth {MAX_DEPTH // 2}: {shallow} calls, depth {MAX_DEPTH}: {deep} calls"


@pytest.mark.parametrize("name", ["run-of-gt-space", "attribution-fragments", "spaces-then-gt", "date-digits"])
def test_adversarial_line_in_a_whole_conversion_is_linear(name):
    """Reader, detection, segmentation, transforms and writers together."""
    build, n = ADVERSARIAL_LINES[name]
    seed = GG_SEED.read_bytes()

    def convert(text: str) -> None:
        api.write(api.read(load_bytes(seed + b"\n" + text.encode("utf-8") + b"\n", "x.txt")), "json")

    assert_linear(convert, build, n)


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("name", ["run-of-gt", "attribution-fragments", "header-fragments"])
def test_every_reader_sniffs_adversarial_lines_in_linear_time(reader, name):
    build, n = ADVERSARIAL_LINES[name]
    sniff = READERS[reader].sniff
    assert_linear(lambda text: sniff(load_bytes(text.encode("utf-8"), "x.txt")), build, n)
