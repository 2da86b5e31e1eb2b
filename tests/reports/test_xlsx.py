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


def test_each_source_sheet_opens_with_its_reliability_and_reasons(tmp_path):
    from auditor.api import articles_frame, audit, findings_frame, sources_frame
    from support import EXAMPLES

    run = audit([str(EXAMPLES)], default_source="example.com")
    articles = articles_frame(run)
    sources = sources_frame(articles)
    wb = load_workbook(write_xlsx(tmp_path / "s.xlsx", sources, articles, findings_frame(run)))
    ranking = [c.value for c in wb["Sources"][1]]
    assert ranking.index("reliability") < ranking.index("attribution_mean")
    sheet = wb["example.com"]
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, (c.value for c in sheet[2]), strict=False))
    assert values["source"] == "example.com"
    assert values["reliability_ci_low"] <= values["reliability"] <= values["reliability_ci_high"]
    assert values["reliability_reasons"] == sources.iloc[0]["reliability_reasons"]
    assert "attribution_mean" in values
    # then the articles table, with its own header, frozen and filtered
    assert sheet["A4"].value == "id" and sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref.startswith("A4:")


def _findings(severities):
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(severities))],
            "source": ["bbc.co.uk"] * len(severities),
            "code": ["ATT003", "REP003", "TRN001"][: len(severities)],
            "severity": severities,
            "message": [
                "attributed: named source 'the minister' (said)",
                "uncredited rewrite of a1",
                "date calque: 'On the 13th local time'",
            ][: len(severities)],
        }
    )


def test_a_source_sheet_lists_its_warnings_and_errors_not_its_info_findings(tmp_path):
    sources = pd.DataFrame({"rank": [1], "source": ["bbc.co.uk"], "articles": [3]})
    articles = pd.DataFrame({"id": ["a0", "a1", "a2"], "source": ["bbc.co.uk"] * 3})
    path = write_xlsx(
        tmp_path / "s.xlsx", sources, articles, _findings(["info", "warning", "error"])
    )
    values = [c.value for row in load_workbook(path)["bbc.co.uk"].iter_rows() for c in row]
    assert (
        "uncredited rewrite of a1" in values and "date calque: 'On the 13th local time'" in values
    )
    assert "attributed: named source 'the minister' (said)" not in values


def test_a_source_with_more_rows_than_a_sheet_holds_is_cut_with_a_note(tmp_path, monkeypatch):
    from auditor.reports import xlsx

    monkeypatch.setattr(xlsx, "EXCEL_ROWS", 8)
    sources = pd.DataFrame({"rank": [1], "source": ["bbc.co.uk"], "articles": [10]})
    articles = pd.DataFrame({"id": [f"a{i}" for i in range(10)], "source": ["bbc.co.uk"] * 10})
    path = write_xlsx(tmp_path / "s.xlsx", sources, articles, _findings(["warning"]))
    sheet = load_workbook(path)["bbc.co.uk"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    # the source's summary (a header and its row), a blank row, the articles' header, three
    # articles and the note: the other seven articles and the finding did not fit
    assert len(rows) == 8
    assert rows[3][0] == "id" and [r[0] for r in rows[4:7]] == ["a0", "a1", "a2"]
    assert rows[7][0].startswith("7 more rows are not shown: a sheet holds at most 8 rows")
    assert "findings.csv" in rows[7][0]
    assert sheet.auto_filter.ref == "A4:B7"


def test_findings_with_no_room_below_the_articles_are_counted_in_a_note(tmp_path, monkeypatch):
    from auditor.reports import xlsx

    monkeypatch.setattr(xlsx, "EXCEL_ROWS", 7)
    sources = pd.DataFrame({"rank": [1], "source": ["bbc.co.uk"], "articles": [2]})
    articles = pd.DataFrame({"id": ["a0", "a1"], "source": ["bbc.co.uk"] * 2})
    path = write_xlsx(tmp_path / "s.xlsx", sources, articles, _findings(["warning", "error"]))
    rows = [[c.value for c in row] for row in load_workbook(path)["bbc.co.uk"].iter_rows()]
    # summary header and row, a blank, the articles' header and both articles: 6 of 7 rows
    assert [r[0] for r in rows[4:6]] == ["a0", "a1"]
    assert len(rows) == 7 and rows[6][0].startswith("2 more rows are not shown")


def test_the_sheets_files_go_in_the_scratch_folder_while_they_are_written(tmp_path):
    # openpyxl keeps each write-only sheet in a named file until the workbook is saved; a
    # run killed meanwhile leaves them, so they go where the next run sweeps
    import tempfile

    from auditor.reports.xlsx import write_xlsx_rows

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    seen: list[list[str]] = []

    def articles_of(source):
        seen.append(sorted(p.name for p in scratch.iterdir()))
        return [["a1", source]]

    sources = pd.DataFrame({"rank": [1, 2], "source": ["bbc.co.uk", "apnews.com"]})
    before = tempfile.tempdir
    path = write_xlsx_rows(
        tmp_path / "s.xlsx",
        sources,
        ["id", "source"],
        articles_of,
        ["code"],
        lambda s: [],
        scratch=scratch,
    )
    assert seen and all(any(n.startswith("openpyxl.") for n in names) for names in seen)
    assert list(scratch.iterdir()) == []  # removed at save
    assert tempfile.tempdir == before
    rows = list(load_workbook(path)["apnews.com"].iter_rows(values_only=True))
    assert ("a1", "apnews.com") in [row[:2] for row in rows]
