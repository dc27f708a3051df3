"""Speed and memory of threadkit (issue 6): a benchmark, not a test. Numbers go to bench/README.md.

    .venv/bin/python bench/run.py                 # every section
    .venv/bin/python bench/run.py throughput      # some sections: throughput growth memory speedup replies
    .venv/bin/python bench/run.py --megabytes 10  # a smaller replicated seed set (default 50)

Sections:

* throughput: documents/s and MB/s per reader and per writer, on the seeds replicated to
  about ``--megabytes`` MB, and on every document of the shared corpus;
* growth: the time of one input at 1× and 10× its size (a Groups page, an mbox), to show
  linear growth;
* memory: peak resident memory converting a large mbox, and streaming its messages;
* speedup: ``threadkit batch`` with 1 worker and with every core, on the local engine and on
  a local Dask cluster;
* shards: one large mbox (gg-mbox replicated to ``--shard-megabytes`` MB by bench/archive.py,
  distinct Message-IDs per copy) to jsonl, whole in one process, then cut in shards of
  ``--shard-size`` MB on the local engine and on a local Dask cluster: the outputs must be
  the same bytes (so the same threads);
* replies: quote/signature extraction of threadkit, talon and quotequail on the same
  message bodies (the two are installed into bench/.venv-compare by bench/compare.py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from threadkit import api
from threadkit.batch import default_jobs, run_batch
from threadkit.errors import ThreadkitError
from threadkit.source import load_bytes
from threadkit.writers import WRITERS

from common import CORPUS, MB, MBOX, ROOT  # bench/common.py (this script's folder is on sys.path)

SEEDS = ROOT / "seeds"


def corpus_documents() -> list[Path]:
    """Every raw document of the shared corpus (not the gold, licences or notes)."""
    skip = ("gold.json", "LICENSE", "README.md", ".md")
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and not p.name.endswith(skip))


def replicated_seeds(megabytes: float) -> list[tuple[str, bytes]]:
    """The seeds, repeated until they weigh about ``megabytes`` MB."""
    seeds = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    size = sum(len(d) for _, d in seeds)
    copies = max(1, round(megabytes * MB / size))
    return [(f"{k:04}-{name}", data) for k in range(copies) for name, data in seeds]


class Tally:
    """Documents, bytes and seconds by name."""

    def __init__(self) -> None:
        self.rows: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])

    def add(self, name: str, size: int, seconds: float) -> None:
        row = self.rows[name]
        row[0] += 1
        row[1] += size
        row[2] += seconds

    def table(self, title: str) -> list[str]:
        lines = [f"| {title} | documents | MB | seconds | documents/s | MB/s |", "|---|---:|---:|---:|---:|---:|"]
        for name, (docs, size, secs) in sorted(self.rows.items()):
            lines.append(f"| {name} | {docs:.0f} | {size / MB:.2f} | {secs:.2f} | {docs / secs:.1f} | {size / MB / secs:.2f} |")
        return lines


def measure(inputs: list[tuple[str, bytes]]) -> tuple[Tally, Tally, int]:
    """Read every input (detection included) and write it with every writer."""
    readers, writers, refused = Tally(), Tally(), 0
    for name, data in inputs:
        started = time.perf_counter()
        try:
            document = api.read(load_bytes(data, name))
        except ThreadkitError:
            refused += 1
            continue
        readers.add(document.source.format, len(data), time.perf_counter() - started)
        for writer, module in WRITERS.items():
            started = time.perf_counter()
            out = module.write(document)
            writers.add(writer, len(out), time.perf_counter() - started)
    return readers, writers, refused


def section_throughput(args) -> list[str]:
    out = ["## Throughput", ""]
    seeds = replicated_seeds(args.megabytes)
    corpus = [(str(p.relative_to(CORPUS)), p.read_bytes()) for p in corpus_documents()]
    for label, inputs in ((f"seeds replicated to {args.megabytes:g} MB ({len(seeds)} documents)", seeds), (f"shared corpus ({len(corpus)} documents)", corpus)):
        readers, writers, refused = measure(inputs)
        out += [f"### {label}", "", *readers.table("reader (MB of input)"), "", *writers.table("writer (MB of output)"), ""]
        if refused:
            out += [f"{refused} documents refused (no reader recognised them).", ""]
    return out


def _time(work) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def section_growth(args) -> list[str]:
    page = (SEEDS / "000_0d91296e416bf5fc.txt").read_bytes()
    mbox = MBOX.read_bytes()
    tenth = mbox[: mbox.index(b"\nFrom ", len(mbox) // 10) + 1]
    cases = [
        ("Groups page (seed 000), whole pages repeated", page, page * 10),
        ("Groups page, one post's body grown by plain lines", page + b"line of text\n" * 2_000, page + b"line of text\n" * 20_000),
        ("mbox (gg-mbox): first tenth, then all", tenth, mbox),
    ]
    out = ["## Growth with input size", "", "| input | 1× MB | 1× s | 10× MB | 10× s | ratio |", "|---|---:|---:|---:|---:|---:|"]
    for label, small, large in cases:
        t1 = _time(lambda: api.write(api.read(load_bytes(small, "x")), "json"))
        t10 = _time(lambda: api.write(api.read(load_bytes(large, "x")), "json"))
        out.append(f"| {label} | {len(small) / MB:.2f} | {t1:.2f} | {len(large) / MB:.2f} | {t10:.2f} | {t10 / t1:.1f} |")
    return out + [""]


_PEAK = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
if sys.argv[1] == "convert":
    from threadkit import api
    from threadkit.files import atomic_write
    atomic_write(Path(sys.argv[3]), api.write(api.read_path(sys.argv[2]), "json"))
else:
    from threadkit.mail.archive import iter_posts
    with open(sys.argv[2], "rb") as stream:
        count = sum(1 for _ in iter_posts(stream))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, time.perf_counter() - started)
"""


