"""The Dask engine: the files of a batch converted on a ``dask.distributed`` cluster.

``threadkit batch IN OUT --engine dask`` starts a local cluster (one worker process per core,
or ``--jobs``; :func:`local_cluster`) when no ``--scheduler tcp://HOST:PORT`` names a running
one, in the background while the batch plans its work (:func:`starting`). The workers
write the outputs themselves, so IN and OUT must be paths every worker sees (one machine, or
a shared file system); the report, progress bar and summary stay in this process, fed by the
records as the workers return them, exactly as with the local engine.

The tasks are the local engine's (a file, or a shard of a large archive: see
:mod:`threadkit.engines.local`), sent to the cluster in small batches (:func:`batches`: a
Dask task costs about as much as a small file). Each Dask worker performs them in a process
it keeps, started by its fork server (:data:`START`; :func:`threadkit.engines.local.perform_limited`):
a task's time limit can kill it, and a crash in a library costs that task, not the worker; a
task whose process died is given one more try in a new one. A Dask worker that dies is the
cluster's business: the scheduler gives its tasks to another worker (up to
``distributed.scheduler.allowed-failures`` times), then the task is reported as failed. So
that a batch always ends (:func:`_watch`): a worker stuck past its tasks' time limits is
removed (its tasks go to another), and a local cluster, whose workers nothing restarts,
reports the tasks not done when it has no worker left.

Needs the optional extra: ``pip install 'threadkit[dask]'``.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
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
    limits = {future.key: _seconds(batch, timeout) for future, batch in futures.items()}
    threading.Thread(target=_watch, args=(client, futures, limits, local, watching), daemon=True).start()
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


#: Seconds between two looks at the cluster (:func:`_watch`), and how many looks in a row
#: at a scheduler that does not answer end the batch.
WATCH_SECONDS = 5.0
SILENT_LOOKS = 12
#: Seconds a Dask worker is given beyond its tasks' time limits (the start of a conversion
#: process, the cluster's own messages) before it counts as stuck.
GRACE_SECONDS = 60.0


def _seconds(batch: list, timeout: float | None) -> float | None:
    """The longest a Dask worker can take for a batch: each task's time limit, for each try
    (:func:`perform_on_worker` kills a conversion past it), and the grace; None without a limit."""
    if timeout is None:
        return None
    return sum(task.time_limit(timeout) for task in batch) * TRIES + GRACE_SECONDS


def _watch(client, futures: dict, limits: dict, local: bool, done: threading.Event) -> None:
    """So that a batch always ends, whatever happens to the cluster's workers:

    - a Dask worker whose tasks have not moved for longer than their time limits allow is
      stuck (its event loop or its task thread blocked: a worker that converts kills the
      conversion at the limit and answers): it is removed from the cluster, and the
      scheduler gives its tasks to another worker (a task whose workers were lost
      ``allowed-failures`` times is reported as failed);
    - a local cluster's workers have no nanny to restart them: when none is left (twice in a
      row), the tasks not done are cancelled (each reported as failed); so they are when the
      scheduler has not answered for a minute.
    """
    keys = list(limits)
    since: dict[str, tuple[frozenset, float]] = {}  # worker -> (its tasks, since when)
    empty = silent = 0
    while not done.wait(WATCH_SECONDS):
        try:
            alive, processing = client.run_on_scheduler(_processing, keys)
        except Exception:  # the scheduler does not answer
            alive, processing = None, {}
        for worker in stuck(since, processing, limits, time.monotonic()):
            with contextlib.suppress(Exception):
                client.run_on_scheduler(_remove_worker, worker)
        empty = empty + 1 if local and alive == 0 else 0
        silent = silent + 1 if alive is None else 0
        if empty >= 2 or silent >= SILENT_LOOKS:
            client.cancel([f for f in futures if not f.done()])
            return


def stuck(since: dict, processing: dict, limits: dict, now: float) -> list[str]:
    """The workers whose tasks (``processing``: worker -> its keys) are those they had for
    longer than the most those tasks may take (``limits``: key -> seconds, None: no limit);
    ``since`` keeps, from look to look, each worker's tasks and since when it has them."""
    out = []
    for worker in set(since) - set(processing):
        del since[worker]
    for worker, keys in processing.items():
        keys = frozenset(keys)
        if since.get(worker, (None,))[0] != keys:
            since[worker] = (keys, now)
            continue
        most = [limits.get(key) for key in keys]
        if most and None not in most and now - since[worker][1] > max(most):
            out.append(worker)
            del since[worker]
    return out


def _processing(keys: list, dask_scheduler=None) -> tuple[int, dict]:
    """(On the scheduler) how many workers it has, and which of ``keys`` each one holds."""
    out: dict[str, list] = {}
    for key in keys:
        task = dask_scheduler.tasks.get(key)
        if task is not None and task.state == "processing" and task.processing_on is not None:
            out.setdefault(task.processing_on.address, []).append(key)
    return len(dask_scheduler.workers), out


async def _remove_worker(address: str, dask_scheduler=None) -> None:
    """(On the scheduler) a stuck worker removed: its tasks go to the others."""
    await dask_scheduler.remove_worker(address, stimulus_id="threadkit-stuck-worker")


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


#: How a Dask worker starts the processes it converts in. Not fork: a Dask worker is a
#: process of many threads (its event loop, its task threads, dask's offload thread), and a
#: forked child inherits every lock another thread held at that instant, and every file
#: descriptor open then (the worker's sockets, the pipe ends of other children), with no
#: thread to release them. forkserver forks from a server of one thread, which imports
#: threadkit once (:func:`_forkserver`); its children start in milliseconds.
START = "forkserver"
#: The conversion processes of this Dask worker that are not converting now, kept from task
#: to task (what a conversion loads on first use is paid once per process, not per file).
_IDLE: list = []
_IDLE_LOCK = threading.Lock()
#: Tries of a task whose worker process died.
TRIES = 2


def perform_on_worker(task, timeout: float | None):
    """One task on a Dask worker, as the local engine performs it: in a process of its own
    (one this worker keeps), killed past its time limit, tried once more in a new process
    when that one died."""
    from threadkit.engines.local import perform_limited

    with _IDLE_LOCK:
        worker = _IDLE.pop() if _IDLE else None
    if worker is None:
        _forkserver()
    for _ in range(TRIES):
        result, worker = perform_limited(task, timeout, worker, START)
        if not died(result):
            break
    if worker is not None:
        with _IDLE_LOCK:
            _IDLE.append(worker)
    return result


def _forkserver() -> None:
    """The fork server imports threadkit's readers and writers before it forks the first
    conversion process (its preload: what it imports, every child has)."""
    import multiprocessing

    multiprocessing.set_forkserver_preload(["threadkit.engines.preload"])


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
            why = "the dask cluster lost every worker (out of memory, or killed), or stopped answering, before this file was converted"
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
    """Run by each worker of a local cluster as it starts (``preload``): its conversion
    process (and the fork server, which imports threadkit's readers and writers) starts now,
    while the batch plans, instead of at the first task."""
    from threadkit.engines.local import Worker

    _forkserver()
    with _IDLE_LOCK:
        _IDLE.append(Worker(START))
