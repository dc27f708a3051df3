"""Check output files against the bundled schemas, with messages naming file and place.

Validators are chosen by file name ending (:data:`VALIDATORS`); each returns a list of
human-readable problems, empty when the file is valid.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Callable

from threadkit.mail.check import validate_mbox
from threadkit.schemas import SCHEMA_FILES, json_schema, json_validator, tagged_validator


def _json_pointer(path) -> str:
    """RFC 6901 pointer of a place in a JSON document; a key's unprintable characters are
    shown escaped ("\\n"), so that the pointer stays on the one line of an error message."""
    steps = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    steps = ["".join(c if c.isprintable() else repr(c)[1:-1] for c in step) for step in steps]
    return "/" + "/".join(steps) if steps else "/"


def json_problems(data) -> list[tuple[str, str]]:
    """(JSON pointer, message) of each problem of a parsed threadkit JSON document, in
    document order (empty when valid); each message is one line."""
    version = data.get("version") if isinstance(data, dict) else None
    if ("json", str(version)) not in SCHEMA_FILES:
        return [("/version", f"unknown threadkit schema version {version!r}")]
    validator = _json_validator(str(version))
    # document order: array indices and object keys never meet at one place of the path
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    return [(_json_pointer(e.absolute_path), " ".join(e.message[:300].splitlines())) for e in errors]


@functools.cache
def _json_validator(version: str):
    """The validator of a threadkit JSON version (:func:`threadkit.schemas.tagged_validator`)."""
    schema = json_schema(version)
    return tagged_validator(schema.get("$defs", {}))(schema)


def validate_json_data(data, name: str = "<json>") -> list[str]:
    """Problems of a parsed threadkit JSON document, or of a ``--split`` folder's index (empty when valid)."""
    if isinstance(data, dict) and data.get("schema") == "threadkit-split":
        return _schema_problems("split", data, name)
    return [f"{name}: {pointer}: {message}" for pointer, message in json_problems(data)]


def validate_json(path: Path) -> list[str]:
    """Problems of a threadkit JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [f"{path}: not UTF-8 text"]
    except json.JSONDecodeError as exc:
        return [f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}"]
    return validate_json_data(data, str(path))


def _schema_problems(kind: str, data, name: str, where: str = "", version: str | None = None) -> list[str]:
    """Problems of ``data`` under the bundled ``kind`` schema of ``version`` (default: the one it names)."""
    if version is None:
        version = data.get("version") if isinstance(data, dict) else None
    if (kind, str(version)) not in SCHEMA_FILES:
        return [f"{name}: {where}/version: unknown threadkit {kind} schema version {version!r}"]
    errors = sorted(json_validator(kind, str(version)).iter_errors(data), key=lambda e: list(e.absolute_path))
    return [f"{name}: {where}{_json_pointer(e.absolute_path)}: {e.message[:300]}" for e in errors]


#: Most problems one .jsonl file reports before it stops looking (it may be huge).
MAX_JSONL_PROBLEMS = 100


def validate_jsonl(path: Path) -> list[str]:
    """Problems of a threadkit JSON Lines file, read line by line in constant memory: line 1
    a document header, every further line a post, as many as the header counts, ids unique."""
    from threadkit.writers.jsonl import SCHEMA

    if _is_batch_report(path):
        return validate_report(path)
    problems: list[str] = []
    header_version = None
    count = 0
    ids: set[str] = set()
    declared = None
    with open(path, "rb") as lines:
        for no, raw in enumerate(lines, 1):
            if len(problems) >= MAX_JSONL_PROBLEMS:
                problems.append(f"{path}: stopped after {MAX_JSONL_PROBLEMS} problems")
                return problems
            where = f"line {no}: "
            try:
                data = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                problems.append(f"{path}: {where}not UTF-8 text")
                continue
            except json.JSONDecodeError as exc:
                problems.append(f"{path}: {where}column {exc.colno}: invalid JSON: {exc.msg}")
                continue
            is_header = isinstance(data, dict) and "schema" in data
            if no == 1:
                if not is_header or data.get("schema") != SCHEMA:
                    problems.append(f"{path}: {where}/: the first line must be a {SCHEMA} document header")
                    continue
                header_version = str(data.get("version"))
                declared = data.get("post_count")
                problems += _schema_problems("jsonl", data, str(path), where)
                continue
            if is_header:
                problems.append(f"{path}: {where}/: a document header after line 1")
                continue
            count += 1
            if ("jsonl", header_version) in SCHEMA_FILES:  # else the header's problem was reported
                problems += _schema_problems("jsonl", data, str(path), where, header_version)
            post_id = data.get("id") if isinstance(data, dict) else None
            if isinstance(post_id, str):
                if post_id in ids:
                    problems.append(f"{path}: {where}/id: post id {post_id!r} already used")
                ids.add(post_id)
    if header_version is None and not problems:
        problems.append(f"{path}: empty: no document header line")
    if isinstance(declared, int) and declared != count and header_version is not None:
        problems.append(f"{path}: the header counts {declared} posts, the file has {count}")
    return problems


def validate_tei(path: Path) -> list[str]:
    """Problems of a threadkit TEI file: well-formedness, then the bundled RELAX NG of its version."""
    from lxml import etree

    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"{path}: line {exc.lineno}: not well-formed XML: {exc.msg}"]
    return validate_tei_tree(tree, str(path))


def validate_tei_tree(tree, name: str = "<tei>") -> list[str]:
    """Problems of a parsed threadkit TEI document (empty when valid), each with line and element."""
    from threadkit.schemas import tei_schema
    from threadkit.writers.tei_build import TEI_NS

    found = tree.xpath("/t:TEI/t:teiHeader/t:encodingDesc/t:schemaRef[@type='threadkit-tei']/@n", namespaces={"t": TEI_NS})
    version = str(found[0]) if found else None
    if ("tei", version) not in SCHEMA_FILES:
        return [f"{name}: /TEI/teiHeader/encodingDesc/schemaRef: unknown threadkit-tei schema version {version!r}"]
    schema = tei_schema(version)
    if schema.validate(tree):
        return []
    # libxml2 also reports the failure again on an ancestor without a line; keep the placed ones.
    errors = sorted((e for e in schema.error_log if e.line > 0 and e.path), key=lambda e: e.line) or list(schema.error_log)
    return [f"{name}: line {e.line}: {_element_path(tree, e.path)}: {e.message}" for e in errors]


def _element_path(tree, xpath: str | None) -> str:
    """``/TEI/text/body/div[1]/post[2]`` for libxml2's ``/*/*[2]/*/*[1]/*[2]``."""
    from lxml import etree

    try:
        found = tree.xpath(xpath) if xpath else []
    except etree.XPathError:  # an unreadable path is shown as it is
        found = []
    if not found:
        return xpath or "/"
    steps = []
    for el in [found[0], *found[0].iterancestors()]:
        local = el.tag.split("}")[-1]
        same = [s for s in el.itersiblings(preceding=True) if s.tag == el.tag]
        steps.append(local if el.getparent() is None else f"{local}[{len(same) + 1}]")
    return "/" + "/".join(reversed(steps))


