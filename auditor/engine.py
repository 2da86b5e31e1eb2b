"""The rule engine: discovers rules through entry points and runs them on articles.

Per-article rules run as articles stream in; batch rules run once on the whole run afterwards.
A rule that raises is recorded with its code and the article id; the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from types import MappingProxyType

from auditor.cache import ResultCache
from auditor.config import Config
from auditor.errors import ConfigError
from auditor.language import detect_language
from auditor.models import Article, ArticleResult, Finding, InputError, Measure, RuleError
from auditor.rule import ArticleContext, Output, Rule
from auditor.scoring import family_scores

ENTRY_POINT_GROUP = "auditor.rules"


def discover_rules() -> dict[str, type[Rule]]:
    """Every rule class registered in the `auditor.rules` entry-point group, by code."""
    found: dict[str, type[Rule]] = {}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        cls = ep.load()
        if not (isinstance(cls, type) and issubclass(cls, Rule)):
            raise ConfigError(f"entry point {ep.name} = {ep.value} is not a Rule subclass")
        if cls.code != ep.name:
            raise ConfigError(f"entry point {ep.name} loads rule {cls.code}: names must match")
        if cls.code in found:
            raise ConfigError(f"rule code {cls.code} is registered twice")
        found[cls.code] = cls
    return found


def _matches(code: str, patterns: Iterable[str]) -> bool:
    """A code matches a selector that is the code itself or a prefix of it ("TRN", "ALL")."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


@dataclass
class AuditRun:
    """The results of one run: one ArticleResult per article, plus the inputs that failed."""

    results: list[ArticleResult] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


