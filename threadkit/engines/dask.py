"""The Dask engine: the files of a batch converted on a ``dask.distributed`` cluster.

``threadkit batch IN OUT --engine dask`` starts a local cluster (one worker process per core,
or ``--jobs``) when no ``--scheduler tcp://HOST:PORT`` names a running one. The workers
write the outputs themselves, so IN and OUT must be paths every worker sees (one machine, or
a shared file system); the report, progress bar and summary stay in this process, fed by the
records as the workers return them, exactly as with the local engine.

Each file is converted in a process of its own forked by the worker
(:func:`threadkit.engines.local.convert_limited`): its time limit can kill it, and a crash in
a library costs that file, not the worker. A worker that dies is the cluster's business: the
scheduler gives its files to another worker (up to ``distributed.scheduler.allowed-failures``
times), then the file is reported as failed.

Needs the optional extra: ``pip install 'threadkit[dask]'``.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Callable

from threadkit.batch import Job
from threadkit.batch_report import Record
from threadkit.errors import ThreadkitError

DESCRIPTION = "a dask.distributed cluster: a local one, or --scheduler tcp://HOST:PORT (pip install 'threadkit[dask]')"

MISSING = "the dask engine needs dask.distributed, an optional extra: pip install 'threadkit[dask]'"


def run(jobs: list[Job], on_record: Callable[[Record], None], *, workers: int, timeout: float | None,
        scheduler: str | None = None) -> int:
    """Convert every job on the cluster; returns how many workers it had."""
    try:
        import distributed
    except ImportError:
        raise ThreadkitError(MISSING) from None
    with _client(distributed, scheduler, workers) as client:
        count = len(client.scheduler_info().get("workers", {})) or workers
        futures = {
            client.submit(convert_on_worker, job, timeout, key=f"threadkit-{k}", pure=False): job
            for k, job in enumerate(jobs)
        }
        try:
            for future in distributed.as_completed(futures):
                on_record(_record(future, futures[future]))
        except KeyboardInterrupt:
            client.cancel(list(futures))
            raise
    return count


#: The formats a worker process has loaded what it needs for (see :func:`convert_on_worker`).
_PRELOADED: set[str] = set()


def convert_on_worker(job: Job, timeout: float | None) -> Record:
    """One file on a Dask worker: the worker imports the readers and the job's writers once,
    before its first fork (a worker is a fresh process; otherwise each file's forked process
    would import them all again), then converts it as the local engine does."""
    from threadkit.batch import preload
    from threadkit.engines.local import convert_limited

    formats = {fmt for fmt, _ in job.targets}
    if not formats <= _PRELOADED:
        preload(sorted(formats))
        _PRELOADED.update(formats)
    return convert_limited(job, timeout)


def _record(future, job: Job) -> Record:
    """The record a worker returned, or a failed one saying why the cluster could not."""
    try:
        return future.result()
    except Exception as exc:  # KilledWorker: the file's workers died, as many times as allowed
        name = type(exc).__name__
        if name == "KilledWorker":
            return Record.failed(job.name, "the dask workers converting this file died each time it was tried (out of memory, or a crash)")
        return Record.failed(job.name, f"the dask cluster failed to convert this file: {name}: {exc}"[:500])


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
