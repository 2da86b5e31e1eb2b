"""Reuse on English news (corpora/reuse-en): are REP003's accusations true?

Four measurements, each a run of the rules that provide "reuse-pairs":
- `polnear`: the PolNeAR articles of `attribution/polnear` (dev and test: the pairs cross the
  splits) audited as one batch (source = publisher, published = publication date), scored
  against `pairs.jsonl`: a warning on a `quotes_only` or `independent` pair is a false
  accusation, a warning on the copier of a `copied` pair that does not credit is a true one.
  Warned pairs that are not labelled are counted apart (`unlabelled_warned_pairs`: read them).
- `syndication`: the articles of `syndication.jsonl` (from `sources` dev and test) audited
  as one batch (source = domain, with URL and date): every `copied` pair should be linked, with
  a warning on a copier that credits neither the other nor the common source and an info
  finding when it does; a warning on a quotes_only, independent, boilerplate or
  same-publisher pair, on a crediting copier, or on the original is a false accusation.
- `constructed`: positives made from real articles of `sources` (the split asked for): a run
  of whole narrative paragraphs (no quotation marks, at least 40 words) of one article
  (the donor, dated a day earlier) pasted into the middle of an unrelated article of another
  domain (the copy), as is, with light edits (every 9th word of the passage dropped) and with
  a credit line naming the donor's domain; each variant is one batch of donors and copies.
  Recall: uncredited copies warned on the copy; credited copies must be info on the copy
  and never a warning. Any other warning in those batches is false.
- `unrelated`: the whole `sources` split as one batch: REP003 links and warnings per article
  (mostly unrelated articles; real reposts between them are counted too).
`warning_precision` pools the labelled warnings of polnear and syndication (directed: one per
warned article of a pair) with the constructed batches' warnings.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from auditor.api import audit_articles
from auditor.config import Config
from auditor.engine import AuditRun, discover_rules
from auditor.evaluation.common import not_implemented
from auditor.evaluation.corpora import read_records
from auditor.ingest import registered_domain
from auditor.models import Article, Severity

PROVIDES = "reuse-pairs"
# PolNeAR's publisher ids and the site names their pages carry (what an HTML page's
# og:site_name gives the ingest; the ids alone are not what a crediting article writes)
POLNEAR_SITE_NAMES = {
    "breitbart": "Breitbart",
    "nyt": "The New York Times",
    "usa-today": "USA Today",
    "west-journal": "Western Journal",
    "huff-post": "HuffPost",
    "politico": "Politico",
    "wash-post": "The Washington Post",
}
CASES = 120  # constructed positives per variant
_QUOTE_MARKS = re.compile(r"[\"“”„«»]")


def evaluate(
    records: list[dict[str, Any]],
    config: Config,
    root: Path | None,
    split: str,
    path: Path | None = None,
) -> dict[str, Any]:
    codes = [c for c, cls in discover_rules().items() if PROVIDES in cls.provides]
    if not codes:
        return not_implemented("reuse-en", "no rule provides reuse pairs yet")
    if root is None or path is None:
        return not_implemented("reuse-en", "corpora folder not found")
    folder = path.parent
    sources = {
        s: {r["id"]: r for r in read_records(root / "sources" / f"{s}.jsonl")}
        for s in ("dev", "test")
    }
    # with --limit N (fewer records than the file): N pairs of each file and only the
    # articles they name, N constructed cases, 10 N unrelated articles
    limit = len(records) if len(records) < sum(1 for _ in read_records(path)) else None
    tally = {"true": 0, "false": 0}
    polnear = _polnear(records, root, config, codes, tally, limited=limit is not None)
    syndication = _syndication(
        list(read_records(folder / "syndication.jsonl", limit)), sources, config, codes, tally
    )
    pool = list(sources[split].values())
    constructed = _constructed(pool, config, codes, tally, limit or CASES)
    unrelated = _unrelated(pool[: 10 * limit] if limit else pool, config, codes)
    warned = tally["true"] + tally["false"]
    return {
        "family": "reuse",
        "status": "ok",
        "metrics": {
            "warning_precision": round(tally["true"] / warned, 4) if warned else None,
            "warnings_true": tally["true"],
            "warnings_false": tally["false"],
            "polnear": polnear,
            "syndication": syndication,
            "constructed": constructed,
            "unrelated": unrelated,
        },
    }


def _links(run: AuditRun) -> dict[tuple[str, str], set[str]]:
    """(article id, other id) -> severities of the REP003-style findings linking them."""
    out: dict[tuple[str, str], set[str]] = {}
    for r in run.results:
        for f in r.findings:
            other = f.data.get("reuse", {}).get("other")
            if other:
                out.setdefault((r.article.id, other), set()).add(f.severity.value)
    return out


WARN = Severity.WARNING.value


def _polnear(records, root, config, codes, tally, limited=False) -> dict[str, Any]:
    named = {i for r in records for i in (r["a_id"], r["b_id"])}
    articles = []
    for s in ("dev", "test"):
        file = root / "attribution" / "polnear" / f"{s}.jsonl"
        if file.is_file():
            articles += [
                Article(
                    id=r["id"],
                    text=r["text"],
                    source=r.get("publisher") or "unknown",
                    title=r.get("title"),
                    published=r.get("publication_date"),
                    origin="corpus",
                    extra={"site_name": POLNEAR_SITE_NAMES.get(r.get("publisher"))},
                )
                for r in read_records(file)
                if not limited or r["id"] in named
            ]
    links = _links(audit_articles(articles, config, select=codes))
    labelled = {frozenset((r["a_id"], r["b_id"])): r for r in records}
    warned_noncopied = info_noncopied = 0
    copied = {"pairs": 0, "linked": 0, "true_warnings": 0, "false_warnings": 0}
    for rec in records:
        a, b = rec["a_id"], rec["b_id"]
        on = {x for x, y in ((a, b), (b, a)) if WARN in links.get((x, y), set())}
        linked = (a, b) in links or (b, a) in links
        if rec["label"] == "copied":
            copied["pairs"] += 1
            copied["linked"] += linked
            copier = rec.get("copier_id")
            for x in on:
                good = x == copier and not rec.get("copier_credits")
                copied["true_warnings" if good else "false_warnings"] += 1
                tally["true" if good else "false"] += 1
        else:
            warned_noncopied += bool(on)
            info_noncopied += linked and not on
            tally["false"] += len(on)
    unlabelled = sorted(
        {
            " / ".join(sorted((x, y)))
            for (x, y), sev in links.items()
            if WARN in sev and frozenset((x, y)) not in labelled
        }
    )
    return {
        "articles": len(articles),
        "pairs": len(records),
        "warned_noncopied_pairs": warned_noncopied,
        "info_linked_noncopied_pairs": info_noncopied,
        "copied": copied,
        "unlabelled_warned_pairs": len(unlabelled),
        "unlabelled_warned_examples": unlabelled[:5],
        "links": len(links),
    }


def _source_article(rec: dict[str, Any]) -> Article:
    domain = rec.get("domain") or registered_domain(rec.get("url") or "") or "unknown"
    return Article(
        id=rec["id"],
        text=rec["text"],
        source=domain,
        url=rec.get("url"),
        title=rec.get("title"),
        published=rec.get("published"),
        origin="corpus",
        extra={"authors": rec.get("authors") or []},
    )


def _syndication(records, sources, config, codes, tally) -> dict[str, Any]:
    by_id = {**sources["dev"], **sources["test"]}
    ids = sorted({i for r in records for i in (r["a_id"], r["b_id"]) if i in by_id})
    links = _links(audit_articles([_source_article(by_id[i]) for i in ids], config, select=codes))
    warned: dict[str, int] = {}
    copied = {
        "pairs": 0,
        "linked": 0,
        "uncredited_copier_warned": 0,
        "uncredited_copies": 0,
        "credited_copier_info": 0,
        "credited_copies": 0,
        "false_warnings": 0,
    }
    for rec in records:
        a, b = rec["a_id"], rec["b_id"]
        on = {x for x, y in ((a, b), (b, a)) if WARN in links.get((x, y), set())}
        if rec["label"] != "copied" or rec.get("same_publisher"):
            key = "same_publisher" if rec.get("same_publisher") else rec["label"]
            warned[key] = warned.get(key, 0) + bool(on)
            tally["false"] += len(on)
            continue
        copied["pairs"] += 1
        copied["linked"] += (a, b) in links or (b, a) in links
        original = rec.get("original_id")
        for x, y, credits in ((a, b, rec["a_credits"]), (b, a, rec["b_credits"])):
            if x == original:
                if x in on:
                    copied["false_warnings"] += 1
                    tally["false"] += 1
                continue
            sev = links.get((x, y), set())
            if credits:
                copied["credited_copies"] += 1
                copied["credited_copier_info"] += bool(sev) and WARN not in sev
            else:
                copied["uncredited_copies"] += 1
                copied["uncredited_copier_warned"] += WARN in sev
            if WARN in sev:
                tally["true" if not credits else "false"] += 1
                copied["false_warnings"] += bool(credits)
    return {
        "articles": len(ids),
        "pairs": len(records),
        "warned_pairs_by_label": warned,
        "copied": copied,
    }


def _narrative_run(text: str, rng: random.Random) -> str | None:
    """Consecutive whole paragraphs without quotation marks, 40-120 words, from the middle
    of the text when there is a choice."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    runs: list[str] = []
    for i in range(len(paras)):
        chosen: list[str] = []
        for p in paras[i:]:
            if _QUOTE_MARKS.search(p) or len(p.split()) < 8:
                break
            chosen.append(p)
            words = sum(len(c.split()) for c in chosen)
            if words >= 40:
                if words <= 120:
                    runs.append("\n\n".join(chosen))
                break
    return rng.choice(runs) if runs else None


