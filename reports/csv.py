"""CSV audit reports: articles.csv, findings.csv and sources.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from auditor.reports.files import write_csv


def write_csv_reports(
    out_dir: Path, articles: pd.DataFrame, findings: pd.DataFrame, sources: pd.DataFrame
) -> list[Path]:
    """Write the three CSV reports into `out_dir`; return their paths."""
    paths = [out_dir / "articles.csv", out_dir / "findings.csv", out_dir / "sources.csv"]
    for frame, path in zip((articles, findings, sources), paths, strict=True):
        write_csv(frame, path)  # every text cell through the shared cell-safety function
    return paths

