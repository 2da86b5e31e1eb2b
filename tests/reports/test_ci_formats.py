"""The CI formats of `auditor check`: SARIF (validated against the official schema), GitHub
annotations, JUnit, rdjsonl."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from auditor.api import audit, verdicts
from auditor.models import Severity
from auditor.reports.github import format_github
from auditor.reports.junit import format_junit
from auditor.reports.rdjsonl import format_rdjsonl
from auditor.reports.sarif import format_sarif
from support import EXAMPLES, MT_SEED

SCHEMA = json.loads((Path(__file__).parents[1] / "fixtures" / "sarif-2.1.0.json").read_text())


def _run():
    run = audit([str(EXAMPLES)])
    return run, verdicts(run, 101, None)


def test_sarif_validates_against_the_official_schema():
    run, failing = _run()
    doc = json.loads(format_sarif(run, failing, Severity.WARNING))
    jsonschema.validate(doc, SCHEMA)
    driver = doc["runs"][0]["tool"]["driver"]
    assert {"TRN001", "REP001", "ATT001"} <= {r["id"] for r in driver["rules"]}
    assert all("What it does" in r["help"]["text"] for r in driver["rules"])
    results = doc["runs"][0]["results"]
    calque = next(r for r in results if r["ruleId"] == "TRN001")
    region = calque["locations"][0]["physicalLocation"]["region"]
    text = MT_SEED.read_text(encoding="utf-8")
    assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] in (
        "14 local time",
        "On the 13th local time",
    )
    assert all(r["level"] in ("warning", "error") for r in results)
    again = json.loads(format_sarif(*_run(), Severity.WARNING))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in again] == [r["partialFingerprints"] for r in results]


def test_github_annotations_cap_notice_and_summary(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run, failing = _run()
    out = format_github(run, failing, Severity.WARNING)
    assert f"::warning file={MT_SEED.as_posix()},line=13,col=1," in out
    assert "title=TRN001::" in out
    assert "only 10 per step" in out  # the seeds give more than 10 warnings
    assert "## auditor check" in summary.read_text()


def test_github_escapes_newlines_and_separators():
    run, failing = _run()
    for line in format_github(run, failing, Severity.INFO).splitlines():
        assert "\n" not in line


def test_junit_one_case_per_article():
    run, failing = _run()
    suite = ET.fromstring(format_junit(run, failing, Severity.WARNING).split("?>", 1)[1])
    assert suite.get("tests") == "3" and len(suite.findall("testcase")) == 3
    assert len(suite.findall("testcase/failure")) == 3  # --fail-under 101 fails all


def test_rdjsonl_lines():
    run, failing = _run()
    lines = [json.loads(x) for x in format_rdjsonl(run, failing, Severity.WARNING).splitlines()]
    assert lines and all(d["source"]["name"] == "auditor" for d in lines)
    assert {d["severity"] for d in lines} <= {"ERROR", "WARNING"}
    assert any(
        d["code"]["value"] == "TRN001" and d["location"]["range"]["start"]["line"] == 13
        for d in lines
    )


def test_sarif_links_rules_to_their_docs_and_fingerprints_each_finding(monkeypatch):
    from auditor.reports import sarif

    monkeypatch.setenv("AUDITOR_PROJECT_URL", "https://example.org/news-auditor/")
    sarif.project_url.cache_clear()
    try:
        run, failing = _run()
        doc = json.loads(format_sarif(run, failing, Severity.INFO))
    finally:
        sarif.project_url.cache_clear()
    jsonschema.validate(doc, SCHEMA)
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/news-auditor"
    calque = next(r for r in driver["rules"] if r["id"] == "TRN001")
    assert calque["helpUri"] == "https://example.org/news-auditor/blob/main/docs/rules.md#trn001"
    assert calque["help"]["text"].startswith("What it does")
    # every registered rule has its section in docs/rules.md, where helpUri points
    rules_doc = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"\n## {r['id']}\n" in rules_doc for r in driver["rules"])
    results = doc["runs"][0]["results"]
    prints = [r["partialFingerprints"]["auditorFinding/v1"] for r in results]
    assert len(prints) == len(set(prints))  # one of its own per finding
    # the same evidence twice in one article ('trump' in lower case, several times)
    trump = [r for r in results if r["ruleId"] == "TRN003"]
    assert len({r["partialFingerprints"]["auditorFinding/v1"].split(":")[0] for r in trump}) < len(
        trump
    )


def test_ci_formats_count_what_min_severity_left_out():
    from auditor.reports.json_report import format_json
    from auditor.reports.text import format_text

    run, failing = _run()
    infos = sum(f.severity is Severity.INFO for r in run.results for f in r.findings)
    assert infos > 10  # ATT003 relations and the like
    line = f"{infos} info finding(s) not shown (--min-severity info shows them)"
    assert line in format_text(run, failing, Severity.WARNING)
    assert line not in format_text(run, failing, Severity.INFO)
    assert f"::notice title=auditor::{line}" in format_github(run, failing, Severity.WARNING)
    assert json.loads(format_json(run, failing, Severity.WARNING))["summary"]["not_shown"] == {
        "info": infos
    }
    notes = json.loads(format_sarif(run, failing, Severity.WARNING))["runs"][0]["invocations"][0]
    assert {"level": "note", "message": {"text": line}} in notes["toolExecutionNotifications"]
    junit = format_junit(run, failing, Severity.WARNING)
    assert line in junit and "INFO" not in format_rdjsonl(run, failing, Severity.WARNING)


def test_junit_evidence_is_the_articles_text_not_a_python_repr(tmp_path):
    feed = tmp_path / "a.jsonl"
    text = MT_SEED.read_text(encoding="utf-8").replace("14 local time", "14\u00a0local time")
    feed.write_text(json.dumps({"id": "nbsp", "text": text}) + "\n", encoding="utf-8")
    run = audit([str(feed)])
    out = format_junit(run, verdicts(run, 0, None), Severity.WARNING)
    # the evidence is the text itself (a rule's message may quote it its own way)
    assert ': "14\u00a0local time"' in out and ": '14\\xa0local time'\n" not in out
    assert ': "On the 13th local time"' in out