def section_memory(args) -> list[str]:
    out = ["## Peak memory on a large mbox", "", "| what | mbox MB | peak RSS MiB | seconds |", "|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.mbox"
        big.write_bytes(MBOX.read_bytes() * args.mbox_copies)
        size = big.stat().st_size / MB
        for mode, label in (("stream", "stream the messages (threadkit.mail.archive.iter_posts)"), ("convert", "convert the whole mbox to JSON (one Document)")):
            result = subprocess.run([sys.executable, "-c", _PEAK, mode, str(big), str(Path(tmp) / "out.json")], capture_output=True, text=True, check=True)
            peak, seconds = map(float, result.stdout.split())
            out.append(f"| {label} | {size:.1f} | {peak:.0f} | {seconds:.1f} |")
    return out + [""]


def section_speedup(args) -> list[str]:
    """The same batch with 1 worker and every core on the local engine, then on a local Dask
    cluster of every core (issue 13: speed-up >= 1.8 on 2 cores; Dask within 15 % of local).
    The runs with every core alternate, local then Dask, ``--repeats`` times (a shared
    machine's load drifts): their medians are compared."""
    import statistics

    cores = default_jobs()
    out = ["## Batch speed-up and engines", ""]
    engines = ["local"]
    try:
        import distributed  # noqa: F401  (the optional extra)
        engines.append("dask")
    except ImportError:
        out += ["(dask.distributed is not installed: `pip install '.[dask]'` to measure the Dask engine)", ""]
    runs = [("local", 1)] + [(engine, cores) for _ in range(args.repeats) for engine in engines]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        inputs = replicated_seeds(args.batch_megabytes)
        for name, data in inputs:
            (src / name).write_bytes(data)
        size = sum(len(d) for _, d in inputs) / MB
        measured: dict[tuple[str, int], list[tuple[float, float, float]]] = defaultdict(list)
        for engine, jobs in runs:
            load = os.getloadavg()[0]
            wall, cpu, _ = _batch(src, Path(tmp) / f"out-{engine}-{jobs}", list(WRITERS), jobs=jobs, engine=engine)
            measured[engine, jobs].append((wall, cpu, load))
    rows = [(engine, jobs, statistics.median(w for w, _, _ in got), statistics.median(c for _, c, _ in got), got)
            for (engine, jobs), got in measured.items()]
    base = rows[0][2]
    local = {jobs: secs for engine, jobs, secs, _, _ in rows if engine == "local"}
    out += [f"{len(inputs)} files, {size:.1f} MB, every format ({', '.join(WRITERS)}); {cores} cores; the runs with {cores} "
            f"workers alternate, local then Dask, {args.repeats} times: medians. Wall-clock seconds (Dask's include starting "
            "its local cluster) and CPU seconds of this process and every process under it (sampled every 0.1 s).", "",
            "| engine | workers | runs | seconds | CPU s | files/s | speed-up | / local, same workers | each run: seconds, CPU s, load average before |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    out += [f"| {engine} | {jobs} | {len(got)} | {secs:.1f} | {cpu:.1f} | {len(inputs) / secs:.1f} | {base / secs:.2f} | "
            f"{secs / local[jobs]:.2f} | {'; '.join(f'{w:.1f}, {c:.1f}, {l:.1f}' for w, c, l in got)} |"
            for engine, jobs, secs, cpu, got in rows]
    return out + [""]


def _batch(src: Path, out: Path, formats: list[str], **options) -> tuple[float, float, dict]:
    """Wall-clock and CPU seconds of one batch (this process and every process under it:
    a Dask cluster's workers are not all waited for), and the processes' peak RSS."""
    with _process_tree() as tree:
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):  # its summary, its defects
            status = run_batch(src, out, formats, quiet=True, force=True, **options)
        wall = time.perf_counter() - started
    if status not in (0, 1):
        raise SystemExit(f"the batch into {out} was interrupted (exit {status})")
    return wall, tree["cpu"], tree["peaks"]


