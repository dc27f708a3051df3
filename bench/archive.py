"""Mail archives of any size (issue 10): threadkit, mail-parser and the stdlib on the same mbox. A benchmark, not a test.

    .venv/bin/python bench/archive.py                          # gg-mbox, and it replicated to 100 MB
    .venv/bin/python bench/archive.py --megabytes 20           # a smaller replicated archive
    .venv/bin/python bench/archive.py --megabytes 1024 --tools threadkit --growth-copies 0   # the 1 GB case
    .venv/bin/python bench/archive.py --tools threadkit,stdlib --to json --repeat 2 --json out.json

Inputs, built once into bench/.cache/ (gitignored) and reused: the shared gg-mbox file (1×) and
that file replicated to about ``--megabytes`` MB. Every copy after the first gets distinct
Message-IDs: the ids in Message-ID, In-Reply-To and References headers of copy K become
``<local.cK@domain>``, so each copy threads on its own exactly as the original does. The
archives are written as they are built (the source file is the only thing held in memory).

Each tool runs in a fresh interpreter, one at a time, on the same file. Its CPU seconds (user +
system) and peak RSS come from ``os.wait4`` on that process alone (forked by a small launcher, see
``child``), so a loaded machine slows the
wall clock but not these numbers (much); interpreter start-up and imports are included
(threadkit's modules byte-compiled first, as installing it does: :func:`compiled`).

* threadkit: ``python -m threadkit convert X.mbox --from mbox --to jsonl|json -o FILE``; a
  refusal (non-zero exit) is reported with the first line of its error, not raised. Its
  message count is the number of posts (``"id": "pN"``) in the output.
* threadkit-detect (only on request): the same without ``--from``, detection included.
* mailparser: ``mailbox.mbox`` over the file, ``mailparser.parse_from_bytes(raw)`` per message,
  then its from, date, subject, message id and body.
* stdlib: ``mailbox.mbox`` over the file, ``email.message_from_bytes(raw, policy=default)`` per
  message, then From, Date, Subject, Message-ID and the text of ``get_body()``.

Growth: threadkit's CPU seconds on the file replicated ``--growth-copies`` times (default 10,
about 84 MB) divided by its CPU seconds on the 1× file; linear is 10, the issue allows 10.5.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from common import MB, MBOX, ROOT, markdown_table  # bench/common.py (this script's folder is on sys.path)

CACHE = ROOT / "bench" / ".cache"
ID_HEADERS = {b"message-id", b"in-reply-to", b"references"}
ANGLE_ID = re.compile(rb"<([^<>@\s]*)(@[^<>\s]*)?>")
POST_ID = re.compile(rb'"id":\s*"p\d+"')
BLANK = (b"\n", b"\r\n")
TOOLS = ("threadkit", "threadkit-detect", "mailparser", "stdlib")
LABELS = {"threadkit": "threadkit convert", "threadkit-detect": "threadkit convert (detected)",
          "mailparser": "mail-parser parse_from_bytes", "stdlib": "stdlib mailbox + message_from_bytes"}


# -- building the archives -------------------------------------------------------------------

def template(data: bytes) -> list[tuple[bytes, bool]]:
    """The mbox as pieces: (bytes, whether it is a header line, or its continuation, that carries ids).

    A message starts at a ``From `` line at the start of the file or after a blank line; its
    header ends at the first blank line. Runs of other lines are joined into one piece.
    """
    pieces: list[tuple[bytes, bool]] = []
    static: list[bytes] = []
    in_header = ids = False
    previous_blank = True
    for line in data.splitlines(keepends=True):
        if previous_blank and line.startswith(b"From "):
            in_header, ids = True, False
        elif in_header:
            if line in BLANK:
                in_header = ids = False
            elif line[:1] not in (b" ", b"\t"):  # a new field, not a continuation
                name, colon, _ = line.partition(b":")
                ids = bool(colon) and name.strip().lower() in ID_HEADERS
        if ids:
            if static:
                pieces.append((b"".join(static), False))
                static = []
            pieces.append((line, True))
        else:
            static.append(line)
        previous_blank = line in BLANK
    if data and not data.endswith(b"\n"):
        static.append(b"\n")
    if data and not data.endswith((b"\n\n", b"\r\n\r\n")):
        static.append(b"\n")  # a blank line before the next copy's From line
    pieces.append((b"".join(static), False))
    return pieces


def build(source: Path, copies: int) -> Path:
    """``source`` replicated ``copies`` times into the cache, with distinct ids per copy (cached)."""
    target = CACHE / f"{source.stem}.x{copies}.mbox"
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    pieces = template(source.read_bytes())
    partial = target.with_name(target.name + ".part")
    with open(partial, "wb") as out:
        for k in range(copies):
            suffix = b".c%d" % k
            for piece, ids in pieces:
                if ids and k:
                    piece = ANGLE_ID.sub(lambda m: b"<" + m[1] + suffix + (m[2] or b"") + b">", piece)
                out.write(piece)
    os.replace(partial, target)  # a cached archive is always a whole one
    return target


def copies_for(source: Path, megabytes: float) -> int:
    return max(1, round(megabytes * MB / source.stat().st_size))


# -- measuring ---------------------------------------------------------------------------------

_MAILPARSER = """
import mailbox, sys
import mailparser
count = failed = 0
box = mailbox.mbox(sys.argv[1], create=False)
for key in box.iterkeys():
    try:
        mail = mailparser.parse_from_bytes(box.get_bytes(key))
        touched = (mail.from_, mail.date, mail.subject, mail.message_id, mail.body)
        count += 1
    except Exception:
        failed += 1
