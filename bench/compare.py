"""talon and quotequail on the replies corpus: time and agreement with the gold, as JSON or a table.

They live in their own virtual environment, bench/.venv-compare (gitignored), which this
script creates on first use (talon pins old scikit-learn-era dependencies threadkit does
not want). It re-runs itself there; it never imports threadkit.

    python bench/compare.py          # a table
    python bench/compare.py --json   # what bench/run.py reads
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-compare"
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


def inside() -> list[dict]:
    gold = json.loads((CORPUS / "replies" / "gold.json").read_text(encoding="utf-8"))
    bodies = {r["file"]: (CORPUS / "replies" / r["file"]).read_bytes().decode("utf-8", "replace") for r in gold}
    rows = []
    for name, make in (("talon 1.4.4", talon_tool), ("quotequail 0.5.4", quotequail_tool)):
        rows.append({"tool": name, **score(make(), gold, bodies)})
    return rows


def main() -> None:
    if "--inside" in sys.argv:
        print(json.dumps(inside()))
        return
    ensure_venv()
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
