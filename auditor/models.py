"""Plain data objects that flow through the pipeline: ingest -> engine -> scoring -> reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is. Ordered: info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        try:
            return cls(str(value.value if isinstance(value, Severity) else value).lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r}: expected one of info, warning, error"
            ) from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


# The source of articles with no source, url or domain field and no --source: many sites
# pooled, so the per-source sheet never ranks it.
UNKNOWN_SOURCE = "unknown"


@dataclass(frozen=True)
class Article:
    """One article to audit. `origin` is the file it came from; `line` its 1-based line or None."""

    id: str
    text: str
    source: str = UNKNOWN_SOURCE
    url: str | None = None
    title: str | None = None
    lang_declared: str | None = None
    published: str | None = None
    origin: str = ""
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in the article text."""
        offset = max(0, min(offset, len(self.text)))
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col


@dataclass(frozen=True)
class Finding:
    """A piece of evidence: rule code, message, severity and the span [start, end) it rests on."""

    code: str
    message: str
    severity: Severity
    start: int
    end: int
    evidence: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    """A named number a rule measured on an article (e.g. flesch_reading_ease = 51.2)."""

    name: str
    value: float | int | str | None


@dataclass(frozen=True)
class InputError:
    """Input that could not become an article: where it happened and why."""

    origin: str
    line: int | None
    message: str

    def location(self) -> str:
        return f"{self.origin}:{self.line}" if self.line else self.origin


@dataclass(frozen=True)
class RuleError:
    """A rule that raised on an article. The run goes on; this is reported."""

    code: str
    article_id: str
    message: str


@dataclass
class ArticleResult:
    """Everything the audit learnt about one article."""

    article: Article
    findings: list[Finding] = field(default_factory=list)
    measures: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, float | None] = field(default_factory=dict)
    rule_errors: list[RuleError] = field(default_factory=list)
    # rule code -> why it did not run ("not applicable: de", "unavailable: ...", "disabled")
    skipped: dict[str, str] = field(default_factory=dict)
    # families with at least one rule that ran on this article
    families_run: set[str] = field(default_factory=set)
    # batch rule code -> what its `prepare` kept of the article, on its way from the
    # per-article stage (maybe a worker) to the batch rule; the engine empties it
    batch_inputs: dict[str, Any] = field(default_factory=dict)

    def counts_by_severity(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts
