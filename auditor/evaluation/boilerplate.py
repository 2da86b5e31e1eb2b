"""Repost boilerplate: line level on real news pages with gold bodies (corpora/boilerplate).

A flagged line is the evidence line of a REP001 finding. Two inputs:
- `page_text`: all visible text of the page; REP001 runs on it directly.
- `html`: the raw page through trafilatura (as `auditor audit page.html` does), then REP001.
Precision: a flagged line that lies inside the gold body is a false positive, unless it is one
of the body's own credit lines (`gold_tail_boilerplate`, `gold_wire_mentions`), which are
boilerplate by design ("lenient"); "strict" counts those as false positives too.
Recall: the share of the off-body candidate lines (`offbody_boilerplate`, regex-picked by the
corpus builder, so noisy) that are flagged; for `html`, a candidate also counts when
trafilatura dropped it from the main text. `gold_lines_kept` is the share of gold body lines
that survive trafilatura.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from auditor.config import Config
from auditor.evaluation.common import audit_texts
from auditor.evaluation.metrics import prf
from auditor.ingest import article_from_html
from auditor.models import Article

RULES = ["REP"]


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def evaluate(
    records: list[dict[str, Any]],
    config: Config,
    root: Path | None,
    split: str,
    path: Path | None = None,
):
    base = path.parent if path else None
    page_run = audit_texts(records, config, select=RULES, text_field="page_text")
    results = {"page_text": _score(records, {r.article.id: r for r in page_run.results})}
    if base is not None:
        articles = []
        for rec in records:
            html = gzip.decompress((base / rec["html_file"]).read_bytes())
            item = article_from_html(html, rec["id"])
            if isinstance(item, Article):
                articles.append(Article(id=rec["id"], text=item.text, origin="corpus"))
        from auditor.api import audit_articles

        html_run = audit_articles(articles, config, select=RULES)
        results["html"] = _score(records, {r.article.id: r for r in html_run.results}, html=True)
    return {"family": "repost", "status": "ok", "metrics": results}


def _score(records, results, html: bool = False) -> dict[str, Any]:  # noqa: ANN001
    tp = fp_lenient = fp_strict = 0
    found = total = kept = gold_total = 0
    for rec in records:
        gold = _lines(rec["gold_text"])
        credits = {c["text"].strip() for c in rec["gold_tail_boilerplate"]}
        credits |= {
            c.strip() if isinstance(c, str) else c["text"].strip()
            for c in rec["gold_wire_mentions"]
        }
        res = results.get(rec["id"])
        flagged = {f.evidence.strip() for f in res.findings if f.code == "REP001"} if res else set()
        for line in flagged:
            in_gold = line in gold
            tp += not in_gold
            fp_strict += in_gold
            fp_lenient += in_gold and line not in credits
        extracted = _lines(res.article.text) if res else set()
        for cand in rec["offbody_boilerplate"]:
            total += 1
            text = cand["text"].strip()
            hit = any(text in line for line in flagged)
            if html:
                hit = hit or text not in extracted
            found += hit
        if html:
            gold_total += len(gold)
            kept += len(gold & extracted)
    lenient = prf(tp + fp_strict - fp_lenient, fp_lenient, 0)
    strict = prf(tp, fp_strict, 0)
    out = {
        "pages": len(records),
        "flagged_lines": tp + fp_strict,
        "precision_lenient": lenient["precision"],
        "precision_strict": strict["precision"],
        "false_positives_in_gold_body": fp_lenient,
        "recall_offbody_candidates": round(found / total, 4) if total else None,
        "offbody_candidates": total,
    }
    if html:
        out["gold_lines_kept_by_trafilatura"] = round(kept / gold_total, 4) if gold_total else None
    return out
