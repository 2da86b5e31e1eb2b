"""Train the per-source reliability model on the dev split of corpora/sources.

    pip install '.[train]' && python scripts/train_reliability.py [--corpora DIR] [--refresh]

1. Audits every dev article with the default configuration, its domain as its source
   (scripts/reliability_audit.py: the results are cached under eval-report/reliability/, keyed
   by the corpus file and the rules' code, so a second run only refits).
2. Averages the per-article features (`auditor.reliability.FEATURES`, the `f_*` columns of the
   articles frame) per domain, over the rated domains with at least 5 articles.
3. Fits a ridge regression of pc1 on the standardised means with the sign of each coefficient
   bounded where the direction is not in doubt (DIRECTIONS below; scipy's lsq_linear on the
   ridge-augmented system). The ridge strength is the one with the best sum of the pooled and
   AllSides-only Spearman correlations of out-of-fold predictions (5 folds over domains,
   averaged over three fold assignments).
4. Writes auditor/data/reliability_model.json: features with their training mean, scale,
   coefficient, direction and quantiles, the intercept, the training figures and the date.
   Inference (`auditor.reliability`) needs numpy only. Never reads the test split.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import lsq_linear
from sklearn.model_selection import KFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reliability_audit import DEFAULT_CACHE, audited  # noqa: E402

from auditor.aggregate import MIN_ARTICLES  # noqa: E402
from auditor.api import articles_frame  # noqa: E402
from auditor.engine import AuditRun  # noqa: E402
from auditor.evaluation.metrics import spearman  # noqa: E402
from auditor.reliability import FEATURES, PREFIX, Z_CLIP  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "auditor" / "data" / "reliability_model.json"
MODEL_VERSION = 1
ALPHAS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
SEEDS = (0, 1, 2)  # fold assignments averaged when choosing the ridge strength
# +1: the estimate may only rise with the feature; -1: only fall; 0: either (learnt).
DIRECTIONS = {
    "claims_per_1000_words": +1,
    "named_per_1000_words": +1,
    "quotes_per_1000_words": +1,
    "named_share": +1,
    "anonymous_share": 0,
    "agentless_share": -1,
    "unsourced_article": -1,
    "quotes_attributed_share": +1,
    "wire_credit": +1,
    "log_words": 0,
    "grade_level": 0,
    "longest_sentence": 0,
    "longest_paragraph": 0,
    "questions_per_1000_words": -1,
    "exclamations_per_1000_words": -1,
    "second_person_per_1000_words": -1,
    "first_person_per_1000_words": -1,
    "ellipses_per_1000_words": -1,
    "dates_per_1000_words": +1,
    "numbers_per_1000_words": +1,
    "mean_word_length": 0,
    "loaded_words_per_1000_words": -1,
    "distancing_words_per_1000_words": 0,
    "scare_quotes_per_1000_words": -1,
    "pattern_claims_per_1000_words": +1,
    "pattern_named_per_1000_words": +1,
    "pattern_named_share": +1,
    "mt_probability": -1,
    "translation_artefacts": -1,
    "uncredited_share": -1,
    "boilerplate_share": -1,
}


def per_source(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Per-source means of the feature columns (NaN where no article has the measure), plus
    the article count."""
    cols = [f"{PREFIX}{n}" for n in names]
    grouped = frame.groupby("source")
    out = grouped[cols].mean()
    out.columns = names
    out["articles"] = grouped.size()
    return out


def fit(x: np.ndarray, y: np.ndarray, alpha: float, bounds: list[tuple[float, float]]):
    """Ridge on standardised x with bounded coefficients: (intercept, coef, mean, scale)."""
    mean = np.nanmean(x, axis=0)
    scale = np.nanstd(x, axis=0)
    scale[~(scale > 0)] = 1.0
    z = np.clip(np.nan_to_num((x - mean) / scale, nan=0.0), -Z_CLIP, Z_CLIP)
    y0 = y.mean()
    k = z.shape[1]
    a = np.vstack([z, np.sqrt(alpha) * np.eye(k)])
    b = np.concatenate([y - y0, np.zeros(k)])
    lo = [lo for lo, _ in bounds]
    hi = [hi for _, hi in bounds]
    coef = lsq_linear(a, b, bounds=(lo, hi)).x
    return y0, coef, mean, scale


def predict(x: np.ndarray, params) -> np.ndarray:
    y0, coef, mean, scale = params
    z = np.clip(np.nan_to_num((x - mean) / scale, nan=0.0), -Z_CLIP, Z_CLIP)
    return np.clip(y0 + z @ coef, 0.0, 1.0)


