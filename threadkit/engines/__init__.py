"""Engines: where the tasks of a batch are performed.

A task is a file (:class:`threadkit.batch.Job`: one input and the outputs to make of it) or a
shard of a large mail archive (:class:`threadkit.shards.Shard`). An engine performs each one
(``task.perform()``, which writes the task's outputs atomically and returns its result) and
hands each result, as it comes, to the batch in the calling process, which makes the report,
the progress bar and the summary, and puts the shards of a file together. When it cannot get
a result (a time limit, a dead worker), it hands on ``task.failed(why, seconds)``. So every
engine writes the same files and the same report, and an engine adds only where the work runs.

Each engine is a module with ``DESCRIPTION`` and
``run(tasks, on_result, *, workers, timeout, scheduler) -> workers used``, and optionally
``starting(workers, scheduler)``, a context manager around the whole batch, entered before
it plans its work (an engine that takes time to start starts then, in the background), named in
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
