"""The Dask engine: the files of a batch converted on a ``dask.distributed`` cluster.

``threadkit batch IN OUT --engine dask`` starts a local cluster (one worker process per core,
or ``--jobs``) when no ``--scheduler tcp://HOST:PORT`` names a running one. The workers
write the outputs themselves, so IN and OUT must be paths every worker sees (one machine, or
a shared file system); the report, progress bar and summary stay in this process, fed by the
records as the workers return them, exactly as with the local engine.

The tasks are the local engine's (a file, or a shard of a large archive: see
:mod:`threadkit.engines.local`), sent to the cluster in small batches (:func:`batches`: a
Dask task costs about as much as a small file). Each Dask worker performs them in a process it forks once and
keeps (:func:`threadkit.engines.local.perform_limited`): a task's time limit can kill it, and a
crash in a library costs that task, not the worker; a task whose process died is given one
more try in a new one. A Dask worker that dies is the cluster's business: the scheduler gives
its tasks to another worker (up to ``distributed.scheduler.allowed-failures`` times), then
the task is reported as failed.

Needs the optional extra: ``pip install 'threadkit[dask]'``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Callable

from threadkit.engines.local import DIED
from threadkit.errors import ThreadkitError

DESCRIPTION = "a dask.distributed cluster: a local one, or --scheduler tcp://HOST:PORT (pip install 'threadkit[dask]')"

MISSING = "the dask engine needs dask.distributed, an optional extra: pip install 'threadkit[dask]'"


def run(tasks: list, on_result: Callable[[object], None], *, workers: int, timeout: float | None,
        scheduler: str | None = None) -> int:
    """Perform every task on the cluster; returns how many workers it had."""
    try:
        import distributed
    except ImportError:
        raise ThreadkitError(MISSING) from None
    with _client(distributed, scheduler, workers) as client:
        count = len(client.scheduler_info().get("workers", {})) or workers
        futures = {
            client.submit(perform_batch_on_worker, batch, timeout, key=f"threadkit-{k}", pure=False): batch
            for k, batch in enumerate(batches(tasks, count))
        }
        try:
            for future in distributed.as_completed(futures):
                for result in _results(future, futures[future]):
                    on_result(result)
        except KeyboardInterrupt:
            client.cancel(list(futures))
            raise
    return count


#: A Dask task costs about 10 ms of the cluster's time whatever it does (2 local workers
#: took 5 s for 525 tasks that return their argument), as much as converting a small page:
#: small files go to the cluster together, in batches of at most this many tasks...
MAX_BATCH = 16
#: ... and of at most this share of the batch's bytes per worker, so that the work still
#: spreads over every worker (a large file or a shard is a batch of its own).
BATCHES_PER_WORKER = 8


def batches(tasks: list, workers: int) -> list[list]:
    """The tasks in order, cut into the batches sent to the cluster as one Dask task each."""
    most = max(1, sum(task.size for task in tasks) // (max(1, workers) * BATCHES_PER_WORKER))
    out: list[list] = []
    current: list = []
    size = 0
    for task in tasks:
        if current and (len(current) >= MAX_BATCH or size + task.size > most):
            out.append(current)
            current, size = [], 0
        current.append(task)
        size += task.size
    if current:
        out.append(current)
    return out


def perform_batch_on_worker(batch: list, timeout: float | None) -> list:
    """A batch of tasks on a Dask worker, one after another (:func:`perform_on_worker`)."""
    return [perform_on_worker(task, timeout) for task in batch]


#: The formats a worker process has loaded what it needs for (see :func:`perform_on_worker`).
_PRELOADED: set[str] = set()
#: The worker process of each of this Dask worker's threads, kept from task to task.
_OWN = threading.local()
#: Tries of a task whose worker process died.
TRIES = 2


def perform_on_worker(task, timeout: float | None):
    """One task on a Dask worker: the worker imports the readers and the task's writers once,
    before it forks (a Dask worker is a fresh process), then performs it as the local engine
    does, in the process it keeps."""
    from threadkit.batch import preload
    from threadkit.engines.local import perform_limited

    formats = set(task.formats)
    if not formats <= _PRELOADED:
        preload(sorted(formats))
        _PRELOADED.update(formats)
    for _ in range(TRIES):
        result, _OWN.worker = perform_limited(task, timeout, getattr(_OWN, "worker", None))
        if not died(result):
            break
    return result


def died(result) -> bool:
    """A result that says its worker process died (not a time limit: that would only recur)."""
    return bool(result.error) and result.error.startswith(DIED)


def _results(future, batch: list) -> list:
    """The results a worker returned for a batch, or each task's failure saying why the
    cluster could not give them."""
    try:
        return future.result()
    except Exception as exc:  # KilledWorker: the batch's workers died, as many times as allowed
        name = type(exc).__name__
        if name == "KilledWorker":
            why = "the dask workers converting this file died each time it was tried (out of memory, or a crash)"
        else:
            why = f"the dask cluster failed to convert this file: {name}: {exc}"[:500]
        return [task.failed(why, 0.0) for task in batch]


@contextlib.contextmanager
def _client(distributed, scheduler: str | None, workers: int):
    """A client of the named scheduler, or of a local cluster that ends with the batch."""
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout=30)
        except (OSError, TimeoutError) as exc:
            raise ThreadkitError(f"cannot reach the dask scheduler {scheduler}: {exc}"[:300]) from None
        with client:
            yield client
        return
    import dask

    # Workers that are not daemonic may fork the process each file is converted in.
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = distributed.LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.ERROR,
        )
        with cluster, distributed.Client(cluster) as client:
            yield client
