"""Readability family: the same article at several reading levels (corpora/readability).

For each language and each measure, pairwise ordering accuracy over adjacent levels of the same
document (OneStopEnglish ele < int < adv; Klexikon ele < Wikipedia adv): a pair counts as
correct when the harder level measures as harder (lower reading ease, higher grade). Ties count
as wrong. Spearman correlation of each measure with the level (0, 1, 2). Our readability
score is reported too, with "harder level scores lower" as its direction, although the score
rewards a band, not simplicity. Also langdetect's accuracy and speed on these texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.config import Config
from auditor.evaluation.common import Timer, audit_texts
from auditor.evaluation.metrics import spearman
from auditor.language import detect_language

LEVELS = {"ele": 0, "int": 1, "adv": 2}
# +1: a higher value means harder text; -1: a higher value means easier text
DIRECTIONS = {
    "readability.ease": -1,
    "readability.flesch_kincaid_grade": 1,
    "readability.gunning_fog": 1,
    "readability.smog_index": 1,
    "readability.wiener_sachtextformel": 1,
    "readability.longest_sentence": 1,
    "score:readability": -1,
}


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    run = audit_texts(records, config, select=["RDB"])
    meta = {r["id"]: r for r in records}
    rows = []
    for res in run.results:
        rec = meta[res.article.id]
        values = {k: v for k, v in res.measures.items() if k in DIRECTIONS}
        values["score:readability"] = res.scores.get("readability")
        rows.append((rec["lang"], rec["doc_id"], LEVELS[rec["level"]], values))
    metrics: dict[str, Any] = {}
    for lang in sorted({r[0] for r in rows}):
        metrics[lang] = _per_language([r for r in rows if r[0] == lang])
    metrics["language_detection"] = _langdetect(records)
    return {"family": "readability", "status": "ok", "metrics": metrics}


def _per_language(rows: list[tuple[str, str, int, dict[str, Any]]]) -> dict[str, Any]:
    by_doc: dict[str, dict[int, dict[str, Any]]] = {}
    for _, doc, level, values in rows:
        by_doc.setdefault(doc, {})[level] = values
    out: dict[str, Any] = {"documents": len(by_doc)}
    for measure, direction in DIRECTIONS.items():
        correct = total = 0
        xs, ys = [], []
        for levels in by_doc.values():
            present = sorted(lv for lv in levels if levels[lv].get(measure) is not None)
            for lv in present:
                xs.append(levels[lv][measure])
                ys.append(lv)
            for easier, harder in zip(present, present[1:], strict=False):
                total += 1
                diff = levels[harder][measure] - levels[easier][measure]
                correct += diff * direction > 0
        if total:
            out[measure] = {
                "pairs": total,
                "ordering_accuracy": round(correct / total, 4),
                "spearman_with_level": spearman(xs, ys),
            }
    return out


def _langdetect(records: list[dict[str, Any]]) -> dict[str, Any]:
    with Timer() as t:
        detected = [detect_language(r["text"]).language for r in records]
    correct = sum(d == r["lang"] for d, r in zip(detected, records, strict=True))
    return {
        "texts": len(records),
        "accuracy": round(correct / max(len(records), 1), 4),
        "texts_per_second": round(len(records) / t.seconds, 1) if t.seconds else None,
    }
