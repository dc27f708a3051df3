"""The wheel carries the bundled schemas, where threadkit.schemas finds them once installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_contains_the_schemas(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        capture_output=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    wheel = next(tmp_path.glob("threadkit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    schemas = sorted(n for n in names if n.startswith("threadkit/schemas/"))
    assert "threadkit/schemas/threadkit-1.0.schema.json" in schemas
    for shipped in (ROOT / "schemas").iterdir():
        if shipped.suffix in (".json", ".rng", ".xml"):
            assert f"threadkit/schemas/{shipped.name}" in schemas