class Engine:
    """Runs the enabled rules of a configuration."""

    def __init__(
        self,
        config: Config | None = None,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        registry: dict[str, type[Rule]] | None = None,
        cache: ResultCache | None = None,
    ) -> None:
        self.config = config or Config()
        self.cache = cache
        self.registry = registry if registry is not None else discover_rules()
        select = [s.upper() for s in select] or self.config.select or ["ALL"]
        ignore = [s.upper() for s in ignore] + self.config.ignore
        self._check_codes(select + ignore, "select/ignore", prefixes=True)
        self._check_codes(list(self.config.severity), "severity")
        self._check_codes(list(self.config.rules), "rules")
        for table in (self.config.per_source, self.config.per_article):
            for codes in table.values():
                self._check_codes(codes, "per-source/per-article ignore", prefixes=True)
        self.settings = self.config.settings()
        enabled = {c for c in self.registry if _matches(c, select) and not _matches(c, ignore)}
        required = {r for c in enabled for r in self.registry[c].requires if r in self.registry}
        # Rules run only because another needs their measures: their findings are dropped
        # and their family is not scored, since the user did not ask for them.
        self.helpers = required - enabled
        enabled |= required
        self.rules: list[Rule] = [
            self.registry[code](self.config.rules.get(code), self.config.severity.get(code))
            for code in sorted(enabled)
        ]
        self.unavailable = {
            r.code: reason
            for r in self.rules
            if (reason := r.unavailable_reason(self.settings)) is not None
        }

    def _check_codes(self, codes: list[str], key: str, prefixes: bool = False) -> None:
        for code in codes:
            ok = code in self.registry or (
                prefixes and (code == "ALL" or any(c.startswith(code) for c in self.registry))
            )
            if not ok:
                raise ConfigError(f"{key}: unknown rule code {code!r}")

    def audit(
        self,
        items: Iterable[Article | InputError],
        on_input_error: Callable[[InputError], None] | None = None,
        on_article: Callable[[ArticleResult], None] | None = None,
    ) -> AuditRun:
        """Audit every article of `items`; InputErrors are collected and passed on."""
        run = AuditRun(rules=list(self.rules))
        contexts: list[ArticleContext] = []
        try:
            for item in items:
                if isinstance(item, InputError):
                    run.input_errors.append(item)
                    if on_input_error:
                        on_input_error(item)
                    continue
                result, ctx = self.audit_article(item)
                run.results.append(result)
                contexts.append(ctx)
                if on_article:
                    on_article(result)
            self._run_batch_rules(run.results, contexts)
        finally:
            for rule in self.rules:
                rule.close()
            if self.cache:
                self.cache.close()
        for result in run.results:
            result.findings.sort(key=lambda f: (f.start, f.end, f.code))
            result.scores = family_scores(result, self.config)
        return run

    def audit_article(self, article: Article) -> tuple[ArticleResult, ArticleContext]:
        """Run the per-article rules on one article (scores are set by `audit`)."""
        # a cached re-run does no work: the language of an unchanged text is remembered too
        detection = (self.cache.language if self.cache else detect_language)(article.text)
        ctx = ArticleContext(detection.language, detection.probability, self.settings)
        result = ArticleResult(article=article)
        result.measures["language"] = detection.language
        result.measures["language_probability"] = detection.probability
        for rule in self.rules:
            if rule.batch or not self._should_run(rule, ctx, result):
                continue
            key = self.cache.key(rule, article, ctx) if self.cache else None
            outputs = self.cache.get(key) if self.cache and key else None
            if outputs is None:
                try:
                    outputs = list(rule.check(article, ctx))
                except Exception as exc:  # a broken rule must not stop the run
                    result.rule_errors.append(
                        RuleError(rule.code, article.id, f"{type(exc).__name__}: {exc}")
                    )
                    continue
                if self.cache and key:
                    self.cache.put(key, outputs)
            self._collect(rule, article, result, outputs, helper=rule.code in self.helpers)
        return result, ctx

    def _suppressed_by(self, article: Article, code: str) -> str | None:
        """Why a rule is suppressed for this article (config or inline marker), if it is."""
        if _matches(code, self.config.per_source.get(article.source, ())):
            return f"suppressed for source {article.source}"
        if _matches(code, self.config.per_article.get(article.id, ())):
            return "suppressed for this article"
        markers = article.extra.get("suppress") or ()
        if _matches(code, [markers] if isinstance(markers, str) else markers):
            return "suppressed by an inline auditor: ignore[...] marker"
        return None

    def _should_run(self, rule: Rule, ctx: ArticleContext, result: ArticleResult) -> bool:
        suppressed = self._suppressed_by(result.article, rule.code)
        if suppressed:
            result.skipped[rule.code] = suppressed
            return False
        if rule.code in self.unavailable:
            result.skipped[rule.code] = f"unavailable: {self.unavailable[rule.code]}"
            return False
        if not rule.applies_to(ctx.language):
            result.skipped[rule.code] = f"not applicable: {ctx.language}"
            return False
        return True

    def _run_batch_rules(
        self, results: list[ArticleResult], contexts: list[ArticleContext]
    ) -> None:
        by_id = {r.article.id: r for r in results}
        for rule in (r for r in self.rules if r.batch):
            items = [
                (res.article, replace(ctx, measures=MappingProxyType(dict(res.measures))))
                for res, ctx in zip(results, contexts, strict=True)
                if self._should_run(rule, ctx, res)
            ]
            try:
                outputs = {k: list(v) for k, v in rule.check_batch(items).items()}
            except Exception as exc:
                for article, _ in items:
                    by_id[article.id].rule_errors.append(
                        RuleError(rule.code, article.id, f"{type(exc).__name__}: {exc}")
                    )
                continue
            for article, _ in items:
                self._collect(rule, article, by_id[article.id], outputs.get(article.id, []))

    @staticmethod
    def _collect(
        rule: Rule,
        article: Article,
        result: ArticleResult,
        outputs: list[Output],
        helper: bool = False,
    ) -> None:
        for out in outputs:
            if isinstance(out, Finding):
                if helper:
                    continue
                outside = out.data.get("outside_text") and out.start == out.end == 0
                if not (0 <= out.start <= out.end <= len(article.text)) or (
                    article.text[out.start : out.end] != out.evidence and not outside
                ):
                    result.rule_errors.append(
                        RuleError(
                            rule.code,
                            article.id,
                            f"finding span {out.start}-{out.end} does not match its evidence",
                        )
                    )
                    continue
                result.findings.append(out)
            elif isinstance(out, Measure):
                result.measures[out.name] = out.value
        if not helper:
            result.families_run.add(rule.family)
