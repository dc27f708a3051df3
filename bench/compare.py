"""Reply and quote extractors beside threadkit: agreement with the replies gold, and speed.

The peers (talon, quotequail, zapier's email-reply-parser, email-reply-extractor,
mail-parser-reply) live in their own virtual environment, bench/.venv-compare (gitignored),
which this script creates on first use (talon pins old scikit-learn-era dependencies threadkit
does not want), or the venv ``THREADKIT_COMPARE_VENV`` names. They run there, in a child that
never imports threadkit.

    python bench/compare.py                    # agreement with the replies gold, a row per peer
    python bench/compare.py --json             # the same as JSON (what bench/run.py reads)
    python bench/compare.py --speed            # bodies/s: threadkit and every peer, one run
    python bench/compare.py --speed --old TREE # and another threadkit tree (e.g. main) beside it

``--speed`` times every tool on the same two body sets, CPU seconds (``time.process_time``),
best of ``--repeats``: the 136 replies bodies, and the 535 bodies threadkit's mail reader
segments in the gg-mbox file (bench/segment_speed.py records them; the peers get each body's
text). threadkit is ``segment_body`` with its caches emptied before each pass, in a fresh
interpreter per tree (bench/segment_speed.py --json), the trees alternating twice.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: THREADKIT_COMPARE_VENV names another such venv (a worktree's checkout can use main's
#: instead of installing the peers again).
VENV = Path(os.environ.get("THREADKIT_COMPARE_VENV", HERE / ".venv-compare"))
PYTHON = VENV / "bin" / "python"
PACKAGES = ["talon==1.4.4", "quotequail==0.5.4", "email-reply-parser==0.5.12", "email-reply-extractor==1.1.1", "mail-parser-reply==1.36"]
#: What the venv was last installed with: a changed PACKAGES installs again.
INSTALLED = VENV / "threadkit-packages.txt"
CORPUS = Path(os.environ.get("THREADKIT_CORPUS", HERE.parent.parent / "shared" / "corpus"))


def ensure_venv() -> None:
    wanted = "\n".join(PACKAGES)
    if PYTHON.exists() and INSTALLED.exists() and INSTALLED.read_text() == wanted:
        return
    if not PYTHON.exists():
        print(f"creating {VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print(f"installing {', '.join(PACKAGES)} into {VENV} ...", file=sys.stderr)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", *PACKAGES], check=True, stdout=sys.stderr)
    INSTALLED.write_text(wanted)


def normalise(text: str) -> str:
    """The gold's normalisation: LF line ends, no trailing blanks, no blank lines around."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip("\n")


def talon_tool():
    import talon
    from talon import quotations
    from talon.signature.bruteforce import extract_signature

    talon.init()

    def run(body: str) -> tuple[str, bool, str | None]:
        reply = quotations.extract_from_plain(body)
        text, signature = extract_signature(reply)
        return text, normalise(reply) != normalise(body), signature or ""

    return run


def quotequail_tool():
    import quotequail

    def run(body: str) -> tuple[str, bool, str | None]:
        parts = quotequail.quote(body)
        shown = "\n".join(text for show, text in parts if show)
        quoted = any(not show for show, _ in parts)
        if quoted:  # quotequail shows the "On ... wrote:" line with the reply; the gold puts it in the quote
            shown = shown.rstrip().rsplit("\n", 1)[0] if "\n" in shown.rstrip() else ""
        return shown, quoted, None  # no signature detection

    return run


def score(run, gold: list[dict], bodies: dict[str, str]) -> dict:
    results = {}
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        results = {name: run(body) for name, body in bodies.items()}
        best = min(best, time.perf_counter() - started)
    counts = {"quoted": [0, 0], "visible": [0, 0], "signature": [0, 0]}
    for record in gold:
        text, quoted, signature = results[record["file"]]
        if record["quoted"] is not None:
            counts["quoted"][1] += 1
            counts["quoted"][0] += quoted == record["quoted"]
        if record["visible_text"] is not None:
            counts["visible"][1] += 1
            counts["visible"][0] += normalise(text) == normalise(record["visible_text"])
        if record["signature"] is not None and signature is not None:
            counts["signature"][1] += 1
            got, want = normalise(signature), normalise(record["signature"])
            counts["signature"][0] += got == want or bool(want and got.endswith(want))
    return {"seconds": best, **{k: f"{v[0]}/{v[1]}" for k, v in counts.items() if v[1]}}


def reply_parser_tool():
    from email_reply_parser import EmailReplyParser

    def run(body: str) -> tuple[str, bool, str | None]:
        message = EmailReplyParser.read(body)
        shown = "\n".join(f.content for f in message.fragments if not (f.quoted or f.hidden or f.signature))
        signature = "\n".join(f.content for f in message.fragments if f.signature and not f.quoted)
        return shown, any(f.quoted for f in message.fragments), signature

    return run


def reply_extractor_tool():
    from email_reply_extractor import extract_new_text

    def run(body: str) -> tuple[str, bool, str | None]:
        text = extract_new_text(body).text
        return text, normalise(text) != normalise(body), None  # keeps signatures with the text

    return run


