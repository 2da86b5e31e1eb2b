import pandas as pd

from auditor.atomic import write_atomic
from auditor.reports.csv import write_csv_reports
from auditor.reports.files import neutralise_cell


def test_formula_cells_are_neutralised(tmp_path):
    frame = pd.DataFrame(
        {"id": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "ok"], "n": range(6)}
    )
    write_csv_reports(tmp_path, frame, frame, frame)
    back = pd.read_csv(tmp_path / "articles.csv", keep_default_na=False)
    assert list(back["id"]) == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "'\tx", "ok"]
    assert list(back["n"]) == list(range(6))


def test_neutralise_leaves_numbers():
    assert neutralise_cell(-3) == -3 and neutralise_cell("a=b") == "a=b"


def test_write_atomic_leaves_no_temp_files(tmp_path):
    target = tmp_path / "out" / "r.csv"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["r.csv"]


def test_sources_csv_puts_reliability_next_to_the_family_scores(tmp_path):
    from auditor.api import articles_frame, audit, findings_frame, sources_frame
    from support import EXAMPLES

    run = audit([str(EXAMPLES)], default_source="example.com")
    articles = articles_frame(run)
    write_csv_reports(tmp_path, articles, findings_frame(run), sources_frame(articles))
    back = pd.read_csv(tmp_path / "sources.csv")
    columns = list(back.columns)
    at = columns.index("reliability")
    assert columns[at : at + 4] == [
        "reliability",
        "reliability_ci_low",
        "reliability_ci_high",
        "reliability_reasons",
    ]
    assert columns.index("attribution_mean") > at
    row = back.iloc[0]
    assert row["reliability_ci_low"] <= row["reliability"] <= row["reliability_ci_high"]
    assert isinstance(row["reliability_reasons"], str) and row["reliability_reasons"]
    # the per-article measures behind it are in articles.csv, for a reader to check
    assert "f_named_per_1000_words" in pd.read_csv(tmp_path / "articles.csv").columns
