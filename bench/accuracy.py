"""Accuracy of the article readers on the shared corpus, with an evaluation gate.

Runs ``article-comments-text`` over ``articles/trafilatura`` (gold: snippets that must be
in the article's text, snippets that must not, comment snippets) and ``articles/dragnet``
(gold: the line where the comments start), prints per-corpus scores, and compares them
with the pinned baseline (``bench/accuracy-baseline.json``): a score below its baseline
fails (exit status 1), as trafilatura's evaluation gate does.

    python bench/accuracy.py                          # score, compare with the baseline
    python bench/accuracy.py -v                       # and list every miss
    python bench/accuracy.py --update-baseline        # pin the current scores (only if none is lower)
    python bench/accuracy.py --update-baseline --accept-lower   # pin them even if some are lower

Snippet matching follows the corpus README: whitespace runs collapsed, NFC, exact substring;
only snippets whose ``*_present`` flag is true count.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from threadkit import api
from threadkit.detection import choose, detect
from threadkit.errors import ThreadkitError
from threadkit.model import Boilerplate, Document
from threadkit.source import load_path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "bench" / "accuracy-baseline.json"
FORMAT = "article-comments-text"
#: Scores where lower is better; every other score is better higher.
LOWER_IS_BETTER = frozenset({"trafilatura.without_in_article"})
#: Allowed noise when comparing with the baseline (scores are fractions).
TOLERANCE = 1e-9


def corpus_dir() -> Path | None:
    env = os.environ.get("THREADKIT_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def norm(text: str) -> str:
    """The corpus's snippet normalisation: whitespace runs → one space, NFC."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


def article_text(doc: Document) -> str:
    """The article's text blocks (title included), normalised, one space between blocks."""
    parts = [doc.title or ""]
    for post in doc.posts:
        if post.role == "article":
            parts += [b.text for b in post.blocks if not isinstance(b, Boilerplate)]
    return norm(" ".join(parts))


def comments_text(doc: Document) -> str:
    parts = []
    for post in doc.posts:
        if post.role == "comment":
            parts += [b.text for b in post.blocks if not isinstance(b, Boilerplate)]
    return norm(" ".join(parts))


def first_comment_line(doc: Document) -> int | None:
    lines = [p.span.first for p in doc.posts if p.role == "comment"]
    return min(lines) if lines else None


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def score_trafilatura(corpus: Path, misses: list[str], seen=None) -> dict[str, float]:
    gold = json.loads((corpus / "articles" / "trafilatura" / "gold.json").read_text(encoding="utf-8"))
    counts = {"with": [0, 0], "without": [0, 0], "comments": [0, 0], "detected": [0, 0]}
    for page in gold["pages"]:
        source = load_path(corpus / "articles" / page["file"])
        doc = api.read(source, FORMAT)
        if seen:
            seen(source, doc)
        article, comments = article_text(doc), comments_text(doc)
        for key, where, want in (("with", article, True), ("without", article, False), ("comments", comments, True)):
            for snippet, present in zip(page[key], page[f"{key}_present"]):
                if not present:
                    continue
                found = norm(snippet) in where
                counts[key][0] += found
                counts[key][1] += 1
                if found != want:
                    misses.append(f"{page['file']}: {key} snippet {'missing' if want else 'in the article'}: {snippet[:60]!r}")
        if any(page["comments_present"]):
            counts["detected"][1] += 1
            counts["detected"][0] += _detected(source) == FORMAT
    return {
        "trafilatura.with_in_article": _ratio(*counts["with"]),
        "trafilatura.without_in_article": _ratio(*counts["without"]),
        "trafilatura.comments_in_comments": _ratio(*counts["comments"]),
        "trafilatura.detected_with_comments": _ratio(*counts["detected"]),
    }


def _detected(source) -> str | None:
    try:
        return choose(detect(source), source.name).format
    except ThreadkitError:
        return None


def score_dragnet(corpus: Path, misses: list[str], seen=None) -> dict[str, float]:
    gold = json.loads((corpus / "articles" / "dragnet" / "gold.json").read_text(encoding="utf-8"))
    near = exact = detected = 0
    files = gold["files"]
    for record in files:
        source = load_path(corpus / "articles" / record["file"])
        doc = api.read(source, FORMAT)
        if seen:
            seen(source, doc)
        start = first_comment_line(doc)
        want = record["comments_start_line"]
        exact += start == want
        if start is not None and abs(start - want) <= 1:
            near += 1
        else:
            misses.append(f"{record['file']}: comments start at line {start}, gold {want}")
        detected += _detected(source) == FORMAT
    return {
        "dragnet.start_within_1_line": _ratio(near, len(files)),
        "dragnet.start_exact": _ratio(exact, len(files)),
        "dragnet.detected_with_comments": _ratio(detected, len(files)),
    }


def measure(corpus: Path, misses: list[str] | None = None, seen=None) -> dict[str, float]:
    """Every score, by name (``<corpus>.<measure>``), as fractions.

    ``seen(source, document)``, when given, is called with every document read (tests
    check each one for coverage and validity in the same pass).
    """
    misses = [] if misses is None else misses
    return {**score_trafilatura(corpus, misses, seen), **score_dragnet(corpus, misses, seen)}


def regressions(scores: dict[str, float], baseline: dict[str, float]) -> list[str]:
    """The scores that are worse than their baseline, as sentences."""
    out = []
    for name, pinned in baseline.items():
        now = scores.get(name)
        if now is None:
            out.append(f"{name}: no longer measured (baseline {pinned:.4f})")
        elif (now > pinned + TOLERANCE) if name in LOWER_IS_BETTER else (now < pinned - TOLERANCE):
            out.append(f"{name}: {now:.4f}, baseline {pinned:.4f}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="the shared corpus (default: THREADKIT_CORPUS or ../shared/corpus)")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--update-baseline", action="store_true", help="pin the current scores as the new baseline")
    parser.add_argument("--accept-lower", action="store_true", help="with --update-baseline: pin even scores below the old baseline")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    corpus = args.corpus or corpus_dir()
    if corpus is None:
        print("accuracy: corpus not found (set THREADKIT_CORPUS or pass --corpus)", file=sys.stderr)
        return 2
    misses: list[str] = []
    scores = measure(corpus, misses)
    if args.verbose:
        print("\n".join(misses))
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline.exists() else {}
    for name, value in scores.items():
        pinned = baseline.get(name)
        print(f"{name:40s} {value:7.2%}" + (f"   (baseline {pinned:.2%})" if pinned is not None else ""))
    worse = regressions(scores, baseline)
    if args.update_baseline:
        if worse and not args.accept_lower:
            print("refusing to pin lower scores without --accept-lower:\n  " + "\n  ".join(worse), file=sys.stderr)
            return 1
        args.baseline.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
        print(f"baseline written: {args.baseline}")
        return 0
    if not args.baseline.exists():
        # a gate without its baseline would pass whatever the scores: it fails, saying how to pin one
        print(f"accuracy: no baseline file {args.baseline}: pin one with --update-baseline", file=sys.stderr)
        return 1
    if worse:
        print("accuracy below the baseline:\n  " + "\n  ".join(worse), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
