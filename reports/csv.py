"""CSV audit reports: articles.csv, findings.csv and sources.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from auditor.reports.cells import spreadsheet_cell
from auditor.reports.files import write_csv


def write_csv_reports(
    out_dir: Path, articles: pd.DataFrame, findings: pd.DataFrame, sources: pd.DataFrame
) -> list[Path]:
    """Write the three CSV reports into `out_dir`; return their paths."""
    paths = [out_dir / "articles.csv", out_dir / "findings.csv", out_dir / "sources.csv"]
    for frame, path in zip((articles, findings, sources), paths, strict=True):
        write_csv(_safe(frame), path)
    return paths


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell made safe (the shared cell-safety function), so a CSV
    holds exactly what the XLSX holds."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(spreadsheet_cell)
    return safe
