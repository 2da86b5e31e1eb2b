"""Reuse (uncredited rewrite): agency story / newspaper story pairs (corpora/reuse, COUNTER).

Each pair is audited as a batch of two articles from different sources (agency first; the
corpus dates are days, so no direction is given). A pair is predicted "derived" when a rule
that provides "reuse-pairs" links the newspaper story to the agency story: `derived` counts
any link, `derived_passages` only links through shared passages (reuse kind "passages", the
level that can be a warning), `derived_paraphrase` only links of kind "paraphrase". Gold:
wholly + partially derived vs non derived; recall is also given per gold label.
Unrelated pairs: each newspaper story is also audited with the agency story of the next record
(a different event, in record order); `unrelated_linked` is the share of those pairs that get
linked, an estimate of how often a batch of unrelated stories would be linked.
Batch: the whole split is also audited as one run (every agency and newspaper story, as a
desk would run a day's intake), where REP003 also drops word pairs common to the run;
`batch.derived` scores the link from each newspaper story to its own agency story, and
`batch.links_per_story_elsewhere` is the mean number of other agency stories a newspaper story
is linked to (not labelled: same-event stories of other pairs, or false links).
Also langdetect's accuracy on the Urdu texts (both sides of every pair).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.config import Config
from auditor.engine import discover_rules
from auditor.evaluation.common import audit as audit_articles
from auditor.evaluation.common import not_implemented
from auditor.evaluation.metrics import prf
from auditor.models import Article, ArticleResult

PROVIDES = "reuse-pairs"


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    codes = [c for c, cls in discover_rules().items() if PROVIDES in cls.provides]
    if not codes:
        return not_implemented("reuse", "no rule provides reuse pairs yet")
    counts = {level: [0, 0, 0] for level in ("derived", "derived_passages", "derived_paraphrase")}
    found = {label: [0, 0] for label in ("wholly", "partially", "non")}  # linked, total
    urdu = unrelated = 0
    for n, rec in enumerate(records):
        agency, paper = _side(rec, "source"), _side(rec, "derived")
        run = audit_articles([agency, paper], config, select=codes)
        kinds = _linked(run.results[1], agency.id)
        urdu += sum(r.measures.get("language") == rec.get("language", "ur") for r in run.results)
        if len(records) > 1:
            other = _side(records[(n + 1) % len(records)], "source")
            unrelated += bool(
                _linked(audit_articles([other, paper], config, select=codes).results[1], other.id)
            )
        derived = rec["label"] in ("wholly", "partially")
        for level, linked in (
            ("derived", bool(kinds)),
            ("derived_passages", "passages" in kinds),
            ("derived_paraphrase", "paraphrase" in kinds),
        ):
            counts[level][0] += linked and derived
            counts[level][1] += linked and not derived
            counts[level][2] += derived and not linked
        if rec["label"] in found:
            found[rec["label"]][0] += bool(kinds)
            found[rec["label"]][1] += 1
    return {
        "family": "reuse",
        "status": "ok",
        "metrics": {
            "pairs": len(records),
            **{level: prf(*c) for level, c in counts.items()},
            "linked_share_by_label": {
                label: round(n / total, 4) for label, (n, total) in found.items() if total
            },
            "unrelated_linked": round(unrelated / len(records), 4) if len(records) > 1 else None,
            "batch": _batch(records, config, codes),
            "language_detected_ur": round(urdu / max(2 * len(records), 1), 4),
        },
    }


def _batch(records: list[dict[str, Any]], config: Config, codes: list[str]) -> dict[str, Any]:
    """Every story of the split in one run: links of each newspaper story to its agency story
    (scored against the labels) and to other agency stories."""
    articles = [_side(rec, side) for rec in records for side in ("source", "derived")]
    run = audit_articles(articles, config, select=codes)
    by_id = {r.article.id: r for r in run.results}
    tp = fp = fn = elsewhere = 0
    for rec in records:
        paper = by_id[f"{rec['id']}:derived"]
        others = {
            f.data["reuse"]["other"]
            for f in paper.findings
            if f.data.get("reuse", {}).get("other", "").endswith(":source")
        }
        own = f"{rec['id']}:source" in others
        elsewhere += len(others - {f"{rec['id']}:source"})
        derived = rec["label"] in ("wholly", "partially")
        tp += own and derived
        fp += own and not derived
        fn += derived and not own
    return {
        "derived": prf(tp, fp, fn),
        "links_per_story_elsewhere": round(elsewhere / max(len(records), 1), 3),
    }


def _side(rec: dict[str, Any], side: str) -> Article:
    """One side of a pair: "source" (the agency story) or "derived" (the newspaper story)."""
    return Article(
        id=f"{rec['id']}:{side}",
        text=rec[f"{side}_text"],
        source=rec[f"{side}_outlet"],
        origin="corpus",
    )


def _linked(result: ArticleResult, other_id: str) -> set[str]:
    """The reuse kinds of the findings that link `result` to the article `other_id`."""
    return {
        f.data["reuse"].get("kind")
        for f in result.findings
        if f.data.get("reuse", {}).get("other") == other_id
    }
