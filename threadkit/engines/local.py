"""The local engine: worker processes on this machine (the default; needs nothing).

A task is a file (:class:`threadkit.batch.Job`) or a shard of a large archive
(:class:`threadkit.shards.Shard`); each has ``name``, ``perform()`` (its result, in the worker),
``time_limit(timeout)`` and ``failed(why, seconds)`` (its result when the worker could not give one).

Each worker process converts one task at a time, sent through a pipe, and lives for many
tasks: what a conversion loads or builds on first use (lazy imports, language tables, pandas
under pyarrow) is paid once per worker, not once per file. A process forked per file paid it
for every file: about 0.7 CPU s a file with every format, which made one worker 8.7 times
slower than two (bench/README.md). A worker that overruns its task's time limit is killed
and one that dies is replaced: either way that task alone is lost, and the engine knows which.
"""

from __future__ import annotations

import signal
import sys
import time
from typing import Callable

DESCRIPTION = "worker processes on this machine (default)"
#: How a task's failure begins when its worker process died.
DIED = "the worker process died"


def run(tasks: list, on_result: Callable[[object], None], *, workers: int, timeout: float | None,
        scheduler: str | None = None) -> int:
    """Perform every task, calling ``on_result`` in this process as each one finishes.

    Without a time limit, one worker (or one task) works in this very process.
    """
    if timeout is None and (workers <= 1 or len(tasks) <= 1):
        for task in tasks:
            on_result(task.perform())
        return 1
    run_in_processes(tasks, max(1, workers), timeout, on_result)
    return max(1, min(workers, len(tasks)))


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group: workers ignore it and finish their task, the
    # main process cancels the rest (a half-converted file would be wasted work anyway).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context(start: str | None = None):
    import multiprocessing

    # fork starts a worker in milliseconds, with threadkit already imported.
    return multiprocessing.get_context(start or ("fork" if sys.platform == "linux" else None))


def _serve(conn) -> None:
    """A worker's life: perform each task received, send its result back; end at None or EOF.

    With the garbage collector seldom woken (:func:`threadkit.api.fewer_collections`), as
    ``threadkit convert`` runs, whatever process it was forked from (a Dask worker is not
    threadkit's)."""
    from threadkit.api import fewer_collections

    _worker_init()
    try:
        with fewer_collections():
            _perform_each(conn)
    finally:
        conn.close()


def _perform_each(conn) -> None:
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(task.perform())


class Worker:
    """A worker process and the task it holds (none while idle), started by ``start`` (a
    multiprocessing start method; fork where it exists)."""

    def __init__(self, start: str | None = None) -> None:
        context = _context(start)
        self.conn, child_end = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()  # the worker holds it: its exit ends the pipe, so a death is seen as EOF
        self.task = None
        self.started = 0.0

    def give(self, task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def result(self):
        """The result the worker sent, or the task's failure when it died before sending one
        (the worker is then :meth:`dead`)."""
        task, self.task = self.task, None
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.stop()
            return task.failed(f"{DIED} converting this file (out of memory, or a crash in a library)",
                               time.monotonic() - self.started)

    def overdue(self, timeout: float | None) -> bool:
        return timeout is not None and self.task is not None and time.monotonic() - self.started >= self.task.time_limit(timeout)

    def killed(self, timeout: float):
        """Kill the worker past its task's time limit; the task's failure."""
        task, self.task = self.task, None
        self.stop()
        limit = task.time_limit(timeout)
        return task.failed(f"time limit: not converted within {limit:g} s, the worker process was killed", time.monotonic() - self.started)

    def dead(self) -> bool:
        """Lost: it died with its task, or while idle (killed from outside)."""
        return self.conn.closed or (self.task is None and not self.process.is_alive())

    def stop(self) -> None:
        """End the process now (a task it holds is lost)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def close(self) -> None:
        """End an idle worker: it finishes when told."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join()
        self.conn.close()


def perform_limited(task, timeout: float | None, worker: Worker | None, start: str | None = None) -> tuple[object, Worker | None]:
    """One task in ``worker`` (a new one, started by ``start``, when None or dead), killed past its time limit, for
    engines whose own workers run one task at a time and cannot kill it themselves; the
    result, and the worker to give the next task (None when it was lost).

    A daemonic process may not start one (multiprocessing forbids it; a Dask worker is
    daemonic unless the cluster says otherwise): there the task is performed in the process
    itself, without its time limit.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    if multiprocessing.current_process().daemon:
        return task.perform(), None
    if worker is None or worker.dead():
        worker = Worker(start)
    worker.give(task)
    limit = None if timeout is None else task.time_limit(timeout)
    if wait([worker.conn], limit):
        result = worker.result()
        return result, (None if worker.dead() else worker)
    return worker.killed(timeout), None


def run_in_processes(tasks: list, workers: int, timeout: float | None, on_result: Callable[[object], None]) -> None:
    """At most ``workers`` worker processes, each given the next task as it ends one."""
    queue = list(reversed(tasks))
    pool: list[Worker] = []
    interrupted = False
    try:
        while queue or any(w.task is not None for w in pool):
            for worker in [w for w in pool if w.dead()]:
                pool.remove(worker)
                worker.stop()
            while queue and not interrupted and (len(pool) < workers or any(w.task is None for w in pool)):
                idle = next((w for w in pool if w.task is None), None)
                if idle is None:
                    idle = Worker()
                    pool.append(idle)
                idle.give(queue.pop())
            try:
                _collect(pool, timeout, on_result)
            except KeyboardInterrupt:
                # Interrupted: drop the queued tasks, let the running ones finish, record them.
                if interrupted:
                    raise
                interrupted, queue = True, []
        if interrupted:
            raise KeyboardInterrupt
    finally:
        for worker in pool:  # idle workers end; a second interrupt leaves nothing running behind the batch
            if worker.conn.closed:
                continue
            if worker.task is None:
                worker.close()
            else:
                worker.stop()


def _collect(pool: list[Worker], timeout: float | None, on_result: Callable[[object], None]) -> None:
    """Wait until a worker finishes or the first time limit passes; hand on what ended."""
    from multiprocessing.connection import wait

    busy = [w for w in pool if w.task is not None]
    now = time.monotonic()
    left = None if timeout is None else max(0.0, min(w.started + w.task.time_limit(timeout) for w in busy) - now)
    ready = wait([w.conn for w in busy], left)
    for worker in busy:
        if worker.conn in ready:
            on_result(worker.result())
        elif worker.overdue(timeout):
            on_result(worker.killed(timeout))
