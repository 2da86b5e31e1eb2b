"""Attribution family: detected attribution relations against gold relations.

Gold: GUM news (`attribution`) or PolNeAR (`polnear`) relations with content, source and cue
spans. Predicted: the `relation` data of findings from rules that provide
"attribution-relations" ({"content": [s, e], "source": [s, e] | None, "cue": [s, e] | None,
"source_kind": "named" | "anonymous" | "none"}).

Matching, one to one, greedy by overlap size:
- attribution: a predicted relation matches a gold one when their content spans share at
  least one character (gold discontinuous content counts with all its pieces);
- source: among relations with a source span on both sides, when the source spans overlap;
- named vs anonymous: accuracy over matched pairs whose gold kind is named or anonymous
  (GUM's `proper_name_modifier` "State Department spokesperson" counts as named, as the corpus
  maps it; our rules also call an institution-credited spokesperson named).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.config import Config
from auditor.engine import discover_rules
from auditor.evaluation.common import audit_texts, not_implemented, overlaps
from auditor.evaluation.metrics import prf

PROVIDES = "attribution-relations"


def _pieces(rel: dict[str, Any], key: str) -> list[list[int]]:
    return rel.get(f"{key}_spans") or ([rel[f"{key}_span"]] if rel.get(f"{key}_span") else [])


def _match(pred: list[Any], gold: list[Any], score) -> list[tuple[int, int]]:  # noqa: ANN001
    pairs = sorted(
        ((score(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p, used_g, out = set(), set(), []
    for s, i, j in pairs:
        if s <= 0:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def _tally(counts: list[int], pred: list[Any], gold: list[Any], key: str) -> list[tuple[int, int]]:
    """Match predicted and gold relations on the overlap of their `key` spans; add tp, fp
    and fn to `counts`; return the matched (pred, gold) index pairs."""
    matches = _match(
        pred,
        gold,
        lambda p, g: max((overlaps(p[key], piece) for piece in _pieces(g, key)), default=0),
    )
    counts[0] += len(matches)
    counts[1] += len(pred) - len(matches)
    counts[2] += len(gold) - len(matches)
    return matches


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    codes = [c for c, cls in discover_rules().items() if PROVIDES in cls.provides]
    if not codes:
        return not_implemented("attribution", "no rule provides attribution relations yet")
    run = audit_texts(records, config, select=codes)
    gold_by_id = {r["id"]: r["attributions"] for r in records}
    att = [0, 0, 0]
    src = [0, 0, 0]
    kind_ok = kind_total = 0
    for res in run.results:
        gold = gold_by_id[res.article.id]
        pred = [f.data["relation"] for f in res.findings if "relation" in f.data]
        matches = _tally(att, pred, gold, "content")
        _tally(
            src,
            [p for p in pred if p.get("source")],
            [g for g in gold if g.get("source_span")],
            "source",
        )
        for i, j in matches:
            gk = gold[j].get("source_kind")
            if gk in ("named", "anonymous"):
                kind_total += 1
                kind_ok += pred[i].get("source_kind") == gk
    return {
        "family": "attribution",
        "status": "ok",
        "metrics": {
            "documents": len(run.results),
            "gold_relations": att[0] + att[2],
            "attribution": prf(*att),
            "source": prf(*src),
            "named_vs_anonymous_accuracy": round(kind_ok / kind_total, 4) if kind_total else None,
            "named_vs_anonymous_pairs": kind_total,
        },
    }
