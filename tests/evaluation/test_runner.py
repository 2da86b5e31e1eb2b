"""The evaluation harness on the real corpora (skipped when ../shared is absent)."""

import json

import pytest

from auditor.evaluation.corpora import corpora_root, resolve
from auditor.evaluation.runner import run_evaluation, to_markdown
from support import SHARED

CORPORA = SHARED / "corpora"
needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"labelled corpora not present at {CORPORA}"
)


@needs_corpora
def test_every_corpus_evaluates_or_says_not_implemented():
    report = run_evaluation(["all"], "dev", CORPORA, limit=6)
    assert set(report["results"]) == {
        "attribution",
        "polnear",
        "mt",
        "boilerplate",
        "reuse",
        "reuse-en",
        "readability",
        "sources",
    }
    for name, result in report["results"].items():
        assert result["status"] in ("ok", "not implemented"), name
        if result["status"] == "ok":
            assert result["metrics"], name
    table = to_markdown(report)
    assert "### mt (translation, dev, 6 records)" in table


@needs_corpora
def test_a_jsonl_path_is_evaluated_in_its_folders_format(tmp_path):
    kind, path = resolve(str(CORPORA / "mt" / "dev.jsonl"), "test", CORPORA)
    assert kind == "mt"
    subset = tmp_path / "mine.jsonl"
    with (CORPORA / "readability" / "dev.jsonl").open() as fh:
        subset.write_text("".join(fh.readline() for _ in range(6)))
    report = run_evaluation([str(subset)], "dev", CORPORA, kind="readability")
    [result] = report["results"].values()
    assert result["records"] == 6 and result["status"] == "ok"
    json.dumps(report)


def test_corpora_root_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CORPORA", str(tmp_path))
    assert corpora_root() == tmp_path
