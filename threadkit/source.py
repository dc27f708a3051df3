"""Raw input bytes → a decoded :class:`Source` with numbered lines.

Everything that can go wrong before a reader sees the text is decided here, once, for
every reader: empty input, binary data, the encoding, line endings, the size limit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import attrs
from attrs import frozen

from threadkit.errors import InputError
from threadkit.model import SourceInfo

#: Text formats hold the whole document in memory; beyond this they refuse with a clear
#: message instead of exhausting memory (mbox readers stream and have no such limit).
MAX_TEXT_BYTES = 256 * 1024 * 1024

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: What bytes.strip() removes: a file of these alone is empty (a no-break space is text).
_ASCII_BLANKS = " \t\n\r\x0b\x0c"
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
}


@frozen
class Source:
    """A decoded input document."""

    name: str
    data: bytes = attrs.field(repr=False)
    text: str = attrs.field(repr=False)
    encoding: str
    newline: str
    """``LF``, ``CRLF``, ``CR`` or ``none``."""
    lines: tuple[str, ...] = attrs.field(repr=False)
    """The lines without their line ends; ``lines[0]`` is line 1."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def info(self, format: str) -> SourceInfo:
        """What a document records of this source, read as ``format``."""
        return SourceInfo(
            name=self.name,
            sha256=self.sha256,
            format=format,
            encoding=self.encoding,
            newline=self.newline,
            line_count=len(self.lines),
        )

    def line(self, number: int) -> str:
        """Line ``number`` (1-based)."""
        return self.lines[number - 1]


def split_lines(text: str) -> tuple[tuple[str, ...], str]:
    """Split text into lines the way the corpus gold counts them, and name the line ends.

    Lines are split on LF (a final LF does not start a new line); a CR before the LF is
    dropped. A text with CRs and no LF at all is split on CR (old Mac files).
    """
    if "\n" in text:
        newline = "CRLF" if "\r\n" in text else "LF"
        parts = text.split("\n")
        if parts and parts[-1] == "":
            parts.pop()
        return tuple(p[:-1] if p.endswith("\r") else p for p in parts), newline
    if "\r" in text:
        parts = text.split("\r")
        if parts and parts[-1] == "":
            parts.pop()
        return tuple(parts), "CR"
    return ((text,) if text else ()), "none"


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode input bytes to text, returning ``(text, encoding)``.

    Raises:
        InputError: the bytes are empty, binary, or in no encoding we can recognise.
    """
    if not data.strip():
        raise InputError(f"{name}: empty input (no text to read)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})") from None
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: binary file ({what}), not a text document")
    if b"\x00" in data[:4096]:
        # NUL bytes: UTF-16 without a byte-order mark (ASCII in UTF-16 is valid UTF-8 with
        # NULs, so this comes first), or binary data.
        encoding = _utf16_without_bom(data)
        try:
            return data.decode(encoding), encoding
        except (TypeError, UnicodeDecodeError):
            raise InputError(f"{name}: binary file (contains NUL bytes), not a text document") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _guess_decode(data, name)


def _guess_decode(data: bytes, name: str) -> tuple[str, str]:
    # Only reached for non-UTF-8 input, so the detector's cost is paid by those alone.
    from charset_normalizer import from_bytes

    encoding = _best_encoding(from_bytes(data[:1_000_000]))
    if encoding is None:
        raise InputError(f"{name}: binary or undecodable data (not text in any known encoding)")
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{name}: undecodable text (looked like {encoding}, but is not)") from None


#: How much more "chaos" (charset-normalizer's mess ratio) Windows-1252 may show than the
#: detector's favourite and still be chosen.
WESTERN_MARGIN = 0.1


def _best_encoding(matches) -> str | None:
    """The detector's best encoding, except that Windows-1252 wins a near tie.

    On short Western European texts the detector often ranks cp1250 or cp1257 first for
    Latin-1 bytes (their letters differ only in a few code points), turning "à" into "ą".
    Legacy 8-bit mail and web copies are far more often cp1252 (the web's default for
    a Latin-1 label), and texts in other scripts do not decode plausibly as cp1252.
    """
    best = matches.best()
    if best is None:
        return None
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + WESTERN_MARGIN:
        return "cp1252"
    return best.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf_16_le`` or ``utf_16_be`` when the NUL bytes fall as UTF-16 puts them for
    Latin text (every other byte), else None."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > len(sample) // 4 and min(even, odd) < len(sample) // 50:
        return "utf_16_be" if even > odd else "utf_16_le"
    return None


def too_large(name: str, size: int) -> InputError:
    """The refusal of a text document over :data:`MAX_TEXT_BYTES`."""
    return InputError(f"{name}: {size / 2**20:.1f} MiB is over the {MAX_TEXT_BYTES / 2**20:g} MiB limit for text documents")


def load_bytes(data: bytes, name: str = "<input>") -> Source:
    """Decode and split raw input into a :class:`Source`."""
    if len(data) > MAX_TEXT_BYTES:
        raise too_large(name, len(data))
    text, encoding = decode(data, name)
    if "\x00" in text:
        raise InputError(f"{name}: binary file (contains NUL characters), not a text document")
    if not text.strip(_ASCII_BLANKS + "\ufeff"):  # e.g. nothing but a byte-order mark, or UTF-16 spaces
        raise InputError(f"{name}: empty input (no text to read)")
    lines, newline = split_lines(text)
    return Source(name=name, data=data, text=text, encoding=encoding, newline=newline, lines=lines)


def read_file(path: str | Path) -> bytes:
    """The bytes of a text document, refused with one clear line when unreadable or over the limit.

    Raises:
        InputError: no such file, a folder, no permission, a read error, or over :data:`MAX_TEXT_BYTES`.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise too_large(str(path), size)
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except MemoryError:
        raise InputError(f"{path}: {size / 2**20:.0f} MiB does not fit in memory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def load_path(path: str | Path) -> Source:
    """Read a file into a :class:`Source`; ``-`` reads standard input."""
    import sys

    if str(path) == "-":
        return load_bytes(sys.stdin.buffer.read(), "<stdin>")
    return load_bytes(read_file(path), Path(path).name)
