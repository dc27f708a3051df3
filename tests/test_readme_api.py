"""Issue 14: the README's Python API examples run, as doctests, and say what they show."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import threadkit

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples name the seeds by their path in the repository
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, globs={},
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10 and result.failed == 0


def test_every_public_name_resolves_and_is_listed():
    for name in threadkit.__all__:
        assert getattr(threadkit, name) is not None, name
    assert {"read", "detect", "write", "convert", "iter_posts", "Document", "Post", "InputError", "FormatError"} <= set(threadkit.__all__)
    assert issubclass(threadkit.UnknownFormatError, threadkit.FormatError)
    assert (ROOT / "threadkit" / "py.typed").is_file()


def test_read_takes_paths_bytes_and_files(tmp_path):
    seed = ROOT / "seeds" / "000_0d91296e416bf5fc.txt"
    by_path = threadkit.read(seed)
    with open(seed, "rb") as handle:
        by_file = threadkit.read(handle)
    by_bytes = threadkit.read(seed.read_bytes(), name=seed.name)
    assert by_path == by_file == by_bytes == threadkit.read(os.fspath(seed))


def test_convert_needs_a_format_it_can_tell(tmp_path):
    import pytest

    with pytest.raises(threadkit.FormatError, match="name the output format"):
        threadkit.convert(ROOT / "seeds" / "000_0d91296e416bf5fc.txt", tmp_path / "out.dat")
    threadkit.convert(ROOT / "seeds" / "000_0d91296e416bf5fc.txt", tmp_path / "out.dat", to="json")
    assert (tmp_path / "out.dat").read_bytes() == threadkit.write(threadkit.read(ROOT / "seeds" / "000_0d91296e416bf5fc.txt"), "json")