def mail_parser_reply_tool(languages: list[str]):
    from mailparser_reply import EmailReplyParser

    parser = EmailReplyParser(languages=languages)

    def run(body: str) -> tuple[str, bool, str | None]:
        message = parser.read(body)
        reply = message.replies[0] if message.replies else None
        text = reply.body if reply is not None and hasattr(reply, "body") else (message.latest_reply or "")
        signature = reply.signatures if reply is not None else ""
        return text, len(message.replies) > 1 or normalise(text) != normalise(body), signature

    return run


#: name → maker of ``run(body) -> (visible text, quoted?, signature or None)``.
TOOLS = {
    "talon 1.4.4": talon_tool,
    "quotequail 0.5.4": quotequail_tool,
    "email-reply-parser 0.5.12 (zapier)": reply_parser_tool,
    "email-reply-extractor 1.1.1": reply_extractor_tool,
    "mail-parser-reply 1.36 (en)": lambda: mail_parser_reply_tool(["en"]),
    "mail-parser-reply 1.36 (en, fr, de)": lambda: mail_parser_reply_tool(["en", "fr", "de"]),
}


def speed_inside(path: str, repeats: int) -> list[dict]:
    """Bodies/s of every tool on the body sets in the JSON file ``path`` ({set: [body, ...]})."""
    sets = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = []
    for name, make in TOOLS.items():
        run = make()
        row = {"tool": name}
        for set_name, bodies in sets.items():
            best = float("inf")
            for _ in range(repeats):
                started = time.process_time()
                for body in bodies:
                    run(body)
                best = min(best, time.process_time() - started)
            row[set_name] = len(bodies) / best
        rows.append(row)
    return rows


def speed(args: list[str]) -> None:
    """The ``--speed`` table: threadkit (this tree, and ``--old TREE``) and every peer."""
    import tempfile

    sys.path.insert(0, str(HERE))
    import segment_speed  # noqa: E402  (bench/segment_speed.py: the body sets and threadkit's timing)

    repeats = int(args[args.index("--repeats") + 1]) if "--repeats" in args else 3
    old = args[args.index("--old") + 1] if "--old" in args else None
    sets = {"replies": segment_speed.replies_bodies(), "gg-mbox": segment_speed.mbox_bodies()}
    # threadkit in a fresh interpreter per tree, the trees alternating twice: each tree's best
    # run stands, so a burst of load on the (shared) machine favours neither
    trees = ([(f"threadkit {old}", old)] if old else []) + [("threadkit (this tree)", str(HERE.parent))]
    best: dict[str, dict] = {}
    for _ in range(2):
        for name, tree in trees:
            rates = dict(zip(sets, segment_speed.measure_in(tree, repeats).values()))
            best[name] = {k: max(v, best.get(name, {}).get(k, 0)) for k, v in rates.items()}
    rows = [{"tool": name, **best[name]} for name, _ in trees]
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as texts:
        json.dump({k: ["\n".join(line.text for line in body) for body in v] for k, v in sets.items()}, texts)
    try:
        result = subprocess.run([str(PYTHON), __file__, "--speed-inside", texts.name, str(repeats)], capture_output=True, text=True)
    finally:
        os.unlink(texts.name)
    if result.returncode != 0:
        sys.exit(f"compare: the tools failed: {result.stderr.strip()[-800:]}")
    rows += json.loads(result.stdout.strip().splitlines()[-1])
    ours = rows[1] if old else rows[0]
    if "--json" in args:
        print(json.dumps(rows))
        return
    names = list(sets)
    print(f"bodies/s (CPU, best of {repeats}): " + ", ".join(f"{k} {len(v)} bodies" for k, v in sets.items()) + "\n")
    print("| tool | " + " | ".join(f"{n} bodies/s" for n in names) + " | " + " | ".join(f"threadkit ÷ tool ({n})" for n in names) + " |")
    print("|---|" + "---:|" * (2 * len(names)))
    for row in rows:
        print(f"| {row['tool']} | " + " | ".join(f"{row[n]:,.0f}" for n in names) + " | " + " | ".join(f"{ours[n] / row[n]:.2f}×" for n in names) + " |")


def inside() -> list[dict]:
    gold = json.loads((CORPUS / "replies" / "gold.json").read_text(encoding="utf-8"))
    bodies = {r["file"]: (CORPUS / "replies" / r["file"]).read_bytes().decode("utf-8", "replace") for r in gold}
    return [{"tool": name, **score(make(), gold, bodies)} for name, make in TOOLS.items()]


def main() -> None:
    if "--inside" in sys.argv:
        print(json.dumps(inside()))
        return
    if "--speed-inside" in sys.argv:
        at = sys.argv.index("--speed-inside")
        print(json.dumps(speed_inside(sys.argv[at + 1], int(sys.argv[at + 2]))))
        return
    ensure_venv()
    if "--speed" in sys.argv:
        speed(sys.argv)
        return
    result = subprocess.run([str(PYTHON), __file__, "--inside"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"compare: the tools failed: {result.stderr.strip()[-800:]}")
    rows = json.loads(result.stdout.strip().splitlines()[-1])
    if "--json" in sys.argv:
        print(json.dumps(rows))
    else:
        for row in rows:
            print(row)


if __name__ == "__main__":
    main()