print(count, failed)
"""

_STDLIB = """
import email, email.policy, mailbox, sys
count = failed = 0
box = mailbox.mbox(sys.argv[1], create=False)
for key in box.iterkeys():
    try:
        msg = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        touched = [str(msg[name]) for name in ("From", "Date", "Subject", "Message-ID")]
        body = msg.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        count += 1
    except Exception:
        failed += 1
print(count, failed)
"""


# Linux carries a process's peak RSS across exec: a child forked from this process (which may
# have just built a 100 MB archive) would report at least this process's size. So a small
# launcher, started afresh, forks the tool and reports the tool's own rusage.
_LAUNCHER = """
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss], out)
"""


def child(argv: list[str], stdout: Path) -> dict:
    """Run ``argv``; its exit code, CPU seconds, peak RSS (MiB) and first stderr line, from its own rusage."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    usage = stdout.with_name(stdout.name + ".usage.json")  # children may run side by side
    with open(stdout, "wb") as out, tempfile.TemporaryFile() as err:
        subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(usage), *argv], stdout=out, stderr=err, env=env, check=True)
        err.seek(0)
        errors = [line.strip() for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
    code, cpu, maxrss = json.loads(usage.read_text())
    usage.unlink()
    # the first line that says something (a traceback's last line is its message)
    message = errors[-1] if errors and errors[0].startswith("Traceback") else (errors[0] if errors else "")
    return {"exit": code, "cpu": cpu, "rss_mib": maxrss / 1024, "error": message}


def count_posts(path: Path) -> int:
    """Posts (``"id": "pN"``) in a threadkit JSON or JSONL output, read in chunks: outputs can be large."""
    count, tail = 0, b""
    with open(path, "rb") as stream:
        while True:
            chunk = stream.read(1 << 20)
            data = tail + chunk
            # a match that starts in the last 256 bytes may be cut off: it is looked for again with the next chunk
            limit = max(0, len(data) - 256) if chunk else len(data)
            end = 0
            for match in POST_ID.finditer(data):
                if match.start() >= limit:
                    break
                count, end = count + 1, match.end()
            if not chunk:
                return count
            tail = data[max(limit, end):]


def run_tool(tool: str, archive: Path, to: str, work: Path) -> dict:
    out = work / f"{tool}.{to}"
    stdout = work / "stdout"
    if tool.startswith("threadkit"):
        named = ["--from", "mbox"] if tool == "threadkit" else []
        result = child([sys.executable, "-m", "threadkit", "convert", str(archive), *named, "--to", to, "-o", str(out)], stdout)
        result["messages"] = count_posts(out) if result["exit"] == 0 and out.exists() else None
    else:
        result = child([sys.executable, "-c", _MAILPARSER if tool == "mailparser" else _STDLIB, str(archive)], stdout)
        words = stdout.read_text().split()
        result["messages"], result["failed"] = (int(words[0]), int(words[1])) if result["exit"] == 0 and len(words) == 2 else (None, None)
    out.unlink(missing_ok=True)
    return result


def measure(tool: str, archive: Path, to: str, repeat: int) -> dict:
    """The best of ``repeat`` runs by CPU seconds (its peak RSS is the largest seen)."""
    runs = []
    with tempfile.TemporaryDirectory(dir=CACHE, prefix="out-") as work:
        for _ in range(repeat):
            runs.append(run_tool(tool, archive, to, Path(work)))
            if runs[-1]["messages"] is None:
                break  # a refusal does not get better with repetition
    best = min(runs, key=lambda r: r["cpu"])
    best["rss_mib"] = max(r["rss_mib"] for r in runs)
    if best["messages"]:
        best["msg_per_s"] = best["messages"] / best["cpu"]
    return best


# -- the 1 GB done-when (issue 10): --check ------------------------------------------------------

#: What a conversion of the replicated archive may take at most (issue 10: 200 MiB for 1 GB).
RSS_LIMIT_MIB = 200
#: The outputs --check makes of the replicated archive: (--to, --split).
CHECKED = (("jsonl", None), ("mbox", "thread"), ("tei", "thread"), ("json", "thread"))  # the cheapest first


def threadkit_argv(archive: Path, to: str, out: Path, split: str | None = None) -> list[str]:
    return [sys.executable, "-m", "threadkit", "convert", str(archive), "--from", "mbox", "--to", to,
            *(["--split", split] if split else []), "-o", str(out)]


def original_id(value: str | None, copy: int) -> str | None:
    """A Message-ID of copy ``copy`` of the replicated archive mapped back to the original's
    (``<local.cK@domain>`` → ``<local@domain>``, as :func:`build` made it)."""
    if not value or not copy:
        return value
    suffix = ".c%d" % copy
    local, at, domain = value.partition("@")
    if local.endswith(suffix):
        return local[: -len(suffix)] + at + domain
    if not at and value.endswith(suffix + ">"):
        return value[: -len(suffix) - 1] + ">"
    return value


def post_index(post_id: str | None) -> int | None:
    """``p12`` → 11: the posts of an mbox are numbered in file order."""
    return int(post_id[1:]) - 1 if post_id else None


def jsonl_posts(path: Path):
    """The posts of a JSON Lines output, one at a time (constant memory)."""
    with open(path, "rb") as lines:
        next(lines)  # the document header
        for raw in lines:
            yield json.loads(raw)


class Shape:
    """The reply structure of the original archive (converted alone): for each message, by
    position, its Message-ID, its parent's position and its thread id; and its threads."""

    def __init__(self, posts) -> None:
        self.ids, self.parents, self.roots = [], [], []
        for k, post in enumerate(posts):
            if post_index(post["id"]) != k:
                raise ValueError(f"post {post['id']} at position {k + 1}")
            self.ids.append(post.get("message_id"))
            self.parents.append(post_index(post.get("in_reply_to")))
            self.roots.append(post.get("metadata", {}).get("thread_root"))
        self.threads = self.thread_entries()

    def __len__(self) -> int:
        return len(self.ids)

    def thread_entries(self) -> list[tuple[int, str | None, int]]:
        """(first post's position, thread id, posts) of each thread, in order of first appearance,
        as ``--split thread`` groups them (by thread id, else by top post)."""
        first: dict[str, list] = {}
        for k in range(len(self.ids)):
            top = k
            while self.parents[top] is not None:
                top = self.parents[top]
            key = self.roots[k] if self.roots[k] is not None else f"p{top + 1}"
            entry = first.setdefault(key, [k, self.roots[k], 0])
            entry[2] += 1
        return [tuple(e) for e in first.values()]

    def differences(self, posts, copies: int, limit: int = 10) -> list[str]:
        """Where the posts of the replicated archive (in file order) do not thread as the
        original's: each copy K must hold the original's messages, each with its parent in
        the same copy at the same position and the same thread id (mapped back)."""
        n, out, count = len(self), [], 0
        for k, post in enumerate(posts):
            count += 1
            copy, at = divmod(k, n)
            if copy >= copies:
                continue
            parent = post_index(post.get("in_reply_to"))
            got = (original_id(post.get("message_id"), copy),
                   None if parent is None else (parent - copy * n if parent // n == copy else f"copy {parent // n}"),
                   original_id(post.get("metadata", {}).get("thread_root"), copy))
            want = (self.ids[at], self.parents[at], self.roots[at])
            if got != want and len(out) < limit:
                out.append(f"{post.get('id')} (copy {copy}, message {at + 1}): (id, parent, thread) {got} != {want}")
        if count != n * copies:
            out.append(f"{count} posts, expected {n} × {copies} = {n * copies}")
        return out

    def split_differences(self, folder: Path, copies: int, limit: int = 10) -> list[str]:
        """Where a ``--split thread`` folder's threads differ from the original's, copy by copy:
        the index's entries (first post, thread id, post count), in order."""
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        got = [(post_index(t["root"]), t["thread_root"], t["posts"]) for t in index["threads"]]
        n = len(self)
        want = [(copy * n + first, root if not copy else _copied_id(root, copy), posts)
                for copy in range(copies) for first, root, posts in self.threads]
        out = [f"thread {k + 1}: (first post, thread id, posts) {g} != {w}" for k, (g, w) in enumerate(zip(got, want)) if g != w][:limit]
        if len(got) != len(want):
            out.append(f"{len(got)} threads, expected {len(want)}")
        return out


def _copied_id(value: str | None, copy: int) -> str | None:
    """The inverse of :func:`original_id`, for the ids :func:`build` rewrites (in angle brackets)."""
    if not value or not ANGLE_ID.fullmatch(value.encode("utf-8", "surrogateescape")):
        return value
    return ANGLE_ID.sub(lambda m: b"<" + m[1] + b".c%d" % copy + (m[2] or b"") + b">", value.encode("utf-8", "surrogateescape")).decode("utf-8", "surrogateescape")


def split_posts(folder: Path):
    """The posts of a ``--split thread`` JSON folder, back in file order (constant memory but
    for the order: (position, thread file) pairs)."""
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    where = []
    for t in index["threads"]:
        document = json.loads((folder / t["file"]).read_text(encoding="utf-8"))
        where += [(post_index(p["id"]), t["file"]) for p in document["posts"]]
    where.sort()
    cached_file, cached = None, {}
    for _k, name in where:  # thread files hold a few posts each: read again when needed
        if name != cached_file:
            document = json.loads((folder / name).read_text(encoding="utf-8"))
            cached_file, cached = name, {p["id"]: p for p in document["posts"]}
        yield cached[f"p{_k + 1}"]


def check(args, parser) -> None:
    """Convert the replicated archive to every output of :data:`CHECKED`, each in a child whose
    peak RSS must stay within :data:`RSS_LIMIT_MIB`; validate every output with ``threadkit
    validate`` (another child); compare its threading with the original's, copy by copy.
    Conversions run ``--jobs`` at a time; each output's checks run beside the conversions."""
    from concurrent.futures import ThreadPoolExecutor

    copies = copies_for(args.source, args.megabytes)
    path = CACHE / f"{args.source.stem}.x{copies}.mbox"
    if args.skip_build and not path.exists():
        parser.error(f"--skip-build: {path} has not been built")
    archive = build(args.source, copies)
    size = archive.stat().st_size
    compiled(ROOT / "threadkit")
    print(f"threadkit archive check: Python {platform.python_version()}, threadkit tree {revision()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}; {archive.name}: {size / MB:.1f} MB, {copies} copies", flush=True)
    results: list[dict] = []
    with tempfile.TemporaryDirectory(dir=CACHE, prefix="check-") as tmp:
        work = Path(tmp)
        ref_out = work / "original.jsonl"
        ref = child(threadkit_argv(args.source, "jsonl", ref_out), work / "original.stdout")
        if ref["exit"]:
            sys.exit(f"the original does not convert: {ref['error']}")
        shape = Shape(jsonl_posts(ref_out))
        print(f"  original: {len(shape)} messages, {len(shape.threads)} threads", file=sys.stderr, flush=True)

        def verify(result: dict, out: Path) -> dict:
            if result["exit"] == 0:
                v = child([sys.executable, "-m", "threadkit", "validate", "-q", str(out)], work / f"{out.name}.validate")
                result["valid"] = v["exit"] == 0
                result["validate_error"] = v["error"]
                result["validate_cpu"], result["validate_rss_mib"] = v["cpu"], v["rss_mib"]
                if result["split"]:
                    problems = shape.split_differences(out, copies)
                    if result["to"] == "json" and not problems:
                        problems = shape.differences(split_posts(out), copies)
                else:
                    problems = shape.differences(jsonl_posts(out), copies)
                result["threading"] = problems
            if not args.keep:
                subprocess.run(["rm", "-rf", str(out)], check=False)
            print(f"  {result['output']}: checked", file=sys.stderr, flush=True)
            return result

        def convert(to: str, split: str | None) -> tuple[dict, Path]:
            out = work / (f"split-{to}" if split else f"out.{to}")
            r = child(threadkit_argv(archive, to, out, split), work / f"{out.name}.stdout")
            r.update(to=to, split=split, output=f"--to {to}" + (f" --split {split}" if split else ""))
            print(f"  {r['output']}: exit {r['exit']}, {r['cpu']:.0f} CPU s, {r['rss_mib']:.0f} MiB", file=sys.stderr, flush=True)
            return r, out

        with ThreadPoolExecutor(args.jobs) as conversions, ThreadPoolExecutor(1) as checks:
            wanted = [(to, split) for to, split in CHECKED if to in args.outputs.split(",")]
            converted = [conversions.submit(convert, to, split) for to, split in wanted]
            pending = [checks.submit(verify, *f.result()) for f in converted]
            results = [f.result() for f in pending]

    rows, ok = [], True
    for r in results:
        passed = (r["exit"] == 0 and r["rss_mib"] <= RSS_LIMIT_MIB and r.get("valid") and not r.get("threading"))
        ok = ok and bool(passed)
        rows.append([r["output"], r["exit"], f"{r['cpu']:.0f}", f"{r['rss_mib']:.0f}",
                     ("yes" if r.get("valid") else "no: " + r.get("validate_error", "")) + f" ({r['validate_cpu']:.0f} CPU s)" if r["exit"] == 0 else "–",
                     ("identical" if not r.get("threading") else f"{len(r['threading'])} difference(s)") if r["exit"] == 0 else "–",
                     "pass" if passed else "FAIL"])
    lines = [f"## {size / MB:.0f} MB mbox ({copies} copies of {args.source.name}, {len(shape) * copies} messages): "
             f"peak RSS ≤ {RSS_LIMIT_MIB} MiB, valid, threading identical", "",
             *markdown_table(["output", "exit", "CPU s", "peak RSS MiB", "valid (threadkit validate)", "threading vs the original alone", ""], rows, left=1), ""]
    for r in results:
        lines += [f"{r['output']}: {p}" for p in r.get("threading", [])]
        if r["exit"]:
            lines.append(f"{r['output']}: {r['error']}")
    lines.append("check " + ("passed" if ok else "FAILED"))
    print("\n".join(lines), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"python": platform.python_version(), "revision": revision(), "cores": os.cpu_count(),
                                         "input": archive.name, "megabytes": round(size / MB, 1), "copies": copies,
                                         "messages": len(shape) * copies, "rss_limit_mib": RSS_LIMIT_MIB,
                                         "results": results, "passed": ok}, indent=1) + "\n")
    sys.exit(0 if ok else 1)


