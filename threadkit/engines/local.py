"""The local engine: one worker process per file on this machine (the default; needs nothing).

A file that overruns its time limit, or whose worker dies, costs that file only: a shared
pool could neither kill one file's worker nor tell which file a dead worker held.
"""

from __future__ import annotations

import signal
import sys
import time
from typing import Callable

from attrs import frozen

from threadkit.batch import Job, convert
from threadkit.batch_report import Record

DESCRIPTION = "worker processes on this machine (default)"


def run(jobs: list[Job], on_record: Callable[[Record], None], *, workers: int, timeout: float | None,
        scheduler: str | None = None) -> int:
    """Convert every job, calling ``on_record`` in this process as each one finishes.

    Without a time limit, one worker (or one job) converts in this very process.
    """
    if timeout is None and (workers <= 1 or len(jobs) <= 1):
        for job in jobs:
            on_record(convert(job))
        return 1
    run_in_processes(jobs, max(1, workers), timeout, on_record)
    return max(1, min(workers, len(jobs)))


def convert_limited(job: Job, timeout: float | None) -> Record:
    """One job in a worker process of its own, killed past its time limit (for engines whose
    workers run one job at a time and cannot kill it themselves).

    A daemonic process may not start one (multiprocessing forbids it; a Dask worker is
    daemonic unless the cluster says otherwise): there the job is converted in the process
    itself, without its time limit.
    """
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return convert(job)
    records: list[Record] = []
    run_in_processes([job], 1, timeout, records.append)
    return records[0]


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group: workers ignore it and finish their file, the
    # main process cancels the rest (a half-converted file would be wasted work anyway).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context():
    import multiprocessing

    # fork starts a worker in milliseconds, with threadkit already imported.
    return multiprocessing.get_context("fork" if sys.platform == "linux" else None)


@frozen
class _Running:
    job: Job
    process: object
    result: object
    """The read end of the pipe the worker sends its record through."""
    started: float


def _convert_in_child(job: Job, conn) -> None:
    _worker_init()
    try:
        conn.send(convert(job))
    finally:
        conn.close()


def _start(job: Job):
    context = _context()
    result, child_end = context.Pipe(duplex=False)
    process = context.Process(target=_convert_in_child, args=(job, child_end), daemon=True)
    process.start()
    child_end.close()  # the worker holds it: its exit ends the pipe, so a death is seen as EOF
    return _Running(job, process, result, time.monotonic())


def _finished(run: _Running) -> Record:
    """The record a worker sent, or a failed one when it died before sending any."""
    try:
        record = run.result.recv()
    except (EOFError, OSError):
        record = Record.failed(run.job.name, "the worker process died converting this file (out of memory, or a crash in a library)", time.monotonic() - run.started)
    run.result.close()
    run.process.join()
    return record


def _killed(run: _Running, timeout: float) -> Record:
    run.process.kill()
    run.process.join()
    run.result.close()
    limit = run.job.time_limit(timeout)
    return Record.failed(run.job.name, f"time limit: not converted within {limit:g} s, the worker process was killed", time.monotonic() - run.started)


def run_in_processes(jobs: list[Job], workers: int, timeout: float | None, on_record: Callable[[Record], None]) -> None:
    """One worker process per file, at most ``workers`` at a time."""
    from multiprocessing.connection import wait

    queue = list(reversed(jobs))
    running: list[_Running] = []
    interrupted = False
    try:
        while queue or running:
            while queue and len(running) < workers and not interrupted:
                running.append(_start(queue.pop()))
            try:
                _collect(running, timeout, on_record, wait)
            except KeyboardInterrupt:
                # Interrupted: drop the queued files, let the running ones finish, record them.
                if interrupted:
                    raise
                interrupted, queue = True, []
        if interrupted:
            raise KeyboardInterrupt
    finally:
        for run in running:  # a second interrupt: nothing is left running behind the batch
            run.process.kill()
            run.process.join()


def _collect(running: list[_Running], timeout: float | None, on_record: Callable[[Record], None], wait) -> None:
    """Wait until a worker finishes or the first time limit passes; record what ended."""
    now = time.monotonic()
    left = None if timeout is None else max(0.0, min(run.started + run.job.time_limit(timeout) for run in running) - now)
    ready = wait([run.result for run in running], left)
    for run in list(running):
        if run.result in ready:
            running.remove(run)
            on_record(_finished(run))
        elif timeout is not None and time.monotonic() - run.started >= run.job.time_limit(timeout):
            running.remove(run)
            on_record(_killed(run, timeout))
