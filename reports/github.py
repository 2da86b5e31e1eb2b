"""`auditor check --format github`: GitHub Actions workflow-command annotations.

GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job); the
rest are dropped silently by GitHub, so this says how many were not shown. When
$GITHUB_STEP_SUMMARY is set, a Markdown job summary of the check is appended to it.
"""

from __future__ import annotations

import os
from pathlib import Path

from auditor.engine import AuditRun
from auditor.models import Severity
from auditor.reports.cells import safe_text
from auditor.reports.locations import locate
from auditor.reports.shown import left_out_line

PER_STEP_CAP = 10
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    return safe_text(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(run: AuditRun, failing: dict[str, list[str]], min_severity: Severity) -> str:
    lines = []
    shown = {s: 0 for s in Severity}
    for res in run.results:
        for f in res.findings:
            if f.severity.rank < min_severity.rank:
                continue
            loc = locate(res, f)
            shown[f.severity] += 1
            message = f.message if not loc.in_record else f"{f.message} (article {res.article.id})"
            lines.append(
                f"::{COMMANDS[f.severity]} file={_prop(loc.path)},line={loc.start_line},"
                f"col={loc.start_column},endLine={loc.end_line},"
                f"title={_prop(f.code)}::{_data(message)}"
            )
    for res in run.results:
        for e in res.rule_errors:
            shown[Severity.ERROR] += 1
            lines.append(
                f"::error file={_prop(res.article.origin or res.article.id)},line=1,"
                f"title={_prop('rule-error ' + e.code)}::"
                f"{_data(f'rule {e.code} failed on article {e.article_id}: {e.message}')}"
            )
    for e in run.input_errors:
        shown[Severity.ERROR] += 1
        lines.append(
            f"::error file={_prop(e.origin)},line={e.line or 1},"
            f"title=input-error::{_data(e.message)}"
        )
    for sev in (Severity.ERROR, Severity.WARNING):
        if shown[sev] > PER_STEP_CAP:
            lines.append(
                f"::notice title=auditor::{shown[sev]} {sev.value} annotations written; GitHub "
                f"shows only {PER_STEP_CAP} per step, so {shown[sev] - PER_STEP_CAP} are not "
                "shown there (use --format sarif for all of them)"
            )
    note = left_out_line(run, min_severity)
    if note:
        lines.append(f"::notice title=auditor::{_data(note)}")
    total = len(run.results) + len(run.input_errors)
    lines.append(f"{total - len(failing)} of {total} article(s) pass; {len(failing)} fail")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        _write_summary(Path(summary_path), run, failing, total)
    return "\n".join(lines) + "\n"


def _write_summary(path: Path, run: AuditRun, failing: dict[str, list[str]], total: int) -> None:
    rows = [
        "## auditor check",
        "",
        f"{total - len(failing)} of {total} article(s) pass; {len(failing)} fail.",
        "",
    ]
    if failing:
        rows += ["| article | why it fails |", "|---|---|"]
        rows += [f"| {_cell(a)} | {_cell('; '.join(r))} |" for a, r in failing.items()]
    with path.open("a", encoding="utf-8") as fh:  # GitHub's summary file is appended to
        fh.write("\n".join(rows) + "\n")


def _cell(text: str) -> str:
    return safe_text(text).replace("|", "\\|").replace("\n", " ")