def _edited(passage: str) -> str:
    """Light edits: every 9th word dropped."""
    words = passage.split(" ")
    return " ".join(w for n, w in enumerate(words, 1) if n % 9)


def _constructed(records, config, codes, tally, cases_wanted: int) -> dict[str, Any]:
    rng = random.Random(0)
    pool = [r for r in records if len(r["text"].split()) >= 150]
    rng.shuffle(pool)
    cases = []
    used: set[str] = set()
    for donor in pool:
        if len(cases) >= cases_wanted:
            break
        passage = _narrative_run(donor["text"], rng)
        if passage is None or donor["id"] in used:
            continue
        host = next(
            (
                h
                for h in pool
                if h["id"] not in used
                and h["id"] != donor["id"]
                and _source_article(h).source != _source_article(donor).source
            ),
            None,
        )
        if host is None:
            break
        used |= {donor["id"], host["id"]}
        cases.append((donor, host, passage))
    out: dict[str, Any] = {"cases": len(cases)}
    for variant in ("verbatim", "edited", "credited"):
        articles, expect = [], {}
        for n, (donor, host, passage) in enumerate(cases):
            d = replace(_source_article(donor), id=f"donor:{n}", published="2020-03-01T10:00:00Z")
            paras = (
                host["text"].split("\n\n") if "\n\n" in host["text"] else host["text"].split("\n")
            )
            pasted = _edited(passage) if variant == "edited" else passage
            if variant == "credited":
                pasted += f"\n\n(This passage first appeared on {d.source}.)"
            mid = max(len(paras) // 2, 1)
            text = "\n\n".join(paras[:mid] + [pasted] + paras[mid:])
            h = _source_article(host)
            copy = Article(
                id=f"copy:{n}",
                text=text,
                source=h.source,
                url=h.url,
                title=h.title,
                published="2020-03-02T10:00:00Z",
                origin="constructed",
            )
            articles += [d, copy]
            expect[copy.id] = d.id
        links = _links(audit_articles(articles, config, select=codes))
        hit = other_warnings = 0
        for (x, y), sev in links.items():
            if expect.get(x) == y:
                good = WARN in sev if variant != "credited" else WARN not in sev
                hit += good
                if WARN in sev:
                    tally["true" if variant != "credited" else "false"] += 1
            elif WARN in sev:
                other_warnings += 1
                tally["false"] += 1
        out[variant] = {
            "recall": round(hit / max(len(cases), 1), 4),
            "other_warnings": other_warnings,
        }
    return out


def _unrelated(records, config, codes) -> dict[str, Any]:
    articles = [_source_article(r) for r in records]
    links = _links(audit_articles(articles, config, select=codes))
    n = max(len(articles), 1)
    return {
        "articles": len(articles),
        "links_per_article": round(len(links) / n, 4),
        "warnings_per_article": round(sum(WARN in s for s in links.values()) / n, 4),
    }
