"""Issue 14: the HTML writer, one self-contained page a person can read per document."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from threadkit import api
from threadkit.model import Author, Document, Post, Quote, SourceInfo, Span, Text, iter_blocks
from threadkit.writers import html as html_writer

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def html5_errors(data: bytes) -> list:
    """Parse errors by the HTML5 parsing algorithm (html5lib, the specification's parser)."""
    html5lib = pytest.importorskip("html5lib")
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(data)
    return parser.errors


def _text(page) -> str:
    return " ".join(page.text_content().split())


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_every_seed_page_is_valid_self_contained_and_complete(seed):
    document = api.read_path(seed)
    data = html_writer.write(document)
    assert data.startswith(b"<!DOCTYPE html>") and html5_errors(data) == []
    page = lxml_html.fromstring(data)
    # self-contained: no script, no external style sheet, image or frame
    assert not page.xpath("//script | //link | //img | //iframe | //@src")
    assert page.xpath("//main") and page.xpath("//h1")
    text = _text(page)
    for post in document.posts:
        assert page.get_element_by_id(post.id) is not None
        if post.author.name:
            assert " ".join(post.author.name.split()) in text
        for block in iter_blocks(post.blocks):  # every block's words are on the page
            if not getattr(block, "blocks", ()):
                assert " ".join(block.text.split()) in text, block
                first, last = block.span.first, block.span.last
                assert page.xpath(f"//*[@data-lines='{first}-{last}']"), block


def test_replies_nest_under_what_they_answer_and_articles_come_first():
    document = api.read_path(SEEDS[0])
    page = lxml_html.fromstring(html_writer.write(document))
    for post in document.posts:
        if post.in_reply_to:
            parent_item = page.get_element_by_id(post.in_reply_to).getparent()
            assert page.get_element_by_id(post.id) in parent_item.iter("article")


def _doc(posts) -> Document:
    return Document(source=SourceInfo("t.txt", "0" * 64, "eml", line_count=10_000), posts=tuple(posts))


def test_input_text_never_becomes_markup():
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> </p></article><a href="javascript:x">'
    post = Post("p1", Span(1, 2), author=Author(hostile), subject=hostile,
                blocks=(Text(hostile, Span(2, 2)), Quote("> " + hostile, Span(1, 1), attribution=hostile)))
    data = html_writer.write(_doc([post]))
    page = lxml_html.fromstring(data)
    assert not page.xpath("//script | //img | //a[starts-with(@href, 'javascript')]")
    assert hostile in page.text_content() and html5_errors(data) == []


def test_a_thread_deeper_than_the_stack_renders_with_bounded_nesting():
    posts = [Post(f"p{k}", Span(k, k), author=Author(f"A{k}"), in_reply_to=f"p{k - 1}" if k > 1 else None,
                  blocks=(Text(f"reply {k}", Span(k, k)),)) for k in range(1, 3001)]
    page = lxml_html.fromstring(html_writer.write(_doc(posts)))
    assert len(page.xpath("//article")) == 3000
    deepest = max(len(list(a.iterancestors("ol"))) for a in page.xpath("//article"))
    assert deepest == html_writer.MAX_DEPTH + 1
    assert page.xpath("//article[@id='p3000']//a[@href='#p2999']")  # shown flat, with its parent named


def test_control_characters_do_not_break_the_page():
    post = Post("p1", Span(1, 1), author=Author("a\x00b\x1bc"), blocks=(Text("x\x07y\u202ez", Span(1, 1)),))
    data = html_writer.write(_doc([post]))
    assert html5_errors(data) == [] and "\u202e" in data.decode("utf-8")


def test_validate_accepts_the_pages_and_rejects_active_or_broken_ones(tmp_path):
    from threadkit.validate import validate_path

    for seed in SEEDS:
        page = tmp_path / f"{seed.stem}.html"
        page.write_bytes(html_writer.write(api.read_path(seed)))
        assert validate_path(page) == [], seed.name
    bad = tmp_path / "bad.html"
    bad.write_bytes(b'<!DOCTYPE html><html><head><title>x</title></head><body><main>'
                    b'<a href="#nope" onclick="x()">x</a><script>1</script></main></body></html>')
    problems = "\n".join(validate_path(bad))
    assert "#nope" in problems and "onclick" in problems and "script" in problems


def test_batch_writes_an_index_of_its_pages_sortable_without_a_script(tmp_path):
    import shutil

    from threadkit.cli import main
    from threadkit.validate import validate_path

    folder = tmp_path / "both"  # the output folder is the input folder: the index is not taken for input
    shutil.copytree(SEEDS[0].parent, folder)
    assert main(["batch", str(folder), str(folder), "-t", "html", "-q"]) == 0
    index = folder / "index.html"
    assert validate_path(index) == [] and html5_errors(index.read_bytes()) == []
    page = lxml_html.fromstring(index.read_bytes())
    views = page.xpath("//section[@class='view' or @class='view default']")
    assert [v.get("id") for v in views][-1] == "by-title" and len(views) == 5
    for view in views:
        links = [a.get("href") for a in view.xpath(".//tbody//a")]
        assert sorted(links) == sorted(p.stem + ".html" for p in SEEDS)
        assert all((folder / link).is_file() for link in links)
    posts = sorted(int(td.text) for td in page.xpath("//section[@id='by-posts']//tbody/tr/td[3]"))
    assert posts == sorted(len(api.read_path(p).posts) for p in SEEDS)
    assert main(["batch", str(folder), str(folder), "-t", "html", "-q"]) == 0  # the index is no input
    assert not (folder / "index.html.html").exists()