def validate_html(path: Path) -> list[str]:
    """Problems of a threadkit HTML page: lxml's HTML parser must read it without an error, and
    its structure must be the writer's (a doctype, a title, one ``main``, unique ids, every
    in-page link to an id that exists) and self-contained and inert (no script, frame,
    object, external resource, event handler attribute or link with a scheme; a batch's
    index links to its pages by relative paths)."""
    from lxml import etree

    name = str(path)
    data = path.read_bytes()
    if not data.startswith(b"<!DOCTYPE html>"):
        return [f"{name}: not an HTML5 page (it does not open with <!DOCTYPE html>)"]
    parser = etree.HTMLParser(recover=True, encoding="utf-8")
    root = etree.fromstring(data, parser)
    problems = [f"{name}: line {e.line}: {e.message}" for e in parser.error_log]
    if root is None:
        return problems or [f"{name}: an empty page"]
    if len(root.xpath("/html/head/title")) != 1 or len(root.xpath("/html/body//main")) != 1:
        problems.append(f"{name}: not a threadkit page: it needs one head/title and one main")
    ids = root.xpath("//@id")
    duplicates = sorted({i for i in ids if ids.count(i) > 1}) if len(ids) != len(set(ids)) else []
    problems += [f"{name}: the id {i!r} is used more than once" for i in duplicates]
    known = set(ids)
    problems += [f"{name}: line {a.sourceline}: a link to #{a.get('href')[1:]}, which is on no element"
                 for a in root.xpath("//a[starts-with(@href, '#')]") if a.get("href")[1:] not in known]
    active = root.xpath("//script | //iframe | //frame | //object | //embed | //link | //img | //@src"
                        " | //@*[starts-with(name(), 'on')] | //@href[contains(substring-before(concat(., '/'), '/'), ':')]")
    for found in active[:20]:
        what = found.tag if isinstance(found, etree._Element) else f"attribute {found.attrname}"
        line = found.sourceline if isinstance(found, etree._Element) else found.getparent().sourceline
        problems.append(f"{name}: line {line}: {what}: a threadkit page is self-contained and runs nothing")
    return problems


