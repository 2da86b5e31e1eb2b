"""`auditor check --format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps).

Rules carry stable ids (the rule codes) with their summary and documentation as help;
results carry regions (lines and columns, plus character offsets into the article text) and a
partial fingerprint that stays the same while the finding does.
"""

from __future__ import annotations

import json

from auditor import __version__
from auditor.baseline import fingerprint
from auditor.engine import AuditRun
from auditor.models import Severity
from auditor.reports.cells import safe_text
from auditor.reports.locations import locate

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_sarif(run: AuditRun, failing: dict[str, list[str]], min_severity: Severity) -> str:
    rules = sorted(run.rules, key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    descriptors = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc().split("\n\n")[0]},
            "help": {"text": r.doc(), "markdown": r.doc()},
            "defaultConfiguration": {"level": LEVELS[r.severity]},
            "properties": {"family": r.family},
        }
        for r in rules
    ]
    results = []
    for res in run.results:
        for f in res.findings:
            if f.severity.rank < min_severity.rank:
                continue
            loc = locate(res, f)
            region = {
                "startLine": loc.start_line,
                "startColumn": loc.start_column,
                "endLine": loc.end_line,
                "endColumn": max(loc.end_column, loc.start_column),
                "snippet": {"text": safe_text(f.evidence)},
            }
            if not loc.in_record:
                region["charOffset"] = f.start
                region["charLength"] = f.end - f.start
            result = {
                "ruleId": f.code,
                "level": LEVELS[f.severity],
                "message": {"text": safe_text(f.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": safe_text(loc.path)},
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {"auditorFinding/v1": fingerprint(res.article.id, f)},
                "properties": {
                    "article": safe_text(res.article.id),
                    "start": f.start,
                    "end": f.end,
                },
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "auditor",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": not any(r.rule_errors for r in run.results),
                        "toolExecutionNotifications": _notifications(run, index),
                    }
                ],
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _notifications(run: AuditRun, index: dict[str, int]) -> list[dict]:
    """Input errors, then rule errors (each naming its rule as `descriptor` and its article)."""
    out: list[dict] = [
        {"level": "error", "message": {"text": safe_text(f"{e.location()}: {e.message}")}}
        for e in run.input_errors
    ]
    for res in run.results:
        for e in res.rule_errors:
            note: dict = {
                "level": "error",
                "message": {
                    "text": safe_text(f"rule error {e.code} on {e.article_id}: {e.message}")
                },
                "descriptor": {"id": e.code},
                "properties": {"article": safe_text(e.article_id), "kind": "rule-error"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": safe_text(res.article.origin or res.article.id)
                            }
                        }
                    }
                ],
            }
            if e.code in index:
                note["descriptor"]["index"] = index[e.code]
            out.append(note)
    return out
