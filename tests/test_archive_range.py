"""Pass 2 of an archive by ranges of messages (``Archive.posts(start, stop)``): what shards of
an archive are converted with. The ranges of a split, one after another, must give the posts of
the whole run, byte for byte and span for span, whatever the line ends and the compression."""

from __future__ import annotations

import gzip
import io

import pytest

from threadkit.errors import InputError
from threadkit.mail.archive import skip_to
from threadkit.mail.mboxfile import iter_raw_messages
from threadkit.readers import mbox, pipermail
from threadkit.source import open_binary
from threadkit.writers import jsonl
from threadkit import codec


def _cuts(count: int, ways: int) -> list[tuple[int, int]]:
    bounds = [count * k // ways for k in range(ways + 1)]
    return list(zip(bounds, bounds[1:]))


def _ranges_equal_whole(archive, ways: int) -> None:
    whole = list(archive.posts())
    pieces = [post for start, stop in _cuts(len(archive), ways) for post in archive.posts(start, stop)]
    assert pieces == whole
    assert [jsonl.line(codec.to_data(p)) for p in pieces] == [jsonl.line(codec.to_data(p)) for p in whole]


def _mbox_bytes(count: int = 12) -> bytes:
    """Threads, an escaped body "From " line, a multipart message, non-ASCII text."""
    parts = []
    for k in range(1, count + 1):
        parent = None if k % 4 == 1 else k - 1
        refs = f"In-Reply-To: <m{parent}@example.org>\nReferences: <m{parent}@example.org>\n" if parent else ""
        body = ">From the escaped line\n" if k == 5 else ""
        if k == 8:
            parts.append(
                f"From u{k}@example.org Tue Feb  6 09:00:00 2024\nFrom: U <u@example.org>\nSubject: parts\n"
                f"Message-ID: <m{k}@example.org>\nMIME-Version: 1.0\n"
                'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nbody text\n--b--\n\n'
            )
            continue
        parts.append(
            f"From u{k}@example.org Mon Jan  {1 + k % 9} 10:0{k % 10}:00 2024\n"
            f"From: Usér {k} <u{k}@example.org>\nSubject: {'Re: ' if parent else ''}Topic {parent or k}\n"
            f"Date: Mon, {1 + k % 9} Jan 2024 10:0{k % 10}:00 +0100\nMessage-ID: <m{k}@example.org>\n{refs}\n"
            f"Message {k} says héllo.\n{body}{'> quoted' if parent else ''}\n\n"
        )
    return "".join(parts).encode("utf-8")


@pytest.mark.parametrize("ways", [2, 3, 5])
def test_ranges_of_gg_mbox_make_the_whole(corpus, ways):
    path = corpus / "gg-mbox" / "open-iscsi-even-threads.mbox"
    _ranges_equal_whole(mbox.stream(lambda: open_binary(path), path.name), ways)


@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("ways", [2, 4, 12])
def test_ranges_of_a_crlf_mbox_make_the_whole(tmp_path, ways, packed):
    data = _mbox_bytes().replace(b"\n", b"\r\n")
    path = tmp_path / "list.mbox"
    path.write_bytes(gzip.compress(data) if packed else data)
    archive = mbox.stream(lambda: open_binary(path), path.name)
    assert len(archive) == 12 and archive.head.source.newline == "CRLF"
    _ranges_equal_whole(archive, ways)


def test_ranges_of_a_folder_archive_make_the_whole(corpus):
    paths = sorted((corpus / "pipermail" / "griffith-devel").glob("*.txt"))[:3]
    _ranges_equal_whole(pipermail.stream_folder(paths[0].parent, paths), 3)


def test_empty_and_open_ended_ranges(tmp_path):
    path = tmp_path / "list.mbox"
    path.write_bytes(_mbox_bytes())
    archive = mbox.stream(lambda: open_binary(path), path.name)
    assert list(archive.posts(3, 3)) == [] and list(archive.posts(12, None)) == []
    assert [p.id for p in archive.posts(10)] == ["p11", "p12"]


def test_a_range_of_a_changed_file_is_an_input_error(tmp_path):
    path = tmp_path / "list.mbox"
    data = _mbox_bytes()
    path.write_bytes(data)
    archive = mbox.stream(lambda: open_binary(path), path.name)
    path.write_bytes(data[:archive.entries[6].offset])  # messages 7 to 12 gone
    assert len(list(archive.posts(0, 6))) == 6
    with pytest.raises(InputError, match="changed"):
        list(archive.posts(4, 9))
    path.write_bytes(b"\n" + data)  # every message one byte later
    with pytest.raises(InputError, match="changed"):
        list(archive.posts(5, 6))


def test_a_stream_from_a_message_numbers_lines_as_the_whole_file():
    data = _mbox_bytes().replace(b"\n", b"\r\n")
    whole = list(iter_raw_messages(io.BytesIO(data)))
    start = whole[4]
    stream = _Unseekable(data)
    skip_to(stream, start.offset)
    assert list(iter_raw_messages(stream, first_line=start.envelope.no, first_offset=start.offset)) == whole[4:]


class _Unseekable(io.RawIOBase):
    """A stream that can only be read forward (a pipe)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer) -> int:
        chunk = self._data.read(min(len(buffer), 7))  # short reads, as a pipe gives
        buffer[:len(chunk)] = chunk
        return len(chunk)
