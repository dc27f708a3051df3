"""Dates as pages print them: :mod:`threadkit.lang.dates`, where the month names of the language
packs are read. It lives there because the segmenter reads a mail's attribution date with it,
and importing it from here ran the whole article reader's import (its tables and patterns: the
first attribution of a mailbox paid about 50 ms for modules a mailbox never uses)."""

from threadkit.lang.dates import DATE, MONTHS, FoundDate, find_date

__all__ = ["DATE", "MONTHS", "FoundDate", "find_date"]
