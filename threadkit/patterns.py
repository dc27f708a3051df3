"""Regular expressions compiled once per installation, not once per run.

``re.compile`` parses a pattern and turns it into sre's code (a list of numbers) in Python
(``re._parser``, ``re._compiler``); only the last step, ``_sre.compile``, is C. The
segmenters' and language packs' patterns are many and long, so compiling them was a third of
converting a small mbox (400 of 1,191 M instructions), paid again at every start. As Python
keeps a module's byte code in ``__pycache__``, :func:`compile` keeps what the compiler made
of each pattern in a file there (:data:`PATH`) and the next run makes the pattern from it
with that last step alone: the same ``re.Pattern`` (equal to ``re.compile``'s).

The file is for patterns written in the code or the packs, a fixed set: a pattern made from
the input is compiled with ``re.compile``. It keeps, the same way, the byte code of the
functions threadkit writes for the model's classes at run time (:func:`code`: each class's
``to_dict``, its check of valid text, its constructors), which are as fixed as its patterns:
compiling their source was some 40 M instructions of every conversion of an mbox. It is marked with the interpreter's version and
sre's (:data:`_STAMP`); a file of another one, unreadable or damaged, is ignored. Like byte
code it is not written when ``sys.dont_write_bytecode`` is set or the folder is read-only,
and a run that cannot write it only compiles as usual.
"""

from __future__ import annotations

import atexit
import builtins
import functools
import marshal
import os
import re
import sys
try:
    from re import _compiler, _parser
except ImportError:  # Python 3.10: the same two modules, under their old names
    import sre_compile as _compiler
    import sre_parse as _parser

import _sre

#: The cache file, beside the package's byte code.
PATH = os.path.join(os.path.dirname(__file__), "__pycache__", f"patterns.{sys.implementation.cache_tag}.marshal")
#: What the file's code is valid for: this module's form of the file (1), and sre's code,
#: which changes with the interpreter.
_STAMP = (1, sys.version, _sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS)
#: More patterns than the code and the packs hold: past this, nothing more is kept.
MAX_PATTERNS = 20_000
#: Flags that make ``re.compile`` do more than compile (print, warn): left to it.
_OTHER_FLAGS = re.DEBUG | getattr(re, "TEMPLATE", 0)

#: ``(pattern, flags)`` → the arguments of ``_sre.compile`` after the pattern, marshalled: the
#: file holds the patterns of every reader, a run uses some, and reading a pattern's code
#: (thousands of numbers) costs more than keeping its bytes. ``(source, filename)`` (two
#: strings: no pattern's key) → its byte code (:func:`code`), marshalled.
_known: dict[tuple[str | bytes, int], bytes] | None = None
#: What this run compiled that the file did not hold.
_new: dict[tuple[str | bytes, int], bytes] = {}


def compile(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, made from the cache file's code when it holds the pattern."""
    flags = int(flags)
    if flags & _OTHER_FLAGS:
        return re.compile(pattern, flags)
    known = _known if _known is not None else _load()
    key = (pattern, flags)
    kept = known.get(key)
    if kept is not None:
        try:
            return _sre.compile(pattern, *marshal.loads(kept))
        except Exception:  # a damaged entry (sre checks the code it is given): compiled again
            pass
    try:
        made = _compiled(pattern, flags)
        compiled = _sre.compile(pattern, *made)
    except Exception:  # an interpreter whose re works otherwise, an error in the pattern: as usual
        return re.compile(pattern, flags)
    _keep(known, key, marshal.dumps(made))
    return compiled


def lazy(pattern, flags: int = 0):
    """A fixed pattern that few inputs need, made by :func:`compile` when first asked for:
    ``lazy(text, flags)()`` is the pattern. Making it at import (compiled, or read from the
    cache file) cost every run, for most of which it never runs. ``pattern`` may be a function
    that returns the text, when working out the text is itself worth putting off (a pack's
    phrases joined). ``cache_info().currsize`` says whether it was made."""

    @functools.cache
    def made() -> re.Pattern:
        return compile(pattern() if callable(pattern) else pattern, flags)

    return made


def code(source: str, filename: str = "<string>"):
    """``compile(source, filename, "exec")``, made from the cache file when it holds it: for
    code that threadkit writes from its own names (``exec`` of it runs what ``exec`` of
    ``source`` would), never from the input."""
    known = _known if _known is not None else _load()
    key = (source, filename)
    kept = known.get(key)
    if kept is not None:
        try:
            return marshal.loads(kept)
        except Exception:  # a damaged entry: compiled again
            pass
    made = builtins.compile(source, filename, "exec")
    _keep(known, key, marshal.dumps(made))
    return made


def _keep(known: dict, key: tuple, value: bytes) -> None:
    """Add what this run made to what :func:`save` writes (up to :data:`MAX_PATTERNS` entries)."""
    if len(known) + len(_new) < MAX_PATTERNS:
        if not _new:
            atexit.register(save)
        _new[key] = value


def _compiled(pattern: str | bytes, flags: int) -> tuple:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` after the pattern, in plain values
    (its opcodes are ``int`` subclasses, which marshal does not write)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _load() -> dict:
    """The cache file's patterns, read once."""
    global _known
    _known = _read()
    return _known


def _read() -> dict:
    """The cache file's patterns (none when it is missing, of another interpreter or damaged)."""
    try:
        with open(PATH, "rb") as file:
            stamp, known = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return known if stamp == _STAMP and isinstance(known, dict) else {}


def save() -> None:
    """Add this run's new patterns to the cache file (at exit), with those another run
    added meanwhile, written whole under a temporary name and renamed, so that a run
    reading it never sees half of it."""
    if not _new or sys.dont_write_bytecode:
        return
    known = _read()
    known.update(_new)
    _new.clear()
    temporary = f"{PATH}.{os.getpid()}"
    try:
        os.makedirs(os.path.dirname(PATH), exist_ok=True)
        with open(temporary, "wb") as file:
            file.write(marshal.dumps((_STAMP, known)))
        os.replace(temporary, PATH)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
