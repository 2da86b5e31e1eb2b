"""The per-source reliability estimate: per-article measures, averaged per source, into a
small fitted linear model (shipped as `auditor/data/reliability_model.json`).

What it does: each article gets a few features read from its measures (how much of it is
sourced, how many sources are named, how many quotations it carries, whether it credits a
wire, how long and how hard its sentences are, how often it asks the reader questions,
exclaims or says "you", how much loaded language ("shocking", "slams"), distancing words
("reportedly", "so-called") and scare quotes it uses, how many dates and figures it gives,
how much of it is boilerplate, copied without credit or machine-translated). A source's
features are the means over its articles; the model standardises them with the training
sources' means and spreads (clipped to +-3 spreads) and combines them linearly (ridge
regression on the expert rating pc1, with signs fixed where the direction is not in doubt:
more named sources never lowers the estimate, more uncredited copying never raises it).
`reliability` is 100 x the prediction, clipped to 0-100: roughly the expert rating the
source's articles look like, on a 0-100 scale.

Why it matters: a per-source mean of the family scores answers "how many rules fired", not
"can I trust this source"; the estimate is fitted to answer the second, and its reasons say
which measures moved it, so a reader can check them in the articles.

The interval is a percentile bootstrap over the source's articles (fixed seed); a source with
one article gets the whole scale (0-100), since one article says little about a source. The
model is trained by `scripts/train_reliability.py` on the dev domains of corpora/sources only;
inference needs numpy only. A feature the model knows but the audit did not measure (a rule
disabled, a measure renamed) is filled with the training mean, so it moves nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from auditor.models import ArticleResult

MODEL_PATH = Path(__file__).parent / "data" / "reliability_model.json"
BOOTSTRAP_RESAMPLES = 1000
SEED = 0
REASONS = 3
# A reason is listed only when it moves the estimate by at least this many points.
MIN_REASON_POINTS = 1.0
# Standardised feature values are clipped to +-Z_CLIP: one article far outside the training
# sources' range moves a source by at most that many spreads (the model is linear).
Z_CLIP = 3.0
# Column prefix of the per-article features in the articles frame.
PREFIX = "f_"

Measures = Mapping[str, Any]


def _num(measures: Measures, name: str) -> float | None:
    v = measures.get(name)
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return None
    return float(v)


def _words(m: Measures) -> float | None:
    return _num(m, "attribution.words")


def _per_k(m: Measures, count_name: str) -> float | None:
    count, words = _num(m, count_name), _words(m)
    if count is None or not words:
        return None
    return 1000.0 * count / words


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def _share(m: Measures, part: str, whole: str) -> float | None:
    p, w = _num(m, part), _num(m, whole)
    return p / w if p is not None and w else None


def _unsourced(m: Measures) -> float | None:
    claims = _num(m, "attribution.claims")
    return None if claims is None else float(claims == 0)


def _wire(m: Measures) -> float | None:
    v = m.get("attribution.wires_credited")
    return None if v is None else float(bool(str(v).strip()))


def _log1p(value: float | None) -> float | None:
    return None if value is None or value < 0 else math.log1p(value)


def _log_words(m: Measures) -> float | None:
    words = _words(m)
    return math.log10(words) if words else None


def _artefacts(m: Measures) -> float | None:
    names = (
        "translation.missing_apostrophes",
        "translation.inconsistent_case",
        "translation.formulas",
        "translation.date_calques",
    )
    values = [_num(m, n) for n in names]
    words = _words(m)
    if all(v is None for v in values) or not words:
        return None
    return 1000.0 * sum(v for v in values if v is not None) / words


# name -> (per-article value from the article's measures, reason label when high, when low,
# unit shown in the reason). Names only; the model file says which are used and how.
FEATURES: dict[str, tuple[Callable[[Measures], float | None], str, str, str]] = {
    "claims_per_1000_words": (
        lambda m: _first(
            _num(m, "attribution.claims_per_1000_words"), _per_k(m, "attribution.claims")
        ),
        "much sourced reporting",
        "little sourced reporting",
        "attributions per 1,000 words",
    ),
    "named_per_1000_words": (
        lambda m: _first(
            _num(m, "attribution.named_per_1000_words"), _per_k(m, "attribution.claims_named")
        ),
        "many named sources",
        "few named sources",
        "per 1,000 words",
    ),
    "quotes_per_1000_words": (
        lambda m: _first(
            _num(m, "attribution.quotes_per_1000_words"), _per_k(m, "attribution.quotes")
        ),
        "many quotations",
        "few quotations",
        "per 1,000 words",
    ),
    "named_share": (
        lambda m: _first(
            _num(m, "attribution.named_share"),
            _share(m, "attribution.claims_named", "attribution.claims"),
        ),
        "sources mostly named",
        "sources seldom named",
        "share of attributions",
    ),
    "anonymous_share": (
        lambda m: _first(
            _num(m, "attribution.anonymous_share"),
            _share(m, "attribution.claims_anonymous", "attribution.claims"),
        ),
        "many anonymous sources",
        "few anonymous sources",
        "share of attributions",
    ),
    "agentless_share": (
        lambda m: _first(
            _num(m, "attribution.agentless_share"),
            _share(m, "attribution.claims_agentless", "attribution.claims"),
        ),
        "much agentless reporting",
        "little agentless reporting",
        "share of attributions",
    ),
    "unsourced_article": (
        _unsourced,
        "many articles attribute nothing",
        "few articles attribute nothing",
        "share of articles",
    ),
    "quotes_attributed_share": (
        lambda m: _share(m, "attribution.quotes_attributed", "attribution.quotes"),
        "quotations attributed",
        "quotations left unattributed",
        "share of quotations",
    ),
    "wire_credit": (
        _wire,
        "wire agencies credited",
        "wire agencies seldom credited",
        "share of articles",
    ),
    "log_words": (_log_words, "long articles", "short articles", "words (geometric mean)"),
    "grade_level": (
        lambda m: _num(m, "readability.flesch_kincaid_grade"),
        "demanding prose",
        "simple prose",
        "Flesch-Kincaid grade",
    ),
    "longest_sentence": (
        lambda m: _num(m, "readability.longest_sentence"),
        "very long sentences",
        "short longest sentences",
        "words",
    ),
    "longest_paragraph": (
        lambda m: _log1p(_num(m, "readability.longest_paragraph")),
        "very long paragraphs",
        "short paragraphs",
        "words in the longest paragraph (geometric mean)",
    ),
    "questions_per_1000_words": (
        lambda m: _num(m, "readability.questions_per_1000_words"),
        "many questions",
        "few questions",
        "question marks per 1,000 words",
    ),
    "exclamations_per_1000_words": (
        lambda m: _num(m, "readability.exclamations_per_1000_words"),
        "many exclamations",
        "few exclamations",
        "per 1,000 words",
    ),
    "second_person_per_1000_words": (
        lambda m: _num(m, "readability.second_person_per_1000_words"),
        "addresses the reader",
        "seldom addresses the reader",
        "'you' per 1,000 words",
    ),
    "first_person_per_1000_words": (
        lambda m: _num(m, "readability.first_person_per_1000_words"),
        "much first person",
        "little first person",
        "'I' per 1,000 words",
    ),
    "ellipses_per_1000_words": (
        lambda m: _num(m, "readability.ellipses_per_1000_words"),
        "many ellipses",
        "few ellipses",
        "per 1,000 words",
    ),
    "dates_per_1000_words": (
        lambda m: _num(m, "readability.dates_per_1000_words"),
        "many dates",
        "few dates",
        "day and month names per 1,000 words",
    ),
    "numbers_per_1000_words": (
        lambda m: _num(m, "readability.numbers_per_1000_words"),
        "many figures",
        "few figures",
        "numbers per 1,000 words",
    ),
    "mean_word_length": (
        lambda m: _num(m, "readability.mean_word_length"),
        "long words",
        "short words",
        "characters per word",
    ),
    "loaded_words_per_1000_words": (
        lambda m: _num(m, "readability.loaded_words_per_1000_words"),
        "much loaded language",
        "little loaded language",
        "hyperbole and insults per 1,000 words",
    ),
    "distancing_words_per_1000_words": (
        lambda m: _num(m, "readability.distancing_words_per_1000_words"),
        "many claims kept at a distance",
        "few claims kept at a distance",
        "'reportedly', 'so-called' per 1,000 words",
    ),
    "scare_quotes_per_1000_words": (
        lambda m: _num(m, "readability.scare_quotes_per_1000_words"),
        "many scare quotes",
        "few scare quotes",
        "quotations of 1-3 words per 1,000 words",
    ),
    "pattern_claims_per_1000_words": (
        lambda m: _num(m, "attribution.pattern_claims_per_1000_words"),
        "much reported speech",
        "little reported speech",
        "reporting-verb attributions per 1,000 words",
    ),
    "pattern_named_per_1000_words": (
        lambda m: _num(m, "attribution.pattern_named_per_1000_words"),
        "many named speakers",
        "few named speakers",
        "per 1,000 words",
    ),
    "pattern_named_share": (
        lambda m: _num(m, "attribution.pattern_named_share"),
        "speakers mostly named",
        "speakers seldom named",
        "share of reporting-verb attributions",
    ),
    "mt_probability": (
        lambda m: _num(m, "translation.mt_probability"),
        "reads like machine translation",
        "reads like human writing",
        "MT probability",
    ),
    "translation_artefacts": (
        _artefacts,
        "many translation artefacts",
        "few translation artefacts",
        "per 1,000 words",
    ),
    "uncredited_share": (
        lambda m: _num(m, "repost.uncredited_share"),
        "text copied without credit",
        "little text copied without credit",
        "share of text",
    ),
    "boilerplate_share": (
        lambda m: _num(m, "repost.boilerplate_share"),
        "much repost boilerplate",
        "little boilerplate",
        "share of text",
    ),
}


# Features averaged on a log scale are shown back in words.
DISPLAY: dict[str, Callable[[float], float]] = {
    "log_words": lambda v: 10.0**v,
    "longest_paragraph": math.expm1,
}


def article_features(result: ArticleResult) -> dict[str, float | None]:
    """The per-article feature values (columns `f_<name>` of the articles frame)."""
    return {f"{PREFIX}{name}": fn(result.measures) for name, (fn, *_) in FEATURES.items()}


@dataclass(frozen=True)
class Model:
    """A fitted linear model over standardised per-source feature means."""

    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    quantiles: dict[str, list[float]]
    meta: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        feats = data["features"]
        return cls(
            features=[f["name"] for f in feats],
            mean=np.array([f["mean"] for f in feats], dtype=float),
            scale=np.array([f["scale"] for f in feats], dtype=float),
            coef=np.array([f["coef"] for f in feats], dtype=float),
            intercept=float(data["intercept"]),
            quantiles={f["name"]: f["quantiles"] for f in feats},
            meta={k: v for k, v in data.items() if k not in ("features", "intercept")},
        )

    def standardised(self, means: np.ndarray) -> np.ndarray:
        """z values of feature means, 0 where not measured, clipped to +-Z_CLIP."""
        z = np.nan_to_num((means - self.mean) / self.scale, nan=0.0)
        return np.clip(z, -Z_CLIP, Z_CLIP)

    def predict(self, means: np.ndarray) -> np.ndarray:
        """Reliability (0-100) of rows of per-source feature means (NaN = not measured)."""
        z = self.standardised(means)
        return np.clip(100.0 * (self.intercept + z @ self.coef), 0.0, 100.0)

    def contributions(self, means: np.ndarray) -> np.ndarray:
        """Points each feature adds to (or takes from) one source's estimate, against the
        average training source."""
        return 100.0 * self.standardised(means) * self.coef


@cache
def load_model(path: str | None = None) -> Model | None:
    """The shipped model (None when the file is absent: no estimate, nothing breaks)."""
    p = Path(path) if path else MODEL_PATH
    if not p.is_file():
        return None
    return Model.from_dict(json.loads(p.read_text(encoding="utf-8")))


def feature_matrix(articles: Any, model: Model) -> np.ndarray:
    """Articles x model features (NaN where an article lacks the measure)."""
    cols = []
    for name in model.features:
        col = f"{PREFIX}{name}"
        if col in articles:
            cols.append(np.asarray(articles[col].astype(float), dtype=float))
        else:
            cols.append(np.full(len(articles), np.nan))
    return np.column_stack(cols) if cols else np.zeros((len(articles), 0))


def _nanmean_rows(x: np.ndarray) -> np.ndarray:
    """Column means ignoring NaN, NaN where a column has no value (no warning)."""
    counts = (~np.isnan(x)).sum(axis=-2)
    sums = np.nansum(x, axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def estimate(x: np.ndarray, model: Model, seed: int = SEED) -> dict[str, Any]:
    """Reliability, its bootstrap interval and its reasons for one source's articles `x`."""
    means = _nanmean_rows(x)
    value = float(model.predict(means[None, :])[0])
    n = len(x)
    if n >= 2:
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, n, size=(BOOTSTRAP_RESAMPLES, n))
        boot = model.predict(_nanmean_rows(x[idx]))
        low, high = (float(v) for v in np.percentile(boot, [2.5, 97.5]))
    else:  # one article: the interval says we know little
        low, high = 0.0, 100.0
    reasons = reasons_for(means, model)
    if n < 2:
        reasons = ["1 article: interval is the whole scale", *reasons]
    return {
        "reliability": round(value, 1),
        "reliability_ci_low": round(low, 1),
        "reliability_ci_high": round(high, 1),
        "reliability_reasons": "; ".join(reasons),
    }


