"""File output that is never partial: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from threadkit import patterns
from threadkit.errors import ThreadkitError

#: Temporary files are hidden and end with this; a killed process may leave some behind.
TEMP_SUFFIX = ".part"
# mkstemp names: "." + target name + "." + 8 random characters + TEMP_SUFFIX.
_TEMP_NAME = patterns.compile(r"^\..+\.[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: readers see the old file or the whole new one.

    On Linux the data goes to an unnamed file (``O_TMPFILE``) that is linked into place
    once complete, so a process killed while writing leaves nothing at all behind.
    Elsewhere, or on a file system without unnamed files, a hidden temporary file is
    renamed over the target (:func:`remove_stale_temps` clears those a kill left).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _unnamed_file(path.parent)
    if fd is None:
        _write_and_rename(path, data)
        return
    try:
        _write_all(fd, data)
        _link_into_place(fd, path)
    except OSError:  # no /proc, or linkat refused: the portable way (raises again if it was the disk)
        _write_and_rename(path, data)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, piece by piece, put in place only when the
    block ends without an error: :func:`atomic_write` for outputs too large to hold in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _unnamed_file(path.parent)
    if fd is None:
        with atomic_output_renamed(path) as out:
            yield out
        return
    try:
        with open(fd, "wb", closefd=False) as out:
            yield out
        os.fsync(fd)
        try:
            _link_into_place(fd, path)
        except OSError:  # no /proc, or linkat refused: copy what was written the portable way
            os.lseek(fd, 0, os.SEEK_SET)
            with open(fd, "rb", closefd=False) as written:
                _copy_and_rename(written, path)
    finally:
        os.close(fd)


def _copy_and_rename(source: BinaryIO, path: Path) -> None:
    import shutil  # (here and below: only the portable ways need them; a conversion writes without)

    with atomic_output_renamed(path) as out:
        shutil.copyfileobj(source, out, 1 << 20)


@contextlib.contextmanager
def atomic_output_renamed(path: Path) -> Iterator[BinaryIO]:
    """:func:`atomic_output` through a hidden temporary file renamed over the target."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with open(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_folder(path: Path, fill: Callable[[Path], None], marker: str) -> None:
    """Make the folder ``path`` whole or not at all: ``fill`` writes into a hidden temporary
    folder beside it, which then takes its place.

    An existing folder is replaced only when empty or holding ``marker`` (a file only this
    kind of output has: a previous run's); any other is refused, never mixed with.
    """
    import shutil
    import tempfile

    if path.exists() and not path.is_dir():
        raise ThreadkitError(f"{printable_name(str(path))}: exists and is not a folder")
    if path.is_dir() and any(path.iterdir()) and not (path / marker).is_file():
        raise ThreadkitError(f"{printable_name(str(path))}: a folder that is not empty and holds no {marker}; choose another")
    path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent))
    try:
        os.chmod(work, 0o777 & ~_umask())
        fill(work)
        if path.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent))
            os.replace(path, old / "old")
            os.replace(work, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(work, path)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _unnamed_file(folder: Path) -> int | None:
    if not hasattr(os, "O_TMPFILE"):
        return None
    try:
        return os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o666)  # the umask applies, as for open()
    except OSError:  # the file system has no unnamed files
        return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _link_into_place(fd: int, path: Path) -> None:
    source = f"/proc/self/fd/{fd}"
    # A folder descriptor makes os.link call linkat() with AT_SYMLINK_FOLLOW (plain link()
    # would link the /proc symlink itself).
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            os.link(source, path.name, dst_dir_fd=folder, follow_symlinks=True)  # a new output: one step
            return
        except FileExistsError:
            pass
        # Replacing an output: link under a temporary name, then rename over the old file.
        tmp = f".{path.name}.{os.urandom(6).hex()[:8]}{TEMP_SUFFIX}"
        os.link(source, tmp, dst_dir_fd=folder, follow_symlinks=True)
        try:
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            os.unlink(tmp, dir_fd=folder)
            raise
    finally:
        os.close(folder)


def _write_and_rename(path: Path, data: bytes) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs are ordinary files
        _write_all(fd, data)
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


def leads_out_of(root: Path, path: Path) -> Path | None:
    """Where ``path`` really is when a symbolic link on the way leads it out of ``root``, else None.

    The deepest part of ``path`` that exists is resolved: the parts below it do not exist
    yet, so writing there creates ordinary folders inside that real place.
    """
    existing = path
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    real, top = existing.resolve(), root.resolve()
    return None if real == top or top in real.parents else real


def atomic_write_inside(root: Path, rel: str, data: bytes) -> None:
    """:func:`atomic_write` of ``root / rel``, refused when a folder on the way is a symbolic
    link out of ``root`` (an output folder must never be a door to write elsewhere).

    The file itself may be a link: the write replaces the link, it never writes through it.
    """
    atomic_write(path_inside(root, rel), data)


def path_inside(root: Path, rel: str) -> Path:
    """``root / rel``, refused when a folder on the way is a symbolic link out of ``root``."""
    path = root / rel
    real = leads_out_of(root, path.parent)
    if real is not None:
        raise ThreadkitError(f"refusing to write {printable_name(rel)}: a symbolic link on the way leads out of the output folder, to {printable_name(str(real))}")
    return path


@contextlib.contextmanager
def atomic_output_inside(root: Path, rel: str) -> Iterator[BinaryIO]:
    """:func:`atomic_output` of ``root / rel``, refused as :func:`atomic_write_inside` refuses."""
    with atomic_output(path_inside(root, rel)) as out:
        yield out


def printable_name(name: str) -> str:
    """A file name as one line of valid text: bytes that are not UTF-8 (held as surrogates,
    as :func:`os.fsdecode` gives them) and control characters become backslash escapes.

    For messages and reports, which cannot hold lone surrogates; names already printable
    are unchanged.
    """
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        text = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in text)


def portable_name(name: str) -> str:
    """A file name made printable UTF-8 for an output: each byte that is not UTF-8, and each
    control character, becomes ``%XX``.

    Deterministic, and unchanged for a printable name; a batch refuses the rare input whose
    output name then meets another's (see ``threadkit.batch.plan``).
    """
    try:
        data = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = name.encode("utf-8", "backslashreplace")
    text = data.decode("utf-8", "percentreplace")
    return "".join(f"%{ord(c):02X}" if unicodedata.category(c) == "Cc" else c for c in text)


def _percent_replace(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start:error.end]
    return "".join(f"%{b:02X}" for b in bad), error.end


codecs.register_error("percentreplace", _percent_replace)
