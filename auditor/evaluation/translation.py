"""Translation family: human vs machine translation on WMT documents (corpora/mt).

- Document level: ROC AUC of the translation score as a predictor of "human" (a higher score
  should mean a human translation); precision and recall of "machine translation" at the
  shipped threshold (score < config `mt_threshold`), and the false-positive rate on human
  translations.
- Span level: the share of translation findings (severity warning or above) on documents with
  MQM spans that overlap an MQM error span.
- Originals: how often a warning-or-above translation finding fires on English-original news
  (readability corpus, English records; GUM attribution corpus), which should be never.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.config import Config
from auditor.evaluation.common import audit_texts, overlaps
from auditor.evaluation.corpora import read_records
from auditor.evaluation.metrics import prf, roc_auc
from auditor.models import Severity

FAMILY = "translation"


def _serious(findings):  # noqa: ANN001, ANN202
    return [
        f
        for f in findings
        if f.data.get("family") == FAMILY and f.severity.rank >= Severity.WARNING.rank
    ]


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    run = audit_texts(records, config)
    labels = {r["id"]: r["label"] for r in records}
    spans = {r["id"]: r.get("spans") or [] for r in records}
    scores, is_human = [], []
    tp = fp = fn = tn = 0
    span_hits = span_total = 0
    languages_ok = 0
    for res in run.results:
        score = res.scores.get(FAMILY)
        human = labels[res.article.id] == "human"
        languages_ok += res.measures.get("language") == "en"
        if score is None:
            continue
        scores.append(score)
        is_human.append(human)
        flagged = score < config.mt_threshold
        tp += flagged and not human
        fp += flagged and human
        fn += (not flagged) and not human
        tn += (not flagged) and human
        gold = [(s["start"], s["end"]) for s in spans[res.article.id]]
        if gold:
            for f in _serious(res.findings):
                span_total += 1
                span_hits += any(overlaps((f.start, f.end), g) for g in gold)
    by_label = {"human": sum(is_human), "mt": len(is_human) - sum(is_human)}
    metrics: dict[str, Any] = {
        "documents": by_label,
        "roc_auc_human_vs_mt": roc_auc(scores, is_human),
        "mt_threshold": config.mt_threshold,
        "mt_at_threshold": prf(tp, fp, fn),
        "false_positive_rate_on_human": round(fp / (fp + tn), 4) if fp + tn else None,
        "span_precision_vs_mqm": round(span_hits / span_total, 4) if span_total else None,
        "span_findings_on_mqm_documents": span_total,
        "language_detected_en": round(languages_ok / max(len(run.results), 1), 4),
    }
    if root is not None:
        metrics["fires_on_english_originals"] = _fires_on_originals(config, root, split)
    return {"family": FAMILY, "status": "ok", "metrics": metrics}


def _fires_on_originals(config: Config, root: Path, split: str) -> dict[str, Any]:
    out = {}
    sources = {
        "readability(en)": (root / "readability" / f"{split}.jsonl", lambda r: r["lang"] == "en"),
        "attribution(gum)": (root / "attribution" / f"{split}.jsonl", lambda r: True),
    }
    for name, (path, keep) in sources.items():
        if not path.is_file():
            continue
        records = [r for r in read_records(path) if keep(r)]
        run = audit_texts(records, config, select=["TRN"])
        fired = sum(bool(_serious(r.findings)) for r in run.results)
        out[name] = {
            "documents": len(run.results),
            "with_finding": fired,
            "rate": round(fired / max(len(run.results), 1), 4),
        }
    return out
