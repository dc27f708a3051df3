"""Issue 14: the HTML pages in a real browser. Headless Chromium (Debian's package, which
.ci/run installs) renders seeds 000 and 002 at a phone's and a desktop's width; the
screenshots are not blank and every post's author is in the rendered page."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest

from threadkit import api
from threadkit.writers import html as html_writer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {p.name[:3]: p for p in (ROOT / "seeds").glob("*.txt")}
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine (.ci/run installs Debian's)")


def chromium(*args: str) -> subprocess.CompletedProcess:
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               "--disable-dev-shm-usage", *args]
    return subprocess.run(command, capture_output=True, timeout=180)


def screenshot(page: Path, width: int, out: Path) -> bytes:
    result = chromium(f"--window-size={width},1200", f"--screenshot={out}", page.as_uri())
    assert out.is_file(), result.stderr.decode(errors="replace")[-500:]
    return out.read_bytes()


@pytest.fixture(scope="module")
def blank_sizes(tmp_path_factory) -> dict[int, int]:
    """The size of a blank page's screenshot at each width: a page with text is far larger."""
    folder = tmp_path_factory.mktemp("blank")
    page = folder / "blank.html"
    page.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
    return {width: len(screenshot(page, width, folder / f"{width}.png")) for width in (390, 1280)}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("seed", ["000", "002"])
def test_seed_pages_render_with_every_author(seed, width, tmp_path, blank_sizes):
    document = api.read_path(SEEDS[seed])
    page = tmp_path / f"{seed}.html"
    page.write_bytes(html_writer.write(document))
    shot = screenshot(page, width, tmp_path / f"{seed}-{width}.png")
    assert shot.startswith(b"\x89PNG") and len(shot) > 5 * blank_sizes[width], "the screenshot looks blank"
    rendered = chromium("--dump-dom", page.as_uri()).stdout.decode("utf-8")
    for post in document.posts:
        if post.author.name:
            assert html.escape(post.author.name, quote=False) in rendered
