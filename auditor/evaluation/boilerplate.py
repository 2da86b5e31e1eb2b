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
REP004 (`html` only) looks at what trafilatura dropped: `page_credit` counts its findings,
the share of dropped off-body credit candidates (categories repost_credit and wire_credit;
regex-picked, so many are photo captions) that it records, its evidence lines that lie in the
gold body (false positives), and the pages whose canonical link names another site.
ATT002 (wire credit) runs on the gold bodies: `wire_credit_gold_body` gives the share of the
corpus's wire-mention lines (`gold_wire_mentions`: regex-picked lines that name a wire, so
some are mere mentions, e.g. "AP experts on our weekly podcast") that hold an ATT002 credit,
and the credits found on other lines (listed, to be read: not counted as errors).
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
    wire_run = audit_texts(records, config, select=["ATT002"], text_field="gold_text")
    results["wire_credit_gold_body"] = _score_wires(
        records, {r.article.id: r for r in wire_run.results}
    )
    if base is not None:
        articles = []
        for rec in records:
            html = gzip.decompress((base / rec["html_file"]).read_bytes())
            item = article_from_html(html, rec["id"])
            if isinstance(item, Article):
                articles.append(
                    Article(
                        id=rec["id"],
                        text=item.text,
                        origin="corpus",
                        url=item.url,
                        extra=item.extra,
                    )
                )
        from auditor.evaluation.common import audit as audit_articles

        html_run = audit_articles(articles, config, select=RULES)
        by_id = {r.article.id: r for r in html_run.results}
        results["html"] = _score(records, by_id, html=True)
        results["html_page_credit"] = _score_page_credit(records, by_id)
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


CREDIT_CATEGORIES = {"repost_credit", "wire_credit"}


def _score_page_credit(records, results) -> dict[str, Any]:  # noqa: ANN001
    """REP004 on the parts of the page that trafilatura dropped."""
    findings = in_gold = found = total = 0
    warned_pages, canonical = 0, []
    for rec in records:
        res = results.get(rec["id"])
        if res is None:
            continue
        page = [f for f in res.findings if f.code == "REP004"]
        gold = _lines(rec["gold_text"])
        findings += len(page)
        in_gold += sum(f.evidence.strip() in gold for f in page)
        warned_pages += any(f.severity.value != "info" for f in page)
        canonical += [rec["url"] for f in page if f.data.get("pattern") == "canonical-link"]
        extracted = _lines(res.article.text)
        for cand in rec["offbody_boilerplate"]:
            text = cand["text"].strip()
            if CREDIT_CATEGORIES & set(cand["categories"]) and text not in extracted:
                total += 1
                found += any(text == f.evidence.strip() for f in page)
    return {
        "findings": findings,
        "evidence_in_gold_body": in_gold,
        "pages_marked_repost": warned_pages,
        "dropped_credit_candidates": total,
        "recall_dropped_credit_candidates": round(found / total, 4) if total else None,
        "canonical_reposts": canonical,
    }


def _score_wires(records, results) -> dict[str, Any]:  # noqa: ANN001
    """ATT002 on gold bodies against the corpus's wire-mention lines."""
    total = found = 0
    elsewhere: list[str] = []
    for rec in records:
        res = results.get(rec["id"])
        if res is None:
            continue
        credits = [f for f in res.findings if f.code == "ATT002"]
        text = res.article.text
        mentions = [m if isinstance(m, str) else m["text"] for m in rec["gold_wire_mentions"]]
        spans = []
        for line in mentions:
            start = text.find(line.strip())
            if start >= 0:
                spans.append((start, start + len(line.strip())))
        total += len(mentions)
        found += sum(any(s <= f.start < e for f in credits) for s, e in spans)
        elsewhere += [
            text[max(0, f.start - 30) : f.end + 30].replace("\n", " ")
            for f in credits
            if not any(s <= f.start < e for s, e in spans)
        ]
    return {
        "wire_mention_lines": total,
        "recall_wire_mention_lines": round(found / total, 4) if total else None,
        "credits_on_other_lines": len(elsewhere),
        "credits_on_other_lines_examples": elsewhere[:10],
    }
