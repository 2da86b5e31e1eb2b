"""The sources evaluation on real records of corpora/sources (skipped without ../shared)."""

import json

import pytest

from auditor.config import Config
from auditor.evaluation.sources import evaluate, said_per_1000_words, spearman_ci
from support import SHARED

DEV = SHARED / "corpora" / "sources" / "dev.jsonl"


def test_said_baseline_counts_the_word():
    assert said_per_1000_words("He said no, she said yes, they said maybe today.") == 300.0
    assert said_per_1000_words("Saidi unsaid") == 0.0


def test_spearman_interval_contains_the_estimate_and_is_deterministic():
    x = [0.1, 0.4, 0.2, 0.9, 0.7, 0.5, 0.3, 0.8]
    y = [1, 4, 2, 8, 6, 5, 3, 7]
    rho, low, high = spearman_ci(x, y)
    assert rho == 1.0 and low == high == 1.0
    noisy = [2, 1, 4, 3, 6, 5, 8, 7]
    rho, low, high = spearman_ci(x, noisy)
    assert low <= rho <= high and (rho, low, high) == spearman_ci(x, noisy)
    assert spearman_ci([1, 1, 1], [1, 2, 3]) == (None, None, None)


@pytest.mark.skipif(not DEV.is_file(), reason="corpora/sources not present")
def test_evaluate_reports_pooled_and_allsides_with_baselines():
    wanted = {"apnews.com": 5, "dailykos.com": 5, "beforeitsnews.com": 5, "cbn.com": 5}
    records = []
    with DEV.open() as fh:
        for line in fh:
            r = json.loads(line)
            if wanted.get(r["domain"], 0) > 0:
                wanted[r["domain"]] -= 1
                records.append(r)
    records.append({"id": "empty", "domain": "cbn.com", "text": "  ", "pc1": 0.37})
    result = evaluate(records, Config(), None, "dev")
    metrics = result["metrics"]
    assert metrics["articles"] == 20 and metrics["records_without_text"] == 1
    pooled = metrics["spearman_vs_pc1"]["pooled"]
    assert pooled["domains"] == 4
    assert metrics["spearman_vs_pc1"]["allsides"]["domains"] == 3  # beforeitsnews is FNC
    for key in ("reliability", "attribution_mean", "baseline_said_per_1000_words"):
        rho, interval = pooled[key].split(" ", 1)
        assert -1 <= float(rho) <= 1 and interval.startswith("[")
    assert isinstance(metrics["top_quarter_pc1_below_0.2"], int)
