"""Family scores (0-100, higher is better) and the overall score, from findings and measures only.

A family score is `base - penalties`, clipped to [0, 100]:
- `penalties` sums, over the family's findings, the points of their severity
  (config `penalties`, default info 0, warning 10, error 25); findings of rules scored
  through a measure (REP003, and REP002, see below) take no extra points;
- `base` is 100, except for four families (the figures are Spearman correlations of the
  per-source mean score with the expert rating pc1 on the dev split of corpora/sources, rated
  domains with >= 5 articles, pooled / AllSides-only; docs/quality.md has test):
  Translation: the machine-translation probability p of TRN007 mapped piecewise linearly so
  that p = 0 gives 100, p = the model's threshold gives 50 and p = 1 gives 0 (so the shipped
  `mt_threshold` of 50 on the translation score is the model's threshold when no span finding
  is present). (Dev: +0.06 / +0.05; -0.15 / -0.22 with the old detector, whose probability
  rose with wire-style reporting.)
  Attribution: 100 x sourcing x (1 - agentless share) x (1/2 + 1/2 named share), where
  sourcing = min(1, attributions (ATT003) per 1,000 words / 5) and the shares are those of the
  article's attributions (0 when it has none). An article that attributes nothing has base 0,
  not 100: an unsourced opinion post is not "perfect"; one with 5 or more attributions per
  1,000 words, all named, has 100. Dev: +0.10 / -0.07 since ATT001 and ATT004 report as info
  (read by hand on real news they were mostly wrong, so they take no points; as warnings the
  family had +0.21 / +0.13); the base alone +0.06. Since ATT003 keeps its unsure sourceless
  relations, the median article has 19 attributions per 1,000 words, so `sourcing` is 1 for
  nine articles in ten and the base mostly reads the two shares. The family describes
  sourcing; ranking sources is the reliability model's job (`auditor/reliability.py`), which
  reads these measures with learned weights.
  Repost: 100 x (1 - the share of the text that is boilerplate, measure
  repost.boilerplate_share, - the share copied from another source without credit, measure
  repost.uncredited_share); boilerplate findings (REP001, REP004) also take their severity
  points, as markers that the article is a repost. The uncredited share counts narrative
  passages only (REP003 leaves quotations out, so two reports quoting the same statement share
  nothing); an earlier floor of 0.2, for shares that were mostly quotations, is gone with
  them. Pasted-tail findings (REP002) mark an article as
  a repost but take no points: they also match reporters' own sign-offs ("Follow X on
  Twitter: ..."), and with points the family's dev correlation within AllSides was -0.06
  (now +0.03 / +0.11).
  Readability: the reading ease (measure readability.ease) against the news band (config
  `readability_band`, default 25-65 on the Flesch scale): 100 at the band's centre (45, about
  the median of the dev articles of outlets rated 0.8 or more), 50 at its edges, falling
  linearly on both sides (a text can be too hard or too simple). The old scale, 100 anywhere
  inside 30-70, gave 95% of dev articles exactly 100 (dev +0.32 / +0.20, was +0.24 / +0.13).
  Without that measure (no formula for the language) readability has no score.
A family none of whose rules ran on the article (disabled, not applicable to its language, or
its component unavailable) gets no score (None), never 100. The overall score is the weighted
mean (config `weights`) of the family scores that exist.
"""

from __future__ import annotations

from auditor.config import Config
from auditor.models import ArticleResult
from auditor.rule import FAMILIES

READING_EASE = "readability.ease"
BOILERPLATE_SHARE = "repost.boilerplate_share"
UNCREDITED_SHARE = "repost.uncredited_share"
# Attributions per 1,000 words at which an article counts as fully sourced.
FULL_SOURCING_PER_1000_WORDS = 5.0
# Findings that mark a repost but take no points (see the module docstring).
UNPENALISED = frozenset({"REP002"})


def family_scores(result: ArticleResult, config: Config) -> dict[str, float | None]:
    """Compute every family score and `overall` for one article result."""
    scores: dict[str, float | None] = {}
    for family in FAMILIES:
        if family not in result.families_run:
            scores[family] = None
            continue
        penalty = sum(
            config.penalties[f.severity.value]
            for f in result.findings
            if f.data.get("family") == family
            and f.data.get("penalised", True)
            and f.code not in UNPENALISED
        )
        base = _base(family, result, config)
        scores[family] = None if base is None else round(_clip(base - penalty), 1)
    scores["overall"] = overall(scores, config)
    return scores


def overall(scores: dict[str, float | None], config: Config) -> float | None:
    """Weighted mean of the family scores that exist; None when none exists."""
    pairs = [
        (scores[f], config.weights.get(f, 0.0))
        for f in FAMILIES
        if scores.get(f) is not None and config.weights.get(f, 0.0) > 0
    ]
    total = sum(w for _, w in pairs)
    if not total:
        return None
    return round(sum(s * w for s, w in pairs) / total, 1)


def _base(family: str, result: ArticleResult, config: Config) -> float | None:
    if family == "attribution":
        return _attribution_base(result.measures)
    if family == "translation":
        p = result.measures.get("translation.mt_probability")
        t = result.measures.get("translation.mt_threshold")
        if isinstance(p, int | float) and isinstance(t, int | float) and 0 < t < 1:
            # piecewise linear: p = 0 -> 100, p = threshold -> 50, p = 1 -> 0
            return 100.0 * (1 - p / (2 * t)) if p <= t else 50.0 * (1 - (p - t) / (1 - t))
        return 100.0
    if family == "repost":
        boilerplate = _number(result.measures.get(BOILERPLATE_SHARE)) or 0.0
        uncredited = _number(result.measures.get(UNCREDITED_SHARE)) or 0.0
        return 100.0 * (1.0 - min(1.0, boilerplate + uncredited))
    if family == "readability":
        # Without a reading-ease formula for the language there is nothing to score.
        ease = _number(result.measures.get(READING_EASE))
        if ease is None:
            return None
        low, high = config.readability_band
        width = max(high - low, 1e-9)
        return 100.0 - 100.0 * abs(ease - (low + high) / 2) / width
    return 100.0


def _attribution_base(measures: dict) -> float:
    claims = _number(measures.get("attribution.claims"))
    if claims is None:  # ATT003 did not run (language): other attribution rules still score
        return 100.0
    if claims == 0:
        return 0.0
    named = _number(measures.get("attribution.claims_named")) or 0.0
    agentless = _number(measures.get("attribution.claims_agentless")) or 0.0
    density = _number(measures.get("attribution.claims_per_1000_words"))
    words = _number(measures.get("attribution.words"))
    if density is None and words:
        density = 1000.0 * claims / words
    sourcing = 1.0 if density is None else min(1.0, density / FULL_SOURCING_PER_1000_WORDS)
    return 100.0 * sourcing * (1.0 - agentless / claims) * (0.5 + 0.5 * named / claims)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _clip(value: float) -> float:
    return max(0.0, min(100.0, value))
