"""Validation of an mbox file: every message opens with an envelope line and parses without
defects under the stdlib's strict policy, with the header fields threading needs.

mbox has no schema; this is the check ``threadkit validate`` runs on ``.mbox`` files, in the
stdlib ``test_inversion`` spirit: what we write must read back cleanly.
"""

from __future__ import annotations

from email import policy
from email.errors import MessageDefect
from email.parser import BytesParser
from pathlib import Path
from typing import BinaryIO

from threadkit.mail.mboxfile import iter_raw_messages, message_bytes

_STRICT = BytesParser(policy=policy.strict)
#: Fields every written message has (RFC 5322 §3.6 requires From and Date; threading needs the id).
REQUIRED = ("From", "Message-ID", "Subject")


def message_problems(data: bytes) -> list[str]:
    """Problems of one message's bytes (empty when it parses strictly and has the fields)."""
    try:
        msg = _STRICT.parsebytes(data)
    except MessageDefect as exc:
        return [f"{type(exc).__name__}: {exc}"]
    problems = [f"no {field} field" for field in REQUIRED if msg[field] is None]
    for name, value in msg.items():
        problems += [f"{name}: {type(d).__name__}: {d}" for d in getattr(value, "defects", ())]
    try:
        msg.get_content()
    except (LookupError, ValueError, MessageDefect) as exc:
        problems.append(f"body cannot be decoded: {exc}")
    return problems


def mbox_problems(stream: BinaryIO, name: str) -> list[str]:
    """Problems of every message of an mbox stream, each naming its message and line."""
    problems = []
    count = 0
    for count, raw in enumerate(iter_raw_messages(stream), 1):
        first = raw.envelope.no if raw.envelope else (raw.lines[0].no if raw.lines else 1)
        where = f"{name}: line {first}: message {count}"
        if raw.envelope is None:
            problems.append(f"{where}: no 'From ' envelope line")
            continue
        problems += [f"{where}: {p}" for p in message_problems(message_bytes(raw))]
    if count == 0:
        problems.append(f"{name}: no message")
    return problems


def validate_mbox(path: Path) -> list[str]:
    """Problems of an mbox file (streamed: the file is never held whole in memory)."""
    # An empty file is an mbox of no message (what a document without posts gives, and
    # what mail clients open as an empty folder); text without any message is not.
    if path.stat().st_size == 0:
        return []
    with open(path, "rb") as stream:
        return mbox_problems(stream, str(path))
