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
