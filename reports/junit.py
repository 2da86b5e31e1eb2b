"""`auditor check --format junit`: JUnit XML, one test case per article.

Each shown finding is one line: `CODE severity [start:end] message: "evidence"`, the
evidence as the article's own text (quoted, on one line), not a Python representation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from auditor.engine import AuditRun
from auditor.models import Severity
from auditor.reports.shown import left_out_line


def _quoted(evidence: str) -> str:
    """The evidence in double quotes on one line: line breaks shown as ⏎, the rest as is."""
    return '"' + " ⏎ ".join(evidence.splitlines()) + '"'


def format_junit(run: AuditRun, failing: dict[str, list[str]], min_severity: Severity) -> str:
    suite = ET.Element(
        "testsuite",
        name="auditor",
        tests=str(len(run.results) + len(run.input_errors)),
        failures=str(sum(1 for r in run.results if r.article.id in failing)),
        errors=str(len(run.input_errors)),
    )
    for res in run.results:
        case = ET.SubElement(suite, "testcase", classname=res.article.source, name=res.article.id)
        findings = "\n".join(
            f"{f.code} {f.severity.value} [{f.start}:{f.end}] {f.message}: {_quoted(f.evidence)}"
            for f in res.findings
            if f.severity.rank >= min_severity.rank
        )
        if res.article.id in failing:
            failure = ET.SubElement(case, "failure", message="; ".join(failing[res.article.id]))
            failure.text = findings
        elif findings:
            ET.SubElement(case, "system-out").text = findings
    for e in run.input_errors:
        case = ET.SubElement(suite, "testcase", classname="input", name=e.location())
        ET.SubElement(case, "error", message=e.message)
    note = left_out_line(run, min_severity)
    if note:
        ET.SubElement(suite, "system-out").text = note
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
