"""Exceptions that stop a conversion. Each carries one clear line for the user.

Problems *inside* a document are not exceptions: readers record them as
:class:`threadkit.model.Defect` and go on.
"""


class ThreadkitError(Exception):
    """Base class: the message is one line, fit to print after ``threadkit: error:``."""

    exit_code = 1


class InputError(ThreadkitError):
    """The input cannot be read as text at all (empty, binary, undecodable, too large)."""

    exit_code = 3


class FormatError(ThreadkitError):
    """The input's format cannot be told, or the named format does not exist."""

    exit_code = 4


class UnknownFormatError(FormatError):
    """No reader recognises the input, or the named format does not exist."""

    exit_code = 4


class AmbiguousFormatError(FormatError):
    """Two readers claim the input with nearly the same score."""

    exit_code = 4


class ValidationError(ThreadkitError):
    """An output does not validate against its bundled schema."""

    exit_code = 5


class DefectsError(ThreadkitError):
    """A document read with ``strict=True`` has defects (:func:`threadkit.read`)."""

    exit_code = 6

    def __init__(self, message: str, counts: dict[str, int] | None = None) -> None:
        super().__init__(message)
        self.counts = counts or {}
        """Defect codes and how often each occurs."""
