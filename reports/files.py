"""Spreadsheet-safe cells and atomic CSV writing, shared by every reporter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from auditor.atomic import write_atomic

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a formula-like string with a quote so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a DataFrame as UTF-8 CSV, formula-like cells neutralised, atomically."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise_cell)
    write_atomic(path, safe.to_csv(index=False, lineterminator="\n").encode("utf-8"))
