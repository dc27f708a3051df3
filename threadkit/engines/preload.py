"""Imported by the fork server of a Dask worker (:data:`threadkit.engines.dask.START`) before
it forks the processes files are converted in: every reader and writer, once, so that no
such process imports them again (multiprocessing's forkserver preloads modules, not calls)."""

from threadkit.batch import preload

preload(())
