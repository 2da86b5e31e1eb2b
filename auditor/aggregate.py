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
from collections.abc import Iterator

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
    columns = _Columns(ok.reset_index(drop=True), model if isinstance(model, Model) else None)
    rows = [columns.source_row(source, at, min_articles) for source, at in columns.groups()]
    out = pd.DataFrame(rows)
    key = "reliability" if "reliability" in out else "overall_mean"
    rankable = ~out["few_articles"] & (out["source"] != UNKNOWN_SOURCE)
    ranked = out[rankable].sort_values([key, "source"], ascending=[False, True])
    out["rank"] = pd.Series(range(1, len(ranked) + 1), index=ranked.index, dtype="Int64")
    out = pd.concat([out.loc[ranked.index], out[~rankable]])
    first = ["rank", "source", "articles", "few_articles", *(c for c in RELIABILITY if c in out)]
    columns = first + [c for c in out.columns if c not in first]
    return out[columns].reset_index(drop=True)


class _Columns:
    """The articles' columns the aggregate reads, converted once for the whole run (numbers
    as float arrays, dates parsed, flags as booleans), so that each source's row is numpy
    indexing of its articles' positions: a pandas selection per source and column cost
    about 4 ms a source, most of the aggregate's time on runs of many small sources."""

    def __init__(self, ok: pd.DataFrame, model: Model | None) -> None:
        self.ok = ok
        self.model = model
        self.ids = ok["id"].to_numpy(dtype=object)
        self.urls = ok["url"].to_numpy(dtype=object)
        dates = pd.to_datetime(ok["published"], errors="coerce", utc=True, format="mixed")
        self.dates = dates.dt.tz_localize(None).to_numpy()
        self.languages = [None if pd.isna(v) else v for v in ok["language"]]
        self.scores = {
            c: pd.to_numeric(ok[c], errors="coerce").to_numpy(dtype=float) for c in SCORES
        }
        self.overall = ok["overall"].to_numpy(dtype=object)
        self.flags = {f: ok[f].astype(bool).to_numpy() for f in FLAGS}
        self.codes = [str(cs).split() for cs in ok["top_codes"].fillna("")]
        self.errors = ok["errors"].to_numpy()
        self.warnings = ok["warnings"].to_numpy()
        self.rule_errors = (
            (ok["rule_errors"].fillna("").astype(str) != "").to_numpy()
            if "rule_errors" in ok
            else None
        )
        self.features = feature_matrix(ok, model) if model is not None else None

    def groups(self) -> Iterator[tuple[object, np.ndarray]]:
        """(source, positions of its articles in input order), sources sorted by name."""
        grouped = self.ok.groupby("source", sort=True)
        codes = grouped.ngroup().to_numpy()
        order = np.argsort(codes, kind="stable")
        sizes = grouped.size()
        starts = np.searchsorted(codes[order], np.arange(len(sizes)))
        for source, start, size in zip(sizes.index, starts, sizes.to_numpy(), strict=True):
            yield source, order[start : start + size]

    def source_row(self, source: object, at: np.ndarray, min_articles: int) -> dict[str, object]:
        row: dict[str, object] = {"source": source, "articles": len(at)}
        dates = self.dates[at]
        dates = dates[~np.isnat(dates)]
        has_dates = len(dates) > 0
        row["first_published"] = _day(dates.min()) if has_dates else None
        row["last_published"] = _day(dates.max()) if has_dates else None
        langs = Counter(self.languages[i] for i in at if self.languages[i] is not None)
        row["languages"] = ", ".join(f"{k} ({v})" for k, v in langs.most_common())
        for col in SCORES:
            values = self.scores[col][at]
            values = values[~np.isnan(values)]
            has = len(values) > 0
            row[f"{col}_mean"] = round(float(values.mean()), 1) if has else None
            row[f"{col}_median"] = round(float(np.median(values)), 1) if has else None
            row[f"{col}_p10"] = round(float(np.percentile(values, 10)), 1) if has else None
            row[f"{col}_min"] = round(float(values.min()), 1) if has else None
            row[f"{col}_ci_low"], row[f"{col}_ci_high"] = bootstrap_ci(values)
        for flag in FLAGS:
            row[f"share_{flag.removeprefix('is_')}"] = round(float(self.flags[flag][at].mean()), 3)
        codes = Counter(c for i in at for c in self.codes[i])
        row["top_codes"] = ", ".join(f"{c} ({n})" for c, n in codes.most_common(5))
        row["worst_articles"] = "; ".join(self._worst(at))
        row["errors"] = int(self.errors[at].sum())
        row["warnings"] = int(self.warnings[at].sum())
        if self.rule_errors is not None:  # articles a rule crashed on: their scores miss a check
            row["articles_with_rule_errors"] = int(self.rule_errors[at].sum())
        if self.model is not None:
            row.update(estimate(self.features[at], self.model))
        row["few_articles"] = len(at) < min_articles
        return row

    def _worst(self, at: np.ndarray, n: int = 3) -> list[str]:
        """The `n` lowest overall scores (no score last, then by id), as `id (score) url`."""
        overall = self.scores["overall"]
        worst = sorted(
            at,
            key=lambda i: (
                np.isnan(overall[i]),
                0.0 if np.isnan(overall[i]) else overall[i],
                self.ids[i],
            ),
        )[:n]
        return [
            f"{self.ids[i]} ({self.overall[i]})"
            + (f" {self.urls[i]}" if isinstance(self.urls[i], str) else "")
            for i in worst
        ]


def _day(value: np.datetime64) -> str:
    return pd.Timestamp(value).date().isoformat()


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
