"""Shared test fixtures: where the seeds and the shared corpus are, and golden files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


def corpus_dir() -> Path | None:
    """The shared evaluation corpus (THREADKIT_CORPUS, or ../shared/corpus), if present."""
    env = os.environ.get("THREADKIT_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


@pytest.fixture
def corpus() -> Path:
    path = corpus_dir()
    if path is None:
        pytest.skip("shared corpus not found (set THREADKIT_CORPUS)")
    return path


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def assert_golden(actual: str, golden: Path, update: bool) -> None:
    """Compare ``actual`` with a golden file, or rewrite it with --update-goldens."""
    if update or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden {golden.name} did not exist; written now, review and commit it")
        return
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        import difflib

        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "actual"))[:80])
        pytest.fail(f"output differs from {golden.name} (rerun with --update-goldens if intended):\n{diff}")