def reasons_for(means: np.ndarray, model: Model, top: int = REASONS) -> list[str]:
    """The few measures that move this source's estimate most, in words:
    "few named sources: 0.8 per 1,000 words, bottom 10% (-6)"."""
    points = model.contributions(means)
    order = np.argsort(-np.abs(points), kind="stable")
    out = []
    for j in order[:top]:
        if abs(points[j]) < MIN_REASON_POINTS or np.isnan(means[j]):
            continue
        name = model.features[j]
        _, high, low, unit = FEATURES.get(name, (None, name + " high", name + " low", ""))
        value = float(means[j])
        label = high if value >= model.mean[j] else low
        band = _band(value, model.quantiles[name])
        value = DISPLAY.get(name, float)(value)
        out.append(f"{label}: {_fmt(value)} {unit}, {band} ({points[j]:+.0f})")
    return out


def _fmt(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 1 else f"{value:.1f}"


def _band(value: float, quantiles: list[float]) -> str:
    """Where the value sits among the training sources (quantiles at 10, 25, 75, 90 %)."""
    q10, q25, q75, q90 = quantiles
    if q10 == q90:
        return "as most sources"
    if value <= q10:
        return "bottom 10%"
    if value <= q25:
        return "bottom 25%"
    if value >= q90:
        return "top 10%"
    if value >= q75:
        return "top 25%"
    return "mid range"
