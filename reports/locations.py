"""Where a finding is, for the CI formats: file, start and end line and column (1-based).

For an article that is a whole file (.txt, .html), the position of the span in the text.
For a record of a JSONL or CSV file, the record's line, column 1: the span's offsets inside
the record's text are given separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.models import ArticleResult, Finding


@dataclass(frozen=True)
class Location:
    path: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    in_record: bool  # True when the lines are the record's, not the span's


def locate(result: ArticleResult, finding: Finding) -> Location:
    article = result.article
    path = article.origin or article.id
    if article.line:
        return Location(path, article.line, 1, article.line, 1, True)
    start_line, start_col = article.position(finding.start)
    end_line, end_col = article.position(finding.end)
    return Location(path, start_line, start_col, end_line, end_col, False)
