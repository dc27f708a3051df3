"""Shared test fixtures: where the seeds and the shared corpus are, golden files, and the
hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"

# CI must not pass or fail by luck (issue 9): the default profile explores the same examples
# on every run and every machine (derandomised, no example database to remember a failure
# on one checkout only), prints the blob that reproduces a failure, and has no deadline (a
# loaded machine is slow, not wrong). Longer random exploration is a deliberate local run:
# HYPOTHESIS_PROFILE=explore, with a local database (.hypothesis/, gitignored) that replays
# what it found. @settings in the tests set only max_examples, deadline and health checks,
# so they inherit derandomize and database from the loaded profile (loaded here, before
# any test module builds its settings).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile("explore", max_examples=1_000, derandomize=False, print_blob=True, deadline=None,
                          database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
#: How many times more examples a test's own max_examples gets in the explore profile.
EXPLORE_FACTOR = 20


def corpus_dir() -> Path | None:
    """The shared evaluation corpus (THREADKIT_CORPUS, or ../shared/corpus), if present."""
    env = os.environ.get("THREADKIT_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def pytest_collection_modifyitems(items):
    """In the explore profile, multiply each test's own max_examples (a decorator's value
    would otherwise win over the profile's, and exploring would not explore more)."""
    if PROFILE != "explore":
        return
    for test in {id(item.obj): item.obj for item in items if hasattr(item, "obj")}.values():
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None:
            test._hypothesis_internal_use_settings = settings(own, max_examples=own.max_examples * EXPLORE_FACTOR)


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
