"""The Python API: everything the CLI does, with plain objects and pandas DataFrames.

from auditor.api import audit, articles_frame, findings_frame, sources_frame
run = audit(["examples/"])
articles_frame(run)          # one row per article, with family scores

pandas (and the per-source aggregate, which needs it) is imported where a DataFrame is made,
not with this module: a report run's parent process then streams the articles without it (it
is 40 of its ~120 MB) and loads it for the aggregate at the end.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.cache import ResultCache
from auditor.config import Config
from auditor.engine import AuditRun, Engine
from auditor.ingest import IngestOptions, read_inputs
from auditor.models import Article, ArticleResult, InputError, RuleError, Severity
from auditor.reliability import FEATURES, PREFIX, article_features
from auditor.rule import FAMILIES

if TYPE_CHECKING:
    import pandas as pd

SCORE_COLUMNS = [*FAMILIES, "overall"]
__all__ = [
    "SCORE_COLUMNS",
    "articles_frame",
    "audit",
    "audit_articles",
    "findings_frame",
    "iter_audit",
    "write_reports",
    "sources_frame",  # noqa: F822 - auditor.aggregate's, loaded on first use (`__getattr__`)
    "unavailable_families",
    "verdicts",
]


def __getattr__(name: str) -> Any:
    """`sources_frame`, re-exported from auditor.aggregate when first asked for."""
    if name == "sources_frame":
        from auditor.aggregate import sources_frame

        return sources_frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def audit(
    paths: Iterable[str],
    config: Config | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    default_source: str | None = None,
    on_input_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[ArticleResult], None] | None = None,
    cache: ResultCache | None = None,
    on_warning: Callable[[str], None] | None = None,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> AuditRun:
    """Read every article under `paths`, run the enabled rules and score each article, and
    keep every result (for runs that fit in memory; `iter_audit` streams them).

    With `cache`, per-article rule outputs are reused for unchanged articles and rules.
    `on_warning` receives input warnings that are not errors (a duplicate id renamed).
    `jobs`: None audits in this process; N runs the per-article rules in N worker processes
    (each rule within `rule_timeout_seconds`). `engine="dask"` runs them on a dask.distributed
    cluster at `scheduler` (a local cluster when None). Results are the same either way.
    Scripts that use worker processes need the usual `if __name__ == "__main__":` guard.
    """
    run = AuditRun()
    options = (default_source, on_input_error, on_article, cache, on_warning, jobs, engine)
    return run.extend(
        iter_audit(paths, config, select, ignore, *options, scheduler=scheduler, run=run)
    )


def iter_audit(
    paths: Iterable[str],
    config: Config | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    default_source: str | None = None,
    on_input_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[ArticleResult], None] | None = None,
    cache: ResultCache | None = None,
    on_warning: Callable[[str], None] | None = None,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    run: AuditRun | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Like `audit`, but yield each scored ArticleResult (and each InputError) in input order
    instead of keeping them: memory does not grow with the run, whatever its size.

    for item in iter_audit(["big.jsonl"], jobs=2):
        ...   # an ArticleResult, or an InputError (file, line, message)

    `run`, when given, receives the engine's rules (its `results` stay empty).
    """
    config = config or Config()
    eng = Engine(
        config,
        select=select,
        ignore=ignore,
        cache=cache,
        jobs=jobs,
        executor=engine,
        scheduler=scheduler,
    )
    if run is not None:
        run.rules = list(eng.rules)
    options = IngestOptions(
        default_source=default_source,
        max_article_bytes=config.max_article_bytes,
        on_warning=on_warning,
    )
    yield from eng.stream(
        read_inputs(paths, options), on_input_error=on_input_error, on_article=on_article
    )


@dataclass
class ReportSummary:
    """What `write_reports` wrote and what the caller may want to print."""

    paths: list[Path]
    sources: pd.DataFrame | None = None  # the per-source aggregate, once written
    articles: int = 0
    input_errors: int = 0
    rule_errors: list[RuleError] = field(default_factory=list)
    unavailable: set[str] = field(default_factory=set)  # "unavailable: ..." reasons


