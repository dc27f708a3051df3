"""``python -m threadkit`` and the ``threadkit`` console script → the command line."""

import gc


def run() -> None:
    """Import the command line and run it (:func:`threadkit.cli.run`).

    The imports make some 70,000 objects (modules, functions, compiled patterns) that live
    as long as the process; the cyclic collector's passes over them while they are made
    (about 30, 7 ms of CPU) would free nothing, so it waits, and they are frozen out of
    its later passes.
    """
    gc.disable()
    try:
        from threadkit.cli import run as run_command_line
    finally:
        gc.freeze()
        gc.enable()
    run_command_line()


if __name__ == "__main__":
    run()
