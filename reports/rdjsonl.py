"""`auditor check --format rdjsonl`: reviewdog's diagnostic JSON lines (rdjsonl)."""

from __future__ import annotations

import json

from auditor.engine import AuditRun
from auditor.models import Severity
from auditor.reports.cells import safe_text
from auditor.reports.locations import locate

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def format_rdjsonl(run: AuditRun, failing: dict[str, list[str]], min_severity: Severity) -> str:
    lines = []
    for res in run.results:
        for f in res.findings:
            if f.severity.rank < min_severity.rank:
                continue
            loc = locate(res, f)
            lines.append(
                json.dumps(
                    {
                        "message": _text(f.message),
                        "location": {
                            "path": _text(loc.path),
                            "range": {
                                "start": {"line": loc.start_line, "column": loc.start_column},
                                "end": {"line": loc.end_line, "column": loc.end_column},
                            },
                        },
                        "severity": SEVERITIES[f.severity],
                        "source": {"name": "auditor"},
                        "code": {"value": f.code},
                        "original_output": _text(f.evidence),
                    },
                    ensure_ascii=False,
                )
            )
        for e in res.rule_errors:
            lines.append(
                json.dumps(
                    {
                        "message": _text(f"rule error on article {e.article_id}: {e.message}"),
                        "location": {"path": _text(res.article.origin or res.article.id)},
                        "severity": "ERROR",
                        "source": {"name": "auditor"},
                        "code": {"value": e.code},
                    },
                    ensure_ascii=False,
                )
            )
    return "".join(line + "\n" for line in lines)


def _text(value: str) -> str:
    return safe_text(value)
