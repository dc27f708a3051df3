"""Issue 10, speed: converting mail imports only what the mail path uses.

Start-up is paid once per ``threadkit convert`` and was a sixth of converting the 8.4 MB
gg-mbox file: the page-copy readers (``threadkit.article``'s body, bylines, comments,
furniture, prose), reached through ``threadkit.article.dates`` for attribution dates, and
the batch machinery, reached for its writer guard, were imported though no mail conversion
uses them. A fresh interpreter runs the CLI on a small mbox and says what it imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

#: Modules the mail → JSON Lines path must not import.
UNUSED = ("threadkit.batch", "threadkit.batch_report", "threadkit.article", "threadkit.html", "charset_normalizer")

MBOX = b"""From alice@example.org Mon Jan  2 10:00:00 2023
From: Alice <alice@example.org>
To: list@example.org
Subject: Dates
Date: Mon, 2 Jan 2023 10:00:00 +0000
Message-ID: <a1@example.org>

Hello, when do we meet?

From bob@example.org Mon Jan  2 11:00:00 2023
From: Bob <bob@example.org>
To: list@example.org
Subject: Re: Dates
Date: Mon, 2 Jan 2023 11:00:00 +0000
Message-ID: <b1@example.org>
In-Reply-To: <a1@example.org>

On Mon, 2 Jan 2023 at 10:00, Alice <alice@example.org> wrote:
> Hello, when do we meet?

Tuesday.
"""

PROBE = """
import runpy, sys, json
sys.argv = ["threadkit", "convert", sys.argv[1], "--from", "mbox", "-t", "jsonl", "-o", sys.argv[2]]
try:
    runpy.run_module("threadkit", run_name="__main__")
except SystemExit as exit:
    assert not exit.code, exit.code
print(json.dumps(sorted(sys.modules)))
"""


def test_mail_conversion_imports_neither_the_batch_nor_the_page_readers(tmp_path: Path):
    mbox, out = tmp_path / "list.mbox", tmp_path / "list.jsonl"
    mbox.write_bytes(MBOX)
    done = subprocess.run([sys.executable, "-c", PROBE, str(mbox), str(out)], capture_output=True, timeout=120, check=True)
    modules = set(json.loads(done.stdout.decode().splitlines()[-1]))
    assert "threadkit.lang.dates" in modules  # the attribution's date was read (the probe reaches that path)
    assert len(out.read_bytes().splitlines()) == 3
    assert not {m for m in modules if m.startswith(UNUSED)}
