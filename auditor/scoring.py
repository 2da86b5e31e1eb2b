"""Family scores (0-100, higher is better) and the overall score, from findings and measures only.

A family score is `base - penalties`, clipped to [0, 100]:
- `penalties` sums, over the family's findings, the points of their severity
  (config `penalties`, default info 0, warning 10, error 25); findings of rules already
  scored through a share measure (REP003) take no extra points;
- `base` is 100, except for four families. Translation: the machine-translation
  probability p of TRN007 mapped piecewise linearly so that p = 0 gives 100, p = the
  model's threshold gives 50 and p = 1 gives 0 (so the shipped `mt_threshold` of 50 on the
  translation score is the model's threshold when no span finding is present).
  Attribution: 50 + 50 x the share of the article's attributions (ATT003) that have a named
  source, when it has any.
  Repost: 100 x (1 - the share of the text that is
  boilerplate or copied from another source without credit: measures
  repost.boilerplate_share and repost.uncredited_share); boilerplate and pasted-tail findings
  (REP001, REP002) also take their severity points, as markers that the article is a repost.
  Readability: the reading-ease measure mapped onto the news band (config
  `readability_band`, default 30-70 on the Flesch scale: 100 inside the band, two points
  lost per unit outside it; a text can be too hard or too simple). Without that measure (no
  formula for the language) readability has no score.
A family none of whose rules ran on the article (disabled, not applicable to its language, or
its component unavailable) gets no score (None), never 100. The overall score is the weighted
mean (config `weights`) of the family scores that exist.
"""

from __future__ import annotations

from auditor.config import Config
from auditor.models import ArticleResult
from auditor.rule import FAMILIES

READING_EASE = "readability.ease"
# Shares of the text (0-1) that are boilerplate or copied from another source without credit.
REPOST_SHARES = ("repost.boilerplate_share", "repost.uncredited_share")
BAND_SLOPE = 2.0


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
            if f.data.get("family") == family and f.data.get("penalised", True)
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
        claims = result.measures.get("attribution.claims")
        named = result.measures.get("attribution.claims_named")
        if isinstance(claims, int) and isinstance(named, int) and claims > 0:
            return 50.0 + 50.0 * named / claims
        return 100.0
    if family == "translation":
        p = result.measures.get("translation.mt_probability")
        t = result.measures.get("translation.mt_threshold")
        if isinstance(p, int | float) and isinstance(t, int | float) and 0 < t < 1:
            # piecewise linear: p = 0 -> 100, p = threshold -> 50, p = 1 -> 0
            return 100.0 * (1 - p / (2 * t)) if p <= t else 50.0 * (1 - (p - t) / (1 - t))
        return 100.0
    if family == "repost":
        copied = sum(
            v for k in REPOST_SHARES if isinstance(v := result.measures.get(k), int | float)
        )
        return 100.0 * (1.0 - min(1.0, copied))
    if family == "readability":
        # Without a reading-ease formula for the language there is nothing to score.
        ease = result.measures.get(READING_EASE)
        if not isinstance(ease, int | float):
            return None
        low, high = config.readability_band
        distance = max(low - ease, ease - high, 0.0)
        return 100.0 - BAND_SLOPE * distance
    return 100.0


def _clip(value: float) -> float:
    return max(0.0, min(100.0, value))