# -- the run -----------------------------------------------------------------------------------

def threadkit_outputs() -> list[str]:
    """The ``--to`` formats the CLI lists under ``threadkit formats``."""
    listing = subprocess.run([sys.executable, "-m", "threadkit", "formats"], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    outputs, inside = [], False
    for line in listing.splitlines():
        if line.strip().startswith(("input formats", "output formats")):
            inside = line.strip().startswith("output")
        elif inside and line.strip():
            outputs.append(line.split()[0])
    return outputs


def compiled(package: Path) -> None:
    """Byte-compile ``package``, as installing it does, and fill its pattern cache, as its first
    run does: mail-parser's and the stdlib's modules are read from their ``.pyc`` files, and
    threadkit's must be too. Without them (a fresh checkout, or ``PYTHONDONTWRITEBYTECODE`` set,
    as on the shared machine) every threadkit run compiled its sources again (0.4 of its 3 to 4
    CPU seconds on the gg-mbox file) and its regular expressions
    (:mod:`threadkit.patterns`, which is not written under that variable either: some 300 M
    instructions a run). One conversion of the shared gg-mbox file, with byte code allowed,
    writes the cache; it is not measured."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True, stdout=subprocess.DEVNULL)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([sys.executable, "-m", "threadkit", "convert", str(MBOX), "--from", "mbox", "--to", "jsonl",
                        "-o", os.path.join(work, "warm.jsonl")], check=True, env=env, cwd=work,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def revision() -> str:
    git = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return git.stdout.strip() or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=100, help="size of the replicated archive (default 100)")
    parser.add_argument("--tools", default="threadkit,mailparser,stdlib", help=f"comma-separated, of: {', '.join(TOOLS)}")
    parser.add_argument("--to", choices=["auto", "json", "jsonl"], default="auto", help="threadkit's output (auto: jsonl when the CLI has it, else json)")
    parser.add_argument("--growth-copies", type=int, default=10, help="threadkit's CPU time on this many copies / on one (0: skip)")
    parser.add_argument("--skip-build", action="store_true", help="use the archives already in bench/.cache; fail if one is missing")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs per tool and input")
    parser.add_argument("--source", type=Path, default=MBOX, help="the mbox to replicate (default: the shared gg-mbox file)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--check", action="store_true", help="the 1 GB done-when instead: threadkit alone converts the "
                        "replicated archive to jsonl and --split thread json/tei/mbox; peak RSS, validity and threading checked")
    parser.add_argument("--keep", action="store_true", help="with --check: keep the outputs (in bench/.cache/check-*)")
    parser.add_argument("--outputs", default=",".join(to for to, _ in CHECKED), help="with --check: of these outputs (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="with --check: conversions run side by side (CPU seconds and peak RSS stay each one's own)")
    args = parser.parse_args()
    if args.check:
        return check(args, parser)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if unknown := set(tools) - set(TOOLS):
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")

    notes = []
    outputs = threadkit_outputs() if any(t.startswith("threadkit") for t in tools) else []
    to = args.to
    if to == "auto":
        to = "jsonl" if "jsonl" in outputs else "json"
        if to == "json" and outputs:
            notes.append("threadkit has no `--to jsonl` yet (not in `threadkit formats`): measured `--to json`.")

    copies = copies_for(args.source, args.megabytes)
    wanted = {1: [*tools], copies: [*tools]}
    if args.growth_copies and "threadkit" in tools:
        wanted.setdefault(args.growth_copies, []).append("threadkit")
        wanted[args.growth_copies] = list(dict.fromkeys(wanted[args.growth_copies]))
    archives = {}
    for n in sorted(wanted):
        path = CACHE / f"{args.source.stem}.x{n}.mbox"
        if args.skip_build and not path.exists():
            parser.error(f"--skip-build: {path} has not been built")
        archives[n] = build(args.source, n)

    if any(t.startswith("threadkit") for t in tools):
        compiled(ROOT / "threadkit")
    print(f"threadkit archive benchmark: Python {platform.python_version()}, threadkit tree {revision()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start\n", flush=True)
    rows, results = [], []
    for n in sorted(wanted):
        archive = archives[n]
        size = archive.stat().st_size / MB
        for tool in wanted[n]:
            r = measure(tool, archive, to, args.repeat)
            r.update(tool=tool, input=archive.name, copies=n, megabytes=round(size, 2), to=to if tool.startswith("threadkit") else None)
            results.append(r)
            label = LABELS[tool] + (f" --to {to}" if tool.startswith("threadkit") else "")
            if r["messages"] is None:
                what = f"refused: {r['error']}" if tool.startswith("threadkit") else f"failed: {r['error']}"
                rows.append([f"{size:.1f}", label, what, f"{r['cpu']:.1f}", "–", f"{r['rss_mib']:.0f}"])
            else:
                failed = f" ({r['failed']} failed)" if r.get("failed") else ""
                rows.append([f"{size:.1f}", label, f"{r['messages']}{failed}", f"{r['cpu']:.1f}", f"{r['msg_per_s']:.0f}", f"{r['rss_mib']:.0f}"])
            print(f"  {archive.name}: {tool} done ({r['cpu']:.1f} CPU s)", file=sys.stderr, flush=True)

    lines = ["## mbox: threadkit, mail-parser, stdlib", "",
             *markdown_table(["MB", "tool", "messages", "CPU s", "msg/s", "peak RSS MiB"], rows, left=2), ""]
    rate = {(r["copies"], r["tool"]): r.get("msg_per_s") for r in results}
    ratios = []
    for n in sorted({1, copies}):
        mine = rate.get((n, "threadkit"))
        cells = [f"{archives[n].stat().st_size / MB:.1f}"]
        for other in ("mailparser", "stdlib"):
            theirs = rate.get((n, other))
            cells.append(f"{mine / theirs:.2f}×" if mine and theirs else "–")
        ratios.append(cells)
    summary = {"ratios": {}, "growth": None}
    if "threadkit" in tools and any(t in tools for t in ("mailparser", "stdlib")):
        lines += ["threadkit msg/s as a multiple of the others' (the issue asks ≥ 1.5× mail-parser, ≥ 0.5× stdlib):", "",
                  *markdown_table(["MB", "threadkit / mail-parser", "threadkit / stdlib"], ratios, left=0), ""]
        summary["ratios"] = {cells[0]: {"mailparser": cells[1], "stdlib": cells[2]} for cells in ratios}
    cpu = {(r["copies"], r["tool"]): r["cpu"] for r in results if r["messages"] is not None}
    g = args.growth_copies
    if g and (1, "threadkit") in cpu and (g, "threadkit") in cpu:
        growth = cpu[(g, "threadkit")] / cpu[(1, "threadkit")]
        summary["growth"] = growth
        lines += [f"Growth: threadkit's CPU seconds on {g}× the input ({archives[g].stat().st_size / MB:.1f} MB) / on 1× "
                  f"({archives[1].stat().st_size / MB:.1f} MB) = {cpu[(g, 'threadkit')]:.1f} / {cpu[(1, 'threadkit')]:.1f} "
                  f"= {growth:.2f} (linear: {g}; the issue allows {g * 1.05:g}).", ""]
    elif g and "threadkit" in tools:
        lines += [f"Growth: not measured (threadkit refused the 1× or the {g}× input).", ""]
    lines += [f"Note: {n}" for n in notes]
    print("\n".join(lines), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"python": platform.python_version(), "revision": revision(), "cores": os.cpu_count(),
                                         "to": to, "repeat": args.repeat, "results": results, **summary, "notes": notes}, indent=1) + "\n")


if __name__ == "__main__":
    main()
