"""`auditor check --format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps).

Rules carry stable ids (the rule codes) with their summary and their documentation (the
rule's docstring, as `auditor rules explain` shows it) as `help`; with a project address
(`[project.urls]` of the installed package, or $AUDITOR_PROJECT_URL) the driver gets an
`informationUri` and each rule a `helpUri` (its section of docs/rules.md). Results carry
regions (lines and columns, plus character offsets into the article text) and a partial
fingerprint that stays the same while the finding does: rule, article and evidence (as in a
baseline), plus the occurrence number among identical ones, so every finding has its own.
Findings below `--min-severity` are left out and counted in a notification.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from functools import cache

from auditor import __version__
from auditor.baseline import fingerprint
from auditor.engine import AuditRun
from auditor.models import Severity
from auditor.reports.cells import safe_text
from auditor.reports.locations import locate
from auditor.reports.shown import left_out_line

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@cache
def project_url() -> str | None:
    """The project's web address: $AUDITOR_PROJECT_URL, else the installed package's
    Repository/Homepage/Source URL (pyproject's [project.urls]), else None."""
    if os.environ.get("AUDITOR_PROJECT_URL"):
        return os.environ["AUDITOR_PROJECT_URL"].rstrip("/")
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("news-auditor").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    named = dict(u.split(", ", 1) for u in urls if ", " in u)
    for label in ("Repository", "Source", "Homepage"):
        if named.get(label, "").startswith(("https://", "http://")):
            return named[label].rstrip("/")
    return None


def help_uri(base: str, code: str) -> str:
    """Where a rule's documentation is read on the web: its anchor in docs/rules.md."""
    return f"{base}/blob/main/docs/rules.md#{code.lower()}"


def format_sarif(run: AuditRun, failing: dict[str, list[str]], min_severity: Severity) -> str:
    rules = sorted(run.rules, key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    base = project_url()
    descriptors = []
    for r in rules:
        descriptor = {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc().split("\n\n")[0]},
            "help": {"text": r.doc(), "markdown": r.doc()},
            "defaultConfiguration": {"level": LEVELS[r.severity]},
            "properties": {"family": r.family},
        }
        if base:
            descriptor["helpUri"] = help_uri(base, r.code)
        descriptors.append(descriptor)
    results = []
    for res in run.results:
        seen: Counter[str] = Counter()
        for f in res.findings:
            identity = fingerprint(res.article.id, f)
            seen[identity] += 1
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
                "partialFingerprints": {"auditorFinding/v1": f"{identity}:{seen[identity]}"},
                "properties": {
                    "article": safe_text(res.article.id),
                    "start": f.start,
                    "end": f.end,
                },
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            results.append(result)
    notes = _notifications(run, index)
    left_out = left_out_line(run, min_severity)
    if left_out:
        notes.append({"level": "note", "message": {"text": left_out}})
    driver = {"name": "auditor", "version": __version__, "rules": descriptors}
    if base:
        driver["informationUri"] = base
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": not any(r.rule_errors for r in run.results),
                        "toolExecutionNotifications": notes,
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
