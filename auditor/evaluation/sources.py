"""Per-source figures against expert domain ratings (corpora/sources, Lin et al. 2023 pc1).

Every article is audited with its domain as its source; the per-source aggregate is the same
pandas computation the reports use (`auditor.aggregate.sources_frame`). Reported, over the
rated domains with at least 5 articles: the Spearman correlation with pc1 of `reliability`,
of each family's mean score and of two trivial baselines ("said" per 1,000 words; the mean
number of attributions, ATT003, per article), each with a 95% percentile-bootstrap interval
over domains (1,000 resamples, fixed seed), written "rho [low, high]". Two scopes:
- `pooled`: every article of the split;
- `allsides`: only the AllSides (allsides-abp, US politics) articles, aggregated per domain
  again; topic is confounded with pc1 in the pooled set (the lowest band is mostly COVID), so
  a figure that holds only pooled may detect topic, not reliability.
Also: how many pc1 < 0.2 domains the sheet's rank order puts in its top quarter (pooled, by
reliability), and those domains.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from auditor.aggregate import MIN_ARTICLES
from auditor.api import SCORE_COLUMNS, articles_frame, sources_frame
from auditor.config import Config
from auditor.engine import AuditRun
from auditor.evaluation.common import audit_texts
from auditor.evaluation.metrics import spearman

ALLSIDES = "allsides-abp"
RESAMPLES = 1000
SEED = 0
LOW_PC1 = 0.2
_SAID = re.compile(r"\bsaid\b", re.IGNORECASE)


def said_per_1000_words(text: str) -> float:
    """The "said" baseline: occurrences of the word per 1,000 words."""
    return 1000.0 * len(_SAID.findall(text)) / max(len(text.split()), 1)


def spearman_ci(
    x: list[float], y: list[float], resamples: int = RESAMPLES, seed: int = SEED
) -> tuple[float | None, float | None, float | None]:
    """Spearman correlation and its 95% percentile-bootstrap interval over the pairs."""
    frame = pd.DataFrame({"x": x, "y": y}).dropna()
    rho = spearman(list(frame["x"]), list(frame["y"]))
    if rho is None:
        return None, None, None
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(frame), size=(resamples, len(frame)))
    xs = pd.DataFrame(frame["x"].to_numpy()[idx]).rank(axis=1).to_numpy()
    ys = pd.DataFrame(frame["y"].to_numpy()[idx]).rank(axis=1).to_numpy()
    xs = xs - xs.mean(axis=1, keepdims=True)
    ys = ys - ys.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (xs * ys).sum(axis=1) / np.sqrt((xs**2).sum(axis=1) * (ys**2).sum(axis=1))
    r = r[np.isfinite(r)]
    low, high = np.percentile(r, [2.5, 97.5])
    return rho, round(float(low), 3), round(float(high), 3)


def _fmt(rho: float | None, low: float | None, high: float | None) -> str | None:
    return None if rho is None else f"{rho:.3f} [{low:.3f}, {high:.3f}]"


def per_domain(frame: pd.DataFrame, pc1: dict[str, float]) -> pd.DataFrame:
    """The per-source sheet of `frame`, with the baselines, restricted to rated domains with
    at least MIN_ARTICLES articles."""
    sheet = sources_frame(frame, min_articles=1)
    ok = frame[frame["input_error"].isna()]
    grouped = ok.groupby("source")
    sheet = sheet.set_index("source")
    sheet["said_per_1000_words"] = grouped["said_per_1000_words"].mean()
    sheet["claims_per_article"] = grouped["claims"].mean()
    sheet["pc1"] = sheet.index.map(pc1)
    keep = (sheet["articles"] >= MIN_ARTICLES) & sheet["pc1"].notna()
    return sheet[keep]


def correlations(sheet: pd.DataFrame) -> dict[str, str | None]:
    """ "rho [low, high]" of every column compared, against pc1."""
    columns = {
        "reliability": "reliability",
        **{f"{c}_mean": f"{c}_mean" for c in SCORE_COLUMNS},
        "baseline_said_per_1000_words": "said_per_1000_words",
        "baseline_claims_per_article": "claims_per_article",
    }
    out: dict[str, str | None] = {"domains": len(sheet)}  # type: ignore[dict-item]
    for name, col in columns.items():
        if col not in sheet:
            out[name] = None
            continue
        values = pd.to_numeric(sheet[col], errors="coerce")
        out[name] = _fmt(*spearman_ci(list(values), list(sheet["pc1"])))
    return out


def top_quarter_low(sheet: pd.DataFrame) -> list[str]:
    """pc1 < 0.2 domains in the top quarter of the rank order by reliability."""
    if "reliability" not in sheet or not len(sheet):
        return []
    ordered = sheet.sort_values("reliability", ascending=False)
    top = ordered.head(max(1, len(ordered) // 4))
    return [f"{d} ({p:.2f})" for d, p in top["pc1"].items() if p < LOW_PC1]


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    run = audit_texts(records, config, source_field="domain", title_field="title")
    return evaluate_run(records, run, config)


def evaluate_run(records: list[dict[str, Any]], run: AuditRun, config: Config) -> dict[str, Any]:
    """The figures of an audit of the records (each article's source its domain)."""
    frame = articles_frame(run, config.mt_threshold)
    by_id = {str(r.get("id", n)): r for n, r in enumerate(records)}
    claims = {r.article.id: r.measures.get("attribution.claims") for r in run.results}
    frame["dataset"] = [by_id.get(i, {}).get("dataset") for i in frame["id"]]
    frame["said_per_1000_words"] = [
        said_per_1000_words(by_id[i]["text"]) if i in by_id else None for i in frame["id"]
    ]
    frame["claims"] = [claims.get(i) for i in frame["id"]]
    pc1 = {r["domain"]: r["pc1"] for r in records if r.get("pc1") is not None}
    pooled = per_domain(frame, pc1)
    allsides = per_domain(frame[frame["dataset"] == ALLSIDES], pc1)
    english = sum(r.measures.get("language") == "en" for r in run.results)
    low = top_quarter_low(pooled)
    metrics: dict[str, Any] = {
        "articles": len(run.results),
        "records_without_text": len(records) - len(run.results),
        "spearman_vs_pc1": {"pooled": correlations(pooled), "allsides": correlations(allsides)},
        "top_quarter_pc1_below_0.2": len(low),
        "top_quarter_pc1_below_0.2_domains": ", ".join(low) or "none",
        "language_detected_en": round(english / max(len(run.results), 1), 4),
    }
    return {"family": "sources", "status": "ok", "metrics": metrics}
