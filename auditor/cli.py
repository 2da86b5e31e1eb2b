"""The `auditor` command line: thin over auditor.api.

Exit codes: 0 every article passes; 1 some article fails (or could not be read);
2 usage or configuration error; 3 a component asked for with --require is unavailable.
"""

from __future__ import annotations

import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from auditor import __version__
from auditor.errors import UsageError
from auditor.rule import FAMILIES

if TYPE_CHECKING:  # the heavy modules (pandas, the engine, the reporters) load on first use,
    # so `auditor --help` and `auditor rules list` start quickly
    from auditor.config import Config
    from auditor.engine import AuditRun
    from auditor.models import InputError, Severity

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3
FORMATS = ("text", "json", "sarif", "github", "junit", "rdjsonl")


def _plain_argument_help() -> None:
    """Typer 0.29 prints a Python type beside each argument ("PATH... <list[str]>") and wraps
    required ones in braces in the usage line ("{PATH...}..."); show the metavar alone, as
    click does. Guarded, so another Typer version keeps its own rendering."""
    from typer.core import TyperArgument

    if hasattr(TyperArgument, "display_type_rich"):
        TyperArgument.display_type_rich = lambda self, ctx=None: None
    if hasattr(TyperArgument, "_usage_display_name"):
        TyperArgument._usage_display_name = lambda self: (
            self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        )


_plain_argument_help()


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"auditor {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    help="Audit news articles for attribution, machine-translation artefacts, repost "
    "boilerplate and readability.\n\nExit codes: 0 all pass, 1 some article fails, "
    "2 usage or configuration error, 3 a required component (--require) is unavailable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """The options before a command (--version)."""


rules_app = typer.Typer(help="List the rules and explain one.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
baseline_app = typer.Typer(
    help="Record current findings so checks fail only on new ones.", no_args_is_help=True
)
app.add_typer(baseline_app, name="baseline")
BaselineFileOpt = Annotated[
    Path, typer.Option("--file", metavar="FILE", help="The baseline file to write.")
]

# soft_wrap: an error or warning stays one line (CI logs and scripts read it line by line)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)
# Reports piped to a file or CI log get a fixed width, so the summary table is not truncated.
stdout = Console(highlight=False, width=None if sys.stdout.isatty() else 120)

PathsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH...", help="Files, directories, or - for stdin.", show_default=False
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="auditor.toml or pyproject.toml to use (default: the nearest one upward).",
    ),
]
SelectOpt = Annotated[
    str | None,
    typer.Option(
        "--select", metavar="CODES", help="Comma-separated rule codes or prefixes to run."
    ),
]
IgnoreOpt = Annotated[
    str | None,
    typer.Option(
        "--ignore", metavar="CODES", help="Comma-separated rule codes or prefixes to skip."
    ),
]
IndexOpt = Annotated[
    Path | None,
    typer.Option(
        "--index",
        metavar="FILE",
        help="Near-duplicate index (SQLite): compare with every article seen before, then add "
        "this run's articles to it (REP003).",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Do not read or write the result cache (.auditor-cache/).",
        show_default=False,
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        min=1,
        metavar="N",
        help="Worker processes for the per-article rules (default: the machine's cores). "
        "Each rule gets rule_timeout_seconds per article; reports are the same for any N.",
    ),
]
EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine",
        metavar="ENGINE",
        help="local (worker processes) or dask (a dask.distributed cluster; "
        "pip install 'news-auditor[dask]').",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="With --engine dask: the scheduler address (default: a local cluster).",
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="NAME",
        help="Source for articles with neither a source field nor a URL.",
    ),
]


def _writable_dir(path: Path, option: str) -> None:
    """A usage error, before any audit time is spent, unless `path` is (or can be made) a
    folder this process can write in: tried for real, since permission bits do not tell
    (root ignores them; a read-only file system does not)."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=path, prefix=".auditor-probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot write there: {exc.strerror or exc}") from None


def _writable_file(path: Path, option: str) -> None:
    """A usage error unless `path` names a file that can be written (its folder writable)."""
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a folder, not a file")
    _writable_dir(path.parent if str(path.parent) else Path("."), option)


def _split(codes: str | None) -> list[str]:
    return [c.strip() for c in (codes or "").split(",") if c.strip()]


def _report_input_error(error: InputError) -> None:
    from auditor.reports.cells import safe_text

    where, why = escape(safe_text(error.location())), escape(safe_text(error.message))
    stderr.print(f"[red]input error[/red] {where}: {why}", markup=True)


def _warn(message: str) -> None:
    """An input or cache warning: one line on stderr, article text never read as markup."""
    stderr.print(f"warning: {message}", markup=False)


