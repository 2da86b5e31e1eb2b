"""Spreadsheet-safe cells and CSV writing (whole frames atomically, or rows as they come),
shared by every reporter."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.atomic import write_atomic
from auditor.reports.cells import is_missing, spreadsheet_cell

if TYPE_CHECKING:  # imported by write_csv: the row writers of a streaming run go without it
    import pandas as pd


def neutralise_cell(value: object) -> object:
    """A spreadsheet-safe cell: the shared cell-safety function (reports/cells.py), so the
    rows appended one by one get exactly what the frame writers give."""
    return spreadsheet_cell(value)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a DataFrame as UTF-8 CSV, formula-like cells neutralised, atomically."""
    import pandas as pd

    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise_cell)
    write_atomic(path, safe.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def csv_value(value: object) -> str:
    """How a cell is written when rows are appended one by one: the same text whatever the
    other rows hold (pandas would turn a column of ints with one gap into floats)."""
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return repr(value)
    return str(neutralise_cell(value))


class CsvRowWriter:
    """A CSV file written a row at a time (UTF-8, `\\n` line ends, formula-like cells
    neutralised), so that a report of any length needs no more memory than one row. Write it
    inside a report set (auditor.atomic.report_set): the set is what is swapped in atomically.
    """

    def __init__(self, path: Path, columns: list[str]) -> None:
        import csv

        self.columns = columns
        self._fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()
        self._writer = csv.writer(self._fh, lineterminator="\n")
        self._writer.writerow(columns)
        self.rows = 0

    def write(self, row: dict[str, object]) -> None:
        self._writer.writerow([csv_value(row.get(c)) for c in self.columns])
        self.rows += 1

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