def write_reports(
    items: Iterable[ArticleResult | InputError],
    out: Path | str,
    mt_threshold: float = 50.0,
    ratings: tuple[str, dict[str, float]] | None = None,
    fail_under: float = 50.0,
    fail_on: Severity | None = None,
    run: AuditRun | None = None,
) -> ReportSummary:
    """Write the report set (articles.csv, findings.csv, sources.csv, sources.xlsx,
    report.html) from a stream of results, atomically: into a folder beside `out` that
    replaces `out` at the end (auditor.atomic.report_set), under a lock.

    articles.csv and findings.csv are appended to as results arrive (input errors go last in
    articles.csv, as in `articles_frame`); the per-source aggregate is computed at the end
    from the columns of the articles' rows it reads, never from their texts; the workbook's
    rows and each article's part of report.html wait on disk (auditor.rowstore) until the
    ranking gives the order of the sheets and sections, so memory stays flat. report.html's
    overview counts the articles failing `fail_under`/`fail_on` as `auditor check` would;
    `run` (the one given to `iter_audit`) supplies the rules' summaries.
    """
    from auditor.atomic import report_set
    from auditor.reports.cells import in_workbook
    from auditor.reports.files import CsvRowWriter, write_csv
    from auditor.reports.html import HtmlReport
    from auditor.rowstore import SourceRows

    out = Path(out)
    names = ["articles.csv", "findings.csv", "sources.csv", "sources.xlsx", "report.html"]
    with report_set(out) as tmp:
        articles = CsvRowWriter(tmp / "articles.csv", ARTICLE_COLUMNS)
        findings = CsvRowWriter(tmp / "findings.csv", FINDING_COLUMNS)
        errors: list[InputError] = []
        # the aggregate's, the workbook's and the page's rows, until the ranking is known
        # (beside `out`, named so that the next run on `out` clears it if this one is killed)
        spool = SourceRows(tmp.parent, f".{out.name}.new-scratch-")
        aggregate = _AggregateRows(spool)
        page = HtmlReport(check=True, rows=spool)
        summary = ReportSummary([out / n for n in names])
        try:
            try:
                for item in items:
                    if isinstance(item, InputError):
                        errors.append(item)
                        continue
                    row = article_row(item, mt_threshold)
                    articles.write(row)
                    aggregate.add(row)
                    source = item.article.source
                    spool.add("articles", source, [row.get(c) for c in ARTICLE_COLUMNS])
                    for finding in finding_rows(item):
                        findings.write(finding)
                        if in_workbook(finding["severity"]):
                            spool.add("findings", source, [finding.get(c) for c in FINDING_COLUMNS])
                    summary.rule_errors.extend(item.rule_errors)
                    summary.unavailable.update(
                        why for why in item.skipped.values() if why.startswith("unavailable")
                    )
                    slim = _slim(item)
                    reasons = verdicts(AuditRun(results=[slim]), fail_under, fail_on)
                    page.add(slim, reasons.get(slim.article.id))
                for e in errors:
                    articles.write(input_error_row(e))
            finally:
                articles.close()
                findings.close()
            from auditor.aggregate import add_ratings, sources_frame
            from auditor.reports.xlsx import write_xlsx_rows

            sources = sources_frame(aggregate.frame())
            if ratings is not None:
                sources = add_ratings(sources, ratings)
            write_csv(sources, tmp / "sources.csv")
            write_xlsx_rows(
                tmp / "sources.xlsx",
                sources,
                ARTICLE_COLUMNS,
                lambda source: spool.rows("articles", source),
                FINDING_COLUMNS,
                lambda source: spool.rows("findings", source),
                scratch=spool.folder,
            )
            rules = run.rules if run is not None else []
            page.write(tmp / "report.html", sources, errors, rules)
        finally:
            spool.close()
        summary.sources = sources
        summary.articles = aggregate.count
        summary.input_errors = len(errors)
    return summary


