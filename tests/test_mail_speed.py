"""Issue 10, item 6 (speed of mail archives): what the speed work relies on, checked without
timing anything (the speed itself is measured side by side by ``bench/archive.py``)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from threadkit import api
from threadkit.readers import ALIASES, BINARY_FORMATS, READERS
from threadkit.writers import WRITERS
from threadkit.writers import jsonl

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "inputs"


def test_registries_name_each_module_by_its_format():
    """The registries hold module names, imported on first use: each entry's module says
    the same format name, and every alias and binary signature names a registered reader."""
    for registry in (READERS, WRITERS):
        assert list(registry) == list(dict(registry.items()))
        for name in registry:
            assert registry[name].FORMAT == name
            assert registry[name] is registry[name]
    assert set(ALIASES.values()) <= set(READERS)
    assert all(hasattr(READERS[name], "load") for name in BINARY_FORMATS.values())


def test_mbox_to_jsonl_imports_no_other_format(tmp_path):
    """An mbox → JSON Lines conversion loads the mail reader and the jsonl writer only: not
    the HTML and article readers, lxml, nor the TEI writer (their imports were a sixth of
    the conversion of the gg-mbox file)."""
    mbox = tmp_path / "a.mbox"
    mbox.write_bytes(b"From a@b Sat Jun 22 08:00:44 2019\nFrom: a@b.com\nSubject: x\n\nHello.\n")
    script = (
        "import sys\nfrom threadkit import cli\n"
        f"code = cli.main(['convert', {str(mbox)!r}, '--from', 'mbox', '--to', 'jsonl', '-o', {str(tmp_path / 'a.jsonl')!r}])\n"
        "print(code, ' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout.split()
    assert out[0] == "0"
    loaded = set(out[1:])
    unwanted = {"lxml", "lxml.etree", "threadkit.html", "threadkit.article", "threadkit.writers.tei",
                "threadkit.readers.article_html", "threadkit.readers.googlegroups", "threadkit.readers.pipermail_html"}
    assert not loaded & unwanted
    assert {"threadkit.readers.mbox", "threadkit.writers.jsonl"} <= loaded


def test_fewer_collections_restores_the_collector():
    thresholds = gc.get_threshold()
    with api.fewer_collections():
        assert gc.get_threshold()[0] > thresholds[0]
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0


def test_jsonl_header_is_the_document_without_posts():
    document = api.read_path(CASES / "takeout-topics.mbox")
    head = jsonl.head_data(document, len(document.posts))
    whole = json.loads(api.write(document, "json"))
    del whole["posts"]
    assert {k: v for k, v in head.items() if k not in ("schema", "version", "document_version", "post_count")} == \
        {k: v for k, v in whole.items() if k not in ("schema", "version")}
    assert head["post_count"] == len(document.posts) > 0
