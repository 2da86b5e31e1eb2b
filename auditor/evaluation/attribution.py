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
- recall by group: content recall of gold relations whose cue holds a reporting verb of
  `reporting_verbs_en.txt` or "according to" (`cue_speech_report`) or not (`cue_other`:
  belief, perception, evidence, nominal cues, credits without a cue), and whose content holds
  a quotation mark or not (`content_quoted` / `content_unquoted`).
The headline figures are those of ATT003 (what ships); `extractor_rules` and `extractor_model`
give the regex extractor alone and the trained tagger alone on the same documents.

Verdicts (`verdicts.<CODE>`): how often the rules that accuse an article are right, against
the same gold relations (a finding is an accusation, so its precision is the figure):
- ATT001 (a quotation with no speaker or source): right when no gold relation's content
  overlaps the flagged quotation;
- ATT005 (a claim attributed to no one): right when the flagged cue overlaps the cue of a
  gold relation without a source span (PolNeAR's "Attribution-no-source");
- ATT004 (most claims anonymous, per article): right when at least `min_claims` gold
  relations have a named or anonymous source and the anonymous share among them reaches
  the rule's `max_share` (defaults 3 and 0.5); recall over the articles where that holds.
  A gold source counts as anonymous when the corpus says so and the rule's definition
  (`relations.names_no_one`) agrees: PolNeAR's derived kind also calls polls, percentages
  of respondents and descriptions such as "the board" anonymous, which ATT004 does not
  accuse (a poll story is not anonymous sourcing).
Each gives the findings, the right ones, precision and the share of documents flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from auditor.config import Config
from auditor.engine import discover_rules
from auditor.evaluation.common import audit_texts, not_implemented, overlaps
from auditor.evaluation.metrics import prf
from auditor.rules.attribution import relations, tagger
from auditor.rules.helpers import load_words

PROVIDES = "attribution-relations"
VERDICT_RULES = ("ATT001", "ATT004", "ATT005")


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


def _cue_group(rel: dict[str, Any], verbs: frozenset[str]) -> str:
    """ "speech_report" when the gold cue holds a reporting verb of the rules' lexicon (or is
    "according to"), else "other" (belief, perception, evidence, nominal cues)."""
    words = (rel.get("cue_text") or "").lower().split()
    return "speech_report" if any(w in verbs or w == "according" for w in words) else "other"


def _quoted(rel: dict[str, Any]) -> str:
    text = rel.get("content_text") or ""
    return "quoted" if any(q in text for q in ('"', "\u201c", "\u201d", "''")) else "unquoted"


def score(pairs: Iterable[tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> dict[str, Any]:
    """Metrics of predicted relations against gold ones, over (predicted, gold) pairs of
    documents: content (attribution) and source P/R/F1, named/anonymous accuracy, and content
    recall by cue group and by quoted/unquoted content."""
    verbs = load_words("auditor.rules.attribution", "reporting_verbs_en.txt")
    att = [0, 0, 0]
    src = [0, 0, 0]
    kind_ok = kind_total = 0
    groups: dict[str, list[int]] = {}
    for pred, gold in pairs:
        matches = _tally(att, pred, gold, "content")
        _tally(
            src,
            [p for p in pred if p.get("source")],
            [g for g in gold if g.get("source_span")],
            "source",
        )
        found = {j for _, j in matches}
        for j, g in enumerate(gold):
            for group in (f"cue_{_cue_group(g, verbs)}", f"content_{_quoted(g)}"):
                tally = groups.setdefault(group, [0, 0])
                tally[0] += j in found
                tally[1] += 1
        for i, j in matches:
            gk = gold[j].get("source_kind")
            if gk in ("named", "anonymous"):
                kind_total += 1
                kind_ok += pred[i].get("source_kind") == gk
    return {
        "gold_relations": att[0] + att[2],
        "attribution": prf(*att),
        "source": prf(*src),
        "named_vs_anonymous_accuracy": round(kind_ok / kind_total, 4) if kind_total else None,
        "named_vs_anonymous_pairs": kind_total,
        "recall_by": {
            g: {"recall": round(ok / n, 4) if n else None, "gold": n}
            for g, (ok, n) in sorted(groups.items())
        },
    }


def evaluate(records: list[dict[str, Any]], config: Config, root: Path | None, split: str):
    rules = discover_rules()
    codes = [c for c, cls in rules.items() if PROVIDES in cls.provides]
    if not codes:
        return not_implemented("attribution", "no rule provides attribution relations yet")
    run = audit_texts(records, config, select=codes + [c for c in VERDICT_RULES if c in rules])
    gold_by_id = {r["id"]: r["attributions"] for r in records}
    shipped = []
    rules_only = []
    model_only = []
    for res in run.results:
        gold = gold_by_id[res.article.id]
        shipped.append(([f.data["relation"] for f in res.findings if "relation" in f.data], gold))
        text = res.article.text
        rules_only.append(([r.as_data() for r in relations.extract_rules(text)], gold))
        if tagger.available():
            model_only.append(([r.as_data() for r in relations.extract_model(text)], gold))
    metrics: dict[str, Any] = {"documents": len(run.results), **score(shipped)}
    metrics["verdicts"] = verdicts(
        [(res.findings, gold_by_id[res.article.id]) for res in run.results],
        config.rules.get("ATT004", {}),
    )
    # the extractors side by side: what ATT003 ships, the regex rules alone, the model alone
    metrics["extractor_rules"] = score(rules_only)
    if model_only:
        metrics["extractor_model"] = score(model_only)
    return {"family": "attribution", "status": "ok", "metrics": metrics}


def verdicts(
    pairs: list[tuple[list[Any], list[dict[str, Any]]]], att004: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Precision of the accusing rules' findings against gold relations, over (findings, gold)
    pairs of documents (see the module docstring); `att004`: ATT004's configured options."""
    opts = {"min_claims": 3, "max_share": 0.5, **(att004 or {})}
    tally = {code: [0, 0, 0] for code in VERDICT_RULES}  # findings, right, documents flagged
    gold_anonymous = 0
    for findings, gold in pairs:
        contents = [piece for g in gold for piece in _pieces(g, "content")]
        agentless = [g["cue_span"] for g in gold if g.get("cue_span") and not g.get("source_span")]
        kinds = [
            g["source_kind"]
            for g in gold
            if g.get("source_kind") == "named"
            or (
                g.get("source_kind") == "anonymous"
                and relations.names_no_one(g.get("source_text") or "")
            )
        ]
        anonymous = (
            len(kinds) >= opts["min_claims"]
            and kinds.count("anonymous") / len(kinds) >= opts["max_share"]
        )
        gold_anonymous += anonymous
        flagged = set()
        for f in findings:
            if f.code not in tally:
                continue
            span = (f.start, f.end)
            t = tally[f.code]
            t[0] += 1
            flagged.add(f.code)
            if f.code == "ATT001":
                t[1] += not any(overlaps(span, c) for c in contents)
            elif f.code == "ATT005":
                t[1] += any(overlaps(span, c) for c in agentless)
            else:
                t[1] += anonymous
        for code in flagged:
            tally[code][2] += 1
    docs = len(pairs)
    out: dict[str, Any] = {}
    for code, (n, right, flagged_docs) in tally.items():
        out[code] = {
            "findings": n,
            "right": right,
            "precision": round(right / n, 4) if n else None,
            "documents_flagged": round(flagged_docs / docs, 4) if docs else None,
        }
    out["ATT004"]["gold_documents"] = gold_anonymous
    out["ATT004"]["recall"] = (
        round(out["ATT004"]["right"] / gold_anonymous, 4) if gold_anonymous else None
    )
    return out
