"""`auditor check --format json`: a versioned, documented JSON document.

Schema (version 1):
    {"schema": "auditor-check", "version": 1, "passed": bool,
     "summary": {"articles": int, "failing": int, "input_errors": int, "rule_errors": int,
                 "not_shown": {severity: int}},
     "articles": [{"id", "source", "origin", "line", "language", "scores": {family: float|null},
                   "passed": bool, "fail_reasons": [str], "not_run": {code: reason},
                   "rule_errors": [{"code", "message"}],
                   "findings": [{"code", "severity", "message", "start", "end",
                                 "line", "column", "evidence", "outside_text"}]}],
     "input_errors": [{"origin", "line", "message"}]}
`outside_text` is true for evidence that an HTML page holds outside its extracted text (a
canonical link, a dropped footer line): its span is empty, at line 1, column 1.
Strings are exactly the article's (JSON escapes control characters); a lone surrogate is
written as its `\\udXXX` escape, so the document is always valid UTF-8.
`not_shown` counts the findings below `--min-severity` (default warning) left out of
`findings`, by severity.
"""

from __future__ import annotations

import json
import re

from auditor.engine import AuditRun
from auditor.models import Severity
from auditor.reports.shown import left_out

SCHEMA_VERSION = 1


def format_json(run: AuditRun, failing: dict[str, list[str]], min_severity: Severity) -> str:
    """The check result as JSON text (keys in a fixed order, so runs compare byte for byte)."""
    articles = []
    for r in run.results:
        findings = []
        for f in r.findings:
            if f.severity.rank < min_severity.rank:
                continue
            line, col = r.article.position(f.start)
            findings.append(
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "message": f.message,
                    "start": f.start,
                    "end": f.end,
                    "line": line,
                    "column": col,
                    "evidence": f.evidence,
                    "outside_text": bool(f.data.get("outside_text")),
                }
            )
        articles.append(
            {
                "id": r.article.id,
                "source": r.article.source,
                "origin": r.article.origin,
                "line": r.article.line,
                "language": r.measures.get("language"),
                "scores": r.scores,
                "passed": r.article.id not in failing,
                "fail_reasons": failing.get(r.article.id, []),
                "not_run": dict(sorted(r.skipped.items())),
                "rule_errors": [{"code": e.code, "message": e.message} for e in r.rule_errors],
                "findings": findings,
            }
        )
    doc = {
        "schema": "auditor-check",
        "version": SCHEMA_VERSION,
        "passed": not failing,
        "summary": {
            "articles": len(run.results),
            "failing": len(failing),
            "input_errors": len(run.input_errors),
            "rule_errors": sum(len(r.rule_errors) for r in run.results),
            "not_shown": dict(sorted(left_out(run, min_severity).items())),
        },
        "articles": articles,
        "input_errors": [
            {"origin": e.origin, "line": e.line, "message": e.message} for e in run.input_errors
        ],
    }
    return json_text(doc)


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(doc: object) -> str:
    """`doc` as indented JSON, non-ASCII kept, lone surrogates escaped (they cannot be
    encoded as UTF-8, and can only occur inside a JSON string, where an escape is valid)."""
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
