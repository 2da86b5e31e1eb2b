"""sources.xlsx: a summary sheet ranking sources, and one sheet per source (openpyxl).

A source's sheet starts with its summary (reliability, its interval and its reasons, next to
the family means), then its articles (with the per-article measures behind the estimate, the
`f_*` columns) and, below them, its findings."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from auditor.atomic import write_atomic
from auditor.reports.cells import sheet_name, xlsx_cell

FIXED_TIME = datetime.datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]{0,200}>)[^<]{0,40}(</dcterms:modified>)")
SCORE_HINTS = ("_mean", "_median", "_p10", "_min", "_ci_low", "_ci_high")
SCORE_NAMES = {
    "attribution",
    "translation",
    "repost",
    "readability",
    "grammar",
    "overall",
    "reliability",
}
# The per-source summary at the top of a source's sheet.
SUMMARY = [
    "source",
    "rank",
    "articles",
    "reliability",
    "reliability_ci_low",
    "reliability_ci_high",
    "reliability_reasons",
    *(f"{s}_mean" for s in sorted(SCORE_NAMES - {"reliability"})),
]


__all__ = ["sheet_name", "write_xlsx"]


def _is_score(column: str) -> bool:
    return column in SCORE_NAMES or column.endswith(SCORE_HINTS)


def _fill(ws: Worksheet, frame: pd.DataFrame, filters: bool = True) -> None:
    """Append `frame` (header row, then its rows) below what the sheet holds."""
    ws.append([xlsx_cell(str(c)) for c in frame.columns])
    top = ws.max_row  # the header's row
    for cell in ws[top]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    first, last = top + 1, top + len(frame)
    if filters:
        ws.freeze_panes = f"A{first}"
        if len(frame):
            ws.auto_filter.ref = f"A{top}:{get_column_letter(len(frame.columns))}{last}"
    for i, column in enumerate(frame.columns, 1):
        letter = get_column_letter(i)
        width = min(60, max(10, len(str(column)) + 2))
        ws.column_dimensions[letter].width = max(width, ws.column_dimensions[letter].width or 0)
        if _is_score(column) and len(frame):
            cells = f"{letter}{first}:{letter}{last}"
            for cell in ws[cells]:
                cell[0].number_format = "0.0"
            # red (0) - yellow (50) - green (100): the score's colour at a glance
            ws.conditional_formatting.add(
                cells,
                ColorScaleRule(
                    start_type="num",
                    start_value=0,
                    start_color="F8696B",
                    mid_type="num",
                    mid_value=50,
                    mid_color="FFEB84",
                    end_type="num",
                    end_value=100,
                    end_color="63BE7B",
                ),
            )
        elif column.startswith("share_") and len(frame):
            for cell in ws[f"{letter}{first}:{letter}{last}"]:
                cell[0].number_format = "0.0%"


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if not isinstance(value, str | int | float | bool | datetime.date):
        value = str(value)  # openpyxl refuses lists, dicts and other objects
    return xlsx_cell(value)


def write_xlsx(
    path: Path, sources: pd.DataFrame, articles: pd.DataFrame, findings: pd.DataFrame
) -> Path:
    """Write the workbook atomically: `Sources` (the ranking), then a sheet per source with
    its articles and, below them, its findings."""
    wb = Workbook()
    summary = wb.active
    summary.title = "Sources"
    _fill(summary, sources)
    taken = {"sources"}
    summary_columns = [c for c in SUMMARY if c in sources]
    for n, source in enumerate(sources["source"]):
        ws = wb.create_sheet(sheet_name(str(source), taken))
        if len(summary_columns) > 1:  # the source's estimate above its articles
            _fill(ws, sources.iloc[[n]][summary_columns], filters=False)
            ws.append([])
        mine = articles[articles["source"] == source]
        _fill(ws, mine)
        found = findings[findings["source"] == source]
        if len(found):
            ws.append([])
            start = ws.max_row + 1
            ws.append(list(found.columns))
            for row in found.itertuples(index=False):
                ws.append([_cell(v) for v in row])
            for cell in ws[start]:
                cell.font = Font(bold=True)
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(path, _deterministic(buffer.getvalue()))
    return path


def _deterministic(data: bytes) -> bytes:
    """The same workbook bytes for the same content: openpyxl stamps the save time into
    docProps/core.xml and every zip entry, which would make two identical runs differ."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, content)
    return out.getvalue()
