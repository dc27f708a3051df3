"""No catastrophic regular expressions (issue 6): adversarial input takes linear time.

Each case builds an input of size n and of size 10n and compares the times. Linear work
gives a ratio near 10, quadratic work near 100, an exponential backtracking pattern far
more. The bound, :data:`MAX_RATIO`, is generous so that a loaded machine does not fail
the test; the best of a few runs is taken for the same reason. Absolute times are never
asserted (the benchmark in bench/ measures speed).
"""

from __future__ import annotations

import time

import pytest
from conftest import SEEDS

from threadkit import api
from threadkit.readers import READERS
from threadkit.segment import segment_text
from threadkit.source import load_bytes

#: Largest accepted time(10n) / time(n); quadratic growth would give about 100.
MAX_RATIO = 35
#: Runs of each size; the fastest counts (noise only ever adds time).
RUNS = 3
#: Times below this are too small to compare; n is doubled until time(n) exceeds it.
MIN_SECONDS = 0.01
#: ... but not beyond this size (10n must still fit in memory comfortably).
MAX_N = 2_000_000

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
}

ADVERSARIAL_BODIES = {
    "quoted-lines": (lambda n: "".join(f"> line {k}\n" for k in range(n)), 1_000),
    "nested-quote-lines": (lambda n: "".join(">" * (k % 20) + f" line {k}\n" for k in range(n)), 1_000),
    "dash-dash-lines": (lambda n: "--\n" * n, 500),
    "sign-off-lines": (lambda n: "Thanks,\nJane\n\n" * n, 300),
    "attribution-lines": (lambda n: "On Mon, Jan 1, 2020 at 10:00 AM X <x@y.z> wrote:\n" * n, 300),
    "original-message-lines": (lambda n: "-----Original Message-----\nFrom: A\nSent: B\n" * n, 300),
    "inline-quote-openers": (lambda n: "« open\n" * n, 500),
    "footer-starts": (lambda n: "--\nYou received this message because you are subscribed to the Google Groups x.\n" * n, 300),
    "blank-separated": (lambda n: "para\n\n" * n, 1_000),
}


def best_time(work, arg) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        work(arg)
        best = min(best, time.perf_counter() - started)
    return best


def assert_linear(work, build, n: int) -> None:
    """time(10n) / time(n) stays under MAX_RATIO for the input ``build`` makes."""
    small = best_time(work, build(n))
    while small < MIN_SECONDS and n < MAX_N:
        n *= 2
        small = best_time(work, build(n))
    large = best_time(work, build(10 * n))
    # Work that stays under MIN_SECONDS (a sniffer reading only a prefix) counts as MIN_SECONDS.
    ratio = large / max(small, MIN_SECONDS)
    assert ratio < MAX_RATIO, f"n={n}: {small:.3f} s, 10n: {large:.3f} s, ratio {ratio:.0f} (super-linear)"


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
    8, 1.5 s at depth 16 before the fix)."""
    from threadkit.segment.quotes import MAX_DEPTH

    shallow = best_time(segment_text, staircase(MAX_DEPTH // 2, 20))
    deep = best_time(segment_text, staircase(MAX_DEPTH, 10))  # the same number of lines
    assert deep / max(shallow, MIN_SECONDS / 10) < 8, f"depth {MAX_DEPTH // 2}: {shallow:.4f} s, depth {MAX_DEPTH}: {deep:.4f} s"


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
