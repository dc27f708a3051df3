"""Validation of an mbox file: every message opens with an envelope line, parses without
defects under the stdlib's strict policy, and carries only the header fields the mbox writer
writes, each as often as the writer writes it.

mbox has no schema; this is the check ``threadkit validate`` runs on ``.mbox`` files, in the
stdlib ``test_inversion`` spirit: what we write must read back cleanly, and a field we never
write (a ``Bcc:``, a second ``Content-Type:``) is a sign that text became header syntax.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import BinaryIO

from threadkit.mail.mboxfile import iter_raw_messages, message_bytes

_STRICT = BytesParser(policy=policy.strict)
#: Fields every written message has (RFC 5322 §3.6 requires From and Date; threading needs the id).
REQUIRED = ("From", "Message-ID", "Subject")
#: Lower-case names of the fields the mbox writer writes, each at most once.
WRITTEN_FIELDS = frozenset({
    "from", "to", "cc", "date", "subject", "message-id", "in-reply-to", "references",
    "content-type", "content-transfer-encoding", "mime-version",
})
#: Prefix of the writer's own notes (source, role, metadata, defects ...); these may repeat.
WRITTEN_PREFIX = "x-threadkit-"
#: The only body the writer writes, and the transfer encodings it uses for it.
CONTENT_TYPE = "text/plain"
CHARSET = "utf-8"
TRANSFER_ENCODINGS = frozenset({"7bit", "quoted-printable"})


def field_problems(names: list[str]) -> list[str]:
    """Fields the writer never writes, and fields it writes once that appear twice."""
    problems, seen = [], set()
    for name in names:
        low = name.lower()
        if low.startswith(WRITTEN_PREFIX):
            continue
        if low not in WRITTEN_FIELDS:
            problems.append(f"{name}: a field the mbox writer never writes")
        elif low in seen:
            problems.append(f"{name}: more than one {name} field")
        seen.add(low)
    return problems


def _content_problems(fields: dict) -> list[str]:
    """``fields``: the message's first value of each field (lower-case name), parsed."""
    problems = []
    ctype = fields.get("content-type")
    if ctype is None or ctype.content_type != CONTENT_TYPE or (ctype.params.get("charset") or "").lower() != CHARSET:
        problems.append(f"Content-Type is not {CONTENT_TYPE}; charset={CHARSET}: {str(ctype) if ctype is not None else 'none'}")
    cte = fields.get("content-transfer-encoding")
    if cte is not None and str(cte).lower() not in TRANSFER_ENCODINGS:
        problems.append(f"Content-Transfer-Encoding {str(cte)!r} is not one the mbox writer uses")
    return problems


def _message_problems(data: bytes) -> list[str]:
    msg = _STRICT.parsebytes(data)
    items = msg.items()  # each value parsed once (msg[name] parses it again at every call)
    fields: dict = {}
    for name, value in items:
        fields.setdefault(name.lower(), value)
    problems = [f"{type(d).__name__}: {d}" for d in msg.defects]
    problems += field_problems([name for name, _ in items])
    problems += [f"no {field} field" for field in REQUIRED if field.lower() not in fields]
    for name, value in items:
        problems += [f"{name}: {type(d).__name__}: {d}" for d in getattr(value, "defects", ())]
        # a line break inside a decoded value is a field another program could write out as two
        if "\r" in str(value) or "\n" in str(value):
            problems.append(f"{name}: the value holds a line break once decoded")
    problems += _content_problems(fields)
    try:
        msg.get_content()
    except (LookupError, ValueError) as exc:
        problems.append(f"body cannot be decoded: {exc}")
    return problems


def message_problems(data: bytes) -> list[str]:
    """Problems of one message's bytes (empty when it parses strictly and has only the fields
    the writer writes). Never raises: whatever the stdlib fails on (a defect raised by the strict
    policy, an address holding CR or LF, an unknown charset) is a problem of this message."""
    try:
        problems = _message_problems(data)
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop the check of the others
        problems = [f"cannot be read: {type(exc).__name__}: {exc}"]
    return [" ".join(p.splitlines()) for p in problems]  # one line each, as validate prints them


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
