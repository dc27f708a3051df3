"""Bad input (issue 6): a clear one-line refusal or a lossless conversion, never a traceback.

Empty and binary files, legacy and UTF-16 encodings, CR and CRLF line ends, a truncated
mbox, size limits, 200,000 lines, a 5 MB line.
"""

from __future__ import annotations

import json

import pytest
from conftest import SEEDS

from threadkit import api, source
from threadkit.cli import main
from threadkit.errors import InputError
from threadkit.invariants import coverage_problems
from threadkit.source import load_bytes

GG_SEED = SEEDS / "000_0d91296e416bf5fc.txt"
ARTICLE_TEXT = "Déjà vu : l'été à Besançon, « ça » coûte 5 € — naïve œuvre.\nSecond line, ü ß ñ.\n"


def convert(tmp_path, capsys, data: bytes, *args: str) -> tuple[int, str, str]:
    """Run ``threadkit convert`` on ``data``; returns (status, stdout, stderr)."""
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    status = main(["convert", str(path), *args])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, err: str, words: str, code: int = 3) -> None:
    assert status == code, err
    assert err.count("\n") == 1 and err.startswith("threadkit: error: ") and "Traceback" not in err
    assert words in err


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty input"),
        (b" \n\t\r\n  \n", "empty input"),
        (b"\x00" * 100, "binary file"),
        (b"hello\x00world\x00\x01\x02\xff\xfe\x00binary" * 50, "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"\x1f\x8b\x08\x00" + bytes(range(256)), "damaged gzip data"),  # gzip input is decompressed (issue 10)
        (bytes(range(256)) * 8, "binary"),
    ],
    ids=["empty", "blank", "nul", "nul-mixed", "png", "jpeg", "pdf", "gzip", "all-bytes"],
)
def test_unreadable_input_is_one_clear_line(tmp_path, capsys, data, words):
    status, out, err = convert(tmp_path, capsys, data)
    assert_one_line_error(status, err, words)
    assert out == ""


@pytest.mark.parametrize(
    "codec, expected",
    [
        ("latin-1", ("cp1252", "latin_1", "iso8859_1", "iso8859_15")),
        ("cp1252", ("cp1252",)),
        ("utf-16-le", ("utf_16_le",)),
        ("utf-16-be", ("utf_16_be",)),
        ("utf-16", ("utf-16",)),  # with its byte-order mark
        ("utf-8-sig", ("utf-8-sig",)),
        ("utf-32", ("utf-32",)),
    ],
)
def test_encodings_are_detected_decoded_and_recorded(codec, expected):
    text = ARTICLE_TEXT * 5 if codec != "latin-1" else ARTICLE_TEXT.translate({0x20AC: "E", 0x2014: "-", 0x153: "oe"}) * 5
    loaded = load_bytes(text.encode(codec), "x.txt")
    assert loaded.encoding in expected
    assert loaded.text.lstrip("\ufeff") == text
    assert loaded.lines[1] == "Second line, ü ß ñ."


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_ascii_utf16_without_bom_is_not_taken_for_utf8_with_nuls(codec):
    text = "From: Jane <jane@example.org>\nSubject: plain ASCII\n\nHello.\n"
    loaded = load_bytes(text.encode(codec), "x.eml")
    assert (loaded.encoding, loaded.text) == (codec.replace("-", "_"), text)


@pytest.mark.parametrize(
    "codec, text",
    [
        ("cp1251", "Привет, как дела? Это тестовое сообщение на русском языке.\n"),
        ("cp1250", "Zażółć gęślą jaźń. Dzień dobry, to jest wiadomość testowa po polsku.\n"),
        ("cp1253", "Καλημέρα σας, αυτό είναι ένα δοκιμαστικό μήνυμα στα ελληνικά.\n"),
    ],
)
def test_other_legacy_encodings_are_not_taken_for_windows_1252(codec, text):
    assert load_bytes((text * 3).encode(codec), "x.txt").text == text * 3


def test_a_byte_order_mark_alone_is_empty_input():
    with pytest.raises(InputError, match="empty input"):
        load_bytes(b"\xfe\xff", "x.txt")


