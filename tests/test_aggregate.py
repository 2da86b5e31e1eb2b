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


def test_interleaved_sources_each_get_their_own_articles():
    """Rows of sources in any order (as a feed gives them), some with no score or date: each
    source's figures come from its own articles, the worst first, unscored ones last."""
    frame = _articles(3, 3).iloc[[0, 3, 1, 4, 2, 5]].reset_index(drop=True)
    frame.loc[frame["id"] == "a.com/1", "overall"] = None
    frame.loc[frame["id"] == "b.com/2", "published"] = "not a date"
    frame.loc[frame["id"] == "b.com/0", "url"] = None
    out = sources_frame(frame, min_articles=1).set_index("source")
    a, b = out.loc["a.com"], out.loc["b.com"]
    assert (a["articles"], b["articles"]) == (3, 3)
    assert a["overall_mean"] == 81.0 and a["overall_min"] == 80.0  # 80 and 82; 81 unscored
    assert a["worst_articles"] == (
        "a.com/0 (80.0) https://a.com/0; a.com/2 (82.0) https://a.com/2; a.com/1 (nan) https://a.com/1"
    )
    assert b["worst_articles"].startswith("b.com/0 (60.0); b.com/1 (61.0) https://b.com/1")
    assert (b["first_published"], b["last_published"]) == ("2021-09-10", "2021-09-11")
    assert b["warnings"] == 0 + 1 + 2 and b["share_repost"] == round(1 / 3, 3)
