"""Engines: where the files of a batch are converted.

An engine takes the batch's jobs (:class:`threadkit.batch.Job`: one input file and the outputs
to make of it) and converts each one with :func:`threadkit.batch.convert`, which writes the
outputs atomically and returns the file's :class:`threadkit.batch_report.Record`; the engine
hands each record, as it comes, to the batch (report, progress bar, summary) in the calling
process. So every engine writes the same files and the same report, and an engine adds only
where the work runs.

Each engine is a module with ``DESCRIPTION`` and
``run(jobs, on_record, *, workers, timeout, scheduler) -> workers used``, named in
:data:`ENGINES` (imported on first use: the Dask engine's libraries are an optional extra).
"""

from __future__ import annotations

import importlib

from threadkit.errors import ThreadkitError

ENGINES = {
    "local": "threadkit.engines.local",
    "dask": "threadkit.engines.dask",
}


def get_engine(name: str):
    """The engine module called ``name``."""
    try:
        return importlib.import_module(ENGINES[name])
    except KeyError:
        raise ThreadkitError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})") from None
