"""Which findings a CI format shows: those at or above `--min-severity` (default warning), and
a summary line of what was left out, so a quiet default never hides that there is more."""

from __future__ import annotations

from collections import Counter

from auditor.engine import AuditRun
from auditor.models import Severity


def left_out(run: AuditRun, min_severity: Severity) -> Counter[str]:
    """Findings below `min_severity`, counted by severity name."""
    return Counter(
        f.severity.value
        for r in run.results
        for f in r.findings
        if f.severity.rank < min_severity.rank
    )


def left_out_line(run: AuditRun, min_severity: Severity) -> str | None:
    """'57 info finding(s) not shown (--min-severity info shows them)', or None."""
    counts = left_out(run, min_severity)
    if not counts:
        return None
    lowest = min((Severity(s) for s in counts), key=lambda s: s.rank)
    parts = ", ".join(
        f"{counts[s.value]} {s.value}"
        for s in sorted(Severity, key=lambda s: -s.rank)
        if counts[s.value]
    )
    return f"{parts} finding(s) not shown (--min-severity {lowest.value} shows them)"
