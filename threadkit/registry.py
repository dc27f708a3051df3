"""A registry of format modules that imports each one on first use.

The readers and writers are a plain table, format name → module (:data:`threadkit.readers.READERS`,
:data:`threadkit.writers.WRITERS`). Importing every module up front made each run pay for
all of them: an mbox → JSON Lines conversion loaded the HTML readers, lxml and the TEI
writer, a sixth of its CPU time on the gg-mbox archive. Here the table holds module names,
and a module is imported when its entry is first read.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import Iterator


class Modules(Mapping):
    """Format name → module of ``package``, in the order given, each imported when first read."""

    def __init__(self, package: str, names: dict[str, str]) -> None:
        self._package = package
        self._names = names
        self._loaded: dict[str, ModuleType] = {}

    def __getitem__(self, name: str) -> ModuleType:
        module = self._loaded.get(name)
        if module is None:
            module = self._loaded[name] = importlib.import_module(f"{self._package}.{self._names[name]}")
        return module

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def load_all(self) -> None:
        """Import every module now: before forking workers (``threadkit batch`` forks one per
        file), so that no worker imports its reader and writers again."""
        for name in self._names:
            self[name]

    def __repr__(self) -> str:
        return f"Modules({self._package!r}, {list(self._names)})"
