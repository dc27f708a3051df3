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

#: Modules converting mail must not import, with detection or without: ``tempfile``, which
#: only the Outlook reader's ``load`` and an output renamed into place (not the usual way) need.
DETECTION_UNUSED = ("tempfile",)
#: Modules the mail → JSON Lines path must not import. The stdlib's ``policy.default`` header
#: parser (``email.policy``, ``email.headerregistry``, ``email._header_value_parser``) is
#: imported only for a value that the mail reader's own reading does not answer (:data:`MBOX`'s are plain).
UNUSED = ("threadkit.batch", "threadkit.batch_report", "threadkit.article", "threadkit.html", "charset_normalizer",
          "email.policy", "email.headerregistry", "email._header_value_parser", *DETECTION_UNUSED)

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
import atexit, runpy, sys, json
atexit.register(lambda: print(json.dumps(sorted(sys.modules))))  # (the program's end runs it; it ends the process)
sys.argv = ["threadkit", "convert", sys.argv[1], *sys.argv[3:], "-t", "jsonl", "-o", sys.argv[2]]
try:
    runpy.run_module("threadkit", run_name="__main__")
except SystemExit as exit:
    assert not exit.code, exit.code
"""


def converted_modules(tmp_path: Path, *options: str) -> set[str]:
    """The modules a fresh ``threadkit convert`` of :data:`MBOX` to JSON Lines imported."""
    mbox, out = tmp_path / "list.mbox", tmp_path / "list.jsonl"
    mbox.write_bytes(MBOX)
    done = subprocess.run([sys.executable, "-c", PROBE, str(mbox), str(out), *options], capture_output=True, timeout=120, check=True)
    assert len(out.read_bytes().splitlines()) == 3
    return set(json.loads(done.stdout.decode().splitlines()[-1]))


def test_mail_conversion_imports_neither_the_batch_nor_the_page_readers(tmp_path: Path):
    modules = converted_modules(tmp_path, "--from", "mbox")
    assert "threadkit.lang.dates" in modules  # the attribution's date was read (the probe reaches that path)
    assert not {m for m in modules if m.startswith(UNUSED)}


#: What an HTML reader's module imports: detection asks those readers before the mail readers.
HTML_READING = ("lxml", "threadkit.readers.pipermail_html", "threadkit.readers.mhonarc_html", "threadkit.readers.article_html",
                "threadkit.html.page", "threadkit.html.coverage", "threadkit.validate")


def test_detecting_an_mbox_imports_no_html_reader(tmp_path: Path):
    """The HTML readers' sniffers are asked first, from their light module (threadkit.readers.html_sniff)."""
    modules = converted_modules(tmp_path)
    assert "threadkit.readers.html_sniff" in modules  # (the probe reaches detection)
    assert not {m for m in modules if m.startswith(HTML_READING + DETECTION_UNUSED)}