def cross_validate(x, y, domains, abp, names, alpha, bounds, seed) -> dict[str, float | None]:
    """Out-of-fold Spearman correlations (5 folds over domains), pooled and AllSides-only
    (a held-out domain's AllSides articles scored by the model that did not see it)."""
    oof = np.zeros(len(y))
    oof_abp = pd.Series(np.nan, index=abp.index)
    for train, held in KFold(5, shuffle=True, random_state=seed).split(x):
        params = fit(x[train], y[train], alpha, bounds)
        oof[held] = predict(x[held], params)
        held_abp = [d for d in (domains[i] for i in held) if d in abp.index]
        if held_abp:
            oof_abp[held_abp] = predict(abp.loc[held_abp, names].to_numpy(float), params)
    return {
        "pooled": spearman(list(oof), list(y)),
        "allsides": spearman(list(oof_abp), list(abp["pc1"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=None)
    parser.add_argument("--cache", default=str(DEFAULT_CACHE))
    parser.add_argument("--refresh", action="store_true", help="re-audit even if cached")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument(
        "--results", default=None, help="use this pickle of dev results, whatever its key"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    records, results = audited(
        "dev", args.corpora, Path(args.cache), args.refresh, results_file=args.results
    )
    frame = articles_frame(AuditRun(results=results))
    info = {str(r["id"]): r for r in records}
    frame["pc1"] = [info[i].get("pc1") for i in frame["id"]]
    frame["dataset"] = [info[i].get("dataset") for i in frame["id"]]

    names = [n for n in FEATURES if n in DIRECTIONS]
    pooled = per_source(frame, names)
    pooled["pc1"] = frame.groupby("source")["pc1"].first()
    pooled = pooled[(pooled["articles"] >= MIN_ARTICLES) & pooled["pc1"].notna()]
    abp = per_source(frame[frame["dataset"] == "allsides-abp"], names)
    abp["pc1"] = frame.groupby("source")["pc1"].first()
    abp = abp[(abp["articles"] >= MIN_ARTICLES) & abp["pc1"].notna()]
    # features no training source has (a measure absent from this audit) are left out
    names = [n for n in names if pooled[n].notna().any()]
    bounds = [
        {+1: (0.0, np.inf), -1: (-np.inf, 0.0), 0: (-np.inf, np.inf)}[DIRECTIONS[n]] for n in names
    ]
    x, y = pooled[names].to_numpy(float), pooled["pc1"].to_numpy(float)
    domains = list(pooled.index)

    cv: dict[float, dict[str, float | None]] = {}
    for alpha in ALPHAS:
        runs = [cross_validate(x, y, domains, abp, names, alpha, bounds, seed) for seed in SEEDS]
        cv[alpha] = {
            k: round(float(np.mean([r[k] or 0.0 for r in runs])), 4) for k in ("pooled", "allsides")
        }
        print(f"alpha {alpha:>6}: out-of-fold Spearman {cv[alpha]}", file=sys.stderr)
    best = max(ALPHAS, key=lambda a: (cv[a]["pooled"] or 0) + (cv[a]["allsides"] or 0))
    y0, coef, mean, scale = fit(x, y, best, bounds)
    in_sample = predict(x, (y0, coef, mean, scale))
    in_abp = predict(abp[names].to_numpy(float), (y0, coef, mean, scale))

    features = []
    for j, name in enumerate(names):
        values = pooled[name].dropna()
        features.append(
            {
                "name": name,
                "direction": DIRECTIONS[name],
                "mean": round(float(mean[j]), 6),
                "scale": round(float(scale[j]), 6),
                "coef": round(float(coef[j]), 6),
                "quantiles": [round(float(q), 6) for q in values.quantile([0.1, 0.25, 0.75, 0.9])],
                "univariate_spearman_dev": spearman(list(pooled[name]), list(y)),
                "univariate_spearman_dev_allsides": spearman(list(abp[name]), list(abp["pc1"])),
            }
        )
    data = {
        "model_version": MODEL_VERSION,
        "kind": "ridge regression of pc1 on standardised per-source feature means, "
        "sign-bounded coefficients; z = clip((mean - feature mean) / scale, -3, 3); "
        "reliability = 100 x clip(intercept + z . coef, 0, 1)",
        "trained_on": "corpora/sources dev split (version 2), rated domains with >= "
        f"{MIN_ARTICLES} articles",
        "date": dt.date.today().isoformat(),
        "alpha": best,
        "training": {
            "articles": len(frame),
            "domains": len(pooled),
            "allsides_domains": len(abp),
            "cv_spearman_by_alpha": {str(a): v for a, v in cv.items()},
            "cv_spearman_pooled": cv[best]["pooled"],
            "cv_spearman_allsides": cv[best]["allsides"],
            "in_sample_spearman_pooled": spearman(list(in_sample), list(y)),
            "in_sample_spearman_allsides": spearman(list(in_abp), list(abp["pc1"])),
        },
        "intercept": round(float(y0), 6),
        "features": features,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    for f in sorted(features, key=lambda f: -abs(f["coef"])):
        print(
            f"{f['name']:>26} coef {f['coef']:+.4f} (dir {f['direction']:+d}) "
            f"univariate {f['univariate_spearman_dev']} / {f['univariate_spearman_dev_allsides']}",
            file=sys.stderr,
        )
    print(
        f"alpha {best}: CV Spearman pooled {cv[best]['pooled']}, AllSides "
        f"{cv[best]['allsides']} over {len(pooled)} / {len(abp)} dev domains; wrote {args.out} "
        f"in {time.perf_counter() - start:.0f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
