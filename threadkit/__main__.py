"""``python -m threadkit`` → the command line."""

from threadkit.cli import run

run()
