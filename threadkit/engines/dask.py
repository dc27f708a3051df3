"""The Dask engine: the files of a batch converted on a ``dask.distributed`` cluster.

``threadkit batch IN OUT --engine dask`` starts a local cluster (one worker process per core,
or ``--jobs``; :func:`local_cluster`) when no ``--scheduler tcp://HOST:PORT`` names a running
one, in the background while the batch plans its work (:func:`starting`). The workers
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
the task is reported as failed; a local cluster, whose workers nothing restarts, reports the
tasks not done when it has no worker left (:func:`_watch`).

Needs the optional extra: ``pip install 'threadkit[dask]'``.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from typing import Callable

from threadkit.engines.local import DIED
from threadkit.errors import ThreadkitError

DESCRIPTION = "a dask.distributed cluster: a local one, or --scheduler tcp://HOST:PORT (pip install 'threadkit[dask]')"

MISSING = "the dask engine needs dask.distributed, an optional extra: pip install 'threadkit[dask]'"


def run(tasks: list, on_result: Callable[[object], None], *, workers: int, timeout: float | None,
        scheduler: str | None = None) -> int:
    """Perform every task on the cluster; returns how many workers it had."""
    started = _STARTING.get((workers, scheduler))
    if started is not None:
        return _run_on(started.client(), tasks, on_result, workers, timeout, local=scheduler is None)
    with _client(_distributed(), scheduler, workers) as client:
        return _run_on(client, tasks, on_result, workers, timeout, local=scheduler is None)


def _run_on(client, tasks: list, on_result: Callable[[object], None], workers: int, timeout: float | None,
            local: bool = False) -> int:
    import distributed

    count = len(client.scheduler_info().get("workers", {})) or workers
    futures = {
        client.submit(perform_batch_on_worker, batch, timeout, key=f"threadkit-{k}", pure=False): batch
        for k, batch in enumerate(batches(tasks, count))
    }
    watching = threading.Event()
    if local:
        threading.Thread(target=_watch, args=(client, list(futures), watching), daemon=True).start()
    try:
        for future in distributed.as_completed(futures):
            for result in _results(future, futures[future]):
                on_result(result)
    except KeyboardInterrupt:
        client.cancel(list(futures))
        raise
    finally:
        watching.set()
    return count


#: Seconds between two looks at a local cluster's workers (:func:`_watch`).
WATCH_SECONDS = 5.0


def _watch(client, futures: list, done: threading.Event) -> None:
    """A local cluster's workers have no nanny to restart them: a worker that dies leaves its
    tasks to the others, and when none is left (twice in a row), the tasks not done are
    cancelled (each reported as failed), so that the batch ends instead of waiting forever."""
    gone = 0
    while not done.wait(WATCH_SECONDS):
        try:
            alive = client.run_on_scheduler(_worker_count)
        except Exception:  # the cluster is closing
            return
        gone = gone + 1 if not alive else 0
        if gone >= 2:
            client.cancel([f for f in futures if not f.done()])
            return


def _worker_count(dask_scheduler) -> int:
    return len(dask_scheduler.workers)


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ThreadkitError(MISSING) from None
    return distributed


#: The clusters being started for a batch (:func:`starting`), by (workers, scheduler).
_STARTING: dict[tuple[int, str | None], _Start] = {}


class _Start(threading.Thread):
    """A cluster (and its client) started in the background."""

    def __init__(self, workers: int, scheduler: str | None) -> None:
        super().__init__(name="threadkit-dask-start", daemon=True)
        self.workers, self.scheduler = workers, scheduler
        self.stack = contextlib.ExitStack()
        self._client = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._client = self.stack.enter_context(_client(_distributed(), self.scheduler, self.workers))
        except BaseException as exc:  # given to the batch when it asks for the client
            self.error = exc

    def client(self):
        self.join()
        if self.error is not None:
            raise self.error
        return self._client


@contextlib.contextmanager
def starting(workers: int, scheduler: str | None):
    """Around a whole batch: its cluster starts (or its scheduler is reached) in the
    background while the batch imports its readers and writers and plans its work (pass 1
    of a large archive: seconds to minutes), instead of after; it ends with the batch.
    Starting a local cluster costs more than a second of wall time, and the worker
    processes' imports use the core the planning leaves idle."""
    start = _Start(workers, scheduler)
    start.start()
    _STARTING[(workers, scheduler)] = start
    try:
        yield
    finally:
        del _STARTING[(workers, scheduler)]
        start.join()
        start.stack.close()


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
        elif "Cancelled" in name:  # (by _watch)
            why = "every worker of the local dask cluster died (out of memory, or killed) before this file was converted"
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
        with _closing(client):
            yield client
        return
    if sys.platform == "win32":  # (no subprocess workers there: distributed's LocalCluster, with nannies)
        import dask

        with dask.config.set({"distributed.worker.daemon": False}):  # a worker may fork the process a file is converted in
            cluster = distributed.LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                               dashboard_address=None, silence_logs=logging.ERROR)
            with cluster, _closing(distributed.Client(cluster)) as client:
                yield client
        return
    with local_cluster(distributed, max(1, workers)) as client:
        yield client