class _AggregateRows:
    """The articles' rows as the per-source aggregate needs them, only its columns: on disk
    (the report run's `SourceRows`) while the run streams, read back at the end in typed
    DataFrame chunks (numbers as numbers, not one Python object per cell)."""

    KIND = "aggregate"
    CHUNK = 2048

    def __init__(self, spool: Any) -> None:
        self.spool = spool
        self.columns = [c for c in ARTICLE_COLUMNS if c not in _NOT_AGGREGATED]
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self.spool.add(self.KIND, None, [row.get(c) for c in self.columns])
        self.count += 1

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = self.spool.rows(self.KIND, None)
        chunks = []
        while chunk := list(itertools.islice(rows, self.CHUNK)):
            chunks.append(pd.DataFrame(chunk, columns=self.columns))
        if not chunks:
            return pd.DataFrame(columns=self.columns)
        return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]


def _slim(result: ArticleResult) -> ArticleResult:
    """What the workbook and the page need of a result: the article (its text, for evidence
    in context) and the findings without their structured data, which can be many times the
    size of the text (attribution relations)."""
    keep = ("family", "outside_text")
    findings = [
        replace(f, data={k: f.data[k] for k in keep if k in f.data}) for f in result.findings
    ]
    return replace(result, article=replace(result.article, extra={}), findings=findings)


ARTICLE_COLUMNS = [
    "id",
    "source",
    "url",
    "title",
    "origin",
    "line",
    "published",
    "language",
    "language_probability",
    *SCORE_COLUMNS,
    "errors",
    "warnings",
    "infos",
    "wires_credited",
    "is_repost",
    "is_uncredited_rewrite",
    "is_machine_translation",
    "lacks_attribution",
    "top_codes",
    "not_scored",
    "not_run",
    "rule_errors",
    *(f"{PREFIX}{name}" for name in FEATURES),
    "input_error",
]
# articles.csv columns the per-source aggregate does not read
_NOT_AGGREGATED = {
    "title",
    "origin",
    "line",
    "language_probability",
    "infos",
    "wires_credited",
    "not_scored",
    "not_run",
}
FINDING_COLUMNS = [
    "article_id",
    "source",
    "origin",
    "code",
    "family",
    "severity",
    "message",
    "start",
    "end",
    "line",
    "column",
    "evidence",
    "outside_text",
]


def article_row(r: ArticleResult, mt_threshold: float = 50.0) -> dict[str, Any]:
    """The articles.csv row of one result (see `articles_frame`)."""
    a = r.article
    counts = r.counts_by_severity()
    codes = {(f.code, f.severity.value) for f in r.findings}
    return {
        "id": a.id,
        "source": a.source,
        "url": a.url,
        "title": a.title,
        "origin": a.origin,
        "line": a.line,
        "published": a.published,
        "language": r.measures.get("language"),
        "language_probability": r.measures.get("language_probability"),
        **{c: r.scores.get(c) for c in SCORE_COLUMNS},
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "wires_credited": r.measures.get("attribution.wires_credited"),
        "is_repost": any(
            c in ("REP001", "REP002", "REP004") and sev != "info" or c == "REP003" and sev == "info"
            for c, sev in codes
        ),
        "is_uncredited_rewrite": ("REP003", "warning") in codes,
        "is_machine_translation": (t := r.scores.get("translation")) is not None
        and t < mt_threshold,
        "lacks_attribution": any(c == "ATT001" and sev != "info" for c, sev in codes)
        or (r.measures.get("attribution.claims") == 0 and len(a.text.split()) >= 150),
        "top_codes": " ".join(sorted({c for c, sev in codes if sev != "info"})),
        "not_scored": "; ".join(f for f in FAMILIES if r.scores.get(f) is None),
        "not_run": "; ".join(f"{c} {why}" for c, why in sorted(r.skipped.items())),
        "rule_errors": "; ".join(f"{e.code}: {e.message}" for e in r.rule_errors),
        **article_features(r),
    }


def input_error_row(e: InputError) -> dict[str, Any]:
    """The articles.csv row of an input that could not become an article."""
    return {"id": e.location(), "origin": e.origin, "line": e.line, "input_error": e.message}


