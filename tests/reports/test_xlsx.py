import pandas as pd
from openpyxl import load_workbook

from auditor.reports.xlsx import sheet_name, write_xlsx


def test_sheet_names_are_safe_and_unique():
    taken = {"sources"}
    names = [sheet_name(n, taken) for n in ["a/b:c*d?e[f]g\\h", "x" * 40, "x" * 40, "Sources"]]
    assert names[0] == "a_b_c_d_e_f_g_h"
    assert len(names[1]) == 31 and names[2].endswith("(2)") and len(names[2]) <= 31
    assert names[3] == "Sources (2)"


def test_workbook_layout_and_formula_neutralising(tmp_path):
    sources = pd.DataFrame(
        {
            "rank": [1],
            "source": ["=evil.com"],
            "articles": [1],
            "overall_mean": [72.5],
            "share_repost": [0.5],
        }
    )
    articles = pd.DataFrame(
        {"id": ["a1"], "source": ["=evil.com"], "title": ["@SUM(1+1)"], "overall": [72.5]}
    )
    findings = pd.DataFrame(
        {
            "article_id": ["a1"],
            "source": ["=evil.com"],
            "code": ["REP001"],
            "evidence": ['=HYPERLINK("http://x","click")'],
        }
    )
    path = write_xlsx(tmp_path / "s.xlsx", sources, articles, findings)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Sources", "=evil.com"]
    summary = wb["Sources"]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == "A1:E2"
    assert summary["B2"].value == "'=evil.com"
    assert summary["D2"].number_format == "0.0" and summary["E2"].number_format == "0.0%"
    assert summary.conditional_formatting
    per_source = wb["=evil.com"]
    values = [c.value for row in per_source.iter_rows() for c in row if c.value]
    assert "'@SUM(1+1)" in values and '\'=HYPERLINK("http://x","click")' in values
    assert all(not (isinstance(v, str) and v.startswith(("=", "@", "+", "-"))) for v in values)


def test_same_content_same_bytes(tmp_path):
    frame = pd.DataFrame({"rank": [1], "source": ["a"], "articles": [1]})
    empty = pd.DataFrame({"source": []})
    a = write_xlsx(tmp_path / "a.xlsx", frame, empty, empty).read_bytes()
    b = write_xlsx(tmp_path / "b.xlsx", frame, empty, empty).read_bytes()
    assert a == b
