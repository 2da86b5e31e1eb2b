import json

import numpy as np
import pandas as pd
import pytest

from auditor.aggregate import sources_frame
from auditor.api import articles_frame, audit
from auditor.models import Article, ArticleResult
from auditor.reliability import (
    FEATURES,
    PREFIX,
    Model,
    article_features,
    estimate,
    feature_matrix,
    load_model,
)
from support import EXAMPLES, REPOST_SEED, run_rule

SEEDS = sorted(EXAMPLES.glob("*.txt"))


def _model(**coefs: float) -> Model:
    return Model.from_dict(
        {
            "intercept": 0.6,
            "features": [
                {
                    "name": name,
                    "mean": 5.0 if name.endswith("words") else 0.1,
                    "scale": 2.0 if name.endswith("words") else 0.1,
                    "coef": coef,
                    "quantiles": [1.0, 3.0, 7.0, 9.0],
                }
                for name, coef in coefs.items()
            ],
        }
    )


def _seed_articles(source: str, n: int) -> list[dict]:
    return [
        {"id": f"{source}/{i}", "source": source, "text": SEEDS[i % len(SEEDS)].read_text()}
        for i in range(n)
    ]


def _write_jsonl(path, rows) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_features_are_read_from_measures_by_name():
    result = run_rule("ATT003", REPOST_SEED.read_text())
    features = article_features(result)
    assert set(features) == {f"{PREFIX}{name}" for name in FEATURES}
    assert features["f_named_per_1000_words"] > 0
    assert 0 < features["f_named_share"] <= 1
    assert features["f_unsourced_article"] == 0.0
    # measures of rules that did not run are missing, never zero
    assert features["f_mt_probability"] is None and features["f_grade_level"] is None
    empty = article_features(ArticleResult(article=Article(id="x", text="Hello.")))
    assert all(v is None for v in empty.values())


def test_an_article_with_no_attribution_is_unsourced():
    text = "The moon is made of cheese and everybody knows it. " * 5
    features = article_features(run_rule("ATT003", text))
    assert features["f_unsourced_article"] == 1.0
    assert features["f_claims_per_1000_words"] == 0.0
    assert features["f_named_share"] is None  # a share of nothing is not measured


def test_estimate_interval_reasons_and_single_article():
    model = _model(named_per_1000_words=0.05, uncredited_share=-0.05)
    frame = articles_frame(audit([str(EXAMPLES)]))
    x = feature_matrix(frame, model)
    many = estimate(np.vstack([x, x]), model)
    assert 0 <= many["reliability_ci_low"] <= many["reliability"] <= many["reliability_ci_high"]
    assert many["reliability_ci_high"] - many["reliability_ci_low"] < 100
    assert estimate(np.vstack([x, x]), model) == many  # fixed seed: deterministic
    one = estimate(x[:1], model)
    assert (one["reliability_ci_low"], one["reliability_ci_high"]) == (0.0, 100.0)
    assert one["reliability_reasons"].startswith("1 article")


def test_reasons_name_the_measure_its_value_and_band():
    model = _model(named_per_1000_words=0.05)
    few = estimate(np.array([[0.6], [0.6]]), model)["reliability_reasons"]
    assert few == "few named sources: 0.60 per 1,000 words, bottom 10% (-11)"
    many = estimate(np.array([[9.5], [9.5]]), model)["reliability_reasons"]
    assert many.startswith("many named sources: 9.5 per 1,000 words, top 10%")


def test_a_missing_measure_moves_nothing():
    model = _model(named_per_1000_words=0.05, mt_probability=-0.1)
    frame = articles_frame(audit([str(EXAMPLES)]))
    without = frame.drop(columns=["f_mt_probability"])
    x = feature_matrix(without, model)
    assert np.isnan(x[:, 1]).all()
    alone = _model(named_per_1000_words=0.05)
    assert estimate(x, model)["reliability"] == estimate(x[:, :1], alone)["reliability"]


def test_the_shipped_model_is_complete_and_monotone():
    model = load_model()
    assert model is not None
    assert set(model.features) <= set(FEATURES)
    assert model.meta["date"] and model.meta["training"]["domains"] >= 30
    raw = json.loads((EXAMPLES.parent / "auditor" / "data" / "reliability_model.json").read_text())
    for f in raw["features"]:
        assert f["direction"] * f["coef"] >= 0, f["name"]  # bounded signs held
        assert f["scale"] > 0 and len(f["quantiles"]) == 4


def test_sheet_ranks_by_reliability_and_never_ranks_unknown(tmp_path):
    model = _model(named_per_1000_words=0.05)
    rows = _seed_articles("a.com", 6) + _seed_articles("unknown", 6)
    run = audit([_write_jsonl(tmp_path / "a.jsonl", rows)])
    out = sources_frame(articles_frame(run), model=model)
    assert list(out.columns[:8]) == [
        "rank",
        "source",
        "articles",
        "few_articles",
        "reliability",
        "reliability_ci_low",
        "reliability_ci_high",
        "reliability_reasons",
    ]
    by = out.set_index("source")
    assert by.loc["a.com", "rank"] == 1 and pd.isna(by.loc["unknown", "rank"])
    assert by.loc["unknown", "reliability"] == by.loc["a.com", "reliability"]  # same texts


def test_bad_input_never_moves_an_estimate(tmp_path):
    model = _model(named_per_1000_words=0.05, quotes_per_1000_words=0.05)
    good = _write_jsonl(tmp_path / "good.jsonl", _seed_articles("a.com", 3))
    clean = sources_frame(articles_frame(audit([good])), model=model)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    (bad_dir / "empty.txt").write_text("   \n")
    (bad_dir / "undecodable.txt").write_bytes(b"\xff\xfe\x00\xd8" * 100 + b"\x80\x81")
    (bad_dir / "huge.txt").write_text("Officials said so. " * 300_000)  # over 5 MB
    _write_jsonl(bad_dir / "rows.jsonl", [{"source": "a.com", "text": ""}, {"source": "a.com"}])
    run = audit([good, str(bad_dir)], default_source="a.com")
    assert len(run.input_errors) >= 4
    frame = articles_frame(run)
    assert frame["input_error"].notna().sum() == len(run.input_errors)  # listed as rows
    dirty = sources_frame(frame, model=model)
    columns = ["source", "articles", "reliability", "reliability_ci_low", "reliability_ci_high"]
    pd.testing.assert_frame_equal(dirty[columns], clean[columns])


@pytest.mark.parametrize("n", [1, 2])
def test_few_articles_get_an_estimate_but_no_rank(tmp_path, n):
    model = _model(named_per_1000_words=0.05)
    run = audit([_write_jsonl(tmp_path / "a.jsonl", _seed_articles("a.com", n))])
    row = sources_frame(articles_frame(run), model=model).iloc[0]
    assert pd.isna(row["rank"]) and 0 <= row["reliability"] <= 100
    assert (row["reliability_ci_high"] - row["reliability_ci_low"] == 100) == (n == 1)
