"""--engine dask on a 2-worker LocalCluster gives the same report bytes as the local engine."""

import json

import pytest

from auditor.api import iter_audit, write_reports
from support import EXAMPLES

pytest.importorskip(
    "distributed", reason="dask.distributed is not installed (pip install '.[dask]')"
)


def test_dask_reports_are_byte_identical_to_local(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = []
    for i, path in enumerate(sorted(EXAMPLES.glob("*.txt")) * 2):
        text = path.read_text(encoding="utf-8")
        lines.append(json.dumps({"id": f"a{i}", "source": f"site{i % 2}.com", "text": text}))
    lines.insert(3, '{"id": "broken", "text": ')  # an input error in the middle
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_reports(iter_audit([str(feed)]), tmp_path / "local")
    write_reports(iter_audit([str(feed)], engine="dask", jobs=2), tmp_path / "dask")
    for name in ("articles.csv", "findings.csv", "sources.csv"):
        local = (tmp_path / "local" / name).read_bytes()
        assert (tmp_path / "dask" / name).read_bytes() == local, name
    assert b"broken" not in (tmp_path / "local" / "articles.csv").read_bytes()
    assert f"{feed}:4".encode() in (tmp_path / "local" / "articles.csv").read_bytes()
