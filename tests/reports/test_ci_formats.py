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
