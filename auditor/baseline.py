"""Baselines: a committed file of known findings, so that `auditor check --baseline FILE`
fails only on findings that are new.

A finding's fingerprint is a hash of its rule code, its article id and its evidence (not its
offsets), so it survives edits elsewhere in the article. The file is JSON:
{"version": 1, "findings": [{"fingerprint", "code", "article", "evidence"}...]}, sorted.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from auditor.atomic import write_atomic
from auditor.engine import AuditRun
from auditor.errors import UsageError
from auditor.models import Finding

VERSION = 1


def fingerprint(article_id: str, finding: Finding) -> str:
    """A stable identity of a finding: rule, article and evidence (not its offsets)."""
    key = f"{finding.code}\0{article_id}\0{finding.evidence}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()[:32]


def entries(run: AuditRun) -> list[dict[str, Any]]:
    """The baseline entries of every finding of a run."""
    out = {
        fingerprint(r.article.id, f): {
            "fingerprint": fingerprint(r.article.id, f),
            "code": f.code,
            "article": r.article.id,
            "evidence": f.evidence[:200],
        }
        for r in run.results
        for f in r.findings
    }
    return [out[k] for k in sorted(out)]


def write(path: Path, run: AuditRun) -> int:
    """Write the baseline of `run` to `path` (atomically); return the number of entries."""
    items = entries(run)
    doc = {"version": VERSION, "findings": items}
    write_atomic(path, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return len(items)


def load(path: Path) -> dict[str, dict[str, Any]]:
    """Fingerprint -> entry of a baseline file."""
    if Path(path).is_fifo() or Path(path).is_socket():  # reading it would block the run
        raise UsageError(f"baseline file {path}: a FIFO or socket, not a regular file")
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"baseline file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise UsageError(f"{path}: not a baseline file: {exc}") from None
    except OSError as exc:
        raise UsageError(f"baseline file {path}: cannot read: {exc.strerror or exc}") from None
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        raise UsageError(f"{path}: not a version {VERSION} auditor baseline")
    findings = doc.get("findings", [])
    keys = ("fingerprint", "code", "article", "evidence")
    if not isinstance(findings, list) or not all(
        isinstance(e, dict) and all(isinstance(e.get(k), str) for k in keys) for e in findings
    ):
        raise UsageError(
            f"{path}: not a baseline file: every finding needs the string fields " + ", ".join(keys)
        )
    return {e["fingerprint"]: e for e in findings}


def apply(run: AuditRun, baseline: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the run's findings that are in the baseline; return the baseline entries that no
    longer occur (fixed since, or their article is gone)."""
    seen: set[str] = set()
    for r in run.results:
        kept = []
        for f in r.findings:
            fp = fingerprint(r.article.id, f)
            if fp in baseline:
                seen.add(fp)
            else:
                kept.append(f)
        r.measures["baselined"] = len(r.findings) - len(kept)
        r.findings = kept
    return [e for fp, e in sorted(baseline.items()) if fp not in seen]