def validate_parquet(path: Path) -> list[str]:
    """Problems of a Parquet table of threadkit (``NAME.posts.parquet``, ``documents.parquet``):
    its columns, types and nullability are the bundled schema's, no required column holds a
    null, and a posts file carries its document's row, whose post count is the file's."""
    import json

    from threadkit.errors import ThreadkitError
    from threadkit.writers import parquet

    name = str(path)
    try:
        pa = parquet._pyarrow()
        table = pa.parquet.read_table(path)
    except ThreadkitError as exc:
        return [f"{name}: {exc}"]
    except Exception as exc:  # not Parquet at all, or damaged: pyarrow says why
        return [f"{name}: not a readable Parquet file ({type(exc).__name__}: {exc})"[:300]]
    metadata = table.schema.metadata or {}
    if metadata.get(b"threadkit.schema") != parquet.SCHEMA.encode():
        return [f"{name}: not a threadkit Parquet table (no threadkit.schema in its metadata)"]
    version = metadata.get(b"threadkit.version", b"").decode()
    if version != parquet.VERSION:
        return [f"{name}: threadkit Parquet version {version!r}; this threadkit knows {parquet.VERSION}"]
    kind = "posts" if path.name.lower().endswith(parquet.EXTENSION) else "documents"
    expected = parquet.arrow_schema(kind)
    problems = []
    def shape(schema) -> list[tuple[str, str]]:
        # a list's item is called "element" once written (Parquet's name), "item" in Arrow's
        return [(f.name, f"list<{f.type.value_type}>" if pa.types.is_list(f.type) else str(f.type)) for f in schema]

    if shape(table.schema) != shape(expected):
        return [f"{name}: the columns are not those of the {kind} table: {shape(table.schema)}"[:400]]
    for field in expected:
        if not field.nullable and table.column(field.name).null_count:
            problems.append(f"{name}: column {field.name}: {table.column(field.name).null_count} nulls where a value is required")
    if kind == "posts":
        raw = metadata.get(parquet.DOCUMENT_KEY)
        row = json.loads(raw) if raw else None
        if not isinstance(row, dict) or sorted(row) != sorted(c["name"] for c in parquet.columns("documents")):
            problems.append(f"{name}: its document's row is missing from the metadata, or not the documents table's")
        elif row["posts"] != table.num_rows:
            problems.append(f"{name}: {table.num_rows} post rows, but its document has {row['posts']} posts")
    return problems


#: (file name ending, validator), tried in order: the longest endings first.
VALIDATORS: list[tuple[str, Callable[[Path], list[str]]]] = [
    (".tei.xml", validate_tei),
    (".json", validate_json),
    (".jsonl", validate_jsonl),
    (".mbox", validate_mbox),
    (".html", validate_html),
    (".parquet", validate_parquet),
]


def validator_for(path: Path) -> Callable[[Path], list[str]] | None:
    """The validator for a file, by its name ending; None for files we do not write."""
    name = path.name.lower()
    for ending, validator in VALIDATORS:
        if name.endswith(ending):
            return validator
    return None


def expand(paths: list[str]) -> list[Path]:
    """Files to validate: named files as they are, folders searched for known endings."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and validator_for(f) and not f.name.startswith(".") and _ours(f))
        else:
            out.append(p)
    return out


def _ours(path: Path) -> bool:
    """False for a JSON Lines file in a folder that is not threadkit's output (another tool's
    log): its first line is neither a threadkit-jsonl header nor a batch report's record; and for an HTML page that
    threadkit did not write (its generator). Named files are always checked."""
    name = path.name.lower()
    if name.endswith(".html"):  # a saved web page is input, not threadkit's page
        with open(path, "rb") as f:
            return b'<meta name="generator" content="threadkit ' in f.read(4096)
    if not name.endswith(".jsonl"):
        return True
    with open(path, "rb") as f:
        return f.readline(200).replace(b" ", b"").startswith(b'{"schema":"threadkit-jsonl"') or _is_batch_report(path)


def _is_batch_report(path: Path) -> bool:
    """Whether a .jsonl file is a batch report: its first line a ``file`` or ``summary`` record."""
    with open(path, "rb") as f:
        head = f.readline(200).replace(b" ", b"")
    return head.startswith((b'{"type":"file"', b'{"type":"summary"'))


def validate_report(path: Path) -> list[str]:
    """Problems of a batch report (``threadkit-batch.jsonl``), line by line in constant memory:
    each line a ``file`` or ``summary`` record of the bundled report schema."""
    from threadkit.schemas import REPORT_VERSION

    problems: list[str] = []
    with open(path, "rb") as lines:
        for no, raw in enumerate(lines, 1):
            if len(problems) >= MAX_JSONL_PROBLEMS:
                problems.append(f"{path}: stopped after {MAX_JSONL_PROBLEMS} problems")
                break
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                problems.append(f"{path}: line {no}: not a JSON record: {' '.join(str(exc).splitlines())[:200]}")
                continue
            problems += _schema_problems("report", data, str(path), f"line {no}: ", REPORT_VERSION)
    return problems


def validate_path(path: Path) -> list[str]:
    """Problems of one file (an unknown kind of file is itself a problem)."""
    if not path.exists():
        return [f"{path}: no such file"]
    validator = validator_for(path)
    if validator is None:
        known = ", ".join(e for e, _ in VALIDATORS)
        return [f"{path}: not a file threadkit validates (known endings: {known})"]
    return validator(path)
