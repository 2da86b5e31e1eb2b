"""sources.xlsx: a summary sheet ranking sources, and one sheet per source (openpyxl).

A source's sheet starts with its summary (reliability, its interval and its reasons, next to
the family means), then its articles (with the per-article measures behind the estimate, the
`f_*` columns) and, below them, its warnings and errors. Info findings (each attribution
relation, each credited repost: most of the findings of a run) are in findings.csv and
report.html only: in the workbook they would be four rows in five and most of its writing
time. A sheet holds at most Excel's 1,048,576 rows; a source with more is cut there, with a
last row that says how many rows were left out and where they are."""

from __future__ import annotations

import datetime
import itertools
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from auditor.atomic import atomic_output
from auditor.reports.cells import in_workbook, is_missing, sheet_name, xlsx_cell

FIXED_TIME = datetime.datetime(2000, 1, 1)
_COPY_CHUNK = 1 << 20
EXCEL_ROWS = 1_048_576  # the most rows a sheet can hold
FULL_SHEET = (
    "{left:,} more rows are not shown: a sheet holds at most {limit:,} rows. Every article is "
    "in articles.csv and every finding in findings.csv."
)
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


__all__ = ["in_workbook", "sheet_name", "write_xlsx", "write_xlsx_rows"]


def _is_score(column: str) -> bool:
    return column in SCORE_NAMES or column.endswith(SCORE_HINTS)


_HEADER_FONT = Font(bold=True)
_COLOR_SCALE = dict(
    start_type="num",
    start_value=0,
    start_color="F8696B",
    mid_type="num",
    mid_value=50,
    mid_color="FFEB84",
    end_type="num",
    end_value=100,
    end_color="63BE7B",
)


class _Sheet:
    """A write-only sheet (rows streamed to disk by openpyxl) and the row count so far."""

    def __init__(
        self, ws: Any, blocks: list[list[str]], headers: dict[tuple[bool, tuple], list]
    ) -> None:
        self.ws = ws
        self.rows = 0
        # header rows of the workbook, built once: a styled cell costs openpyxl a style
        # lookup, and every source's sheet repeats the same two or three headers (a
        # write-only sheet writes a row out as it is appended, so its cells can be reused)
        self.headers = headers
        # column widths go before the first row in a write-only sheet: the widest header of
        # any block in that column
        for columns in blocks:
            for i, column in enumerate(columns, 1):
                letter = get_column_letter(i)
                width = min(60, max(10, len(str(column)) + 2))
                dim = ws.column_dimensions[letter]
                dim.width = max(width, dim.width or 0)

    def append(self, values: list[Any]) -> None:
        self.ws.append(values)
        self.rows += 1

    def fits(self, rows: Iterator[Any]) -> Iterator[Any]:
        """`rows` while the sheet has room, keeping its last row for a note of how many did
        not fit."""
        for row in rows:
            if self.rows < EXCEL_ROWS - 1:
                yield row
                continue
            self.cut(rows)
            return

    def cut(self, rest: Iterator[Any]) -> None:
        """The sheet's last row: how many rows (one already taken, and `rest`) did not fit."""
        left = 1 + sum(1 for _ in rest)
        self.append([FULL_SHEET.format(left=left, limit=EXCEL_ROWS)])

    def header(self, columns: list[str], safe: bool = True) -> None:
        cells = self.headers.get((safe, tuple(columns)))
        if cells is None:
            cells = []
            for c in columns:
                cell = WriteOnlyCell(self.ws, xlsx_cell(str(c)) if safe else c)
                cell.font = _HEADER_FONT
                cells.append(cell)
            self.headers[(safe, tuple(columns))] = cells
        self.append(cells)

    def block(self, columns: list[str], rows: Iterable[Sequence[Any]], filters: bool) -> None:
        """A header row, then `rows` (values in `columns` order, as many as fit), formatted
        like a table: scores with one decimal and a red-yellow-green scale, shares as
        percentages."""
        self.header(columns)
        top = self.rows
        formats = {
            i: "0.0" if _is_score(c) else "0.0%"
            for i, c in enumerate(columns)
            if _is_score(c) or c.startswith("share_")
        }
        for row in self.fits(iter(rows)):
            values: list[Any] = []
            for i, v in enumerate(row):
                value = _cell(v)
                if i in formats:
                    cell = WriteOnlyCell(self.ws, value)
                    cell.number_format = formats[i]
                    value = cell
                values.append(value)
            self.append(values)
        first, last = top + 1, min(self.rows, EXCEL_ROWS - 1)
        if filters and last >= first:
            self.ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{last}"
        if last >= first:
            for i, column in enumerate(columns):
                if _is_score(column):
                    letter = get_column_letter(i + 1)
                    self.ws.conditional_formatting.add(
                        f"{letter}{first}:{letter}{last}", ColorScaleRule(**_COLOR_SCALE)
                    )


