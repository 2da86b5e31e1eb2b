"""Translation family: human vs machine translation on WMT documents (corpora/mt), and
English-original news, which should never be called a translation.

- Document level: ROC AUC of the translation score as a predictor of "human" (a higher score
  should mean a human translation); precision and recall of "machine translation" at the
  shipped threshold (score < config `mt_threshold`), the false-positive rate on human
  translations; the same by language pair and by system. zh-en has no human translations
  (the corpus dropped them), so its AUC is against the human translations of all pairs.
- English originals: the share flagged (score under the threshold) on each English-original
  corpus of the same split (PolNeAR; sources version 2, articles of outlets with pc1 >= 0.8;
  OneStopEnglish; GUM news), the share with a translation warning, and the Spearman
  correlation between the translation score and "said" per 1,000 words (should be near 0).
- Calibration: Brier score and a reliability table of TRN007's probability over the split's
  translations and English originals.
- Typography: TRN007's AUC on the texts as they are, with typography normalised (straight
  quotes and hyphens everywhere) and with the human translations given curly typography and
  the machine translations straight: the three must be equal (the model must not read
  typography).
- Span rules: per rule, precision against the MQM error spans (share of its findings that
  overlap a span) beside chance (the share of character positions a span of the same length
  would overlap if placed at random in the same document), and the share of MT, human and
  English-original documents it fires on.
- Not applicable: how many documents got no probability, and why.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from auditor.config import Config
from auditor.evaluation.common import audit_texts, overlaps
from auditor.evaluation.corpora import read_records
from auditor.evaluation.metrics import prf, roc_auc, spearman
from auditor.models import Severity

FAMILY = "translation"
PROBABILITY = "translation.mt_probability"
NOT_APPLICABLE = "translation.mt_not_applicable"
SPAN_RULES = ("TRN001", "TRN002", "TRN003", "TRN004", "TRN005", "TRN006")
_SAID = re.compile(r"\bsaid\b", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+")
MIN_PC1 = 0.8


def _serious(findings):  # noqa: ANN001, ANN202
    return [
        f
        for f in findings
        if f.data.get("family") == FAMILY and f.severity.rank >= Severity.WARNING.rank
    ]


def _auc_human(scores: list[float], human: list[bool]) -> float | None:
    return roc_auc(scores, human) if 0 < sum(human) < len(human) else None


def _rates(rows: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """AUC, recall on MT and FPR on human translations of scored rows."""
    scored = [r for r in rows if r["score"] is not None]
    mt = [r for r in scored if not r["human"]]
    human = [r for r in scored if r["human"]]
    out: dict[str, Any] = {"mt": len(mt), "human": len(human)}
    out["roc_auc"] = _auc_human([r["score"] for r in scored], [r["human"] for r in scored])
    if mt:
        out["recall"] = round(sum(r["score"] < threshold for r in mt) / len(mt), 4)
    if human:
        out["fpr"] = round(sum(r["score"] < threshold for r in human) / len(human), 4)
    return out


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    run = audit_texts(records, config)
    by_id = {r["id"]: r for r in records}
    rows: list[dict[str, Any]] = []
    tp = fp = fn = tn = 0
    span_hits = span_total = 0
    languages_ok = 0
    not_applicable: Counter[str] = Counter()
    per_rule: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for res in run.results:
        rec = by_id[res.article.id]
        score = res.scores.get(FAMILY)
        human = rec["label"] == "human"
        languages_ok += res.measures.get("language") == "en"
        if NOT_APPLICABLE in res.measures:
            not_applicable[_reason(res.measures[NOT_APPLICABLE])] += 1
        rows.append(
            {
                "score": score,
                "human": human,
                "pair": rec["lang_pair"],
                "system": rec["system"],
                "p": res.measures.get(PROBABILITY),
                "text": rec["text"],
            }
        )
        _count_rule_firings(per_rule, res.findings, "human" if human else "mt")
        if score is None:
            continue
        flagged = score < config.mt_threshold
        tp += flagged and not human
        fp += flagged and human
        fn += (not flagged) and not human
        tn += (not flagged) and human
        gold = [(s["start"], s["end"]) for s in rec.get("spans") or []]
        if gold:
            for f in _serious(res.findings):
                span_total += 1
                span_hits += any(overlaps((f.start, f.end), g) for g in gold)
            _span_precision(per_rule, res.findings, gold, len(rec["text"]))
    scored = [r for r in rows if r["score"] is not None]
    by_label = {"human": sum(r["human"] for r in scored), "mt": sum(not r["human"] for r in scored)}
    threshold = config.mt_threshold
    metrics: dict[str, Any] = {
        "documents": by_label,
        "roc_auc_human_vs_mt": _auc_human(
            [r["score"] for r in scored], [r["human"] for r in scored]
        ),
        "mt_threshold": threshold,
        "mt_at_threshold": prf(tp, fp, fn),
        "false_positive_rate_on_human": round(fp / (fp + tn), 4) if fp + tn else None,
        "by_pair": _by_pair(rows, threshold),
        "by_system": {
            s: {
                k: v
                for k, v in _rates(mine, threshold).items()
                if v is not None and not (k in ("mt", "human") and v == 0)
            }
            for s in sorted({r["system"] for r in rows})
            if (mine := [r for r in rows if r["system"] == s])
        },
        "span_precision_vs_mqm": round(span_hits / span_total, 4) if span_total else None,
        "span_findings_on_mqm_documents": span_total,
        "language_detected_en": round(languages_ok / max(len(run.results), 1), 4),
        "typography": _typography(rows),
        "not_applicable": dict(not_applicable),
    }
    originals: list[dict[str, Any]] = []
    if root is not None:
        metrics["english_originals"] = _english_originals(config, root, split, originals, per_rule)
    metrics["calibration"] = _calibration(rows, originals)
    metrics["span_rules"] = _span_rule_table(per_rule)
    return {"family": FAMILY, "status": "ok", "metrics": metrics}


def _reason(text: str) -> str:
    return str(text).split(" (")[0]


def _by_pair(rows: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    out = {}
    humans = [r for r in rows if r["human"]]
    for pair in sorted({r["pair"] for r in rows}):
        mine = [r for r in rows if r["pair"] == pair]
        if not any(r["human"] for r in mine):
            # no human translation of this pair: compare its MT with all human translations
            row = _rates(mine + humans, threshold)
            row["human"] = 0
            row.pop("fpr", None)
            row["auc_against"] = "human translations of all pairs"
        else:
            row = _rates(mine, threshold)
        out[pair] = row
    return out


def _count_rule_firings(per_rule, findings, kind: str) -> None:  # noqa: ANN001
    fired = {f.code for f in findings if f.code in SPAN_RULES}
    for code in SPAN_RULES:
        per_rule[code][f"{kind}_documents"] += 1
        per_rule[code][f"{kind}_fired"] += code in fired


def _span_precision(per_rule, findings, gold, length: int) -> None:  # noqa: ANN001
    covered = bytearray(length + 1)
    for s, e in gold:
        for i in range(max(0, s), min(e, length)):
            covered[i] = 1
    for f in findings:
        if f.code not in SPAN_RULES or f.start is None or f.end is None:
            continue
        size = max(1, f.end - f.start)
        per_rule[f.code]["mqm_findings"] += 1
        per_rule[f.code]["mqm_hits"] += any(overlaps((f.start, f.end), g) for g in gold)
        # chance: share of start positions where a span of this size overlaps a gold span
        starts = max(1, length - size + 1)
        hit = 0
        run = sum(covered[0:size])
        for i in range(starts):
            if i:
                run += covered[i + size - 1] - covered[i - 1]
            hit += run > 0
        per_rule[f.code]["mqm_chance"] += hit / starts


def _span_rule_table(per_rule) -> dict[str, Any]:  # noqa: ANN001
    out = {}
    for code in SPAN_RULES:
        c = per_rule.get(code, {})
        row: dict[str, Any] = {}
        n = c.get("mqm_findings", 0)
        row["mqm_findings"] = int(n)
        row["precision_vs_mqm"] = round(c["mqm_hits"] / n, 4) if n else None
        row["chance_vs_mqm"] = round(c["mqm_chance"] / n, 4) if n else None
        for kind in ("mt", "human", "original"):
            docs = c.get(f"{kind}_documents", 0)
            row[f"fires_on_{kind}"] = round(c[f"{kind}_fired"] / docs, 4) if docs else None
        out[code] = row
    return out


def _typography(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """TRN007's AUC on the texts as given, typography normalised, and typography planted."""
    from auditor.rules.translation.mt_features import normalise_typography
    from auditor.rules.translation.statistical import mt_probability

    def auc(transform) -> float | None:  # noqa: ANN001
        ps, human = [], []
        for r in rows:
            p = mt_probability(transform(r))
            if p is not None:
                ps.append(-p)
                human.append(r["human"])
        return _auc_human(ps, human)

    def planted(r: dict[str, Any]) -> str:
        text = normalise_typography(r["text"])
        if not r["human"]:
            return text
        text = re.sub(r'"(?=\w)', "\u201c", text).replace('"', "\u201d")
        return text.replace("'", "\u2019").replace(" - ", " \u2014 ")

    return {
        "roc_auc_as_given": auc(lambda r: r["text"]),
        "roc_auc_typography_normalised": auc(lambda r: normalise_typography(r["text"])),
        "roc_auc_curly_on_human_only": auc(planted),
    }


