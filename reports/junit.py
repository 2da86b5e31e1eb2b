"""`auditor check --format junit`: JUnit XML, one test case per article.

A failing article is a `<failure>`; a rule that raised on an article is an `<error>` of that
article's test case (type `rule-error`), and an input that could not be read is a test case of
its own with an `<error>`. All text goes through the shared cell-safety function, so control
characters never make the XML ill-formed. Each shown finding is one line:
`CODE severity [start:end] message: "evidence"`, the evidence as the article's own text
(quoted, on one line), not a Python representation.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from auditor.engine import AuditRun
from auditor.models import Severity
from auditor.reports.cells import safe_text as s
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
        errors=str(len(run.input_errors) + sum(1 for r in run.results if r.rule_errors)),
    )
    for res in run.results:
        case = ET.SubElement(
            suite, "testcase", classname=s(res.article.source), name=s(res.article.id)
        )
        findings = "\n".join(
            f"{f.code} {f.severity.value} [{f.start}:{f.end}] {f.message}: {_quoted(f.evidence)}"
            for f in res.findings
            if f.severity.rank >= min_severity.rank
        )
        if res.article.id in failing:
            failure = ET.SubElement(case, "failure", message=s("; ".join(failing[res.article.id])))
            failure.text = s(findings)
        elif findings:
            ET.SubElement(case, "system-out").text = s(findings)
        for e in res.rule_errors:
            error = ET.SubElement(case, "error", type="rule-error", message=s(e.code))
            error.text = s(e.message)
    for e in run.input_errors:
        case = ET.SubElement(suite, "testcase", classname="input", name=s(e.location()))
        ET.SubElement(case, "error", type="input-error", message=s(e.message))
    note = left_out_line(run, min_severity)
    if note:
        ET.SubElement(suite, "system-out").text = s(note)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
