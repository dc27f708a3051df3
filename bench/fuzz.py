"""Fuzz threadkit with mutated and generated hostile inputs (issue 9). A tool, not a test.

    python bench/fuzz.py --seed 1 --seconds 600 --inputs 100000 --jobs 2 --out fuzz-failures/

Input ``i`` is made from ``random.Random(seed + i)`` alone, so a run is reproducible and any
input can be rebuilt from its number (``--show I`` writes it to standard output). Each input
is small (a window of at most :data:`WINDOW_LINES` lines of a big file) so thousands run in
minutes. An input is either a mutation of a seed or of a ``../shared/corpus`` file
(:data:`MUTATORS`) or a structured hostile document (:data:`GENERATORS`).

Every input is read with the detected format and, half of them, with one forced format
too, and each document must pass :func:`check_document`:

* no exception other than threadkit's own (:mod:`threadkit.errors`);
* the lossless invariant (:func:`threadkit.invariants.coverage_problems`);
* JSON valid under the bundled schema (with jsonschema-rs when installed: a fifth of the
  CPU went to jsonschema), TEI valid against the bundled RELAX NG;
* mbox: one message per post, each parsing strictly without defects, the same post count
  read back by threadkit's mbox reader, and no header field the writer does not write;
* at most ``--timeout`` CPU seconds of threadkit work per input (a "hang"; a worker that
  does not answer within :data:`WALL_FACTOR` times that is killed).

Failures are deduplicated by signature (kind, format, and where it happened); the smallest
input of each signature is kept in ``--out`` beside a ``.txt`` saying what failed. The exit
status is 1 when anything failed.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import faulthandler
import functools
import hashlib
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import wait
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Most lines taken from a big file: keeps each input small and each check fast.
WINDOW_LINES = 150
#: Corpus files whose content is not a threadkit input (gold annotations, licences, HTML pages).
SKIP_PARTS = ("html", "LICENSE", "COPYING", "README")
#: Readers an input is forced through besides the detected one.
FORCED_FORMATS = ("googlegroups-text", "article-text", "article-comments-text", "mbox", "eml", "pipermail")


# --- materials ---------------------------------------------------------------------------


def corpus_dir() -> Path | None:
    env = os.environ.get("THREADKIT_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def seed_files() -> list[Path]:
    return sorted((ROOT / "seeds").glob("*.txt"))


@functools.lru_cache(maxsize=None)
def material_files() -> tuple[Path, ...]:
    """Seeds and corpus inputs, in a fixed order (the same seed gives the same inputs); listed
    once per worker (walking the corpus for every input cost more than checking it)."""
    files = seed_files()
    corpus = corpus_dir()
    if corpus:
        files += sorted(
            p for p in corpus.rglob("*")
            if p.is_file() and not p.name.endswith(".json") and not any(part in str(p.relative_to(corpus)) for part in SKIP_PARTS)
        )
    return tuple(files)


_MATERIAL_CACHE: dict[Path, list[bytes]] = {}


def material_lines(path: Path) -> list[bytes]:
    if path not in _MATERIAL_CACHE:
        _MATERIAL_CACHE[path] = path.read_bytes().split(b"\n")
    return _MATERIAL_CACHE[path]


def window(rng: random.Random, path: Path) -> bytes:
    """At most WINDOW_LINES consecutive lines of a file; from its start half of the time,
    where the format's signature is. The length is skewed towards short windows (mean about
    55 lines, a tenth over 120): what a mutation finds lies in structure more than in length,
    and a short input is checked faster; the long ones stay for what needs length."""
    lines = material_lines(path)
    if len(lines) <= WINDOW_LINES:
        return b"\n".join(lines)
    start = 0 if rng.random() < 0.5 else rng.randrange(len(lines) - WINDOW_LINES)
    return b"\n".join(lines[start:start + skewed(rng, 10, WINDOW_LINES)])


def skewed(rng: random.Random, low: int, high: int, power: int = 2) -> int:
    """A number from low to high, small ones more often (a uniform draw to the ``power``)."""
    return low + int((high - low) * rng.random() ** power)


# --- hostile text ------------------------------------------------------------------------

INJECTION = "x\r\nBcc: victim@example.org\r\nContent-Type: text/html"
BIDI = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1c\x1d\x1e\x1f\x7f\x80\x85\x9f\u2028\u2029\ufeff\ufffe\uffff"
BAD_BYTES = [b"\x80", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x82", b"\xf0\x9f\x98", b"\xfe\xfe", b"\x8d\x9d"]


def encoded_word(rng: random.Random, payload: str | None = None, depth: int = 0) -> str:
    """An RFC 2047 encoded word, often a hostile one: CR/LF and header names inside, a
    UTF-8 character split over two words, a bad or non-ASCII charset, broken encodings."""
    payload = payload if payload is not None else rng.choice([INJECTION, "Hi\r\n\r\nforged body", "café", "x\nFrom evil Mon Jan  1 00:00:00 2020", "\x00NUL", "Jörg"])
    kind = rng.randrange(9) if depth < 2 else 8
    if kind == 0:  # split UTF-8 across two words
        raw = payload.encode("utf-8") or "é".encode()
        cut = rng.randrange(len(raw) + 1) if len(raw) > 1 else 1
        return f"=?utf-8?b?{base64.b64encode(raw[:cut]).decode()}?= =?utf-8?b?{base64.b64encode(raw[cut:]).decode()}?="
    if kind == 1:  # bad charsets
        charset = rng.choice(["x-unknown", "utf-8\u00e9", "utf-8*fr", "unicode-1-1-utf-7", "utf-7", "", "iso-8859-99", "utf-16", "utf-32", "x" * 300])
        return f"=?{charset}?q?{_q(payload)}?="
    if kind == 2:  # broken encodings
        return rng.choice(["=?utf-8?b?!!!?=", "=?utf-8?q?unterminated", "=?utf-8?x?abc?=", "=?utf-8?b?w?=", "=?utf-8?q?=C3=?=", "=??q?x?=", "=?utf-8??x?="])
    if kind == 3:  # an encoded word that decodes to an encoded word (double encoding)
        return f"=?utf-8?q?{_q(encoded_word(rng, payload, depth + 1))}?="
    if kind == 4:
        return f"=?utf-8?b?{base64.b64encode(payload.encode('utf-8', 'surrogatepass')).decode()}?="
    if kind == 5:
        return f"=?iso-8859-1?q?{_q(payload.encode('latin-1', 'replace').decode('latin-1'))}?="
    if kind == 6:  # many words
        return " ".join(encoded_word(rng, "ab", depth + 1) for _ in range(rng.randint(2, 300)))
    return f"=?utf-8?q?{_q(payload)}?="


def _q(text: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "".join(f"={b:02X}" for b in c.encode("utf-8", "surrogatepass")) for c in text)


def hostile_text(rng: random.Random) -> str:
    """A short hostile value for a title, an author, a subject or a metadata field."""
    kind = rng.randrange(9)
    if kind <= 2:
        return encoded_word(rng)
    if kind == 3:
        return "".join(rng.choice(BIDI + "abc ") for _ in range(rng.randint(1, 20)))
    if kind == 4:
        return "".join(rng.choice(CONTROLS + "abc ") for _ in range(rng.randint(1, 20)))
    if kind == 5:
        return rng.choice(["Jörg <jörg@example.de>", "\"A, B\" <a@b.c>", "<>", "@", "a@b@c", "\"\\\"\" <x@y>", "x at y.org (Name)", "(((((x)))))"])
    if kind == 6:
        return "(" * rng.randint(10, 6000) + "x" + ")" * rng.randint(0, 3)
    if kind == 7:
        return rng.choice(["From x Mon Jan  1 00:00:00 2020", ">From x", "--b", "--", "-- ", "Subject: forged", ".", "\t"]) + " " + encoded_word(rng)
    return rng.choice(["a" * rng.randint(900, 5000), "Re: " * rng.randint(1, 500), " " * 2000 + "x"])


# --- mutators (bytes → bytes) ------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def delete_lines(rng, data):
    lines = _lines(data)
    for _ in range(rng.randint(1, max(1, len(lines) // 10))):
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_lines(rng, data):
    lines = _lines(data)
    start = rng.randrange(len(lines))
    chunk = lines[start:start + rng.randint(1, 20)]
    at = rng.randrange(len(lines) + 1)
    return b"\n".join(lines[:at] + chunk * rng.randint(1, 5) + lines[at:])


def swap_lines(rng, data):
    lines = _lines(data)
    for _ in range(rng.randint(1, 10)):
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def flip_bytes(rng, data):
    buf = bytearray(data or b"x")
    for _ in range(rng.randint(1, 20)):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def truncate(rng, data):
    return data[: rng.randrange(len(data) + 1)]


def reencode(rng, data):
    codec = rng.choice(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32", "mac-roman"])
    return data.decode("utf-8", "replace").encode(codec, "replace")


def line_ends(rng, data):
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\r", b"\r\r\n"]))


def _insert_chars(rng, data: bytes, alphabet: str) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    for _ in range(rng.randint(1, 15)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(alphabet) + text[at:]
    return text.encode("utf-8", "surrogateescape")


def control_chars(rng, data):
    return _insert_chars(rng, data, CONTROLS)


def bidi_chars(rng, data):
    return _insert_chars(rng, data, BIDI)


def bad_bytes(rng, data):
    """Undecodable bytes in UTF-8 text (what surrogateescape decoding turns into surrogates)."""
    for _ in range(rng.randint(1, 5)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(BAD_BYTES) + data[at:]
    return data


def nul_bytes(rng, data):
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + b"\x00" + data[at:]
    return data


def splice_hostile(rng, data):
    """Hostile lines (encoded words, envelopes, deep quotes) put among the lines."""
    lines = _lines(data)
    for _ in range(rng.randint(1, 5)):
        line = rng.choice([hostile_text(rng), "Subject: " + encoded_word(rng), "From: " + hostile_text(rng), ">" * rng.randint(20, 200) + " q", "From x@y Mon Jan  1 00:00:00 2020"])
        lines.insert(rng.randrange(len(lines) + 1), line.encode("utf-8", "surrogateescape"))
    return b"\n".join(lines)


MUTATORS = {f.__name__: f for f in (delete_lines, duplicate_lines, swap_lines, flip_bytes, truncate, reencode, line_ends,
                                     control_chars, bidi_chars, bad_bytes, nul_bytes, splice_hostile)}


# --- generators (rng → name, bytes) -------------------------------------------------------


def _names(rng) -> str:
    return rng.choice(["Bob Jones", "Jörg Müller", "李小龙", "O'Brien, Pat", "alice"]) if rng.random() < 0.6 else hostile_text(rng)


def gg_page(rng, title: str, posts: list[tuple[str, str, str, str]]) -> str:
    out = [title, "", f"{rng.randint(0, 99)} views", "Skip to first unread message", ""]
    for author, date, to, body in posts:
        out += [author, "unread,", date, f"to {to}", "", body, ""]
    return "\n".join(out) + "\n"


def mail_message(rng, headers: list[tuple[str, str]], body: str) -> str:
    return "".join(f"{k}: {v}\n" for k, v in headers) + "\n" + body + "\n"


def mail_headers(rng, n: int, hostile: bool) -> list[tuple[str, str]]:
    def value(plain):
        return hostile_text(rng) if hostile and rng.random() < 0.4 else plain
    headers = [("From", value(f"{_names(rng)} <u{n}@example.org>")), ("Date", value("Mon, 1 Jan 2024 10:00:00 +0000")),
               ("Subject", value(f"topic {n}")), ("Message-ID", value(f"<m{n}@example.org>"))]
    if n:
        headers += [("In-Reply-To", value(f"<m{rng.randrange(n)}@example.org>")), ("References", value(f"<m0@example.org> <m{n - 1}@example.org>"))]
    if rng.random() < 0.3:
        headers.append(("To", value("Jörg <jörg@example.de>, list@example.org")))
    if rng.random() < 0.3:
        headers.append(("Content-Type", value('text/plain; charset="' + rng.choice(["utf-8", "latin-1", "x-bogus", "utf-8\u00e9"]) + '"')))
    rng.shuffle(headers)
    return headers


def gen_encoded_words(rng):
    """RFC 2047 encoded words (CR/LF, Bcc:, split UTF-8, bad charsets) in titles, authors,
    subjects and dates of every text and mail format."""
    shape = rng.choice(["gg", "eml", "mbox", "pipermail", "article"])
    if shape == "gg":
        posts = [(_names(rng), rng.choice(["Jan 1, 2020, 10:00:00 AM", hostile_text(rng)]), rng.choice(["group", hostile_text(rng)]), "hello " + hostile_text(rng)) for _ in range(rng.randint(1, 4))]
        return "gg.txt", gg_page(rng, hostile_text(rng), posts).encode("utf-8", "surrogateescape")
    if shape == "article":
        return "article.txt", article_page(rng, hostile_text(rng), [(_names(rng), hostile_text(rng)) for _ in range(rng.randint(1, 5))])
    messages = [mail_message(rng, mail_headers(rng, k, True), "body " + hostile_text(rng)) for k in range(rng.randint(1, 4))]
    return mail_file(rng, shape, messages)


def mail_file(rng, shape: str, messages: list[str]) -> tuple[str, bytes]:
    if shape == "eml":
        return "message.eml", messages[0].encode("utf-8", "surrogateescape")
    if shape == "pipermail":
        text = "".join(f"From u{k} at example.org  Mon Jan  1 10:00:00 2024\n{m}\n" for k, m in enumerate(messages))
        return "2024-January.txt", text.encode("utf-8", "surrogateescape")
    return "archive.mbox", "".join(f"From u{k}@example.org Mon Jan  1 10:00:00 2024\n{m}\n" for k, m in enumerate(messages)).encode("utf-8", "surrogateescape")


def article_page(rng, title: str, comments: list[tuple[str, str]]) -> bytes:
    paragraphs = ["The harbour reopened on Monday after three weeks of repairs, the port authority said in a statement today."] * rng.randint(1, 4)
    out = [title, "", "By Jane Doe", "March 3, 2024", "", *paragraphs, "", f"{len(comments)} comments", ""]
    for name, text in comments:
        out += [f"{name} says:", "March 3, 2024 at 10:12 am", text, "Reply", ""]
    if rng.random() < 0.3:
        out += [f"{_names(rng)} says:"]  # a byline as the last line
    return "\n".join(out).encode("utf-8", "surrogateescape")


def gen_deep_nesting(rng):
    """'>' quotes 100 deep, nested parentheses in From:, nested Original Message blocks."""
    kind = rng.randrange(4)
    if kind == 0:
        body = "\n".join(">" * rng.randint(1, 120) + f" level {k}" for k in range(rng.randint(10, 200)))
        return mail_file(rng, rng.choice(["eml", "mbox"]), [mail_message(rng, mail_headers(rng, 0, False), body)])
    if kind == 1:
        depth = rng.randint(100, 6000)
        headers = [("From", "(" * depth + "Bob" + ")" * depth + " <b@example.org>"), ("Subject", "s"), ("Message-ID", "<n@x>")]
        return mail_file(rng, rng.choice(["eml", "mbox", "pipermail"]), [mail_message(rng, headers, "hi")])
    depth = rng.randint(5, 40)
    parts = ["Reply at the top."]
    for k in range(depth):
        prefix = "> " * (k if kind == 2 else 0)
        parts += [f"{prefix}-----Original Message-----", f"{prefix}From: Person {k} <p{k}@example.org>", f"{prefix}Sent: Monday, January 1, 2024 10:00 AM",
                  f"{prefix}To: list", f"{prefix}Subject: RE: topic", prefix, f"{prefix}Answer {k}.", prefix]
    return mail_file(rng, rng.choice(["eml", "mbox"]), [mail_message(rng, mail_headers(rng, 0, False), "\n".join(parts))])


def gen_huge_lines(rng):
    """One very long line (up to 200 KB) of runs that tempt a regular expression to backtrack
    (lengths skewed towards 10 KB: backtracking shows at any of them, and checking grows with them)."""
    unit = rng.choice(["> ", ">", " ", "a", "=?utf-8?q?x?= ", "On Mon, Jan 1, 2020 at 10:00 AM X <x@y.z> wrote: ", "=3D", "«", "- ", "(", "a.b-c+d", "\t", "\u00a0"])
    line = unit * (skewed(rng, 10_000, 200_000) // len(unit))
    if rng.random() < 0.5:
        base = window(rng, rng.choice(seed_files()))
        at = rng.randrange(base.count(b"\n") + 1)
        lines = _lines(base)
        return "seed.txt", b"\n".join(lines[:at] + [line.encode()] + lines[at:])
    if rng.random() < 0.5:  # a header folded over many lines (the stdlib parser is quadratic in them)
        folded = "\n".join(f" continuation {k}" for k in range(skewed(rng, 100, 20_000)))
        return mail_file(rng, rng.choice(["eml", "mbox"]), [f"From: Bob <b@x.org>\nSubject: s\n{folded}\n\nbody\n"])
    return rng.choice(["line.txt", "line.eml", "line.mbox"]), line.encode()


def gen_many_posts(rng):
    """Many posts (Groups page, mbox, article comments): quadratic work shows as a hang."""
    # up to 300: enough to make quadratic work a hang (the suite counts calls at n and 10n);
    # skewed towards small (mean about 100), as checking costs about 30 ms of CPU a post
    # (strict parse and read-back of each mbox message): a uniform draw made these inputs
    # 60 % of a run's CPU
    n = skewed(rng, 30, 300, power=3)
    kind = rng.randrange(3)
    if kind == 0:
        posts = [("Bob Jones" if k % 2 else "Ann Lee", "Jan 1, 2020, 10:00:00 AM", "group", "hello" if k % 3 else "> hello\nagreed") for k in range(n)]
        return "gg.txt", gg_page(rng, "Many", posts).encode()
    if kind == 1:
        return mail_file(rng, "mbox", [mail_message(rng, mail_headers(rng, k, False), "> quoted\nanswer") for k in range(n)])
    return "article.txt", article_page(rng, "Many comments", [(f"Reader {k}", "I agree.") for k in range(n)])


def gen_raw_header_bytes(rng):
    """8-bit header bytes (RFC 6532 UTF-8, Latin-1, garbage) in mail headers."""
    value = rng.choice(["Jörg <jörg@example.de>".encode(), "Jörg <j@example.de>".encode("latin-1"), b"\xff\xfe <a@b.c>", b"caf\xc3 <x@y.z>", "李 <li@example.cn>".encode()])
    field = rng.choice([b"From", b"To", b"Cc", b"Subject"])
    head = b"From: a@b.c\nSubject: s\nMessage-ID: <r@x>\n" + field + b": " + value + b"\n\nbody \xe9\n"
    name, _ = mail_file(rng, rng.choice(["eml", "mbox", "pipermail"]), ["x"])
    if name.endswith(".mbox"):
        head = b"From a@b.c Mon Jan  1 10:00:00 2024\n" + head
    elif name.endswith(".txt"):
        head = b"From a at b.c  Mon Jan  1 10:00:00 2024\n" + head
    return name, head


_JSON_BASES: dict[str, dict] = {}


def json_base(rng) -> dict:
    """A threadkit JSON document written from a seed (cached: reading a seed costs ~0.1 s)."""
    from threadkit import api

    path = rng.choice(seed_files())
    if path.name not in _JSON_BASES:
        _JSON_BASES[path.name] = json.loads(api.write(api.read_bytes(path.read_bytes(), path.name), "json"))
    return json.loads(json.dumps(_JSON_BASES[path.name]))


def _string_slots(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            (out.append((node, key)) if isinstance(value, str) and key not in ("schema", "version") else _string_slots(value, out))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            (out.append((node, k)) if isinstance(value, str) else _string_slots(value, out))


def gen_json(rng):
    """threadkit JSON with hostile values (schema-valid), sometimes also schema-invalid."""
    data = json_base(rng)
    slots: list = []
    _string_slots(data, slots)
    for node, key in rng.sample(slots, min(len(slots), rng.randint(1, 12))):
        node[key] = rng.choice([hostile_text(rng), "\ud800", "a\udcff", INJECTION, "<m@x>\r\nBcc: v@e.org"])
    posts = data.get("posts") or []
    if posts and rng.random() < 0.5:
        post = rng.choice(posts)
        post.setdefault("metadata", {})[rng.choice(["views", hostile_text(rng)[:40] or "k"])] = rng.choice([hostile_text(rng), 2**70, -1])
    if rng.random() < 0.25:  # schema-invalid: must be refused with one line, not crash
        target = rng.choice(posts) if posts else data
        key = rng.choice(sorted(target))
        choice = rng.randrange(4)
        if choice == 0:
            del target[key]
        elif choice == 1:
            target[key] = rng.choice([None, 1, [], {}, "x", -5])
        elif choice == 2 and posts:
            posts.append(posts[0])  # duplicate ids
        else:
            target["unknown_" + key] = 1
    return "doc.json", json.dumps(data, ensure_ascii=rng.random() < 0.5, allow_nan=True).encode("utf-8", "surrogatepass")


GENERATORS = {f.__name__: f for f in (gen_encoded_words, gen_deep_nesting, gen_huge_lines, gen_many_posts, gen_raw_header_bytes, gen_json)}
#: How often a generator is chosen relative to the others (1 when not named). Many posts are
#: the same few shapes at scale and cost 10 to 25 times the average input to check (about
#: 30 ms a post): a quarter as often (still 2 % of the inputs).
GENERATOR_WEIGHTS = {"gen_many_posts": 1 / 4}


def make_input(seed: int, i: int) -> tuple[str, str, bytes, str | None]:
    """Input ``i`` of a run: (label, file name, bytes, a forced format or None)."""
    rng = random.Random(seed + i)
    if rng.random() < 0.6:
        path = rng.choice(material_files())
        data = window(rng, path)
        names = [rng.choice(sorted(MUTATORS)) for _ in range(rng.randint(1, 3))]
        for name in names:
            data = MUTATORS[name](rng, data)
        label, file_name = "+".join(names), path.name
    else:
        label = rng.choices(sorted(GENERATORS), [GENERATOR_WEIGHTS.get(g, 1) for g in sorted(GENERATORS)])[0]
        file_name, data = GENERATORS[label](rng)
    # half the inputs are also read with a format forced on them (readers must cope with
    # input detection would not give them, as `--from` allows)
    forced = rng.choice(FORCED_FORMATS) if rng.random() < 0.5 else None
    return label, file_name, data, forced


# --- checks --------------------------------------------------------------------------------


def _where(exc: BaseException, stage: bool = False) -> str:
    """The innermost threadkit frame of a traceback: "threadkit/x.py:function". With
    ``stage``, the outermost one and the innermost file ("threadkit/api.py:read > threadkit/
    transforms/replies.py"): where a slow input spends its time varies, its stage does not."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/threadkit/" in f.filename]
    if not frames:
        return "outside threadkit"

    def name(f, function=True):
        return f.filename[f.filename.rindex("/threadkit/") + 1:] + (f":{f.name}" if function else "")

    return f"{name(frames[0])} > {name(frames[-1], False)}" if stage else name(frames[-1])


def _shape(message: str) -> str:
    """A problem message with its particulars (numbers, quoted text) taken out, for signatures."""
    message = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    return re.sub(r"\d+", "N", message)[:120]


class CpuBudget:
    """CPU seconds left to threadkit's own work on one input; the checks' work (jsonschema,
    RELAX NG, the strict parser) is not counted, or a big valid document would be a "hang".
    ``with budget:`` around each threadkit call; SIGPROF raises :class:`CpuTimeLimit`."""

    def __init__(self, seconds: float):
        self.left = seconds

    def __enter__(self):
        import signal

        signal.setitimer(signal.ITIMER_PROF, max(self.left, 1e-3))

    def __exit__(self, *exc):
        import signal

        self.left = signal.setitimer(signal.ITIMER_PROF, 0)[0]


#: The budget of the input being checked (a worker sets it; elsewhere nothing is limited).
BUDGET: CpuBudget | contextlib.nullcontext = contextlib.nullcontext()


class Failure(Exception):
    def __init__(self, kind: str, where: str, detail: str):
        super().__init__(detail)
        self.kind, self.where, self.detail = kind, where, detail


def check_document(document, source) -> None:
    """Every output of a document written and valid; raises :class:`Failure`."""
    from lxml import etree

    from threadkit import api
    from threadkit.invariants import coverage_problems
    from threadkit.validate import validate_tei_tree

    if document.source.sha256 == source.sha256:  # not a JSON document describing another source
        problems = coverage_problems(document, source.lines)
        if problems:
            raise Failure("lossless", _shape(problems[0]), "\n".join(problems[:10]))
    outputs = {}
    for fmt in ("json", "tei", "mbox"):
        try:
            with BUDGET:
                outputs[fmt] = api.write(document, fmt)
        except Exception as exc:
            raise Failure(f"write-crash-{fmt}", f"{type(exc).__name__} at {_where(exc)}", traceback.format_exc()) from None
    try:
        problems = json_schema_problems(json.loads(outputs["json"]))
    except ValueError as exc:
        problems = [f"not JSON: {exc}"]
    if problems:
        raise Failure("json-invalid", _shape(problems[0].split(": ", 1)[-1]), "\n".join(problems[:10]))
    try:
        problems = validate_tei_tree(etree.ElementTree(etree.fromstring(outputs["tei"])), "tei")
    except etree.XMLSyntaxError as exc:
        problems = [f"not well-formed: {exc}"]
    if problems:
        raise Failure("tei-invalid", _shape(problems[0].split(": ", 2)[-1]), "\n".join(problems[:10]))
    check_mbox(outputs["mbox"], len(document.posts))


@functools.cache
def _fast_json_validator(version: str):
    """jsonschema-rs (Rust, 20 to 50 times faster than jsonschema here) compiled from the same
    bundled schema file, or None when it is not installed: it only says valid or not, and
    :func:`json_schema_problems` asks threadkit's own validator for the problems."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    from threadkit.schemas import json_schema

    return jsonschema_rs.Draft202012Validator(json_schema(version))


def json_schema_problems(data) -> list[str]:
    """Problems of a written JSON document under the bundled schema (empty when valid).

    A document jsonschema-rs calls valid is valid; any other (and every document when
    jsonschema-rs is missing or cannot take a value, e.g. a lone surrogate) goes to threadkit's
    validator (jsonschema), whose messages name the place. Where only jsonschema-rs finds a
    problem (its regular expressions are ECMA 262's, as JSON Schema says: ``$`` does not
    match before a final newline as Python's does), its own messages are the problems.
    """
    from threadkit.schemas import SCHEMA_FILES
    from threadkit.validate import _json_pointer, validate_json_data

    version = str(data.get("version")) if isinstance(data, dict) else None
    fast = _fast_json_validator(version) if ("json", version) in SCHEMA_FILES else None
    if fast is not None:
        try:
            if fast.is_valid(data):
                return []
        except Exception:  # noqa: BLE001 - a value Rust cannot hold: the Python validator decides
            fast = None
    problems = validate_json_data(data, "json")
    if problems or fast is None:
        return problems
    return [f"json: {_json_pointer(e.instance_path)}: {' '.join(e.message[:300].splitlines())} (jsonschema-rs only)" for e in fast.iter_errors(data)]


def check_mbox(data: bytes, posts: int) -> None:
    """One message per post, each parsing strictly without defects and carrying only the fields
    the writer writes (one strict parse per message: :func:`threadkit.mail.check.message_problems`
    checks the fields against ``WRITTEN_FIELDS`` on it), and the same post count read back by
    threadkit's mbox reader (the reader alone: detection and transforms do not change a count)."""
    import io

    from threadkit.errors import ThreadkitError
    from threadkit.mail.check import message_problems
    from threadkit.mail.mboxfile import iter_raw_messages, message_bytes
    from threadkit.readers import get_reader
    from threadkit.source import load_bytes

    raws = list(iter_raw_messages(io.BytesIO(data)))
    if len(raws) != posts:
        raise Failure("mbox-count", "messages != posts", f"{len(raws)} messages for {posts} posts")
    for k, raw in enumerate(raws, 1):
        problems = message_problems(message_bytes(raw))
        foreign = [p for p in problems if p.endswith(FOREIGN_FIELD)]
        if foreign:
            raise Failure("mbox-forged-header", "a header the writer never writes", f"message {k}: " + "\n".join(foreign[:10]))
        if problems:
            raise Failure("mbox-defect", _shape(problems[0]), f"message {k}: " + "\n".join(problems[:10]))
    if posts:
        try:
            with BUDGET:
                back = get_reader("mbox").read(load_bytes(data, "back.mbox"))
        except ThreadkitError as exc:
            raise Failure("mbox-readback", "refused", str(exc)) from None
        except Exception as exc:
            raise Failure("mbox-readback", f"{type(exc).__name__} at {_where(exc)}", traceback.format_exc()) from None
        if len(back.posts) != posts:
            raise Failure("mbox-readback", "post count", f"{len(back.posts)} posts read back, {posts} written")


#: How :func:`threadkit.mail.check.field_problems` ends the problem of a field outside ``WRITTEN_FIELDS``.
FOREIGN_FIELD = "a field the mbox writer never writes"


def check_input(file_name: str, data: bytes, forced: str | None) -> list[dict]:
    """Failures of one input read with the detected format and with ``forced``."""
    from threadkit import api
    from threadkit.detection import choose, detect
    from threadkit.errors import ThreadkitError
    from threadkit.source import load_bytes

    try:
        with BUDGET:
            source = load_bytes(data, file_name)
    except ThreadkitError as exc:
        return _one_line(exc, "load")
    except Exception as exc:
        return [_crash("load", exc)]
    failures = []
    try:
        with BUDGET:
            detected = choose(detect(source), source.name).format
    except ThreadkitError:
        detected = None
    except Exception as exc:
        failures.append(_crash("detect", exc))
        detected = None
    for fmt in dict.fromkeys(f for f in (detected, forced) if f):
        try:
            with BUDGET:
                document = api.read(source, fmt)
        except ThreadkitError as exc:
            failures += _one_line(exc, fmt)
            continue
        except Exception as exc:
            failures.append(_crash(fmt, exc))
            continue
        try:
            check_document(document, source)
        except Failure as f:
            failures.append({"kind": f.kind, "format": fmt, "where": f.where, "detail": f.detail})
        except Exception as exc:
            failures.append({**_crash(fmt, exc), "kind": "check-crash"})
    return failures


def _crash(fmt: str, exc: BaseException) -> dict:
    return {"kind": "crash", "format": fmt, "where": f"{type(exc).__name__} at {_where(exc)}", "detail": traceback.format_exc()}


def _one_line(exc: Exception, fmt: str) -> list[dict]:
    """A threadkit error must be one line, fit for "threadkit: error: ..."."""
    message = str(exc)
    if message and "\n" not in message and "\r" not in message:
        return []
    return [{"kind": "error-not-one-line", "format": fmt, "where": type(exc).__name__, "detail": repr(message[:2000])}]


# --- workers and the run -------------------------------------------------------------------


class CpuTimeLimit(BaseException):
    """An input used up its CPU time (a BaseException: no ``except Exception`` in a reader
    may take it for a bad message and carry on)."""


def _cpu_time_up(signum, frame):
    raise CpuTimeLimit()


#: The parent kills a worker that has not answered after this many times --timeout of wall
#: time (a loop the CPU timer cannot interrupt); the CPU limit counts first on a busy machine.
WALL_FACTOR = 6


def worker(conn, seed: int, timeout: float, dump_path: str) -> None:
    """Check inputs by number until told to stop. Each input may use ``timeout`` seconds of
    CPU (not wall time: a loaded machine must not make hangs); if the timer cannot interrupt
    it, a stack is dumped just before the parent's kill."""
    import resource
    import signal

    global BUDGET
    limit = 3 * 1024**3  # an input that eats memory fails alone (MemoryError), not the machine
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.setrecursionlimit(10_000)
    signal.signal(signal.SIGPROF, _cpu_time_up)
    with open(dump_path, "w") as dump:
        while True:
            i = conn.recv()
            if i is None:
                return
            dump.seek(0)
            dump.truncate()
            faulthandler.dump_traceback_later(timeout * (WALL_FACTOR - 0.5), file=dump)
            label, file_name, data, forced = make_input(seed, i)
            started = time.process_time()
            try:
                BUDGET = CpuBudget(timeout)
                failures = check_input(file_name, data, forced)
            except CpuTimeLimit as exc:
                failures = [{"kind": "hang", "format": "?", "where": _where(exc, stage=True), "detail": f"over {timeout:.0f} s of CPU in threadkit\n{traceback.format_exc()}"}]
            except BaseException as exc:  # MemoryError, RecursionError outside a reader ...
                failures = [_crash("?", exc)]
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            faulthandler.cancel_dump_traceback_later()
            conn.send((i, label, failures, time.process_time() - started))


def hang_failure(dump_path: str, timeout: float) -> dict:
    """A hang's signature: the innermost threadkit frame of the stack dumped before the kill."""
    stack = Path(dump_path).read_text(errors="replace") if os.path.exists(dump_path) else ""
    frames = re.findall(r'File "([^"]*/threadkit/[^"]*)", line \d+ in (\S+)', stack)
    # faulthandler prints the innermost frame first
    where = f"{frames[0][0][frames[0][0].rindex('/threadkit/') + 1:]}:{frames[0][1]}" if frames else "unknown"
    return {"kind": "hang", "format": "?", "where": where, "detail": f"no answer after {WALL_FACTOR * timeout:.0f} s\n{stack}"}


class Run:
    """The parent: hands input numbers to workers, kills the ones past the time limit."""

    def __init__(self, args):
        self.args = args
        self.out = Path(args.out)
        self.tmp = tempfile.mkdtemp(prefix="threadkit-fuzz-")
        self.per_label: Counter[str] = Counter()
        self.failed_label: Counter[str] = Counter()
        self.per_kind: Counter[str] = Counter()
        self.cpu_label: Counter[str] = Counter()  # CPU seconds per mutator / generator
        self.cpu = 0.0
        self.signatures: dict[str, dict] = {}
        self.done = 0
        self.slowest = (0.0, -1)

    def start_worker(self, slot: int):
        parent, child = multiprocessing.Pipe()
        proc = multiprocessing.Process(target=worker, args=(child, self.args.seed, self.args.timeout, f"{self.tmp}/dump{slot}"), daemon=True)
        proc.start()
        return {"proc": proc, "conn": parent, "i": None, "deadline": None, "slot": slot}

    def run(self) -> int:
        args = self.args
        self.out.mkdir(parents=True, exist_ok=True)
        ctx_end = time.monotonic() + (args.seconds if args.seconds is not None else float("inf"))
        workers = [self.start_worker(k) for k in range(args.jobs)]
        next_i, last_report = args.start, time.monotonic()
        end_i = args.start + args.inputs
        while True:
            for w in workers:
                if w["i"] is None and next_i < end_i and time.monotonic() < ctx_end:
                    w["conn"].send(next_i)
                    w["i"], w["deadline"] = next_i, time.monotonic() + WALL_FACTOR * args.timeout
                    next_i += 1
            busy = [w for w in workers if w["i"] is not None]
            if not busy:
                break
            ready = wait([w["conn"] for w in busy] + [w["proc"].sentinel for w in busy], timeout=0.5)
            for k, w in enumerate(workers):
                if w["i"] is None:
                    continue
                if w["conn"] in ready:
                    try:
                        i, label, failures, seconds = w["conn"].recv()
                    except EOFError:  # the worker died while answering
                        ready.append(w["proc"].sentinel)
                    else:
                        self.record(i, label, failures, seconds)
                        w["i"] = None
                        continue
                if w["proc"].sentinel in ready or time.monotonic() > w["deadline"]:
                    died = not w["proc"].is_alive()
                    w["proc"].kill()
                    w["proc"].join()
                    label = make_input(args.seed, w["i"])[0]
                    failure = hang_failure(f"{self.tmp}/dump{w['slot']}", args.timeout)
                    if died:
                        failure = {**failure, "kind": "worker-died", "detail": f"exit code {w['proc'].exitcode}\n" + failure["detail"]}
                    self.record(w["i"], label, [failure], args.timeout)
                    workers[k] = self.start_worker(w["slot"])
            if not args.quiet and time.monotonic() - last_report > 30:
                last_report = time.monotonic()
                print(f"{self.done} inputs, {sum(self.per_kind.values())} failures, {len(self.signatures)} signatures", file=sys.stderr, flush=True)
        for w in workers:
            w["conn"].send(None)
            w["proc"].join(5)
        return self.report()

    def record(self, i: int, label: str, failures: list[dict], seconds: float) -> None:
        self.done += 1
        self.cpu += seconds
        self.slowest = max(self.slowest, (seconds, i))
        for part in label.split("+"):
            self.per_label[part] += 1
            self.cpu_label[part] += seconds
            if failures:
                self.failed_label[part] += 1
        for f in failures:
            self.per_kind[f["kind"]] += 1
            signature = f"{f['kind']} | {f['format']} | {f['where']}"
            self.keep(signature, i, label, f)

    def keep(self, signature: str, i: int, label: str, failure: dict) -> None:
        """Count a signature; keep its smallest input in the output folder."""
        _, file_name, data, forced = make_input(self.args.seed, i)
        seen = self.signatures.setdefault(signature, {"count": 0, "size": None})
        seen["count"] += 1
        if seen["size"] is not None and seen["size"] <= len(data):
            return
        stem = f"{failure['kind']}-{hashlib.sha256(signature.encode()).hexdigest()[:10]}"
        for old in self.out.glob(stem + ".*"):
            old.unlink()
        suffix = Path(file_name).suffix or ".txt"
        (self.out / (stem + ".input" + suffix)).write_bytes(data)
        (self.out / (stem + ".failure.txt")).write_text(
            f"signature: {signature}\nkind: {failure['kind']}\nformat: {failure['format']} (forced format of this input: {forced})\n"
            f"input: {i} of seed {self.args.seed} ({label}, named {file_name!r}, {len(data)} bytes)\n"
            f"rebuild: python bench/fuzz.py --seed {self.args.seed} --show {i}\n\n{failure['detail']}\n", encoding="utf-8")
        seen.update(size=len(data), stem=stem)

    def report(self) -> int:
        mean = self.cpu / max(self.done, 1)
        print(f"\n{self.done} inputs (seed {self.args.seed}); CPU {self.cpu:.0f} s, {mean:.3f} s per input; slowest {self.slowest[0]:.2f} s (input {self.slowest[1]})")
        print("\ninputs per mutator / generator (failed) mean CPU s of its inputs:")
        for label, count in sorted(self.per_label.items()):
            print(f"  {label:22} {count:7} ({self.failed_label[label]}) {self.cpu_label[label] / count:.3f}")
        print("\nfailures per kind:")
        for kind, count in sorted(self.per_kind.items()) or [("none", 0)]:
            print(f"  {kind:22} {count:7}")
        print(f"\n{len(self.signatures)} distinct failures (in {self.out}/):")
        for signature, seen in sorted(self.signatures.items(), key=lambda kv: -kv[1]["count"]):
            print(f"  {seen['count']:6}  {signature}  [{seen['stem']}]")
        summary = {"seed": self.args.seed, "inputs": self.done, "cpu_seconds": round(self.cpu, 1),
                   "cpu_per_label": {k: round(v, 1) for k, v in self.cpu_label.items()}, "per_label": self.per_label, "failed_label": self.failed_label,
                   "per_kind": self.per_kind, "signatures": {s: v["count"] for s, v in self.signatures.items()}}
        (self.out / "summary.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
        return 1 if self.signatures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=None, help="stop handing out inputs after this long (default: no limit, the --inputs budget decides; a 600 s default once cut a 100,000-input run at 5,116)")
    parser.add_argument("--inputs", type=int, default=100_000, help="input budget")
    parser.add_argument("--start", type=int, default=0, help="number of the first input")
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    parser.add_argument("--timeout", type=float, default=10, help="CPU seconds per input before it counts as a hang")
    parser.add_argument("--out", default="fuzz-failures")
    parser.add_argument("--show", type=int, metavar="I", help="write input I of the seed to standard output and stop")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.show is not None:
        label, file_name, data, forced = make_input(args.seed, args.show)
        print(f"{label} {file_name} forced={forced} {len(data)} bytes", file=sys.stderr)
        sys.stdout.buffer.write(data)
        return 0
    return Run(args).run()


if __name__ == "__main__":
    sys.exit(main())
