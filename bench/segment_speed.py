"""Body segmentation speed: bodies/s of :func:`threadkit.segment.segment_body` on real bodies.

    .venv/bin/python bench/segment_speed.py                  # the threadkit on sys.path
    .venv/bin/python bench/segment_speed.py --old /tmp/old   # and another tree, in the same run

Two body sets: the 136 replies fixtures (one body each) and the bodies of the gg-mbox file as
threadkit's mail reader hands them to the segmenter (read once, outside the timing). CPU
seconds (``time.process_time``), best of ``--repeats``, threadkit's caches emptied before each
pass. With ``--old TREE`` (a folder holding a
``threadkit`` package, e.g. ``git archive integ threadkit | tar -x -C /tmp/old``) the same
measurement runs on that tree in a child process, alternating with this one, so both see the
same machine load.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", help="a tree holding another threadkit package, measured in the same run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the rates as JSON (used for --old)")
    args = parser.parse_args()
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
