"""threadkit.patterns: patterns made from the cache file are re.compile's own patterns, and
the file is written, read and ignored as byte code is."""

from __future__ import annotations

import marshal
import re
import sys
import types

import pytest

from threadkit import patterns

CASES = [
    (r"=\?([^?\s]+)\?([QqBb])\?([!->@-~]*)\?=", 0),
    (rb"""charset\s*=\s*["']?([^\s"';]+)""", re.I),
    (r"^(?P<intro>.*?)[\s,]*(?P<verb>wrote|schrieb)\s*:\s*$", re.IGNORECASE | re.S),
    (r"(?<!\d)(?P<h>\d{1,2})[:h.](?P<m>\d{2})(?::(?P<s>\d{2}))?(?!\d)", 0),
    ("[\udc80-\udcff]+", 0),
    (r"^(>*From )", re.MULTILINE),
    (r"(?i)é(?P<a>x)?(?(a)y|z)", 0),
    (r"\w+", re.ASCII),
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache file of the test's own, written though the tests run without byte code."""
    monkeypatch.setattr(patterns, "PATH", str(tmp_path / "patterns.marshal"))
    monkeypatch.setattr(patterns, "_known", None)
    monkeypatch.setattr(patterns, "_new", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return tmp_path / "patterns.marshal"


def same(made: re.Pattern, pattern, flags) -> bool:
    """Equal patterns (sre compares pattern, flags and code) with the same groups."""
    expected = re.compile(pattern, flags)
    return made == expected and (made.groups, made.groupindex, made.flags) == (expected.groups, expected.groupindex, expected.flags)


def test_patterns_compiled_then_read_back_are_re_compiles(cache):
    assert all(same(patterns.compile(p, f), p, f) for p, f in CASES)
    patterns.save()
    assert cache.exists() and not patterns._new
    patterns._known = None  # (a new run)
    made = [patterns.compile(p, f) for p, f in CASES]
    assert not patterns._new  # every one came from the file
    assert all(same(m, p, f) for m, (p, f) in zip(made, CASES))
    assert made[2].match("On Monday, Alice wrote:")["intro"] == "On Monday, Alice"


def test_a_save_keeps_what_another_run_added(cache):
    patterns.compile(*CASES[0])
    patterns.save()
    patterns._known = None
    patterns.compile(*CASES[1])
    patterns.save()
    _stamp, known = marshal.loads(cache.read_bytes())
    assert set(known) == {(CASES[0][0], int(CASES[0][1])), (CASES[1][0], int(CASES[1][1]))}


@pytest.mark.parametrize("content", [b"", b"not marshal", marshal.dumps((("another python",), {("x", 0): (0, [1], 0, {}, (None,))}))])
def test_a_damaged_or_foreign_file_is_ignored(cache, content):
    cache.write_bytes(content)
    assert same(patterns.compile(*CASES[2]), *CASES[2])
    assert patterns._new  # compiled, not read


def test_nothing_is_written_without_byte_code(cache, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    patterns.compile(*CASES[0])
    patterns.save()
    assert not cache.exists()


def test_a_folder_that_cannot_be_written_only_compiles(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(patterns, "PATH", str(tmp_path / "file" / "patterns.marshal"))
    (tmp_path / "file").write_bytes(b"")  # (a file where the folder would be)
    patterns.compile(*CASES[0])
    patterns.save()
    assert same(patterns.compile(*CASES[0]), *CASES[0])


def test_errors_are_re_compiles(cache):
    with pytest.raises(re.error):
        patterns.compile(r"(unclosed")
    assert not patterns._new


def test_a_damaged_entry_or_an_interpreter_without_the_internals_compiles_as_usual(monkeypatch):
    from threadkit import patterns

    source, flags = r"(?P<word>\w+) kept", re.I
    monkeypatch.setattr(patterns, "_known", {(source, flags): b"not marshal data"})
    assert patterns.compile(source, flags) == re.compile(source, flags)

    def no_sre(*args):
        raise TypeError("compile() takes other arguments here")

    expected = re.compile(source + "!", flags)
    monkeypatch.setattr(patterns, "_known", {})
    monkeypatch.setattr(patterns, "_sre", types.SimpleNamespace(compile=no_sre))
    assert patterns.compile(source + "!", flags) == expected


def test_code_compiled_then_read_back_is_compiles(cache):
    """patterns.code: the byte code of the functions threadkit writes at run time, kept the same way."""
    source = "def make(a, b):\n    return (a, b, a + b)\n"
    made = patterns.code(source)
    assert made == compile(source, "<string>", "exec") and patterns._new
    patterns.save()
    patterns._known = None  # (a new run)
    kept = patterns.code(source)
    assert not patterns._new and kept == made  # (code objects compare by their byte code, names and constants)
    namespace: dict = {}
    exec(kept, namespace)
    assert namespace["make"](1, 2) == (1, 2, 3)
