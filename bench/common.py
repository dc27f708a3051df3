"""What the bench scripts share: where the corpus is, and Markdown tables."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("THREADKIT_CORPUS", ROOT.parent / "shared" / "corpus"))
MBOX = CORPUS / "gg-mbox" / "open-iscsi-even-threads.mbox"
MB = 1e6


def markdown_table(header: list[str], rows: list[list[object]], left: int = 1) -> list[str]:
    """A Markdown table: the first ``left`` columns left-aligned, the others right-aligned."""
    align = ["---" if i < left else "---:" for i in range(len(header))]
    return ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"] + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
