"""The shared cell-safety function and every writer on hostile text: control characters,
lone surrogates, full-width formula characters, reserved sheet names. The same text never
crashes one writer and passes another."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from openpyxl import load_workbook

from auditor.api import articles_frame, audit_articles, findings_frame, sources_frame, verdicts
from auditor.models import Article, RuleError, Severity
from auditor.reports.cells import (
    MAX_XLSX_CELL,
    is_formula,
    safe_text,
    sheet_name,
    spreadsheet_cell,
    xlsx_cell,
)
from auditor.reports.csv import write_csv_reports
from auditor.reports.github import format_github
from auditor.reports.html import write_html
from auditor.reports.json_report import format_json
from auditor.reports.junit import format_junit
from auditor.reports.rdjsonl import format_rdjsonl
from auditor.reports.sarif import format_sarif
from auditor.reports.text import format_text
from auditor.reports.xlsx import write_xlsx
from support import MT_SEED

SCHEMA = json.loads((Path(__file__).parents[1] / "fixtures" / "sarif-2.1.0.json").read_text())

CONTROLS = "\x00\x07\x0b\x0c\x1b\x7f\x85\x9b\ufffe"


def test_safe_text_escapes_what_a_writer_cannot_hold_and_keeps_the_rest():
    assert safe_text("vote\x0con\x1b[31mred\x00") == "vote\\x0con\\x1b[31mred\\x00"
    assert safe_text("a\ud800b\uffff") == "a\\ud800b\\uffff"
    assert safe_text("tab\tnew\nline\rok é 中 “q”") == "tab\tnew\nline\rok é 中 “q”"
    assert all(c not in safe_text(CONTROLS) for c in CONTROLS)


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "＝HYPERLINK(1)",
        "＋1",
        "－1",
        "＠x",
        " =1",
        "\u00a0=1",
        "\ufeff=1",
    ],
)
def test_formula_like_cells_are_neutralised_also_in_full_width(cell):
    assert is_formula(cell)
    assert spreadsheet_cell(cell) == "'" + cell
    assert spreadsheet_cell("'" + cell) == "'" + cell  # once only


def test_xlsx_cells_are_cut_to_what_excel_holds():
    cut = xlsx_cell("=" + "a" * 40000)
    assert len(cut) == MAX_XLSX_CELL and cut.startswith("'=") and cut.endswith("[cut]")
    assert xlsx_cell("short") == "short"


def test_plain_cells_pass_unchanged():
    for value in ["Reuters", "a=b", "1-2", 3, 2.5, None, True]:
        assert spreadsheet_cell(value) == value


def test_sheet_names_avoid_reserved_invalid_and_truncated_duplicates():
    taken = {"sources"}
    names = [
        sheet_name(n, taken)
        for n in [
            "History",
            "history",
            "a/b:c*d?e[f]g\\h",
            "x" * 40,
            "x" * 35,
            "'quoted'",
            "\x0cform",
            "",
            "Sources",
        ]
    ]
    assert names[0].lower() != "history" and names[1].lower() != "history"
    assert names[0].lower() != names[1].lower()
    assert names[2] == "a_b_c_d_e_f_g_h"
    assert len(names[3]) == 31 and len(names[4]) <= 31 and names[3] != names[4]
    assert names[5] == "quoted"
    assert "\x0c" not in names[6] and names[8] == "Sources (2)"
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n) <= 31 and not any(c in n for c in "[]:*?/\\") for n in names)


def _hostile_run():
    """A real sentence with control characters, a surrogate, formula starts and a reserved
    sheet name in every field a writer shows."""
    text = MT_SEED.read_text(encoding="utf-8")
    hostile = text.replace(". ", ".\x0c ", 3).replace("the ", "the\x1b[2J ", 2) + " \ud800 ＝1"
    articles = [
        Article(
            "\x0cid=1",
            hostile,
            source="History",
            title='＝HYPERLINK("x")\x00',
            url="http://x/\x07",
            origin="in\x0b.jsonl",
            line=1,
        ),
        Article("@id2", hostile, source="x" * 40 + "\x1b", title="\ufffe-title"),
        Article("id3", hostile, source="x" * 40 + "\x1c", title="+1"),
    ]
    run = audit_articles(articles)
    run.results[0].rule_errors.append(RuleError("ATT003", "\x0cid=1", "IndexError: \x1b bad"))
    return run


def test_every_writer_accepts_hostile_text(tmp_path):
    run = _hostile_run()
    assert any(
        "\x0c" in f.evidence or "\x1b" in f.evidence for r in run.results for f in r.findings
    )
    articles = articles_frame(run)
    findings = findings_frame(run)
    sources = sources_frame(articles)
    write_csv_reports(tmp_path, articles, findings, sources)
    write_xlsx(tmp_path / "sources.xlsx", sources, articles, findings)
    write_html(tmp_path / "report.html", sources, run.results)

    book = load_workbook(tmp_path / "sources.xlsx")
    assert "History" not in book.sheetnames and len(book.sheetnames) == 4
    cells = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert '\'＝HYPERLINK("x")\\x00' in cells
    csv_text = (tmp_path / "articles.csv").read_text(encoding="utf-8")
    assert "'＝HYPERLINK" in csv_text and "\x0c" not in csv_text
    assert pd.read_csv(tmp_path / "articles.csv")["rule_errors"].notna().sum() == 1
    per_source = pd.read_csv(tmp_path / "sources.csv").set_index("source")
    assert per_source["articles_with_rule_errors"].sum() == 1
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert not any(c in html for c in CONTROLS) and "\\x1b[2J" in html

    failing = verdicts(run, 101, Severity.INFO)
    for fmt in (
        format_text,
        format_json,
        format_sarif,
        format_github,
        format_junit,
        format_rdjsonl,
    ):
        out = fmt(run, failing, Severity.INFO)
        out.encode("utf-8")  # a lone surrogate would raise here
        if fmt is not format_json:
            assert not any(c in out for c in CONTROLS), fmt.__name__
    suite = ET.fromstring(format_junit(run, failing, Severity.INFO).encode("utf-8"))
    assert suite.find(".//error[@type='rule-error']") is not None
    sarif = json.loads(format_sarif(run, failing, Severity.INFO))
    jsonschema.validate(sarif, SCHEMA)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["ATT003"]
    doc = json.loads(format_json(run, failing, Severity.INFO))
    assert doc["articles"][0]["id"] == "\x0cid=1" and doc["summary"]["rule_errors"] == 1
    assert any(
        "rule-error ATT003" in line
        for line in format_github(run, failing, Severity.INFO).splitlines()
    )
    assert "ATT003" in format_rdjsonl(run, failing, Severity.INFO)
