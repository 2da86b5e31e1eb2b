"""`auditor check --format text`: one line per finding, file:line:col style."""

from __future__ import annotations

from auditor.engine import AuditRun
from auditor.models import Severity
from auditor.reports.cells import safe_text
from auditor.reports.locations import locate
from auditor.reports.shown import left_out_line


def format_text(run: AuditRun, failing: dict[str, list[str]], min_severity: Severity) -> str:
    """Findings at or above `min_severity` as `origin:line:col: CODE severity message`."""
    out = []
    for r in run.results:
        for f in r.findings:
            if f.severity.rank < min_severity.rank:
                continue
            loc = locate(r, f)
            where = f"{loc.path}:{loc.start_line}" + (
                "" if loc.in_record else f":{loc.start_column}"
            )
            suffix = f" (article {r.article.id}, offset {f.start})" if loc.in_record else ""
            out.append(f"{where}: {f.code} {f.severity.value} {f.message}{suffix}")
        for e in r.rule_errors:
            out.append(
                f"{r.article.origin or r.article.id}: {e.code} rule-error on article "
                f"{r.article.id}: {e.message}"
            )
    for e in run.input_errors:
        out.append(f"{e.location()}: input-error {e.message}")
    note = left_out_line(run, min_severity)
    if note:
        out.append(note)
    total = len(run.results) + len(run.input_errors)
    out.append(f"{total - len(failing)} of {total} article(s) pass; {len(failing)} fail")
    for article_id, reasons in failing.items():
        out.append(f"  FAIL {article_id}: {'; '.join(reasons)}")
    # one finding per line, and no terminal escapes from article text in a CI log
    return "\n".join(_one_line(line) for line in out) + "\n"


def _one_line(line: str) -> str:
    return safe_text(line).replace("\n", "\\n").replace("\r", "\\r")
