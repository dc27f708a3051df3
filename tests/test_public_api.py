"""The top-level calls (``threadkit.read``, ``detect``, ``convert``, ``iter_posts``) take a path,
bytes or an open binary file alike, and do what the matching command does."""

from __future__ import annotations

import io
import json

import pytest

import threadkit
from conftest import seed_files
from threadkit.errors import DefectsError, UnknownFormatError

MAIL = (b"From: Ann <ann@example.org>\nTo: list@example.org\nSubject: Hello\n"
        b"Date: Tue, 1 Feb 2022 09:00:00 +0000\nMessage-ID: <a@example.org>\n\nHi all.\n")


def test_bytes_file_and_path_read_alike(tmp_path) -> None:
    seed = seed_files()[1]
    data = seed.read_bytes()
    by_path = threadkit.read(seed)
    assert threadkit.read(data, name=seed.name) == by_path
    with open(seed, "rb") as handle:
        assert threadkit.read(handle) == by_path  # the file's own name
    assert threadkit.read(data).source.name == "<input>"


def test_detect_bytes_file_and_path_alike(tmp_path) -> None:
    path = tmp_path / "hello.eml"
    path.write_bytes(MAIL)
    first = threadkit.detect(path)[0].format
    assert threadkit.detect(MAIL)[0].format == first
    assert threadkit.detect(io.BytesIO(MAIL))[0].format == first


def test_strict_raises_on_defects() -> None:
    with pytest.raises(DefectsError) as raised:
        threadkit.read(b"From: nobody\n\n", strict=True, format="eml")
    assert raised.value.counts


def test_convert_by_ending_and_iter_posts(tmp_path) -> None:
    path = tmp_path / "hello.eml"
    path.write_bytes(MAIL)
    threadkit.convert(path, tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [p["author"]["name"] for p in data["posts"]] == ["Ann"]
    assert [p.author.name for p in threadkit.iter_posts(path)] == ["Ann"]
    with pytest.raises(UnknownFormatError):
        threadkit.convert(path, tmp_path / "out.unknown")