def _english_originals(config, root, split, originals, per_rule) -> dict[str, Any]:  # noqa: ANN001
    sources = {
        "polnear": (root / "attribution" / "polnear" / f"{split}.jsonl", lambda r: True),
        f"sources(pc1>={MIN_PC1})": (
            root / "sources" / f"{split}.jsonl",
            lambda r: isinstance(r.get("pc1"), int | float) and r["pc1"] >= MIN_PC1,
        ),
        "onestopenglish": (root / "readability" / f"{split}.jsonl", lambda r: r["lang"] == "en"),
        "gum": (root / "attribution" / f"{split}.jsonl", lambda r: True),
    }
    out: dict[str, Any] = {}
    flagged_all = docs_all = 0
    for name, (path, keep) in sources.items():
        if not path.is_file():
            continue
        records = [r for r in read_records(path) if keep(r)]
        run = audit_texts(records, config, select=["TRN"])
        scored = flagged = warned = 0
        reasons: Counter[str] = Counter()
        for res in run.results:
            _count_rule_firings(per_rule, res.findings, "original")
            warned += bool(_serious(res.findings))
            if NOT_APPLICABLE in res.measures:
                reasons[_reason(res.measures[NOT_APPLICABLE])] += 1
            score = res.scores.get(FAMILY)
            p = res.measures.get(PROBABILITY)
            words = len(_WORDS.findall(res.article.text))
            originals.append(
                {
                    "score": score,
                    "p": p,
                    "said": 1000 * len(_SAID.findall(res.article.text)) / max(words, 1),
                }
            )
            if p is None or score is None:
                continue
            scored += 1
            flagged += score < config.mt_threshold
        out[name] = {
            "documents": len(run.results),
            "scored": scored,
            "fpr": round(flagged / scored, 4) if scored else None,
            "with_translation_warning": round(warned / max(len(run.results), 1), 4),
            "not_applicable": dict(reasons),
        }
        flagged_all += flagged
        docs_all += scored
    out["all"] = {
        "documents": docs_all,
        "fpr": round(flagged_all / docs_all, 4) if docs_all else None,
    }
    pairs = [(o["score"], o["said"]) for o in originals if o["p"] is not None]
    out["spearman_score_vs_said_per_1000_words"] = (
        spearman([a for a, _ in pairs], [b for _, b in pairs]) if len(pairs) > 2 else None
    )
    return out


def _calibration(rows: list[dict[str, Any]], originals: list[dict[str, Any]]) -> dict[str, Any]:
    pairs = [(r["p"], 0 if r["human"] else 1) for r in rows if r["p"] is not None]
    pairs += [(o["p"], 0) for o in originals if o["p"] is not None]
    if not pairs:
        return {}
    brier = sum((p - y) ** 2 for p, y in pairs) / len(pairs)
    table = {}
    for b in range(10):
        lo, hi = b / 10, (b + 1) / 10
        sel = [(p, y) for p, y in pairs if lo <= p < hi or (b == 9 and p == 1.0)]
        if sel:
            table[f"{lo:.1f}-{hi:.1f}"] = {
                "documents": len(sel),
                "mean_probability": round(sum(p for p, _ in sel) / len(sel), 4),
                "share_mt": round(sum(y for _, y in sel) / len(sel), 4),
            }
    return {"documents": len(pairs), "brier": round(brier, 4), "reliability": table}
