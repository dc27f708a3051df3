"""Issue 13, item 4: Parquet output for analysis, read as its users read it (DuckDB, pandas)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from threadkit.cli import main
from threadkit.validate import validate_path
from threadkit.writers import parquet

pa = pytest.importorskip("pyarrow")
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    assert main(["batch", str(SEEDS), str(out), "-t", "parquet,json", "-q", "-j", "1"]) == 0
    return out


def _json_counts(out: Path) -> dict[str, int]:
    return {json.loads(p.read_bytes())["source"]["name"]: len(json.loads(p.read_bytes())["posts"]) for p in out.glob("*.json")}


def test_duckdb_reads_the_batch_as_one_dataset_with_the_json_counts(batch_out):
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(f"select source_name, count(*) from read_parquet('{batch_out}/**/*.posts.parquet') group by 1").fetchall()
    assert dict(rows) == _json_counts(batch_out)
    documents = duckdb.sql(f"select source_name, posts from '{batch_out}/documents.parquet'").fetchall()
    assert dict(documents) == _json_counts(batch_out)


def test_pandas_reads_every_post_with_its_thread_and_text(batch_out):
    pd = pytest.importorskip("pandas")
    frame = pd.concat(pd.read_parquet(p) for p in sorted(batch_out.glob("*.posts.parquet")))
    assert len(frame) == sum(_json_counts(batch_out).values())
    assert list(frame.columns) == [c["name"] for c in parquet.columns("posts")]
    assert frame["post_id"].notna().all() and frame["thread_root"].notna().all()
    for path in batch_out.glob("*.json"):  # the own words of each post are the JSON's text blocks
        data = json.loads(path.read_bytes())
        for post in data["posts"]:
            row = frame[(frame.source_name == data["source"]["name"]) & (frame.post_id == post["id"])].iloc[0]
            own = [b["text"] for b in post["blocks"] if b["type"] in ("text", "heading")]
            assert row.own_text == "\n\n".join(own)
            assert (row.line_first, row.line_last) == tuple(post["lines"])


def test_validate_checks_the_tables_against_the_bundled_schema(batch_out, tmp_path):
    for path in [*batch_out.glob("*.parquet")]:
        assert validate_path(path) == [], path
    import pyarrow.parquet as pq

    table = pq.read_table(next(batch_out.glob("*.posts.parquet")))
    pq.write_table(table.drop_columns(["subject"]), tmp_path / "x.posts.parquet")
    assert "columns are not those of the posts table" in validate_path(tmp_path / "x.posts.parquet")[0]
    pq.write_table(table.slice(0, 0), tmp_path / "y.posts.parquet")
    assert any("post rows" in p for p in validate_path(tmp_path / "y.posts.parquet")) or table.num_rows == 0
    (tmp_path / "z.parquet").write_bytes(b"not parquet")
    assert "not a readable Parquet file" in validate_path(tmp_path / "z.parquet")[0]


def test_without_pyarrow_the_output_fails_alone_saying_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert main(["batch", str(SEEDS), str(tmp_path / "out"), "-t", "parquet,json", "-q", "-j", "1"]) == 1
    assert "pip install 'threadkit[parquet]'" in capsys.readouterr().err
    assert len(list((tmp_path / "out").glob("*.json"))) == 5


def test_the_default_batch_formats_need_no_extra():
    from threadkit.writers import DEFAULT_FORMATS

    from threadkit.writers import WRITERS

    assert DEFAULT_FORMATS == tuple(name for name, module in WRITERS.items() if not getattr(module, "OPTIONAL", False))
    assert "parquet" not in DEFAULT_FORMATS
