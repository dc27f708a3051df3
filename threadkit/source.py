"""Raw input bytes → a decoded :class:`Source` with numbered lines.

Everything that can go wrong before a reader sees the text is decided here, once, for
every reader: empty input, binary data, the encoding, line endings, the size limit.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import os
import re
from pathlib import Path
from typing import BinaryIO

import attrs
from attrs import frozen

from threadkit import patterns
from threadkit.errors import InputError
from threadkit.model import Defect, SourceInfo, Span

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
ASCII_BLANKS = " \t\n\r\x0b\x0c"
#: C0 controls that no text file uses (tab, line ends, form feed, vertical tab and the
#: ESC of ISO-2022 encodings are text); NUL is the commonest.
_BINARY_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
#: A file is binary when more than this share of its bytes are such controls: executables,
#: archives and images score 10-50 %, random bytes 10.5 %, text damaged by a few stray NULs ~0.
BINARY_SHARE = 0.05
#: ... and they are more than a few: a line holding one odd control character is still text.
BINARY_MIN_CONTROLS = 32


def blank_in_every_encoding(line: str | bytes) -> bool:
    """True for a line of ASCII spaces and tabs alone: blank however its bytes are decoded.

    The one rule for what a reader may leave unclaimed. A line blank only once decoded (a
    no-break space, a zero-width space, a byte one charset reads as a space) may be text in
    another decoding: the source decodes a whole file with one guessed charset, a mail reader
    each part with its own, so such a line must be claimed (as whitespace if nothing else) for
    :func:`threadkit.invariants.coverage_problems` to hold whichever decoding it checks.
    """
    return not line.strip(ASCII_BLANKS if isinstance(line, str) else None)


_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
}


@frozen(eq=False)
class Source:
    """A decoded input document.

    Its lines are split from its text on first use and kept (:attr:`lines`): a mail archive
    is parsed from its bytes (:func:`threadkit.mail.archive.mail_bytes`) and detection reads
    only its first lines (:meth:`head`), so splitting all of them (gg-mbox: 151,563 strings,
    23 MiB held for the whole run) would be paid for nothing. From outside it is a frozen
    value as before: ``Source(..., lines=...)`` and ``attrs.evolve(source, lines=...)`` give
    the lines, and two sources are equal when their fields and their lines are, split or not
    (a source cut to its first lines, as a sniffer makes one, is not its whole).
    """

    name: str
    data: bytes = attrs.field(repr=False)
    text: str = attrs.field(repr=False)
    encoding: str
    newline: str
    """``LF``, ``CRLF``, ``CR`` or ``none``."""
    _lines: tuple[str, ...] | None = attrs.field(default=None, repr=False, alias="lines")
    """The lines when given or split; None until then (read :attr:`lines`)."""
    defects: tuple[Defect, ...] = ()
    """What decoding had to repair (undecodable bytes, control characters); every reader's
    document carries them (:func:`threadkit.api.read`)."""
    _head: tuple[str, ...] | None = attrs.field(default=None, init=False, repr=False)
    """The first lines, as many as :meth:`head` was last asked for more of (None: not asked)."""

    @property
    def lines(self) -> tuple[str, ...]:
        """The lines without their line ends; ``lines[0]`` is line 1 (:func:`split_lines`)."""
        if self._lines is None:
            object.__setattr__(self, "_lines", split_lines(self.text)[0])  # (each fact parsed once and kept)
        return self._lines

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._facts() == other._facts() and (self._lines is other._lines or self.lines == other.lines)

    def __hash__(self) -> int:
        return hash(self._facts())  # (the lines are a function of the text, but for a cut source: equal hashes, unequal values)

    def _facts(self) -> tuple:
        return (self.name, self.data, self.text, self.encoding, self.newline, self.defects)

    @property
    def line_count(self) -> int:
        """``len(lines)``, counted without splitting them."""
        return len(self._lines) if self._lines is not None else count_lines(self.text, self.newline)

    def head(self, count: int) -> tuple[str, ...]:
        """``lines[:count]``, splitting only the text those lines take (what a sniffer reads;
        the longest head cut so far is kept, as sniffers ask for the same first lines again)."""
        if self._lines is not None:
            return self._lines[:count]
        if self._head is not None and len(self._head) >= count:
            return self._head[:count]
        head = head_lines(self.text, count, self.newline)
        if len(head) < count:  # the whole text: its lines
            object.__setattr__(self, "_lines", head)
        else:
            object.__setattr__(self, "_head", head)
        return head

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def lines_are_bytes(self) -> bool:
        """Whether the file's own bytes split into its lines at LF: LF or CRLF line ends in an
        ASCII-compatible encoding (not old Mac CR ends, not UTF-16/32)."""
        wide = self.encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32"))
        return self.newline != "CR" and not wide

    def info(self, format: str) -> SourceInfo:
        """What a document records of this source, read as ``format``."""
        return SourceInfo(
            name=self.name,
            sha256=self.sha256,
            format=format,
            encoding=self.encoding,
            newline=self.newline,
            line_count=self.line_count,
        )

    def line(self, number: int) -> str:
        """Line ``number`` (1-based)."""
        return self.lines[number - 1]


#: The character :func:`split_lines` splits a text at, by the name of its line ends.
LINE_ENDS = {"LF": "\n", "CRLF": "\n", "CR": "\r", "none": ""}


def count_lines(text: str, newline: str | None = None) -> int:
    """``len(split_lines(text)[0])`` without the split (``newline``: the text's, when known):
    every line end, and a last line without one (a CR kept before an LF, or in the last line,
    does not change the count)."""
    end = LINE_ENDS[newline or newline_of(text)]
    if not end:
        return 1 if text else 0
    return text.count(end) + (not text.endswith(end))


def head_lines(text: str, count: int, newline: str | None = None) -> tuple[str, ...]:
    """``split_lines(text)[0][:count]``, splitting only as much of ``text`` as those lines take.

    Whichever way :func:`split_lines` cuts a text with LFs, each line is what lies between
    two LFs less one CR before the second (and the last line, less a final CR); the first
    ``count`` lines are cut so from a prefix of the text that holds them. ``newline``: the
    text's (:func:`newline_of`), when known.
    """
    newline = newline or newline_of(text)
    end = LINE_ENDS[newline]
    if not end or count <= 0:
        return split_lines(text)[0][:count]
    size = max(count * 80, 4096)  # (80 characters a line, then 4 times more until ``count`` lines are in it)
    while True:
        whole = size >= len(text)
        region = text if whole else text[:size]
        if newline == "CRLF" and "\r\n" in region:
            region = region.replace("\r\n", "\n")  # one CR before each LF goes with it, as split_lines cuts
        parts = region.split(end, count)
        if len(parts) > count or whole:
            break
        size *= 4
    if len(parts) <= count:  # all the text's lines
        if parts[-1] == "":
            parts.pop()
        elif end == "\n" and parts[-1].endswith("\r"):
            parts[-1] = parts[-1][:-1]
    del parts[count:]  # (the rest of the text)
    return tuple(parts)


def split_lines(text: str) -> tuple[tuple[str, ...], str]:
    """Split text into lines the way the corpus gold counts them, and name the line ends.

    Lines are split on LF (a final LF does not start a new line); a CR before the LF is
    dropped. A text with CRs and no LF at all is split on CR (old Mac files).
    """
    newline = newline_of(text)
    if newline in ("LF", "CRLF"):
        if "\r" not in text:
            parts = text.split("\n")
            if parts[-1] == "":
                parts.pop()
            return tuple(parts), newline
        crlf = text.count("\r\n")
        if crlf == text.count("\r") == text.count("\n"):  # every line ends in CR LF: one split
            parts = text.split("\r\n")  # (13 times the regular expression's speed)
            if parts[-1] == "":
                parts.pop()
            return tuple(parts), newline
        # one CR before each LF goes with it: the same cut as splitting on "\r?\n", five
        # times faster than that pattern (a CR before another CR stays in its line either way)
        parts = text.replace("\r\n", "\n").split("\n")
        if parts[-1] == "":
            parts.pop()
        elif parts[-1].endswith("\r"):
            parts[-1] = parts[-1][:-1]
        return tuple(parts), newline
    if newline == "CR":
        parts = text.split("\r")
        if parts and parts[-1] == "":
            parts.pop()
        return tuple(parts), "CR"
    return ((text,) if text else ()), "none"


def newline_of(text: str) -> str:
    """The name of ``text``'s line ends, as :func:`split_lines` cuts them: ``CRLF`` when
    some LF follows a CR, else ``LF``; ``CR`` when it has CRs and no LF; else ``none``."""
    if "\n" in text:
        return "CRLF" if "\r" in text and "\r\n" in text else "LF"  # (one character is found at memory speed)
    return "CR" if "\r" in text else "none"


def decode(data: bytes, name: str = "<input>") -> tuple[str, str, list[int]]:
    """Decode input bytes to text: ``(text, encoding, lines with bytes invalid in it)``.

    A file is refused as binary for what it is (an image or archive signature, or a high
    share of control bytes), never for a few odd bytes: UTF-8 with some stray bytes, or bytes
    no detector recognises, are decoded leniently (:func:`decode_lenient`), every line kept,
    and the lines concerned returned for a defect.

    Raises:
        InputError: the bytes are empty, binary, or carry a byte-order mark they break.
    """
    if not _NOT_BLANK_BYTES.search(data):  # (found at once; data.strip() copied the whole file)
        raise InputError(f"{name}: empty input (no text to read)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError as exc:
                if encoding == "utf-8-sig":
                    text, bad = decode_lenient(data[len(bom):])
                    return text, encoding, bad
                raise InputError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})") from None
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: binary file ({what}), not a text document")
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte-order mark (ASCII in UTF-16 is valid UTF-8 with NULs, so
        # this comes first); else NULs are judged by their share below.
        encoding = _utf16_without_bom(data)
        if encoding is not None:
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError:
                pass
    controls, share = control_share(data)
    if share > BINARY_SHARE and controls > BINARY_MIN_CONTROLS:
        raise InputError(f"{name}: binary file ({share:.0%} of its bytes are NUL or other control bytes), not a text document")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", "surrogateescape")
    bad_bytes = len(escaped) - len(_ESCAPED_BYTES.sub("", escaped))
    non_ascii = len(data.translate(None, _ASCII))
    if bad_bytes < non_ascii - bad_bytes:  # mostly valid UTF-8 sequences: UTF-8 with stray bytes
        text, bad = decode_lenient(data)
        return text, "utf-8", bad
    from threadkit.html.charset import decode_declared  # (the html package imports this module)

    declared = decode_declared(data)  # a saved page's own <meta charset> beats a statistical guess
    if declared is not None:
        return declared[0], declared[1], []
    guessed = _guess_decode(data)
    if guessed is not None:
        return guessed[0], guessed[1], []
    text, bad = decode_lenient(data)
    return text, "utf-8", bad


_ASCII = bytes(range(128))
_ESCAPED_BYTES = patterns.compile("[\udc80-\udcff]+")
#: Windows-1252 for each byte, Latin-1 for the five it leaves undefined, so that every byte
#: has a character (as the WHATWG "windows-1252" decoder does).
_CP1252 = [bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256)]
#: Surrogate-escaped byte (U+DC80-U+DCFF, Python's ``surrogateescape``) → its Windows-1252 character.
_ESCAPED_AS_CP1252 = {0xDC00 + b: _CP1252[b] for b in range(128, 256)}


def _bad_byte_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return _CP1252[exc.object[exc.start]], exc.start + 1


#: The ``errors`` name for decoding text whose charset is known but whose bytes are not all
#: valid in it: each bad byte is read as Windows-1252, as :func:`decode_lenient` does.
LENIENT = "threadkit-cp1252"
codecs.register_error(LENIENT, _bad_byte_as_cp1252)


def decode_cp1252(data: bytes) -> str:
    """Bytes as Windows-1252, total: no byte fails (the last resort for 8-bit text)."""
    return data.decode("ascii", "surrogateescape").translate(_ESCAPED_AS_CP1252)


def decode_lenient(data: bytes) -> tuple[str, list[int]]:
    """UTF-8 in which each invalid byte is read as Windows-1252 (so a stray Latin-1 "é" stays
    "é"), and the numbers of the lines that had such bytes."""
    escaped = data.decode("utf-8", "surrogateescape")
    lines, _newline = split_lines(escaped)
    bad = [no for no, line in enumerate(lines, 1) if not line.isascii() and _ESCAPED_BYTES.search(line)]
    return escaped.translate(_ESCAPED_AS_CP1252), bad


_CHARSET_NAME = patterns.compile(r"[A-Za-z0-9][A-Za-z0-9._:+-]{0,39}")


def codec_name(charset: str | None) -> str | None:
    """Python's name for a declared charset, or None for an unknown or malformed one.

    Python's codec lookup drops what it does not expect, so "utf\u00e38" (a corrupted label)
    would pass as UTF-8; a label that is not a plain ASCII name is not trusted.
    """
    if not charset or not _CHARSET_NAME.fullmatch(charset):
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def decode_with_evidence(data: bytes, charsets=()) -> tuple[str, str]:
    """Bytes of unknown charset → ``(text, codec used)``: the first of ``charsets`` (the
    evidence, best first) that decodes them, then UTF-8, then Windows-1252 (which never fails).
    Unknown or malformed charset names are skipped."""
    for charset in (*charsets, "utf-8"):
        name = codec_name(charset)
        if name is not None:
            try:
                return data.decode(name), name
            except UnicodeError:
                continue
    return decode_cp1252(data), "cp1252"


# A high surrogate and a low one are one character (text from JSON "\ud83d\ude00" or from
# surrogatepass); a run of U+DC80-U+DCFF is bytes escaped by surrogateescape; any other is lone.
_SURROGATES = patterns.compile("[\ud800-\udbff][\udc00-\udfff]|[\udc80-\udcff]+|[\ud800-\udfff]")


def has_surrogates(text: str) -> bool:
    """True when ``text`` is not valid Unicode (it holds a surrogate code point)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def without_surrogates(text: str, charsets=()) -> str:
    """``text`` made valid Unicode: surrogate pairs joined, surrogate-escaped bytes decoded
    (:func:`decode_with_evidence`), any other surrogate replaced by U+FFFD."""
    return _SURROGATES.sub(lambda m: _surrogate_text(m[0], charsets), text)


def _surrogate_text(run: str, charsets) -> str:
    if len(run) == 2 and "\ud800" <= run[0] <= "\udbff" and "\udc00" <= run[1] <= "\udfff":
        return run.encode("utf-16", "surrogatepass").decode("utf-16")
    if "\udc80" <= run[0] <= "\udcff":
        return decode_with_evidence(run.encode("utf-8", "surrogateescape"), charsets)[0]
    return "\ufffd"


def control_share(data: bytes, sample: int = 4 << 20) -> tuple[int, float]:
    """How many NUL and other binary control bytes (the first 4 MiB of) ``data`` has, and their share."""
    if not any(data.find(control, 0, sample) >= 0 for control in _CONTROL_BYTE_LIST):
        return 0, 0.0  # (a text has none: each looked for at memory speed, the bytes neither copied nor counted)
    head = data[:sample]
    count = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    return count, count / max(len(head), 1)


def _guess_decode(data: bytes) -> tuple[str, str] | None:
    # Only reached for non-UTF-8 input, so the detector's cost is paid by those alone.
    from charset_normalizer import from_bytes

    encoding = _best_encoding(from_bytes(data[:1_000_000]))
    if encoding is None:
        return None
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return None


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


class TooLarge(InputError):
    """A document over :data:`MAX_TEXT_BYTES`: refused as a whole, though a reader that
    streams (mail archives) may still read it from its file (:func:`threadkit.api.open_input`)."""


def too_large(name: str, size: int | None) -> TooLarge:
    """The refusal of a text document over :data:`MAX_TEXT_BYTES` (``size`` None: not known, a
    compressed stream that expands beyond it)."""
    what = f"{size / 2**20:.1f} MiB is" if size is not None else "decompressed, it is"
    return TooLarge(f"{name}: {what} over the {MAX_TEXT_BYTES / 2**20:g} MiB limit for text documents")


# --- Compressed input ----------------------------------------------------------------------
# Archives are often shipped compressed (HyperKitty exports are .mbox.gz). A compressed file
# is known by its magic bytes, not its name, and read through a decompressing stream.


def compression(head: bytes) -> str | None:
    """``gzip``, ``bzip2`` or ``xz`` when ``head`` (a file's first bytes) opens such a stream."""
    if head.startswith(b"\x1f\x8b\x08"):
        return "gzip"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    # "BZh", the block size digit, then a block's or the end of stream's 48-bit magic (pi, sqrt(pi))
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[3:4] != b"0" and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90"):
        return "bzip2"
    return None


def _decompressing(kind: str, raw: BinaryIO) -> BinaryIO:
    import bz2
    import gzip
    import lzma

    if kind == "gzip":
        stream = gzip.GzipFile(fileobj=raw, mode="rb")
    else:
        stream = {"bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}[kind](raw, mode="rb")
    return io.BufferedReader(stream, 1 << 20)


@contextlib.contextmanager
def reading(name: str, kind: str = "compressed"):
    """A context in which a damaged compressed stream (a truncated .gz, a corrupt .xz) raises one
    :class:`InputError` line; an error of the disk (an ``OSError`` with an errno) passes through."""
    import gzip
    import lzma
    import zlib

    try:
        yield
    except (EOFError, gzip.BadGzipFile, lzma.LZMAError, zlib.error) as exc:
        raise InputError(f"{name}: damaged {kind} data ({exc})") from None
    except OSError as exc:
        if exc.errno is not None:
            raise
        raise InputError(f"{name}: damaged {kind} data ({exc})") from None  # bz2's "Invalid data stream"


def decompress(data: bytes, name: str = "<input>") -> bytes:
    """``data`` decompressed when it is gzip, bzip2 or xz, else itself; at most
    :data:`MAX_TEXT_BYTES` are expanded (a larger result raises :class:`TooLarge`).

    Raises:
        InputError: damaged compressed data; TooLarge: it expands beyond the limit.
    """
    kind = compression(data[:16])
    if kind is None:
        return data
    with reading(name, kind):
        out = _decompressing(kind, io.BytesIO(data)).read(MAX_TEXT_BYTES + 1)
    if len(out) > MAX_TEXT_BYTES:
        raise too_large(name, None)
    return out


def open_binary(path: str | Path) -> BinaryIO:
    """A file opened for reading its (decompressed) bytes as a stream; read it inside
    :func:`reading` so that damaged compressed data is one clear error."""
    raw = open(path, "rb")
    kind = compression(raw.peek(16)[:16])
    return raw if kind is None else _decompressing(kind, raw)


def size_upto(path: str | Path, cap: int) -> int:
    """A file's (decompressed) size, or ``cap`` + 1 when it is larger; reads at most ``cap`` + 1
    decompressed bytes, never holding them (one pass answers every limit up to ``cap``)."""
    with open(path, "rb") as raw:
        kind = compression(raw.peek(16)[:16])
        if kind is None:
            return min(os.fstat(raw.fileno()).st_size, cap + 1)
    total = 0
    with open_binary(path) as stream, reading(str(path), kind):
        while total <= cap:
            chunk = stream.read(1 << 20)
            if not chunk:
                return total
            total += len(chunk)
    return cap + 1


def read_prefix(path: str | Path, size: int = 1 << 20) -> bytes:
    """The first ``size`` (decompressed) bytes of a file, cut after its last whole line:
    what detection reads of an input too large to load."""
    with open_binary(path) as stream, reading(str(path)):
        head = stream.read(size)
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut >= 0 and len(head) == size else head


def load_bytes(data: bytes, name: str = "<input>") -> Source:
    """Decode and split raw input (decompressed when gzip, bzip2 or xz) into a :class:`Source`;
    a binary container that a reader opens (an Outlook .msg) becomes the text that reader
    takes out of it."""
    if len(data) > MAX_TEXT_BYTES:
        raise too_large(name, len(data))
    data = decompress(data, name)
    from threadkit.readers import BINARY_FORMATS, get_reader  # (readers import this module)

    for magic, format in BINARY_FORMATS.items():
        if data.startswith(magic):
            return get_reader(format).load(data, name)
    text, encoding, bad = decode(data, name)
    if not _NOT_BLANK.search(text):  # e.g. nothing but a byte-order mark, or UTF-16 spaces
        raise InputError(f"{name}: empty input (no text to read)")
    newline = newline_of(text)
    lines = None  # (split on first use: Source.lines)
    controls = []
    if any(c in text for c in _CONTROL_CHARS):  # (one character is found at memory speed)
        lines = split_lines(text)[0]
        controls = [no for no, line in enumerate(lines, 1) if _CONTROL.search(line)]
    defects = decoding_defects(encoding, bad, controls)
    return Source(name=name, data=data, text=text, encoding=encoding, newline=newline, lines=lines, defects=defects)


def decoding_defects(encoding: str, bad: list[int], controls: list[int]) -> tuple[Defect, ...]:
    """The defects of a source: the lines with bytes invalid in ``encoding``, and those with control characters."""
    defects = []
    if bad:
        defects.append(lines_defect("undecodable-bytes", f"bytes that are not {encoding}, read as Windows-1252", bad))
    if controls:
        defects.append(lines_defect("control-characters", "NUL or other control characters, kept as they are", controls))
    return tuple(defects)


_CONTROL_CHARS = [chr(b) for b in _BINARY_CONTROLS]
_CONTROL_BYTE_LIST = [bytes([b]) for b in _BINARY_CONTROLS]
_CONTROL = patterns.compile("[" + "".join(_CONTROL_CHARS) + "]")
#: A character that makes a text more than blanks and byte-order marks (found at once in
#: nearly every text: stripping a whole file to ask would copy it).
_NOT_BLANK = patterns.compile("[^" + re.escape(ASCII_BLANKS + "\ufeff") + "]")
_NOT_BLANK_BYTES = patterns.compile(b"[^" + re.escape(ASCII_BLANKS.encode()) + b"]")
#: The same controls in undecoded bytes (for a file streamed line by line).
CONTROL_BYTES = patterns.compile(b"[" + re.escape(_BINARY_CONTROLS) + b"]")


def has_control_bytes(data: bytes) -> bool:
    """Whether ``data`` holds one of the :data:`CONTROL_BYTES`: deleting them all is one C
    pass, some seven times faster than the pattern's search, which tries its class at every byte."""
    return len(data.translate(None, _BINARY_CONTROLS)) != len(data)


def lines_defect(code: str, what: str, numbers: list[int], shown: int = 20) -> Defect:
    """One defect for lines scattered over a document: their span, and the first few numbers."""
    listed = ", ".join(map(str, numbers[:shown])) + (f" and {len(numbers) - shown} more" if len(numbers) > shown else "")
    return Defect(code, f"{what}: line{'s' if len(numbers) > 1 else ''} {listed}", Span(numbers[0], numbers[-1]))


def read_file(path: str | Path) -> bytes:
    """The bytes of a text document, refused with one clear line when unreadable or over the limit.

    Raises:
        InputError: no such file, a folder, no permission, a read error, or over :data:`MAX_TEXT_BYTES`.
    """
    path = Path(path)
    with opening(path):
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise too_large(str(path), size)
        try:
            return path.read_bytes()
        except MemoryError:
            raise InputError(f"{path}: {size / 2**20:.0f} MiB does not fit in memory") from None


@contextlib.contextmanager
def opening(path: str | Path):
    """A context in which failing to open or read the file ``path`` raises one clear line."""
    try:
        yield
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        if exc.errno is None:  # not the file system's: a damaged compressed stream is reading()'s
            raise
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def load_path(path: str | Path) -> Source:
    """Read a file into a :class:`Source`; ``-`` reads standard input."""
    import sys

    if str(path) == "-":
        return load_bytes(sys.stdin.buffer.read(), "<stdin>")
    return load_bytes(read_file(path), Path(path).name)
