"""A folder of saved pages (a web archive's month) → one :class:`Source` and each page's lines.

The pages, in the order the reader chooses, are read as one archive: their bytes one after
another make the source (each page ending with a line end), as :mod:`threadkit.mail.folder`
does for one-message files, so every post's span is lines of that source. The document lists
each page's lines in its ``pages`` metadata, and the HTML coverage check parses the pages one
by one (:func:`threadkit.html.coverage.page_ranges`).
"""

from __future__ import annotations

from pathlib import Path

from threadkit.mail.folder import read_files
from threadkit.source import Source, load_bytes


def pages_source(name: str, paths: list[Path]) -> tuple[Source, list[tuple[Path, int, int]]]:
    """The source made of the pages, and each page with its first and last line in it."""
    chunks, pages, offset = [], [], 0
    for path, data in read_files(paths):
        data = data if data.endswith(b"\n") else data + b"\n"
        lines = data.count(b"\n")
        pages.append((path, offset + 1, offset + lines))
        offset += lines
        chunks.append(data)
    return load_bytes(b"".join(chunks), name), pages


def pages_note(pages: list[tuple[Path, int, int]]) -> str:
    """The ``pages`` metadata: each page's lines, ``first-last``, in order."""
    return " ".join(f"{first}-{last}" for _path, first, last in pages)