@contextlib.contextmanager
def _process_tree():
    """CPU seconds of this process and of every process under it, and the peak resident
    memory (MiB) of each, by pid: sampled every 0.1 s (a process that lives less is missed,
    and so are a worker's short peaks between samples); a dict filled on exit."""
    import threading

    import psutil  # (a dependency of dask.distributed)

    me = psutil.Process()
    cpu: dict[int, float] = {}
    peaks: dict[int, tuple[str, float]] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    rss = proc.memory_info().rss / (1 << 20)
                    peaks[proc.pid] = ("batch" if proc.pid == me.pid else "worker", max(rss, peaks.get(proc.pid, ("", 0.0))[1]))
                    if proc.pid != me.pid:
                        times = proc.cpu_times()
                        cpu[proc.pid] = times.user + times.system

    own = me.cpu_times()
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    tree: dict = {}
    try:
        yield tree
    finally:
        done.set()
        thread.join()
        now = me.cpu_times()
        tree["cpu"] = now.user + now.system - own.user - own.system + sum(cpu.values())
        tree["peaks"] = peaks


def section_shards(args) -> list[str]:
    """Issue 13: one large mbox cut in shards, on the local engine and on a local Dask cluster
    of every core; the jsonl must be the bytes of the whole file converted in one process
    (``--shard-whole``: such a jsonl made before, e.g. by ``bench/archive.py --check --keep``)."""
    from archive import build, copies_for  # bench/archive.py: its replicator, with distinct ids per copy

    cores = default_jobs()
    big = Path(args.shard_mbox) if args.shard_mbox else build(MBOX, copies_for(MBOX, args.shard_megabytes))
    size = big.stat().st_size / MB
    shard_bytes = round(args.shard_size * MB)
    runs = [] if args.shard_whole else [("whole, one process", {"jobs": 1, "timeout": None, "shard_bytes": big.stat().st_size})]
    if "local" in args.shard_engines:
        runs.append((f"shards, local engine, {cores} workers", {"jobs": cores, "shard_bytes": shard_bytes}))
    try:
        import distributed  # noqa: F401  (the optional extra)
        if "dask" in args.shard_engines:
            runs.append((f"shards, dask engine, {cores} workers", {"jobs": cores, "engine": "dask", "shard_bytes": shard_bytes}))
    except ImportError:
        pass
    rows = []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        (src / big.name).symlink_to(big)
        first = Path(args.shard_whole) if args.shard_whole else None
        for k, (label, options) in enumerate(runs):
            out = Path(tmp) / f"out{k}"
            wall, cpu, peaks = _batch(src, out, ["jsonl"], **options)
            output = out / (big.name + ".jsonl")
            rows.append((label, wall, cpu, first is None or _same_bytes(first, output), peaks))
            first = first or output
    table = [f"| {label} | {wall:.1f} | {cpu:.1f} | {size / wall:.2f} | {'yes' if same else '**no**'} | {_peaks(peaks)} |"
             for label, wall, cpu, same, peaks in rows]
    shards = -(-round(size * MB) // shard_bytes)
    return ["## One large mbox in shards", "",
            f"{big.name}: {size:.0f} MB (gg-mbox replicated, distinct Message-IDs per copy), to jsonl; shards of "
            f"{args.shard_size:g} MB (about {shards}); {cores} cores; load average {load:.1f} before, {os.getloadavg()[0]:.1f} "
            "after; wall-clock seconds, and CPU seconds and peak RSS of the batch process and of each process under it "
            "(sampled every 0.1 s).", "",
            "| run | seconds | CPU s | MB/s | same bytes as whole | peak RSS MiB: batch; each worker process |",
            "|---|---:|---:|---:|---|---|", *table, ""]


def _peaks(peaks: dict) -> str:
    batch = max((rss for what, rss in peaks.values() if what == "batch"), default=0.0)
    others = sorted((rss for what, rss in peaks.values() if what != "batch"), reverse=True)
    return f"{batch:.0f}; " + ", ".join(f"{rss:.0f}" for rss in others)


def _same_bytes(a: Path, b: Path) -> bool:
    import filecmp

    return filecmp.cmp(a, b, shallow=False)


def section_replies(args) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_segment import replies_scores  # the scoring the test suite pins, not a second copy

    from threadkit.segment import numbered, segment

    bodies = [load_bytes(p.read_bytes(), p.name) for p in sorted((CORPUS / "replies").rglob("*.txt"))]
    seconds = _time(lambda: [segment(numbered(s.lines)) for s in bodies])
    scores = replies_scores(CORPUS)
    ours = {"tool": "threadkit", "seconds": seconds, **{k: f"{v[0]}/{v[1]}" for k, v in scores.items()}}
    compare = subprocess.run([sys.executable, str(ROOT / "bench" / "compare.py"), "--json"], capture_output=True, text=True)
    if compare.returncode != 0:
        return ["## Replies: threadkit, talon, quotequail", "", f"comparison failed: {compare.stderr.strip()[-500:]}", ""]
    rows = [ours] + json.loads(compare.stdout)
    size = sum(len(s.data) for s in bodies) / MB
    out = ["## Replies: threadkit, talon, quotequail", "",
           f"{len(bodies)} bodies ({size:.2f} MB) from shared/corpus/replies; the best of two runs. Agreement with the gold",
           "(visible text exact after normalising; quoted yes/no; signature) counted as in tests/test_segment.py.", "",
           "| tool | seconds | bodies/s | time vs threadkit | quoted | visible text | signature |", "|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        out.append(f"| {row['tool']} | {row['seconds']:.3f} | {len(bodies) / row['seconds']:.0f} | {row['seconds'] / seconds:.2f}× | "
                   f"{row.get('quoted', '–')} | {row.get('visible', '–')} | {row.get('signature', '–')} |")
    return out + [""]


SECTIONS = {"throughput": section_throughput, "growth": section_growth, "memory": section_memory, "speedup": section_speedup,
            "shards": section_shards, "replies": section_replies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, []], help="sections to run (default: all)")
    parser.add_argument("--megabytes", type=float, default=50, help="size of the replicated seed set for throughput")
    parser.add_argument("--batch-megabytes", type=float, default=5, help="size of the replicated seed set for the batch speed-up")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each engine with every core in the speed-up section")
    parser.add_argument("--shard-megabytes", type=float, default=1024, help="size of the large mbox cut in shards")
    parser.add_argument("--shard-size", type=float, default=64, help="shard size in MB for the large mbox")
    parser.add_argument("--work", help="folder for the outputs of the shards section (default: the system's temporary folder)")
    parser.add_argument("--shard-mbox", help="the large mbox of the shards section (default: built by bench/archive.py)")
    parser.add_argument("--shard-whole", help="its jsonl converted whole in one process, made before (default: made here, timed)")
    parser.add_argument("--shard-engines", default="local,dask", help="engines of the shards section (default: local,dask)")
    parser.add_argument("--mbox-copies", type=int, default=4, help="copies of the gg-mbox corpus file in the large mbox")
    args = parser.parse_args()
    print(f"threadkit benchmark, Python {sys.version.split()[0]}, {default_jobs()} cores\n", flush=True)
    for name in args.sections or SECTIONS:
        print("\n".join(SECTIONS[name](args)), flush=True)


if __name__ == "__main__":
    main()
