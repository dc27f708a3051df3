"""An Outlook ``.msg`` file → :class:`Document` with one post, through mail-parser.

A .msg is an OLE2 compound file, not text: mail-parser (``parse_from_file_msg``, with its
pure-Python ``outlook`` extra, extract-msg) turns it into the RFC 5322 message it holds, and
that message is read as an .eml. The source is that message's text (its lines are what the
spans count; ``encoding`` says it came out of an Outlook file), the .msg bytes themselves
having no lines. Installed with ``pip install threadkit[outlook]``; without the extra a
.msg is refused with one line saying so.
"""

from __future__ import annotations

import importlib.util
import os

import attrs

from threadkit.detection import Guess
from threadkit.errors import InputError
from threadkit.model import Document
from threadkit.readers.eml import read_message
from threadkit.source import Source, load_bytes

FORMAT = "outlook-msg"
DESCRIPTION = "Outlook .msg file (needs pip install threadkit[outlook])"
#: File names this reader is for, as `threadkit formats` shows them (detection reads the content).
PATTERNS = ("*.msg",)
#: ``Source.encoding`` of a message taken out of an Outlook file.
ENCODING = "outlook-msg"


def load(data: bytes, name: str) -> Source:
    """The message an Outlook file holds, as a source.

    Raises:
        InputError: the ``outlook`` extra is not installed, or the file is not an Outlook message.
    """
    if importlib.util.find_spec("extract_msg") is None:
        raise InputError(f"{name}: an Outlook .msg file; reading it needs the outlook extra: pip install threadkit[outlook]")
    import tempfile  # (here: detection imports this module for every input)

    import mailparser

    fd, path = tempfile.mkstemp(suffix=".msg")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        message = mailparser.parse_from_file_msg(path).message
        try:
            raw = message.as_bytes()
        except (UnicodeError, LookupError, ValueError):
            raw = message.as_string().encode("utf-8", "surrogateescape")
    except InputError:
        raise
    except Exception as exc:  # an OLE2 file that is no Outlook message (.doc, .xls), or a damaged one
        raise InputError(f"{name}: an OLE2 file that cannot be read as an Outlook message ({type(exc).__name__}: {exc})") from None
    finally:
        os.unlink(path)
    return attrs.evolve(load_bytes(raw, name), encoding=ENCODING)


def sniff(source: Source) -> Guess:
    """A message taken out of an Outlook file (:func:`load`)."""
    if source.encoding == ENCODING:
        return Guess(FORMAT, 1.0, ("an Outlook .msg file (OLE2), converted by mail-parser",), decisive=True)
    return Guess(FORMAT, 0.0, ())


def read(source: Source) -> Document:
    """Read the message."""
    return read_message(source, FORMAT)
