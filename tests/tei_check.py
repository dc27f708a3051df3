"""Test helpers for TEI output: the official tei_all schema (loaded once) and TEI↔model comparison."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from lxml import etree

from threadkit.model import Document, iter_blocks
from threadkit.validate import validate_tei_tree
from threadkit.writers.tei_build import TEI_NS

NS = {"t": TEI_NS}
ROOT = Path(__file__).resolve().parent.parent
#: The elements that stand for one model block (each carries the block's span in @n).
BLOCK_XPATH = ("*[@n][self::t:p or self::t:ab or self::t:head or self::t:quote or self::t:closer"
               " or self::t:note[@type='boilerplate'] or self::t:floatingText]")


def tei_all_path() -> Path | None:
    """TEI P5 4.8.0 tei_all.rng: THREADKIT_TEI_ALL, or ../shared/tei beside the checkout (.ci/run checks it)."""
    env = os.environ.get("THREADKIT_TEI_ALL")
    path = Path(env) if env else ROOT.parent / "shared" / "tei" / "tei_all.rng"
    return path if path.is_file() else None


@functools.cache
def _tei_all() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(tei_all_path())))  # ~7 s: compile once per session


def tei_all() -> etree.RelaxNG:
    """The compiled tei_all schema, or skip the test when the file is not there."""
    if tei_all_path() is None:
        pytest.skip("tei_all.rng not found (set THREADKIT_TEI_ALL or put ../shared/tei beside the checkout)")
    return _tei_all()


def assert_valid_tei(data: bytes) -> etree._Element:
    """Parse TEI output and check it against the bundled schema and tei_all; returns the root."""
    root = etree.fromstring(data)
    problems = validate_tei_tree(root.getroottree(), "output")
    assert not problems, "\n".join(problems[:10])
    schema = tei_all()
    assert schema.validate(root), "tei_all: " + "\n".join(str(e) for e in list(schema.error_log)[:10])
    return root


def post_block_counts(root: etree._Element) -> dict[str, int]:
    """Blocks per post id in the TEI."""
    return {p.get("{http://www.w3.org/XML/1998/namespace}id"): len(p.xpath(".//" + BLOCK_XPATH, namespaces=NS))
            for p in root.iterfind(".//t:post", NS)}


def page_block_count(root: etree._Element) -> int:
    """Blocks outside the posts (page boilerplate and its children), not counting the title."""
    found = root.xpath("/t:TEI/t:text/t:body//" + BLOCK_XPATH, namespaces=NS)
    return sum(1 for e in found if not e.xpath("ancestor::t:post", namespaces=NS)
               and not (etree.QName(e).localname == "head" and e.get("type") == "title"
                        and etree.QName(e.getparent()).localname == "div" and e.getparent().getparent().tag == f"{{{TEI_NS}}}body"))


def model_block_counts(document: Document) -> dict[str, int]:
    return {post.id: len(list(iter_blocks(post.blocks))) for post in document.posts}