def _run(
    paths: list[str],
    config: Config,
    select: str | None,
    ignore: str | None,
    source: str | None,
    index: Path | None = None,
    use_cache: bool = False,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> AuditRun:
    from auditor import api
    from auditor.cache import ResultCache

    if index is not None:
        config.rules.setdefault("REP003", {})["index"] = str(index)
    with _progress(paths) as (on_input_error, tick):

        return api.audit(
            paths,
            config,
            select=_split(select),
            ignore=_split(ignore),
            default_source=source,
            on_input_error=on_input_error,
            on_article=tick,
            cache=ResultCache(on_warning=_warn) if use_cache else None,
            on_warning=_warn,
            **_executor(jobs, engine, scheduler),
        )


@contextmanager
def _progress(paths: list[str]) -> Iterator[tuple[Callable, Callable | None]]:
    """(on_input_error, on_article) for a run: a progress bar on a terminal, which shares the
    console that prints input errors, so their lines land above it; none elsewhere."""
    from auditor.progress import count_articles, progress_bar

    bar = progress_bar(count_articles(paths), console=stderr) if stderr.is_terminal else None
    with bar or nullcontext() as tick:

        def on_input_error(error: InputError) -> None:
            _report_input_error(error)
            if tick:
                tick()

        yield on_input_error, tick


def _executor(jobs: int | None, engine: str, scheduler: str | None) -> dict:
    """--jobs/--engine/--scheduler as api keyword arguments (checked before any work)."""
    from auditor.workers import default_jobs

    if engine not in ("local", "dask"):
        raise UsageError("--engine must be local or dask")
    if scheduler is not None and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise UsageError(
                "--engine dask needs dask.distributed: pip install 'news-auditor[dask]'"
            ) from None
    return {"jobs": jobs or default_jobs(), "engine": engine, "scheduler": scheduler}


def _load_config(path: Path | None) -> Config:
    from auditor.config import load_config

    return load_config(path)


@app.command()
def audit(
    paths: PathsArg,
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder for the reports.")
    ] = Path("audit-report"),
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    source: SourceOpt = None,
    index: IndexOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
    ratings: Annotated[
        Path | None,
        typer.Option(
            "--ratings",
            metavar="CSV",
            help="CSV of expert domain ratings (domain, pc1) to show "
            "beside the per-source scores (never blended into them).",
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Audit articles; write articles.csv, findings.csv, sources.csv, sources.xlsx, report.html."""
    from auditor import api
    from auditor.atomic import ReportSetError, check_report_dir
    from auditor.cache import ResultCache
    from auditor.engine import AuditRun

    cfg = _load_config(config)
    _writable_dir(out, "--out")
    prior = None
    if ratings is not None:  # read before the run, so a bad file costs no audit time
        import pandas as pd

        from auditor.aggregate import load_ratings

        try:
            prior = load_ratings(str(ratings))
        except (OSError, ValueError, pd.errors.ParserError) as exc:
            raise UsageError(f"--ratings: {exc}") from None
    try:
        check_report_dir(out)
    except ReportSetError as exc:
        raise UsageError(f"--out: {exc}") from None
    executor = _executor(jobs, engine, scheduler)
    if index is not None:
        cfg.rules.setdefault("REP003", {})["index"] = str(index)
    with _progress(paths) as (on_input_error, tick):

        run = AuditRun()  # receives the rules, for the page's summaries
        items = api.iter_audit(
            paths,
            cfg,
            select=_split(select),
            ignore=_split(ignore),
            default_source=source,
            on_input_error=on_input_error,
            on_article=tick,
            cache=None if no_cache else ResultCache(on_warning=_warn),
            on_warning=_warn,
            run=run,
            **executor,
        )
        try:
            summary = api.write_reports(
                items, out, cfg.mt_threshold, prior, cfg.fail_under, cfg.fail_on, run=run
            )
        except ReportSetError as exc:
            raise UsageError(f"--out: {exc}") from None
    _print_summary(summary.sources)
    for e in summary.rule_errors:
        stderr.print(f"rule error {e.code} on {e.article_id}: {e.message}", markup=False)
    for reason in sorted(summary.unavailable):
        stderr.print(f"note: {reason}", markup=False)
    stderr.print(
        f"{summary.articles} article(s) audited, {summary.input_errors} input error(s); "
        f"reports: {', '.join(str(p) for p in summary.paths)}",
        markup=False,
    )


def _report_rule_errors(run: AuditRun) -> None:
    for r in run.results:
        for e in r.rule_errors:
            stderr.print(f"rule error {e.code} on {e.article_id}: {e.message}", markup=False)


def _print_summary(sources) -> None:  # noqa: ANN001 - a DataFrame
    """The per-source table, ranked sources first, and which sources are ranked and why the
    others are not (the rank is the aggregate's; this only reads it)."""
    import pandas as pd
    from rich.table import Table
    from rich.text import Text

    from auditor.api import SCORE_COLUMNS
    from auditor.models import UNKNOWN_SOURCE
    from auditor.reports.cells import safe_text

    table = Table(title="Per-source summary (mean scores, 0-100, higher is better)")
    columns = [("rank", "rank"), ("source", "source"), ("articles", "articles")] + [
        (c, f"{c}_mean") for c in SCORE_COLUMNS
    ]
    for title, _ in columns:
        table.add_column(title, justify="left" if title == "source" else "right")
    ranked, unranked = [], []
    for _, row in sources.iterrows():
        cells = []
        for _, col in columns:
            value = row.get(col)
            missing = pd.isna(value) if not isinstance(value, list | tuple) else False
            cells.append("-" if missing else safe_text(str(value)))
        # Text, not markup: a source named "[/]" raised MarkupError after the reports
        table.add_row(*(Text(c) for c in cells))
        (unranked if cells[0] == "-" else ranked).append(str(row["source"]))
    stdout.print(table)
    if not len(sources):
        return
    why = []
    if UNKNOWN_SOURCE in unranked:
        why.append(f"{UNKNOWN_SOURCE} pools articles with no source, url or domain field")
    from auditor.aggregate import MIN_ARTICLES

    few_flag = sources.get("few_articles", pd.Series(False, index=sources.index))
    flagged = set(sources.loc[few_flag.fillna(False).astype(bool), "source"].astype(str))
    few = [s for s in unranked if s != UNKNOWN_SOURCE and s in flagged]
    other = [s for s in unranked if s != UNKNOWN_SOURCE and s not in flagged]
    if few:
        why.append(f"{len(few)} with fewer than {MIN_ARTICLES} articles")
    if other:
        why.append(f"{len(other)} for the reasons given in sources.csv")
    line = f"Ranked: {len(ranked)} of {len(sources)} source(s)"
    if unranked:
        line += "; not ranked: " + "; ".join(why)
    stdout.print(line, markup=False)


@app.command()
def check(
    paths: PathsArg,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            metavar="N",
            help="Fail an article whose overall score is below N.  "
            "[default: 50, or fail_under in the config]",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Fail on findings at or above: info, warning, error, never.  "
            "[default: never, or fail_on in the config]",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option("--format", metavar="FORMAT", help=", ".join(FORMATS) + "."),
    ] = "text",
    min_severity: Annotated[
        str,
        typer.Option(
            "--min-severity",
            metavar="SEVERITY",
            help="Show findings at or above this severity (info to show every finding); "
            "a summary line counts those left out.",
        ),
    ] = "warning",
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", metavar="FILE", help="Fail only on findings not in this baseline file."
        ),
    ] = None,
    require: Annotated[
        list[str] | None,
        typer.Option(
            "--require",
            metavar="FAMILY",
            help="Exit 3 when this family cannot be scored for lack of a component "
            "(e.g. grammar without a LanguageTool server). Repeatable.",
        ),
    ] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    source: SourceOpt = None,
    index: IndexOpt = None,
    no_cache: NoCacheOpt = False,
    allow_rule_errors: Annotated[
        bool,
        typer.Option(
            "--allow-rule-errors",
            help="Do not fail an article because a rule raised on it (the error is still "
            "reported).",
            show_default=False,
        ),
    ] = False,
    jobs: JobsOpt = None,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
    config: ConfigOpt = None,
) -> None:
    """The CI gate: exit 0 when every article passes, 1 when any fails (a rule error on an
    article fails it unless --allow-rule-errors), 2 on usage errors, 3 when a family asked for
    with --require cannot be scored."""
    import importlib

    from auditor import api
    from auditor.baseline import apply as apply_baseline
    from auditor.baseline import load as load_baseline
    from auditor.config import parse_fail_on
    from auditor.reports.shown import left_out_line

    cfg = _load_config(config)
    if output_format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    module = "json_report" if output_format == "json" else output_format
    formatter = getattr(
        importlib.import_module(f"auditor.reports.{module}"), f"format_{output_format}"
    )
    threshold = cfg.fail_under if fail_under is None else fail_under
    severity_gate = cfg.fail_on if fail_on is None else parse_fail_on(fail_on, "--fail-on")
    shown = _severity(min_severity, "--min-severity")
    unknown = sorted(set(require or []) - set(FAMILIES))
    if unknown:
        raise UsageError(f"--require: unknown family {unknown[0]!r} ({', '.join(FAMILIES)})")
    known = load_baseline(baseline) if baseline is not None else None  # before the run
    run = _run(paths, cfg, select, ignore, source, index, not no_cache, jobs, engine, scheduler)
    stale = []
    if known is not None:
        stale = apply_baseline(run, known)
    failing = api.verdicts(
        run,
        threshold,
        severity_gate,
        only_new=baseline is not None,
        allow_rule_errors=allow_rule_errors,
    )
    _report_rule_errors(run)
    for entry in stale:
        stderr.print(
            f"baseline entry no longer occurs: {entry['code']} in {entry['article']} "
            f"({entry['evidence'][:60]!r})",
            markup=False,
        )
    missing = {f: why for f, why in api.unavailable_families(run).items() if f in (require or [])}
    sys.stdout.write(formatter(run, failing, shown))
    if output_format != "text":  # the text format says it in its own output
        note = left_out_line(run, shown)
        if note:
            stderr.print(note, markup=False)
    for family, why in missing.items():
        # said where the pass line was said, so "3 of 3 pass" is never the last word of a
        # check that exits 3
        line = f"FAIL (exit 3): required family {family} could not be scored: {why}\n"
        if output_format == "text":
            sys.stdout.write(line)
        else:
            stderr.print(line.rstrip(), markup=False)
    if missing:
        raise typer.Exit(EXIT_UNAVAILABLE)
    raise typer.Exit(EXIT_FAIL if failing else EXIT_OK)


def _severity(value: str, where: str) -> Severity:
    from auditor.models import Severity

    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None


@app.command("rule")
def rule_command(
    code: Annotated[str, typer.Argument(metavar="CODE", help="The rule code, e.g. TRN001.")],
    paths: PathsArg,
    source: SourceOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Run one rule and print its findings with their spans and measures."""
    from auditor.engine import discover_rules
    from auditor.reports.cells import safe_text

    code = code.upper()
    if code not in discover_rules():
        raise UsageError(f"unknown rule code {code!r} (see `auditor rules list`)")
    run = _run(paths, _load_config(config), code, None, source)
    for r in run.results:
        name, where = escape(safe_text(r.article.id)), escape(safe_text(r.article.source))
        stdout.print(f"[bold]{name}[/bold] ({where})", markup=True)
        if code in r.skipped:
            stdout.print(f"  {code} did not run: {r.skipped[code]}", markup=False)
        for f in (f for f in r.findings if f.code == code):
            stdout.print(
                f"  {f.code} {f.severity.value} [{f.start}:{f.end}] {f.message}\n"
                f"    evidence: {f.evidence}",
                markup=False,
            )
        for name, value in sorted(r.measures.items()):
            stdout.print(f"  measure {name} = {value}", markup=False)
        for e in r.rule_errors:
            stdout.print(f"  rule error {e.code}: {e.message}", markup=False)


def _baseline(paths: list[str], file: Path, config: Path | None, source: str | None) -> int:
    from auditor.baseline import write as write_baseline

    run = _run(paths, _load_config(config), None, None, source)
    return write_baseline(file, run)


@baseline_app.command("create")
def baseline_create(
    paths: PathsArg,
    file: BaselineFileOpt = Path("auditor-baseline.json"),
    source: SourceOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write a baseline of every current finding (refuses to overwrite; use update)."""
    if file.exists():
        raise UsageError(f"{file} exists: use `auditor baseline update`")
    _writable_file(file, "--file")
    count = _baseline(paths, file, config, source)
    stderr.print(f"baseline {file}: {count} finding(s)", markup=False)


@baseline_app.command("update")
def baseline_update(
    paths: PathsArg,
    file: BaselineFileOpt = Path("auditor-baseline.json"),
    source: SourceOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Rewrite the baseline from the current findings (fixed ones drop out)."""
    from auditor.baseline import load as load_baseline

    before = set(load_baseline(file)) if file.exists() else set()
    _writable_file(file, "--file")
    count = _baseline(paths, file, config, source)
    after = set(load_baseline(file))
    stderr.print(
        f"baseline {file}: {count} finding(s); {len(after - before)} added, "
        f"{len(before - after)} removed",
        markup=False,
    )


@rules_app.command("list")
def rules_list() -> None:
    """List every registered rule."""
    from rich.table import Table

    from auditor.engine import discover_rules

    table = Table()
    for col in ("code", "name", "family", "severity", "languages", "summary"):
        table.add_column(col)
    for code, cls in sorted(discover_rules().items()):
        langs = ", ".join(cls.languages) if cls.languages else "all"
        cells = (code, cls.name, cls.family, cls.severity.value, langs, cls.summary)
        table.add_row(*(escape(c) for c in cells))
    stdout.print(table)


@rules_app.command("explain")
def rules_explain(
    code: Annotated[str, typer.Argument(metavar="CODE", help="The rule code.")],
) -> None:
    """Show a rule's documentation: what it does, why it matters, an example, its options."""
    from auditor.engine import discover_rules

    registry = discover_rules()
    cls = registry.get(code.upper())
    if cls is None:
        raise UsageError(f"unknown rule code {code!r} (see `auditor rules list`)")
    stdout.print(
        f"{cls.code} {cls.name} ({cls.family}, default severity {cls.severity.value})",
        markup=False,
    )
    stdout.print(cls.summary + "\n", markup=False)
    stdout.print(cls.doc() + "\n", markup=False)
    langs = ", ".join(cls.languages) if cls.languages else "all"
    stdout.print(f"Languages: {langs}", markup=False)
    if cls.options:
        stdout.print("Options (set under [tool.auditor.rules." + cls.code + "]):", markup=False)
        for name, default in cls.options.items():
            stdout.print(f"  {name} = {default!r}", markup=False)


@app.command("eval")
def eval_command(
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="CORPUS...",
            help="Corpus names (attribution, polnear, mt, boilerplate, reuse, "
            "readability, sources, reuse-en), `all`, or JSONL files in a corpus's format.",
            show_default=False,
        ),
    ],
    split: Annotated[
        str, typer.Option("--split", metavar="SPLIT", help="dev (tune on it) or test.")
    ] = "test",
    corpora: Annotated[
        str | None,
        typer.Option(
            "--corpora",
            metavar="DIR",
            help="The corpora folder.  [default: $AUDITOR_CORPORA, else ../shared/corpora]",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="CORPUS", help="Corpus format of the given files."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder for eval-<split>.json/.md.")
    ] = Path("eval-report"),
    markdown: Annotated[
        Path | None,
        typer.Option("--markdown", metavar="FILE", help="Also write the tables to this file."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", help="First N records only.")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Measure the rule families on the labelled corpora: precision, recall, AUC, ordering."""
    from auditor.atomic import write_atomic
    from auditor.evaluation.corpora import CORPUS_FOLDERS, corpora_root
    from auditor.evaluation.runner import run_evaluation, to_json, to_markdown
    from auditor.progress import eval_progress

    if split not in ("dev", "test"):
        raise UsageError("--split must be dev or test")
    if kind is not None and kind not in CORPUS_FOLDERS:
        raise UsageError(f"--kind must be one of {', '.join(CORPUS_FOLDERS)}")
    _writable_dir(out, "--out")
    if markdown is not None:
        _writable_file(markdown, "--markdown")
    cfg = _load_config(config)
    count = sum(len(CORPUS_FOLDERS) if t == "all" else 1 for t in targets)
    bar = eval_progress(count, console=stderr) if stderr.is_terminal else None
    with bar or nullcontext((None, None)) as (on_corpus, on_article):
        report = run_evaluation(
            targets,
            split,
            corpora_root(corpora),
            cfg,
            limit=limit,
            kind=kind,
            on_corpus=on_corpus,
            on_article=on_article,
        )
    table = to_markdown(report)
    write_atomic(out / f"eval-{split}.json", to_json(report).encode())
    write_atomic(out / f"eval-{split}.md", table.encode())
    if markdown:
        command = "auditor eval " + " ".join(targets) + f" --split {split}"
        header = (
            f"# Measured quality ({split} split)\n\n"
            f"Generated on {report['date']} by auditor {report['auditor_version']} with:\n\n"
            f"    {command} --markdown {markdown}\n\n"
            "Definitions of every figure are in the docstrings of `auditor/evaluation/*.py`.\n\n"
        )
        write_atomic(markdown, (header + table).encode())
    sys.stdout.write(table)


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point. Typer turns bad arguments into exit code 2; a usage or
    configuration error raised by the API does the same here. SIGTERM (a CI job's timeout,
    `kill`, a container stopping) ends the run as Ctrl-C does, with exit status 143: the
    cleanup runs (workers stopped, the unfinished report set and its scratch rows removed,
    the earlier report set left as it was) instead of the process vanishing mid-write."""
    signal.signal(signal.SIGTERM, _stop)
    try:
        app()
    except UsageError as exc:
        stderr.print(f"error: {exc}", markup=False)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