def _cell(value: object) -> object:
    if is_missing(value):
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
    its articles and, below them, its warnings and errors (from the articles and findings
    frames; a frame without a severity column is listed whole)."""
    if "severity" in findings:
        findings = findings[findings["severity"].map(in_workbook)]
    by_source = {k: g for k, g in articles.groupby("source", sort=False)} if len(articles) else {}
    found = {k: g for k, g in findings.groupby("source", sort=False)} if len(findings) else {}
    empty = articles.iloc[0:0]

    def rows_of(frames: dict[Any, pd.DataFrame], default: pd.DataFrame) -> Callable:
        return lambda source: frames.get(source, default).itertuples(index=False)

    return write_xlsx_rows(
        path,
        sources,
        list(articles.columns),
        rows_of(by_source, empty),
        list(findings.columns),
        rows_of(found, findings.iloc[0:0]),
    )


def write_xlsx_rows(
    path: Path,
    sources: pd.DataFrame,
    article_columns: list[str],
    articles_of: Callable[[str], Iterable[Sequence[Any]]],
    finding_columns: list[str],
    findings_of: Callable[[str], Iterable[Sequence[Any]]],
    scratch: str | Path | None = None,
) -> Path:
    """The workbook from rows read one source at a time (`articles_of(source)`,
    `findings_of(source)`: value sequences in the columns' order, in input order; the caller
    gives only the findings `in_workbook`), written with openpyxl's write-only mode, so memory
    does not grow with the number of articles. `scratch`: the folder for the sheets' files
    until the workbook is saved (default: the system's temporary folder)."""
    with _temporary_files_in(scratch):
        wb = Workbook(write_only=True)
        headers: dict[tuple[bool, tuple], list] = {}
        summary = _Sheet(wb.create_sheet("Sources"), [list(sources.columns)], headers)
        summary.ws.freeze_panes = "A2"
        summary.block(list(sources.columns), sources.itertuples(index=False), filters=True)
        summary.ws.close()
        taken = {"sources"}
        summary_columns = [c for c in SUMMARY if c in sources]
        with_summary = len(summary_columns) > 1  # the source's estimate above its articles
        for n, source in enumerate(sources["source"]):
            blocks = [summary_columns, article_columns] if with_summary else [article_columns]
            sheet = _Sheet(wb.create_sheet(sheet_name(str(source), taken)), blocks, headers)
            sheet.ws.freeze_panes = f"A{5 if with_summary else 2}"
            if with_summary:
                sheet.block(
                    summary_columns,
                    sources.iloc[[n]][summary_columns].itertuples(index=False),
                    filters=False,
                )
                sheet.append([])
            sheet.block(article_columns, articles_of(source), filters=True)
            found = iter(findings_of(source))
            head = next(found, None)
            if head is not None and sheet.rows < EXCEL_ROWS - 3:  # a blank, a header, a row
                sheet.append([])
                sheet.header(finding_columns, safe=False)
                for row in sheet.fits(itertools.chain([head], found)):
                    sheet.append([_cell(v) for v in row])
            elif head is not None and sheet.rows < EXCEL_ROWS:  # the articles left no room
                sheet.cut(found)
            # a write-only sheet keeps an XML writer and its buffers until it is closed: closed
            # now, not all together at save, a run's hundreds of sheets do not hold them at once
            sheet.ws.close()
        wb.properties.created = FIXED_TIME
        # saved to a temporary file and copied entry by entry: the sheets of a big run are
        # hundreds of MB of XML, which must never be held in memory
        with tempfile.TemporaryFile() as saved, atomic_output(path) as out:
            wb.save(saved)
            saved.seek(0)
            _deterministic(saved, out)
        return path


@contextmanager
def _temporary_files_in(folder: str | Path | None) -> Iterator[None]:
    """Make `folder` tempfile's default folder for a while. openpyxl writes each write-only
    sheet to a named temporary file there until the workbook is saved, and removes them only
    at save or at exit: a run killed with SIGKILL while writing leaves them. In the run's
    scratch folder (`auditor.scratch`), the next run sweeps them."""
    if folder is None:
        yield
        return
    before, tempfile.tempdir = tempfile.tempdir, str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = before


def _deterministic(saved: BinaryIO, out: BinaryIO) -> None:
    """Copy the saved workbook so that the same content gives the same bytes: openpyxl stamps
    the save time into docProps/core.xml and every zip entry, which would make two identical
    runs differ."""
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            if info.filename == "docProps/core.xml":  # a few hundred bytes
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", src.read(info))
                dst.writestr(fixed, content)
                continue
            fixed.file_size = info.file_size  # as writestr sets it: zip64 only if needed
            with src.open(info) as entry, dst.open(fixed, "w") as copy:
                shutil.copyfileobj(entry, copy, _COPY_CHUNK)
