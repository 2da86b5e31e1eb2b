"""The rule engine: discovers rules through entry points and runs them on articles.

Per-article rules run as articles stream in, in this process or in worker processes
(`jobs`, auditor.workers) or on a Dask cluster (auditor.dask_engine); results come back in
input order whatever runs them. Batch rules run once on the whole run afterwards: while the
input streams, each result waits in an on-disk spool and only the batch rules' inputs stay in
memory; the spool is then read back in order, the batch rules' outputs added, and each result
scored and passed on. A rule that raises is recorded with its code and the article id; the
run goes on.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from pathlib import Path
from types import MappingProxyType

from auditor.cache import ResultCache
from auditor.config import Config
from auditor.errors import ConfigError
from auditor.language import UNDETERMINED, Detection, detect_language
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

    def extend(self, items: Iterable[ArticleResult | InputError]) -> AuditRun:
        """Keep every result and input error of a stream (`Engine.stream`); return self."""
        for item in items:
            if isinstance(item, InputError):
                self.input_errors.append(item)
            else:
                self.results.append(item)
        return self


@dataclass(frozen=True)
class EngineSpec:
    """What it takes to build the same Engine in another process (a worker, a Dask worker)."""

    config: Config
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    cache_path: str | None = None
    # rule classes by code when not the installed entry points (they must be importable)
    registry: dict[str, type[Rule]] | None = None

    def build(self) -> Engine:
        cache = ResultCache(Path(self.cache_path)) if self.cache_path else None
        return Engine(self.config, self.select, self.ignore, self.registry, cache=cache)


# What `Engine.on_rule` is told before language detection, which runs before any rule.
DETECTION = "language detection"


class Engine:
    """Runs the enabled rules of a configuration."""

    def __init__(
        self,
        config: Config | None = None,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        registry: dict[str, type[Rule]] | None = None,
        cache: ResultCache | None = None,
        jobs: int | None = None,
        executor: str = "local",
        scheduler: str | None = None,
    ) -> None:
        """`jobs`: None runs the per-article rules in this process; N >= 1 in N worker
        processes, each rule within `config.rule_timeout_seconds` per article. `executor`
        "dask" runs them on a dask.distributed cluster at `scheduler` (a LocalCluster of `jobs`
        workers when None)."""
        self.config = config or Config()
        self.cache = cache
        self.jobs = jobs
        self.executor = executor
        self.scheduler = scheduler
        # told the code of each rule (or DETECTION) before it runs, so that a worker's parent
        # can name the rule an article was in when the worker died or ran out of time
        self.on_rule: Callable[[str], None] | None = None
        if executor not in ("local", "dask"):
            raise ConfigError(f"unknown engine {executor!r}: expected local or dask")
        self.spec = EngineSpec(
            self.config,
            tuple(select),
            tuple(ignore),
            str(cache.path) if cache is not None else None,
            registry,
        )
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
        """Audit every article of `items` and keep every result (for runs that fit in memory;
        `stream` passes them on one at a time instead)."""
        run = AuditRun(rules=list(self.rules))
        return run.extend(self.stream(items, on_input_error, on_article))

    def stream(
        self,
        items: Iterable[Article | InputError],
        on_input_error: Callable[[InputError], None] | None = None,
        on_article: Callable[[ArticleResult], None] | None = None,
    ) -> Iterator[ArticleResult | InputError]:
        """Audit `items`, yielding each scored ArticleResult, and each InputError, in input
        order. `on_article` is told of each article as soon as its per-article rules are done
        (a progress bar), `on_input_error` of each input error as it is read."""
        batch_rules = [r for r in self.rules if r.batch]
        spool = _Spool() if batch_rules else None
        for rule in batch_rules:
            rule.processes = max(1, self.jobs or 1)
        batch = _BatchStage(batch_rules)
        try:
            for item in self._per_article(items):
                if isinstance(item, InputError):
                    if on_input_error:
                        on_input_error(item)
                    if spool is None:
                        yield item
                    else:
                        spool.add(item)
                    continue
                if on_article:
                    on_article(item)
                if spool is None:
                    yield self._finish(item)
                    continue
                batch.add(item)
                spool.add(item)
            if spool is None:
                return
            batch.finish()
            for item in spool:
                if not isinstance(item, InputError):
                    for rule, outputs in batch.outputs(item):
                        self._collect(rule, item.article, item, outputs)
                    item = self._finish(item)
                yield item
        finally:
            if spool is not None:
                spool.close()
            for rule in self.rules:
                rule.close()
            if self.cache:
                self.cache.close()

    def _finish(self, result: ArticleResult) -> ArticleResult:
        result.batch_inputs.clear()
        result.findings.sort(key=lambda f: (f.start, f.end, f.code))
        result.scores = family_scores(result, self.config)
        return result

    def _context(self, result: ArticleResult) -> ArticleContext:
        """The context a batch rule sees: the detected language and the article's measures."""
        return ArticleContext(
            result.measures.get("language", "und"),
            result.measures.get("language_probability", 0.0),
            self.settings,
            measures=MappingProxyType(dict(result.measures)),
        )

    def _per_article(
        self, items: Iterable[Article | InputError]
    ) -> Iterator[ArticleResult | InputError]:
        """The per-article stage, on the chosen executor, in input order."""
        if self.executor == "dask":
            from auditor.dask_engine import run_on_dask

            yield from run_on_dask(self.spec, items, self.scheduler, self.jobs)
        elif self.jobs is not None:
            from auditor.workers import WorkerPool

            codes = [r.code for r in self.rules]
            modules = sorted({type(r).__module__ for r in self.rules})
            timeout = self.config.rule_timeout_seconds
            with WorkerPool(self.spec, self.jobs, timeout, codes, modules) as pool:
                yield from pool.run(items)
        else:
            for item in items:
                yield item if isinstance(item, InputError) else self.audit_article(item)[0]

    def audit_article(
        self, article: Article, skip: dict[str, str] | None = None
    ) -> tuple[ArticleResult, ArticleContext]:
        """Run the per-article rules on one article (scores are set by `stream`).

        `skip`: rules not to run (code -> why); a worker's parent passes the rules that
        crashed the worker or ran out of time on this article, and DETECTION when language
        detection itself did (the article is then treated as of undetermined language).
        """
        skip = skip or {}
        if self.on_rule:
            self.on_rule(DETECTION)
        if DETECTION in skip:
            detection = Detection(UNDETERMINED, 0.0)
        else:
            # a cached re-run does no work: the language of an unchanged text is remembered
            detection = (self.cache.language if self.cache else detect_language)(article.text)
        ctx = ArticleContext(detection.language, detection.probability, self.settings)
        result = ArticleResult(article=article)
        result.measures["language"] = detection.language
        result.measures["language_probability"] = detection.probability
        for rule in self.rules:
            if rule.batch or rule.code in skip or not self._should_run(rule, ctx, result):
                continue
            if self.on_rule:
                self.on_rule(rule.code)
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
        self._prepare_batch(article, result, skip)
        return result, ctx

    def _prepare_batch(self, article: Article, result: ArticleResult, skip: dict[str, str]) -> None:
        """What each batch rule keeps of the article (`BatchRule.prepare`), computed here,
        beside the per-article rules (in a worker when there are workers), with the measures
        those rules recorded; the engine's parent passes it on to the batch rule."""
        batch_rules = [r for r in self.rules if r.batch and r.code not in skip]
        if not batch_rules:
            return
        ctx = self._context(result)
        for rule in batch_rules:
            if not self._should_run(rule, ctx, result):
                continue
            if self.on_rule:
                self.on_rule(rule.code)
            try:
                result.batch_inputs[rule.code] = rule.prepare(article, ctx)
            except Exception as exc:  # a broken rule must not stop the run
                result.rule_errors.append(
                    RuleError(rule.code, article.id, f"{type(exc).__name__}: {exc}")
                )

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


