"""The bundled TEI customisation (schemas/threadkit-tei-1.0.*): it agrees with its ODD, it
rejects what threadkit must not write, and ``threadkit validate`` reports file, line and element."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from tei_check import NS
from test_tei import kitchen_sink

from threadkit import cli
from threadkit.schemas import schema_dir, schema_path
from threadkit.validate import validate_path, validate_tei_tree
from threadkit.writers import tei


def test_the_rng_and_its_odd_name_the_same_elements():
    rng = schema_path("tei", "1.0").read_text(encoding="utf-8")
    odd = etree.parse(str(schema_dir() / "threadkit-tei-1.0.odd.xml"))
    included = {name for ref in odd.iterfind(".//t:moduleRef[@include]", NS) for name in ref.get("include").split()}
    assert set(re.findall(r'<element name="([^"]+)"', rng)) == included


def _kitchen_tree() -> etree._ElementTree:
    return etree.fromstring(tei.write(kitchen_sink())).getroottree()


def _break(xpath: str, change) -> list[str]:
    tree = _kitchen_tree()
    change(tree.xpath(xpath, namespaces=NS)[0])
    return validate_tei_tree(etree.fromstring(etree.tostring(tree)).getroottree(), "broken.tei.xml")


@pytest.mark.parametrize("xpath, change, element", [
    ("//t:post[1]", lambda e: e.attrib.pop("modality"), "post"),
    ("//t:post[1]", lambda e: e.set("when", "yesterday"), "post"),
    ("//t:post[1]", lambda e: e.set("n", "lines 2 to 21"), "post"),
    ("//t:post[1]", lambda e: etree.SubElement(e, f"{{{tei.TEI_NS}}}table"), "post"),
    ("//t:quote[1]", lambda e: etree.SubElement(e, f"{{{tei.TEI_NS}}}head").set("n", "1-1"), "quote"),
    ("//t:g[1]", lambda e: e.set("n", "NUL"), "g"),
    ("//t:note[@type='boilerplate'][1]", lambda e: e.set("type", "junk"), "note"),
], ids=["no-modality", "bad-when", "bad-span", "unknown-element", "head-in-quote", "bad-codepoint", "untyped-note"])
def test_the_bundled_schema_rejects_what_threadkit_must_not_write(xpath, change, element):
    problems = _break(xpath, change)
    assert problems, "the broken document validated"
    assert all(p.startswith("broken.tei.xml: line ") for p in problems)
    assert any(f"/{element}" in p or f"{element}" in p.split(": ", 2)[-1] for p in problems), problems


def test_an_unknown_schema_version_is_named():
    problems = _break("//t:schemaRef", lambda e: e.set("n", "9.9"))
    assert problems == ["broken.tei.xml: /TEI/teiHeader/encodingDesc/schemaRef: unknown threadkit-tei schema version '9.9'"]


def test_threadkit_validate_checks_tei_files(tmp_path, capsys):
    good = tmp_path / "good.tei.xml"
    good.write_bytes(tei.write(kitchen_sink()))
    bad = tmp_path / "bad.tei.xml"
    bad.write_bytes(tei.write(kitchen_sink()).replace(b'modality="written"', b'modality="two words"', 1))
    broken = tmp_path / "broken.tei.xml"
    broken.write_bytes(b"<TEI><unclosed></TEI>")
    assert validate_path(good) == []
    assert validate_path(broken)[0].startswith(f"{broken}: line 1: not well-formed XML")
    assert cli.main(["validate", str(good), str(bad)]) != 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert f"{bad}: line " in text and "post" in text
