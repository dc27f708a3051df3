"""Body segmentation speed: bodies/s of :func:`threadkit.segment.segment_body` on real bodies.

    .venv/bin/python bench/segment_speed.py                  # the threadkit on sys.path
    .venv/bin/python bench/segment_speed.py --old /tmp/old   # and another tree, in the same run
    .venv/bin/python bench/segment_speed.py --instructions --old /tmp/old   # instructions a pass (valgrind)

Two body sets: the 136 replies fixtures (one body each) and the bodies of the gg-mbox file as
threadkit's mail reader hands them to the segmenter (read once, outside the timing). CPU
seconds (``time.process_time``), best of ``--repeats``, threadkit's caches emptied before each
pass. With ``--old TREE`` (a folder holding a
``threadkit`` package, e.g. ``git archive integ threadkit | tar -x -C /tmp/old``) the same
measurement runs on that tree in a child process, alternating with this one, so both see the
same machine load.

``--instructions`` counts what a pass over the gg-mbox bodies costs in instructions, which the
load of a shared machine does not move: each tree runs under ``valgrind --tool=cachegrind``
twice, one pass and three passes over the same bodies (recorded once, read from a file),
caches emptied before each pass; a pass is the difference halved (imports, compiles and the
bodies' reading cancel out). ``PYTHONHASHSEED=0``, so the dicts' layout is the same each run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CORPUS, MBOX  # noqa: E402  (bench/common.py)


def replies_bodies() -> list:
    from threadkit.segment.lines import numbered
    from threadkit.source import load_bytes

    return [numbered(load_bytes(p.read_bytes(), p.name).lines) for p in sorted((CORPUS / "replies").rglob("*.txt"))]


def mbox_bodies() -> list:
    """The bodies the mail reader segments while reading the gg-mbox file."""
    import threadkit.mail.message as message
    from threadkit import api

    bodies, real = [], message.segment_body

    def recorded(lines):
        bodies.append(list(lines))
        return real(lines)

    message.segment_body = recorded
    try:
        api.read_path(MBOX)
    finally:
        message.segment_body = real
    return bodies


def threadkit_caches() -> list:
    """threadkit's memo caches (the segmenter keeps line features by text): emptied before each
    timed pass, so a pass does not profit from the one before it."""
    return [value for name, module in list(sys.modules.items()) if name.startswith("threadkit")
            for value in list(vars(module).values()) if callable(getattr(value, "cache_clear", None))]


def best_rate(bodies: list, repeats: int) -> float:
    """Bodies per CPU second, best of ``repeats`` passes over ``bodies``, each from cold caches."""
    from threadkit.segment import segment_body

    best = float("inf")
    for _ in range(repeats):
        for cached in threadkit_caches():
            cached.cache_clear()
        started = time.process_time()
        for lines in bodies:
            segment_body(lines)
        best = min(best, time.process_time() - started)
    return len(bodies) / best


def measure(repeats: int) -> dict[str, float]:
    sets = {"replies": replies_bodies(), "gg-mbox": mbox_bodies()}
    return {f"{name} ({len(bodies)} bodies)": best_rate(bodies, repeats) for name, bodies in sets.items()}


def measure_in(tree: str, repeats: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": tree}
    out = subprocess.run([sys.executable, __file__, "--json", "--repeats", str(repeats)], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def passes(path: str, count: int) -> None:
    """``count`` passes of segment_body over the bodies in the JSON file ``path`` (run under valgrind)."""
    from threadkit.segment import segment_body
    from threadkit.segment.lines import Line

    bodies = [[Line(*line) for line in body] for body in json.loads(Path(path).read_text(encoding="utf-8"))]
    for _ in range(count):
        for cached in threadkit_caches():
            cached.cache_clear()
        for lines in bodies:
            segment_body(lines)


def instructions(trees: dict[str, str]) -> dict[str, int]:
    """Instructions of one pass over the gg-mbox bodies, for each tree (name → folder)."""
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        bodies = Path(work) / "bodies.json"
        bodies.write_text(json.dumps([[list(line) for line in body] for body in mbox_bodies()]), encoding="utf-8")
        found = {}
        for name, tree in trees.items():
            counts = []
            for count in (1, 3):
                out = Path(work) / f"cachegrind.{count}"
                env = {**os.environ, "PYTHONPATH": tree, "PYTHONHASHSEED": "0"}
                subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}", sys.executable, __file__,
                                "--passes", str(bodies), str(count)], env=env, check=True, capture_output=True)
                counts.append(next(int(line.split()[1]) for line in out.read_text().splitlines() if line.startswith("summary:")))
            found[name] = (counts[1] - counts[0]) // 2
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", help="a tree holding another threadkit package, measured in the same run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the rates as JSON (used for --old)")
    parser.add_argument("--instructions", action="store_true", help="instructions of a pass over the gg-mbox bodies (valgrind)")
    parser.add_argument("--passes", nargs=2, metavar=("BODIES", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.passes:
        passes(args.passes[0], int(args.passes[1]))
        return
    if args.instructions:
        trees = {**({"old": args.old} if args.old else {}), "this tree": str(Path(__file__).resolve().parent.parent)}
        found = instructions(trees)
        print("| tree | instructions a pass over the gg-mbox bodies |\n|---|---:|")
        for name, count in found.items():
            print(f"| {name} | {count / 1e6:,.0f} M |")
        if args.old:
            print(f"| change | {found['this tree'] / found['old'] - 1:+.1%} |")
        return
    if args.json:
        print(json.dumps(measure(args.repeats)))
        return
    import threadkit

    rows = {"this tree": measure(args.repeats)}
    if args.old:
        # measured after this tree, then this tree once more: the better of the two runs
        # of this tree stands, so a burst of load on the machine does not favour either
        rows = {"old": measure_in(args.old, args.repeats), "this tree": rows["this tree"]}
        again = measure(args.repeats)
        rows["this tree"] = {k: max(v, again[k]) for k, v in rows["this tree"].items()}
    names = list(next(iter(rows.values())))
    print(f"segment_body bodies/s (CPU, best of {args.repeats}); this tree: {Path(threadkit.__file__).parent.parent}\n")
    print("| tree | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for tree, rates in rows.items():
        print(f"| {tree} | " + " | ".join(f"{rates[n]:.0f}" for n in names) + " |")
    if args.old:
        print("| speed-up | " + " | ".join(f"{rows['this tree'][n] / rows['old'][n]:.2f}×" for n in names) + " |")


if __name__ == "__main__":
    main()
