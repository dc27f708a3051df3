"""Convert every file of a folder into every requested format.

A bad file is reported and skipped; the others are converted. Outputs are written
atomically, and never over an input file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from threadkit import api
from threadkit.errors import ThreadkitError
from threadkit.files import atomic_write
from threadkit.writers import get_writer


def input_files(input_dir: Path) -> list[Path]:
    """The files to convert, recursively, in a stable order (hidden files skipped)."""
    if not input_dir.is_dir():
        raise ThreadkitError(f"{input_dir}: not a folder")
    return sorted(p for p in input_dir.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(input_dir).parts))


def output_path(input_dir: Path, output_dir: Path, path: Path, extension: str) -> Path:
    """Where the output of ``path`` in a format goes: the same relative path, new extension."""
    rel = path.relative_to(input_dir)
    return output_dir / rel.parent / (rel.name + extension if rel.suffix not in (".txt",) else rel.stem + extension)


def run_batch(input_dir: Path, output_dir: Path, formats: list[str], from_format: str | None = None, quiet: bool = False) -> int:
    """Convert the folder; returns the exit status (1 when any file failed)."""
    files = input_files(input_dir)
    inputs = {p.resolve() for p in files}
    failed = 0
    written = 0
    for path in files:
        try:
            document = api.read_path(path, from_format)
            for name in formats:
                writer = get_writer(name)
                target = output_path(input_dir, output_dir, path, writer.EXTENSION)
                if target.resolve() in inputs:
                    raise ThreadkitError(f"{target}: refusing to overwrite an input file")
                atomic_write(target, writer.write(document))
                written += 1
            if not quiet:
                print(f"ok      {path}  ({document.source.format}, {len(document.posts)} posts)")
        except ThreadkitError as exc:
            failed += 1
            print(f"failed  {path}: {exc}", file=sys.stderr)
    print(f"{len(files) - failed} of {len(files)} files converted, {written} outputs written to {output_dir}" + (f", {failed} failed" if failed else ""))
    return 1 if failed else 0
