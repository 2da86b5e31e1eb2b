"""The rule interface. A rule is a small class: code, name, family, summary, options, one check.

Per-article rules implement `check(article, ctx)`; batch rules (which need every article of the
run, e.g. near-duplicate detection) implement `prepare`/`add`/`finish`/`results` (or only
`check_batch(items)`). Both yield Findings and
Measures. Rules are discovered through the `auditor.rules` entry-point group.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, ClassVar

from auditor.errors import ConfigError
from auditor.models import Article, Finding, Measure, Severity

FAMILIES = ("attribution", "translation", "repost", "readability", "grammar")

Output = Finding | Measure


@dataclass(frozen=True)
class ArticleContext:
    """What the engine knows about an article before rules run on it."""

    language: str  # ISO 639-1 code, or "und" when detection is uncertain
    language_probability: float
    settings: Mapping[str, Any] = field(default_factory=dict)
    # For batch rules only: the measures the per-article rules recorded on this article
    # (e.g. attribution.wires_credited), read-only. Empty for per-article rules.
    measures: Mapping[str, Any] = field(default_factory=dict)


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    # option name -> default value; config may override them, unknown names are errors
    options: ClassVar[dict[str, Any]] = {}
    # ISO 639-1 codes the rule applies to; None means every language
    languages: ClassVar[tuple[str, ...] | None] = None
    version: ClassVar[str] = "1"
    batch: ClassVar[bool] = False
    # structured evidence the rule's findings carry in `data`, for the evaluation:
    # "attribution-relations" (data["relation"]), "reuse-pairs" (data["reuse"])
    provides: ClassVar[tuple[str, ...]] = ()
    # codes of per-article rules whose measures this (batch) rule reads; the engine runs them
    # too whenever this rule runs
    requires: ClassVar[tuple[str, ...]] = ()
    # False for rules whose findings are scored through a measure (e.g. a share of the text),
    # so that scoring does not count them twice
    penalised: ClassVar[bool] = True

    def __init__(
        self, options: Mapping[str, Any] | None = None, severity: Severity | None = None
    ) -> None:
        unknown = sorted(set(options or {}) - set(self.options))
        if unknown:
            raise ConfigError(
                f"rules.{self.code}: unknown option {unknown[0]!r} "
                f"(known: {', '.join(sorted(self.options)) or 'none'})"
            )
        self.opts: dict[str, Any] = {**self.options, **(options or {})}
        self.effective_severity = severity or self.severity

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation: its docstring (what it does / why it matters / example)."""
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def unavailable_reason(cls, settings: Mapping[str, Any]) -> str | None:
        """Why this rule cannot run in this environment, or None when it can."""
        return None

    def applies_to(self, language: str) -> bool:
        return self.languages is None or language in self.languages

    def finding(
        self,
        article: Article,
        start: int,
        end: int,
        message: str,
        severity: Severity | None = None,
        **data: Any,
    ) -> Finding:
        """A finding on article.text[start:end]; its evidence is exactly that slice."""
        return Finding(
            code=self.code,
            message=message,
            severity=severity or self.effective_severity,
            start=start,
            end=end,
            evidence=article.text[start:end],
            data={
                "family": self.family,
                **({} if self.penalised else {"penalised": False}),
                **data,
            },
        )

    def page_finding(
        self,
        article: Article,
        evidence: str,
        message: str,
        severity: Severity | None = None,
        **data: Any,
    ) -> Finding:
        """A finding whose evidence is in the source page but not in the article text (an
        HTML link or a line the main-text extraction dropped). Its span is empty, at the start
        of the text, and `data.outside_text` is true so reports show the evidence on its own."""
        finding = self.finding(article, 0, 0, message, severity, outside_text=True, **data)
        return replace(finding, evidence=evidence)

    def _score_data(self) -> dict[str, Any]:
        return {} if self.penalised else {"penalised": False}

    def measure(self, name: str, value: Any) -> Measure:
        """A measure named `<family>.<name>`."""
        return Measure(f"{self.family}.{name}", value)

    def check(self, article: Article, ctx: ArticleContext) -> Iterable[Output]:
        raise NotImplementedError

    def close(self) -> None:
        """Release what the rule holds for the run (servers, files). Called once at the end."""


class BatchRule(Rule):
    """A rule that needs every article of the run (near-duplicates, for instance).

    It runs in two steps, so that a big run does not hold its articles in memory:
    `prepare(article, ctx)` runs beside the per-article rules (in a worker process or on a
    Dask worker) and returns what the rule keeps of the article (picklable; ideally compact);
    the engine passes each to `add` as the article passes, calls `finish` once after the last
    one, then reads `results()`: one list of outputs per `add`, in the same order.

    A rule may instead implement only `check_batch(items)` (outputs keyed by article id): the
    default steps then keep every (article, context) until `finish`.
    """

    batch: ClassVar[bool] = True
    # how many processes `finish` may use (the engine sets it from `jobs`; 1: this one only)
    processes: int = 1

    def check_batch(
        self, items: list[tuple[Article, ArticleContext]]
    ) -> Mapping[str, Iterable[Output]]:
        """Return outputs keyed by article id."""
        raise NotImplementedError

    def prepare(self, article: Article, ctx: ArticleContext) -> Any:
        """What the rule keeps of one article (ctx carries the per-article rules' measures)."""
        # plain dicts: a read-only mapping proxy cannot travel back from a worker process
        return article, replace(ctx, settings=dict(ctx.settings), measures=dict(ctx.measures))

    def add(self, prepared: Any) -> None:
        """Take one article's `prepare` output, in input order."""
        article, ctx = prepared
        ctx = replace(ctx, measures=MappingProxyType(ctx.measures))
        self.__dict__.setdefault("_pending", []).append((article, ctx))

    def finish(self) -> None:
        """Called once after the last `add`."""
        items = self.__dict__.pop("_pending", [])
        self._order = [a.id for a, _ in items]
        self._outputs = {k: list(v) for k, v in self.check_batch(items).items()}

    def results(self) -> Iterator[list[Output]]:
        """The outputs of each added article, in the order they were added."""
        outputs, order = self.__dict__.pop("_outputs", {}), self.__dict__.pop("_order", [])
        for article_id in order:
            yield list(outputs.get(article_id, []))


def run_batch(
    rule: BatchRule, items: Iterable[tuple[Article, ArticleContext]]
) -> dict[str, list[Output]]:
    """A batch rule's outputs on `items`, by article id, through its streaming steps (for
    scripts and tests that call a batch rule directly)."""
    ids = []
    for article, ctx in items:
        ids.append(article.id)
        rule.add(rule.prepare(article, ctx))
    rule.finish()
    return dict(zip(ids, rule.results(), strict=True))
