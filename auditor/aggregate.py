"""The per-source aggregate: the one place where article results become per-source figures.

A pandas computation over the articles frame (`auditor.api.articles_frame`); reporters only
format its output. Per source:
- `articles`, `first_published` / `last_published` (parsed dates, where given), `languages`
  (detected, most frequent first);
- per score (attribution, translation, repost, readability, grammar, overall): mean, median,
  10th percentile (`p10`), min, and a 95% interval of the mean (`ci_low`, `ci_high`): a
  percentile bootstrap of 1,000 resamples with a fixed seed (deterministic), empty for fewer
  than two scored articles;
- shares of articles that are reposts, uncredited rewrites, machine translations, or lack
  attribution (flags defined in `articles_frame`);
- `top_codes`: the most frequent warning/error rule codes with their article counts;
- `worst_articles`: the three lowest overall scores, as `id (score) url`;
- `reliability` (0-100), its 95% interval `reliability_ci_low` / `reliability_ci_high` (a
  bootstrap over the source's articles, fixed seed; 0-100 for a single article) and
  `reliability_reasons` (the measures that move it most for this source): the fitted estimate
  of `auditor.reliability`, from the per-article `f_*` feature columns (absent when the model
  file is);
- `few_articles`: fewer than `min_articles` (default 5) articles; such sources are listed but
  get no `rank`, since their figures are not certain enough to rank.
`rank` orders the other sources by reliability (by mean overall score without a model), best
first. `unknown` (articles with no source, from many sites) is never ranked. Input errors
(no text, undecodable, too large) are rows of the articles frame but never enter a figure.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from auditor.models import UNKNOWN_SOURCE
from auditor.reliability import Model, estimate, feature_matrix, load_model
from auditor.rule import FAMILIES

SCORES = [*FAMILIES, "overall"]
FLAGS = ["is_repost", "is_uncredited_rewrite", "is_machine_translation", "lacks_attribution"]
BOOTSTRAP_RESAMPLES = 1000
SEED = 0
MIN_ARTICLES = 5
RELIABILITY = ["reliability", "reliability_ci_low", "reliability_ci_high", "reliability_reasons"]
_DEFAULT = object()


def bootstrap_ci(values: np.ndarray, seed: int = SEED) -> tuple[float | None, float | None]:
    """95% percentile-bootstrap interval of the mean (None for fewer than two values)."""
    if len(values) < 2:
        return None, None
    rng = np.random.default_rng(seed)
    means = rng.choice(values, size=(BOOTSTRAP_RESAMPLES, len(values))).mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return round(float(low), 1), round(float(high), 1)


def sources_frame(
    articles: pd.DataFrame,
    min_articles: int = MIN_ARTICLES,
    model: Model | None | object = _DEFAULT,
) -> pd.DataFrame:
    """One row per source, sorted by rank (ranked sources first), then by name.

    `model`: the reliability model (default: the shipped one; None for no estimate)."""
    if model is _DEFAULT:
        model = load_model()
    ok = articles[articles["input_error"].isna()] if "input_error" in articles else articles
    if ok.empty:
        return pd.DataFrame(columns=["rank", "source", "articles", "few_articles"])
    rows = []
    for source, group in ok.groupby("source", sort=True):
        row: dict[str, object] = {"source": source, "articles": len(group)}
        dates = pd.to_datetime(group["published"], errors="coerce", utc=True, format="mixed")
        row["first_published"] = dates.min().date().isoformat() if dates.notna().any() else None
        row["last_published"] = dates.max().date().isoformat() if dates.notna().any() else None
        langs = Counter(group["language"].dropna())
        row["languages"] = ", ".join(f"{k} ({v})" for k, v in langs.most_common())
        for col in SCORES:
            values = pd.to_numeric(group[col], errors="coerce").dropna().to_numpy()
            has = len(values) > 0
            row[f"{col}_mean"] = round(float(values.mean()), 1) if has else None
            row[f"{col}_median"] = round(float(np.median(values)), 1) if has else None
            row[f"{col}_p10"] = round(float(np.percentile(values, 10)), 1) if has else None
            row[f"{col}_min"] = round(float(values.min()), 1) if has else None
            row[f"{col}_ci_low"], row[f"{col}_ci_high"] = bootstrap_ci(values)
        for flag in FLAGS:
            row[f"share_{flag.removeprefix('is_')}"] = round(
                float(group[flag].astype(bool).mean()), 3
            )
        codes = Counter(c for cs in group["top_codes"].fillna("") for c in cs.split())
        row["top_codes"] = ", ".join(f"{c} ({n})" for c, n in codes.most_common(5))
        worst = group.sort_values(["overall", "id"], na_position="last").head(3)
        row["worst_articles"] = "; ".join(
            f"{w['id']} ({w['overall']})" + (f" {w['url']}" if isinstance(w["url"], str) else "")
            for _, w in worst.iterrows()
        )
        row["errors"] = int(group["errors"].sum())
        row["warnings"] = int(group["warnings"].sum())
        if "rule_errors" in group:  # articles a rule crashed on: their scores miss a check
            row["articles_with_rule_errors"] = int(
                (group["rule_errors"].fillna("").astype(str) != "").sum()
            )
        if isinstance(model, Model):
            row.update(estimate(feature_matrix(group, model), model))
        row["few_articles"] = len(group) < min_articles
        rows.append(row)
    out = pd.DataFrame(rows)
    key = "reliability" if "reliability" in out else "overall_mean"
    rankable = ~out["few_articles"] & (out["source"] != UNKNOWN_SOURCE)
    ranked = out[rankable].sort_values([key, "source"], ascending=[False, True])
    out["rank"] = pd.Series(range(1, len(ranked) + 1), index=ranked.index, dtype="Int64")
    out = pd.concat([out.loc[ranked.index], out[~rankable]])
    first = ["rank", "source", "articles", "few_articles", *(c for c in RELIABILITY if c in out)]
    columns = first + [c for c in out.columns if c not in first]
    return out[columns].reset_index(drop=True)


def load_ratings(ratings_csv: str) -> tuple[str, dict[str, float]]:
    """Expert domain ratings: (rating column name, lower-cased domain -> rating).

    The CSV needs a `domain` column and a rating column: `pc1` (Lin et al. 2023), else its
    second column. Domains are matched with and without "www.".
    """
    ratings = pd.read_csv(ratings_csv)
    if "domain" not in ratings.columns or len(ratings.columns) < 2:
        raise ValueError(f"{ratings_csv}: needs a `domain` column and a rating column")
    column = "pc1" if "pc1" in ratings.columns else str(ratings.columns[1])
    values = pd.to_numeric(ratings[column], errors="coerce")
    if values[ratings[column].notna()].isna().any():
        raise ValueError(
            f"{ratings_csv}: rating column {column!r} holds values that are not numbers"
        )
    lookup = {
        str(d).lower().removeprefix("www."): v
        for d, v in zip(ratings["domain"], ratings[column], strict=True)
    }
    return column, lookup


def add_ratings(sources: pd.DataFrame, ratings: tuple[str, dict[str, float]]) -> pd.DataFrame:
    """Put expert domain ratings beside our scores (never blended into them)."""
    column, lookup = ratings
    out = sources.copy()
    out[f"expert_rating_{column}"] = [
        lookup.get(str(s).lower().removeprefix("www.")) for s in out["source"]
    ]
    return out
