"""Reuse (uncredited rewrite): agency story / newspaper story pairs (corpora/reuse, COUNTER).

Each pair is audited as a batch of two articles from different sources (agency first, dated
earlier). A pair is predicted "derived" when a rule that provides "reuse-pairs" links the
newspaper story to the agency story. Gold: wholly + partially derived vs non derived.
Also langdetect's accuracy on the Urdu texts (both sides of every pair).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.api import audit_articles
from auditor.config import Config
from auditor.engine import discover_rules
from auditor.evaluation.common import not_implemented
from auditor.evaluation.metrics import prf
from auditor.models import Article

PROVIDES = "reuse-pairs"


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    codes = [c for c, cls in discover_rules().items() if PROVIDES in cls.provides]
    if not codes:
        return not_implemented("reuse", "no rule provides reuse pairs yet")
    tp = fp = fn = 0
    urdu = 0
    for rec in records:
        agency = Article(
            id=f"{rec['id']}:source",
            text=rec["source_text"],
            source=rec["source_outlet"],
            origin="corpus",
        )
        paper = Article(
            id=f"{rec['id']}:derived",
            text=rec["derived_text"],
            source=rec["derived_outlet"],
            origin="corpus",
        )
        run = audit_articles([agency, paper], config, select=codes)
        linked = any(
            f.data.get("reuse", {}).get("other") == agency.id for f in run.results[1].findings
        )
        urdu += sum(r.measures.get("language") == rec.get("language", "ur") for r in run.results)
        derived = rec["label"] in ("wholly", "partially")
        tp += linked and derived
        fp += linked and not derived
        fn += derived and not linked
    return {
        "family": "reuse",
        "status": "ok",
        "metrics": {
            "pairs": len(records),
            "derived": prf(tp, fp, fn),
            "language_detected_ur": round(urdu / max(2 * len(records), 1), 4),
        },
    }