@contextlib.contextmanager
def local_cluster(distributed, workers: int):
    """A client of a cluster on this machine: the scheduler in this process, and ``workers``
    worker processes of one thread each, without nannies.

    ``LocalCluster`` puts a nanny process beside each worker (to restart it): on a small
    machine those processes, each importing dask, cost as much as converting dozens of
    files, and a worker that dies loses only its task here anyway (the scheduler gives it to
    another; :func:`perform_on_worker` restarts the process a file is converted in). The
    workers import threadkit as they start (``preload``: :func:`dask_setup`), while this
    process plans the batch.
    """
    from distributed.deploy.spec import SpecCluster
    from distributed.deploy.subprocess import SubprocessWorker

    # (no dashboard; its HTTP server, which a scheduler always has, on any free port)
    scheduler = {"cls": distributed.Scheduler, "options": {"host": "127.0.0.1", "port": 0, "dashboard": False,
                                                          "dashboard_address": "127.0.0.1:0"}}
    worker = {"cls": SubprocessWorker, "options": {"worker_class": "distributed.Worker", "worker_kwargs": {
        "host": "127.0.0.1", "nthreads": 1, "preload": [__name__], "silence_logs": logging.ERROR}}}
    with _quiet():
        cluster = SpecCluster(workers={k: worker for k in range(workers)}, scheduler=scheduler, worker=worker,
                              silence_logs=logging.ERROR, name="threadkit")
    with cluster, _closing(distributed.Client(cluster)) as client:
        client.wait_for_workers(workers, timeout=120)
        yield client


#: The settings of a local cluster. What its processes do while they wait, done less often:
#: the workers' profiler samples their stacks 100 times a second, and every event loop wakes
#: 50 times a second. Idle, 2 workers and the scheduler spent 1.8 CPU s in 20 s with dask's
#: defaults, 0.4 s with these; on a loaded machine a batch lasts long, and that was about
#: 20 CPU s of a 70 s batch (bench/README.md). And no worker is dropped for missing its
#: heartbeats (on a starved machine a worker at nice 10 did): nothing would restart it, and a
#: worker that dies is seen at once (its connection closes); a file that hangs has its time
#: limit. A setting of the user's own (environment) is kept.
QUIET = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
         "distributed.worker.memory.monitor-interval": "1s", "distributed.admin.system-monitor.interval": "2s",
         "distributed.scheduler.worker-ttl": None}


@contextlib.contextmanager
def _quiet():
    """:data:`QUIET` for the scheduler (this process's dask configuration) and for the worker
    processes started meanwhile (their environment, as dask reads it: ``DASK_A__B_C``)."""
    import os

    import dask

    names = {key: "DASK_" + key.upper().replace(".", "__").replace("-", "_") for key in QUIET}
    ours = {names[key]: str(value) for key, value in QUIET.items() if names[key] not in os.environ}
    os.environ.update(ours)
    try:
        with dask.config.set({key: value for key, value in QUIET.items() if names[key] in ours}):
            yield
    finally:
        for name in ours:
            os.environ.pop(name, None)


@contextlib.contextmanager
def _closing(client):
    """A client closed at the end: not ``with client``, which must end in the thread that
    began it (a context variable), and :func:`starting` makes it in another thread."""
    try:
        yield client
    finally:
        client.close()


def dask_setup(worker) -> None:
    """Run by each worker of a local cluster as it starts (``preload``): import threadkit's
    readers and writers before the first task asks for them."""
    from threadkit.batch import preload

    preload(())