def finding_rows(r: ArticleResult) -> Iterator[dict[str, Any]]:
    """The findings.csv rows of one result (see `findings_frame`)."""
    for f in r.findings:
        line, col = r.article.position(f.start)
        yield {
            "article_id": r.article.id,
            "source": r.article.source,
            "origin": r.article.origin,
            "code": f.code,
            "family": f.data.get("family"),
            "severity": f.severity.value,
            "message": f.message,
            "start": f.start,
            "end": f.end,
            "line": line,
            "column": col,
            "evidence": f.evidence,
            "outside_text": bool(f.data.get("outside_text")),
        }


def articles_frame(run: AuditRun, mt_threshold: float = 50.0) -> pd.DataFrame:
    """One row per article: identity, language, family scores, finding counts, flags, errors.

    Flags (for the per-source shares): `is_repost` (a repost marker: boilerplate line, pasted
    tail, a repost credit in the HTML page around the text, or credited shared text),
    `is_uncredited_rewrite` (text shared without credit),
    `is_machine_translation` (translation score below `mt_threshold`), `lacks_attribution` (an
    unattributed quotation, or no attribution at all in a text of 150 words or more).
    The `f_*` columns are the per-article inputs of the per-source reliability estimate
    (`auditor.reliability.FEATURES`: sourcing density, named share, readability, ...).
    """
    import pandas as pd

    rows = [article_row(r, mt_threshold) for r in run.results]
    rows += [input_error_row(e) for e in run.input_errors]
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def findings_frame(run: AuditRun) -> pd.DataFrame:
    """One row per finding, with its position in the article and its evidence (`outside_text`:
    the evidence is in the HTML page around the text, not in it; its span is empty)."""
    import pandas as pd

    rows = [row for r in run.results for row in finding_rows(r)]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def verdicts(
    run: AuditRun,
    fail_under: float,
    fail_on: Severity | None,
    only_new: bool = False,
    allow_rule_errors: bool = False,
) -> dict[str, list[str]]:
    """Why each failing article fails the check, by article id (passing articles are absent).

    An article fails when its overall score is below `fail_under`, when it has a finding at or
    above `fail_on`, when a rule raised on it (unless `allow_rule_errors`: a crashed rule
    has not checked the article, so passing it would let anything through), or when it could
    not be read (an input error fails the check too). With `only_new` (a baseline was
    applied), an article whose findings are all in the baseline passes whatever its score.
    """
    failing: dict[str, list[str]] = {}
    for r in run.results:
        reasons = []
        if not allow_rule_errors:
            reasons += [f"rule error {e.code}: {e.message}" for e in r.rule_errors]
        score = r.scores.get("overall")
        if only_new and not r.findings:
            if reasons:
                failing[r.article.id] = reasons
            continue
        if score is not None and score < fail_under:
            reasons.append(f"overall score {score} < {fail_under:g}")
        if fail_on is not None:
            bad = [f for f in r.findings if f.severity.rank >= fail_on.rank]
            if bad:
                reasons.append(f"{len(bad)} finding(s) at or above {fail_on.value}")
        if reasons:
            failing[r.article.id] = reasons
    for e in run.input_errors:
        failing[e.location()] = [f"input error: {e.message}"]
    return failing


def audit_articles(
    articles: Iterable[Article],
    config: Config | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    on_article: Callable[[ArticleResult], None] | None = None,
) -> AuditRun:
    """Audit Article objects built in memory (the evaluation and benchmark use this)."""
    engine = Engine(config or Config(), select=select, ignore=ignore)
    return engine.audit(articles, on_article=on_article)


def unavailable_families(run: AuditRun) -> dict[str, str]:
    """Families that could not be scored because a component is unavailable, with why."""
    family_of = {r.code: r.family for r in run.rules}
    out: dict[str, str] = {}
    for r in run.results:
        for code, why in r.skipped.items():
            if why.startswith("unavailable") and r.scores.get(family_of.get(code, "")) is None:
                out.setdefault(family_of[code], f"{code} {why}")
    return out
