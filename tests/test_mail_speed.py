"""Issue 10, item 6 (speed of mail archives): what the speed work relies on, checked without
timing anything (the speed itself is measured side by side by ``bench/archive.py``)."""

from __future__ import annotations

import gc
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import attrs

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


def _scanned(data: bytes, as_stream: bool, size: int = 1 << 16):
    from threadkit.mail.archive import _Scan

    scan = _Scan()
    if as_stream:
        stream = scan.lines_of(io.BytesIO(data))
        while stream.read(size):
            pass
    else:
        for _line in scan.lines_of(line for line in io.BytesIO(data)):  # lines, as a folder gives them
            pass
    return (scan.digest.hexdigest(), scan.lines, scan.crlf, scan.lf, scan.undecodable, scan.controls, scan.newline())


def test_pass_one_scans_blocks_as_it_scanned_lines():
    """Pass 1 of a streamed mbox takes in blocks of lines, not one line at a time: the line
    count, line ends, lines not UTF-8 and lines with control characters are the same as
    line by line, whatever the reads' sizes (lines longer than a read, no final line end)."""
    rng = random.Random(7)
    pieces = [b"From a@b Sat Jun 22 08:00:44 2019\n", b"plain\n", b"crlf\r\n", b"caf\xc3\xa9\n", b"latin \xe9\n",
              b"nul \x00 here\n", b"bell \x07\r\n", b"x" * 70000 + b"\n", b"\n", b"\xff\xfe\x01\n", b"cr\ronly\n"]
    for _ in range(30):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.5:
            data += rng.choice([b"no end", b"\xe9 no end", b"\x01"])
        expected = _scanned(data, as_stream=False)
        for size in (1, 7, 4096, 1 << 16):
            assert _scanned(data, as_stream=True, size=size) == expected


def test_index_reads_the_threading_fields_of_the_posts():
    """Pass 1 of a streamed archive reads each header's values without making its fields:
    the threading fields are those pass 2's posts are read with, on every mail input of
    the test cases and, when it is there, the corpus."""
    from conftest import corpus_dir

    from threadkit.mail.mboxfile import iter_raw_messages
    from threadkit.mail.message import read_header, read_values, threading_fields

    paths = [p for p in (ROOT / "tests" / "cases").rglob("*") if p.suffix in (".mbox", ".eml", ".txt", ".news") and p.is_file()]
    corpus = corpus_dir()
    if corpus is not None:
        paths += [corpus / "gg-mbox" / "open-iscsi-even-threads.mbox", corpus / "threading" / "notmuch-default.mbox",
                  *sorted((corpus / "pipermail").glob("*/*.txt"))]
    seen = 0
    for path in paths:
        pipermail = "pipermail" in str(path)
        with open(path, "rb") as stream:
            for raw in iter_raw_messages(stream, True, pipermail):
                posted, indexed = threading_fields(read_header(raw, pipermail)), threading_fields(read_values(raw, pipermail))
                # (a date defect names the field's lines, which the index does not keep)
                assert attrs.evolve(indexed, date_defect=None) == attrs.evolve(posted, date_defect=None), (path, raw.lines[:1])
                assert (indexed.date_defect is None) == (posted.date_defect is None)
                seen += 1
    assert seen > 500 if corpus is not None else seen > 0


def test_index_reads_threading_fields_beside_odd_fields():
    """The index reads only the threading fields of a plain ASCII header; any field that
    could change how the stdlib reads the others (a line break inside a value, a name that
    is none, 8-bit bytes, a value cut for length, deep comments) sends it the whole way."""
    from threadkit.mail.mboxfile import iter_raw_messages
    from threadkit.mail.message import read_header, read_values, threading_fields

    odd = [b"X-Odd: a\x0bb", b"X-Odd: a\rb", b"Bad Name: x", b"X-Odd: caf\xc3\xa9", b"X-Odd: caf\xe9",
           b"X-Odd: " + b"w " * 20000, b"X-Odd: " + b"(" * 40 + b"x" + b")" * 40, b": empty name", b"no colon at all",
           b"X-Odd: =?utf-8?q?a?=", b"Subject : spaced name", b"X-Odd: a\x1cb"]
    for line in odd:
        subjects = (b"Subject: =?utf-8?q?caf=C3=A9?= time", b"Subject: plain", b"Subject: a\x0bb")
        for subject in subjects if len(line) < 1000 else subjects[:2]:  # (the stdlib reads a 40 kB header slowly)
            data = b"\n".join([b"From a@b Sat Jun 22 08:00:44 2019", b"Message-ID: <m@x>", line, subject,
                               b"Date: Sat, 22 Jun 2019 08:00:44 -0700", b"In-Reply-To: <p@x> (comment)",
                               b"References: <o@x>\n <p@x>", b"", b"Body.", b""])
            raw = next(iter_raw_messages(io.BytesIO(data)))
            posted, indexed = threading_fields(read_header(raw)), threading_fields(read_values(raw))
            assert attrs.evolve(indexed, date_defect=None) == attrs.evolve(posted, date_defect=None), (line, subject)


