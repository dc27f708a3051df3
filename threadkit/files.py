"""File output that is never partial: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

#: Temporary files are hidden and end with this; a killed process may leave some behind.
TEMP_SUFFIX = ".part"
# mkstemp names: "." + target name + "." + 8 random characters + TEMP_SUFFIX.
_TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temporary files a killed :func:`atomic_write` left in ``folder`` (recursively).

    SIGKILL gives a process no chance to clean up, so the next run does it.
    """
    removed = []
    if folder.is_dir():
        for path in folder.rglob(f".*{TEMP_SUFFIX}"):
            if path.is_file() and _TEMP_NAME.match(path.name):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (an mbox of gigabytes is never held in memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