class _BatchStage:
    """The batch rules' side of a run: each article's `prepare` output goes to its rule as the
    article passes (and is then dropped from the result, which keeps only the codes, so the
    spool stays small); after the last article each rule finishes, and its outputs are read
    back one article at a time, in input order. A batch rule that raises is an error on
    every article it ran on (from that point on, when it raises while its outputs are read)."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = {r.code: r for r in rules}
        self.errors: dict[str, RuleError] = {}
        self.results: dict[str, Iterator[list[Output]]] = {}

    def add(self, result: ArticleResult) -> None:
        for code, prepared in result.batch_inputs.items():
            if code in self.errors or code not in self.rules:
                continue
            try:
                self.rules[code].add(prepared)
            except Exception as exc:
                self._fail(code, exc)
        result.batch_inputs = dict.fromkeys(result.batch_inputs)

    def finish(self) -> None:
        for code, rule in self.rules.items():
            if code in self.errors:
                continue
            try:
                rule.finish()
                self.results[code] = iter(rule.results())
            except Exception as exc:
                self._fail(code, exc)

    def outputs(self, result: ArticleResult) -> Iterator[tuple[Rule, list[Output]]]:
        """(rule, outputs) for each batch rule that ran on `result`; errors go on it."""
        for code in list(result.batch_inputs):
            rule = self.rules.get(code)
            if rule is None:
                continue
            if code not in self.errors:
                try:
                    yield rule, next(self.results[code])
                    continue
                except Exception as exc:  # StopIteration too: outputs missing is a bug
                    self._fail(code, exc)
            result.rule_errors.append(replace(self.errors[code], article_id=result.article.id))

    def _fail(self, code: str, exc: BaseException) -> None:
        self.errors[code] = RuleError(code, "", f"{type(exc).__name__}: {exc}")


class _Spool:
    """Results waiting for the batch rules, in an anonymous temporary file (pickled one by
    one), read back once in the order they were added."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="auditor-spool-")

    def add(self, item: ArticleResult | InputError) -> None:
        # one pickle per item: nothing refers back to earlier items, so memory stays flat
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[ArticleResult | InputError]:
        self._file.flush()
        self._file.seek(0)
        while True:
            try:
                yield pickle.load(self._file)
            except EOFError:
                return

    def close(self) -> None:
        self._file.close()