def test_batch_imports_every_format_before_forking(tmp_path, monkeypatch):
    """``threadkit batch`` forks one worker per file: the readers and writers are imported
    in the parent first, not once per file in each worker."""
    from threadkit import cli

    loaded = []
    for registry in (READERS, WRITERS):
        monkeypatch.setattr(registry, "load_all", lambda registry=registry: loaded.append(registry))
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.eml").write_bytes(b"From: a@b.com\nTo: c@d.com\nSubject: x\nDate: Sat, 22 Jun 2019 08:00:44 -0700\n"
                                b"Message-ID: <m@b.com>\n\nHello.\n")
    assert cli.main(["batch", str(src), str(tmp_path / "out"), "-t", "jsonl", "-q"]) == 0
    assert loaded == [READERS, WRITERS]
    from threadkit.registry import Modules

    fresh = Modules("threadkit.writers", {"json": "json", "jsonl": "jsonl"})
    Modules.load_all(fresh)
    assert set(fresh._loaded) == {"json", "jsonl"}


def test_a_post_reads_its_fields_as_the_whole_header_gives_them():
    """A post parses only the fields it reads (``MESSAGE_NAMES``) of a plain ASCII header:
    each of them reads as in the header parsed whole, on every mail input of the test cases
    and the corpus and beside odd fields; a field it did not parse is refused, not absent."""
    import pytest

    from conftest import corpus_dir
    from threadkit.mail import header as headers
    from threadkit.mail import mime
    from threadkit.mail.mboxfile import iter_raw_messages
    from threadkit.mail.message import MESSAGE_NAMES, read_header

    paths = [p for p in (ROOT / "tests" / "cases").rglob("*") if p.suffix in (".mbox", ".eml", ".txt", ".news") and p.is_file()]
    corpus = corpus_dir()
    if corpus is not None:
        paths += [corpus / "gg-mbox" / "open-iscsi-even-threads.mbox", corpus / "threading" / "notmuch-default.mbox"]
    odd = b"\n".join([b"From a@b Sat Jun 22 08:00:44 2019", b"From: =?utf-8?q?J=C3=B6rg?= <j@x>, Ann <a@x>", b"To: b@x",
                      b"X-Odd: =?bogus?q?a?=", b"Content-Type: text/plain; charset=\"utf-8\"; format=flowed",
                      b"Subject: a (b) c", b"", b"Body.", b""])
    raws = [raw for path in paths for raw in iter_raw_messages(open(path, "rb"), True, "pipermail" in str(path))]
    raws.append(next(iter_raw_messages(io.BytesIO(odd))))
    restricted = 0
    for raw in raws:
        defects, whole_defects = [], []
        header = read_header(raw, False, defects)
        whole = headers.parse(headers.decode_fields(mime.split_header(raw.lines)[0], whole_defects, body=True), whole_defects)
        assert defects == whole_defects
        for name in MESSAGE_NAMES:
            assert _answer(lambda h: str(h.get(name)), header.values) == _answer(lambda h: str(h.get(name)), whole), name
            assert _answer(lambda h: h.addresses(name), header.values) == _answer(lambda h: h.addresses(name), whole), name
        for question in (lambda h: h.get_content_type(), lambda h: h.get_filename(), lambda h: h.get_param("charset")):
            assert _answer(question, header.values) == _answer(question, whole)
        if header.values._only is not None:
            restricted += 1
            with pytest.raises(KeyError):
                header.values.get("x-not-read")
    assert restricted > 0


def _answer(question, header):
    """What ``question`` gives of ``header``, or the type of error it raises (a broken value)."""
    try:
        return question(header)
    except Exception as exc:  # noqa: BLE001 -- compared, not hidden
        return type(exc)