def test_latin1_document_converts_with_its_encoding_in_the_output(tmp_path, capsys):
    text = GG_SEED.read_text(encoding="utf-8").translate({0x2019: "'", 0x2018: "'", 0x2026: "...", 0x2013: "-", 0x153: "oe", 0x202F: " "})
    text = "".join(c for c in text if ord(c) < 256)
    status, out, err = convert(tmp_path, capsys, text.encode("latin-1"))
    assert status == 0, err
    data = json.loads(out)
    assert data["source"]["encoding"] == "cp1252"  # Latin-1 text is valid cp1252; the detector names the superset
    assert data["posts"][0]["author"]["name"] == "Roland Marounek"
    assert any("é" in json.dumps(b, ensure_ascii=False) for b in data["posts"][0]["blocks"])


@pytest.mark.parametrize("newline, name", [("\r\n", "CRLF"), ("\r", "CR"), ("\n", "LF")])
def test_line_ends_give_the_same_document(newline, name):
    text = GG_SEED.read_text(encoding="utf-8")
    document = api.read_bytes(text.replace("\n", newline).encode("utf-8"), "x.txt")
    reference = api.read_bytes(text.encode("utf-8"), "x.txt")
    assert document.source.newline == name
    assert [p.author for p in document.posts] == [p.author for p in reference.posts]
    assert [[b.span for b in p.blocks] for p in document.posts] == [[b.span for b in p.blocks] for p in reference.posts]


def test_mixed_line_ends_lose_no_line():
    loaded = load_bytes(b"one\r\ntwo\nthree\r\nfour", "x.txt")
    assert loaded.lines == ("one", "two", "three", "four")


def test_text_over_the_size_limit_says_what_the_limit_is(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", 4 * 2**20)
    status, out, err = convert(tmp_path, capsys, b"x" * (5 * 2**20))
    assert_one_line_error(status, err, "5.0 MiB is over the 4 MiB limit for text documents")
    with pytest.raises(InputError, match="over the 4 MiB limit"):
        load_bytes(b"y" * (5 * 2**20), "big.txt")


def test_truncated_mbox_is_a_defect_or_a_clear_error(tmp_path, capsys):
    cut = (
        b"From a@example.org Mon Jan  1 00:00:00 2024\nFrom: A <a@example.org>\nSubject: hello\n"
        b"Message-ID: <1@example.org>\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n--XX\n"
        b"Content-Type: text/plain\n\nThe body is cut off in the mid"
    )
    path = tmp_path / "cut.mbox"
    path.write_bytes(cut)
    status = main(["convert", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if status == 0:
        document = json.loads(out)
        assert "The body is cut off in the mid" in out
        assert document["defects"] or any(p["defects"] for p in document["posts"])
    else:
        assert_one_line_error(status, err, "", code=status)


def _gg_with_body(extra: str) -> bytes:
    """The Google Groups seed with ``extra`` lines appended to its last post."""
    return GG_SEED.read_bytes() + b"\n" + extra.encode("utf-8")


def test_two_hundred_thousand_lines_convert_losslessly():
    data = _gg_with_body("".join(f"Line {k} of a very long body.\n" if k % 7 else "\n" for k in range(200_000)))
    loaded = load_bytes(data, "long.txt")
    assert len(loaded.lines) > 200_000
    # Named, not detected: the article sniffer lays out every line (bench/README.md).
    document = api.read(loaded, "googlegroups-text")
    assert coverage_problems(document, loaded.lines) == []
    assert api.write(document, "json")


def test_a_single_line_of_five_megabytes_converts_losslessly():
    data = _gg_with_body("word " * 1_000_000 + "\n> " + "quoted " * 10 + "\n")
    loaded = load_bytes(data, "wide.txt")
    document = api.read(loaded)
    assert coverage_problems(document, loaded.lines) == []
    longest = max((b for p in document.posts for b in p.blocks), key=lambda b: len(b.text))
    assert len(longest.text) >= 5_000_000
