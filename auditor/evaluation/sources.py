"""Per-source scores against expert domain ratings (corpora/sources, Lin et al. 2023 pc1).

Every article is audited with its domain as its source; the per-source aggregate is the same
pandas computation the reports use (`auditor.aggregate.sources_frame`). Reported: Spearman
correlation of each per-source mean score with the domain's pc1 rating, over the domains
that have one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.api import SCORE_COLUMNS, articles_frame, sources_frame
from auditor.config import Config
from auditor.evaluation.common import audit_texts
from auditor.evaluation.metrics import spearman


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    run = audit_texts(records, config, source_field="domain")
    per_source = sources_frame(articles_frame(run, config.mt_threshold), min_articles=1)
    ratings = {r["domain"]: r["pc1"] for r in records if r.get("pc1") is not None}
    per_source = per_source[per_source["source"].isin(ratings)]
    pc1 = per_source["source"].map(ratings)
    metrics: dict[str, Any] = {
        "articles": len(run.results),
        "rated_domains": len(per_source),
    }
    for col in SCORE_COLUMNS:
        metrics[f"spearman_{col}_mean_vs_pc1"] = spearman(
            list(per_source[f"{col}_mean"]), list(pc1)
        )
    english = sum(r.measures.get("language") == "en" for r in run.results)
    metrics["language_detected_en"] = round(english / max(len(run.results), 1), 4)
    return {"family": "sources", "status": "ok", "metrics": metrics}
