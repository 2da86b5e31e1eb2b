import numpy as np
import pandas as pd

from auditor.aggregate import add_ratings, bootstrap_ci, load_ratings, sources_frame
from auditor.api import articles_frame, audit
from support import EXAMPLES


def _articles(n_a: int, n_b: int) -> pd.DataFrame:
    rows = []
    for source, n, base in (("a.com", n_a, 80.0), ("b.com", n_b, 60.0)):
        for i in range(n):
            rows.append(
                {
                    "id": f"{source}/{i}",
                    "source": source,
                    "url": f"https://{source}/{i}",
                    "published": f"2021-09-{10 + i:02d}",
                    "language": "en",
                    "attribution": base,
                    "translation": base + i,
                    "repost": 100.0,
                    "readability": None,
                    "grammar": None,
                    "overall": base + i,
                    "errors": 0,
                    "warnings": i,
                    "is_repost": i == 0,
                    "is_uncredited_rewrite": False,
                    "is_machine_translation": False,
                    "lacks_attribution": i % 2 == 1,
                    "top_codes": "REP001" if i == 0 else "",
                    "input_error": None,
                }
            )
    return pd.DataFrame(rows)


def test_ranking_shares_dates_and_few_articles():
    out = sources_frame(_articles(6, 2))
    a, b = out.iloc[0], out.iloc[1]
    assert (a["source"], a["rank"], a["few_articles"]) == ("a.com", 1, False)
    assert (b["source"], pd.isna(b["rank"]), b["few_articles"]) == ("b.com", True, True)
    assert (a["first_published"], a["last_published"]) == ("2021-09-10", "2021-09-15")
    assert a["share_repost"] == round(1 / 6, 3) and a["share_lacks_attribution"] == 0.5
    assert a["overall_mean"] == 82.5 and a["overall_median"] == 82.5
    assert a["overall_ci_low"] <= a["overall_mean"] <= a["overall_ci_high"]
    assert pd.isna(a["grammar_mean"])  # never scored: empty, not 100
    assert a["top_codes"] == "REP001 (1)"
    assert a["worst_articles"].startswith("a.com/0 (80.0) https://a.com/0")


def test_bootstrap_is_deterministic():
    values = np.array([50.0, 60.0, 70.0, 80.0])
    assert bootstrap_ci(values) == bootstrap_ci(values)
    assert bootstrap_ci(np.array([50.0])) == (None, None)


def test_on_the_examples():
    out = sources_frame(articles_frame(audit([str(EXAMPLES)])))
    assert list(out["source"]) == ["unknown"] and out.iloc[0]["share_machine_translation"] > 0


def test_ratings_sit_beside_the_scores(tmp_path):
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("domain,pc1\nwww.a.com,0.9\n")
    out = add_ratings(sources_frame(_articles(6, 2)), load_ratings(str(ratings)))
    assert list(out["expert_rating_pc1"].fillna(-1)) == [0.9, -1]
    assert list(out["overall_mean"]) == list(sources_frame(_articles(6, 2))["overall_mean"])
