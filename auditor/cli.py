"""The `auditor` command line: thin over auditor.api.

Exit codes: 0 every article passes; 1 some article fails (or could not be read);
2 usage or configuration error; 3 a component asked for with --require is unavailable.
"""

from __future__ import annotations

import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from auditor import api
from auditor.aggregate import add_ratings, load_ratings
from auditor.baseline import apply as apply_baseline
from auditor.baseline import load as load_baseline
from auditor.baseline import write as write_baseline
from auditor.cache import ResultCache
from auditor.config import Config, load_config, parse_fail_on
from auditor.engine import AuditRun, discover_rules
from auditor.errors import UsageError
from auditor.models import InputError, Severity
from auditor.reports.cells import safe_text
from auditor.reports.csv import write_csv_reports
from auditor.reports.github import format_github
from auditor.reports.html import write_html
from auditor.reports.json_report import format_json
from auditor.reports.junit import format_junit
from auditor.reports.rdjsonl import format_rdjsonl
from auditor.reports.sarif import format_sarif
from auditor.reports.text import format_text
from auditor.reports.xlsx import write_xlsx
from auditor.rule import FAMILIES

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3

app = typer.Typer(
    help="Audit news articles for attribution, machine-translation artefacts, repost "
    "boilerplate and readability.\n\nExit codes: 0 all pass, 1 some article fails, "
    "2 usage or configuration error, 3 a required component (--require) is unavailable.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List the rules and explain one.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
baseline_app = typer.Typer(
    help="Record current findings so checks fail only on new ones.", no_args_is_help=True
)
app.add_typer(baseline_app, name="baseline")
BaselineFileOpt = Annotated[Path, typer.Option("--file", help="The baseline file to write.")]

# soft_wrap: an error or warning stays one line (CI logs and scripts read it line by line)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)
# Reports piped to a file or CI log get a fixed width, so the summary table is not truncated.
stdout = Console(highlight=False, width=None if sys.stdout.isatty() else 120)

PathsArg = Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="auditor.toml or pyproject.toml to use.")
]
SelectOpt = Annotated[
    str | None, typer.Option("--select", help="Comma-separated rule codes or prefixes to run.")
]
IgnoreOpt = Annotated[
    str | None, typer.Option("--ignore", help="Comma-separated rule codes or prefixes to skip.")
]
IndexOpt = Annotated[
    Path | None,
    typer.Option(
        "--index",
        help="Near-duplicate index (JSON): compare with every article seen before, then add "
        "this run's articles to it (REP003).",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Do not read or write the result cache (.auditor-cache/)."),
]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", help="Source for articles with neither a source field nor a URL."),
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
    where, why = escape(safe_text(error.location())), escape(safe_text(error.message))
    stderr.print(f"[red]input error[/red] {where}: {why}", markup=True)


@contextmanager
def _progress():
    """A progress counter on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} articles audited"),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task("audit", total=None)
        yield lambda _result: progress.advance(task)


def _run(
    paths: list[str],
    config: Config,
    select: str | None,
    ignore: str | None,
    source: str | None,
    index: Path | None = None,
    use_cache: bool = False,
) -> AuditRun:
    if index is not None:
        config.rules.setdefault("REP003", {})["index"] = str(index)
    warn = lambda message: stderr.print(f"warning: {message}", markup=False)  # noqa: E731
    with _progress() as on_article:
        return api.audit(
            paths,
            config,
            select=_split(select),
            ignore=_split(ignore),
            default_source=source,
            on_input_error=_report_input_error,
            on_article=on_article,
            cache=ResultCache(on_warning=warn) if use_cache else None,
            on_warning=warn,
        )


@app.command()
def audit(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", help="Folder for the reports.")] = Path(
        "audit-report"
    ),
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    source: SourceOpt = None,
    index: IndexOpt = None,
    no_cache: NoCacheOpt = False,
    ratings: Annotated[
        Path | None,
        typer.Option(
            "--ratings",
            help="CSV of expert domain ratings (domain, pc1) to show "
            "beside the per-source scores (never blended into them).",
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Audit articles; write articles.csv, findings.csv, sources.csv, sources.xlsx, report.html."""
    cfg = load_config(config)
    _writable_dir(out, "--out")
    prior = None
    if ratings is not None:  # read before the run, so a bad file costs no audit time
        try:
            prior = load_ratings(str(ratings))
        except (OSError, ValueError, pd.errors.ParserError) as exc:
            raise UsageError(f"--ratings: {exc}") from None
    run = _run(paths, cfg, select, ignore, source, index, use_cache=not no_cache)
    articles = api.articles_frame(run, cfg.mt_threshold)
    sources = api.sources_frame(articles)
    if prior is not None:
        sources = add_ratings(sources, prior)
    findings = api.findings_frame(run)
    written = write_csv_reports(out, articles, findings, sources)
    written.append(write_xlsx(out / "sources.xlsx", sources, articles, findings))
    written.append(write_html(out / "report.html", sources, run.results))
    _print_summary(sources)
    _report_rule_errors(run)
    for reason in sorted({why for r in run.results for why in r.skipped.values()}):
        if reason.startswith("unavailable"):
            stderr.print(f"note: {reason}", markup=False)
    stderr.print(
        f"{len(run.results)} article(s) audited, {len(run.input_errors)} input error(s); "
        f"reports: {', '.join(str(p) for p in written)}"
    )


def _report_rule_errors(run: AuditRun) -> None:
    for r in run.results:
        for e in r.rule_errors:
            stderr.print(f"rule error {e.code} on {e.article_id}: {e.message}", markup=False)


def _print_summary(sources) -> None:  # noqa: ANN001 - a DataFrame
    table = Table(title="Per-source summary (mean scores, 0-100, higher is better)")
    columns = [("source", "source"), ("articles", "articles")] + [
        (c, f"{c}_mean") for c in api.SCORE_COLUMNS
    ]
    for title, _ in columns:
        table.add_column(title, justify="left" if title == "source" else "right")
    for _, row in sources.iterrows():
        cells = []
        for _, col in columns:
            value = row.get(col)
            # Text, not markup: a source named "[/]" raised MarkupError after the reports
            cells.append(Text("-" if value is None or value != value else safe_text(str(value))))
        table.add_row(*cells)
    stdout.print(table)


@app.command()
def check(
    paths: PathsArg,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", help="Fail an article whose overall score is below N."),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Fail on findings at or above: info, warning, error, never."
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text, json, sarif, github, junit or rdjsonl.")
    ] = "text",
    min_severity: Annotated[
        str, typer.Option("--min-severity", help="Show findings at or above this severity.")
    ] = "info",
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Fail only on findings not in this baseline file."),
    ] = None,
    require: Annotated[
        list[str] | None,
        typer.Option(
            "--require",
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
        ),
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """The CI gate: exit 0 when every article passes, 1 when any fails (a rule error on an
    article fails it unless --allow-rule-errors), 2 on usage errors."""
    cfg = load_config(config)
    formatters = {
        "text": format_text,
        "json": format_json,
        "sarif": format_sarif,
        "github": format_github,
        "junit": format_junit,
        "rdjsonl": format_rdjsonl,
    }
    if output_format not in formatters:
        raise UsageError(f"--format must be one of {', '.join(formatters)}")
    threshold = cfg.fail_under if fail_under is None else fail_under
    severity_gate = cfg.fail_on if fail_on is None else parse_fail_on(fail_on, "--fail-on")
    shown = _severity(min_severity, "--min-severity")
    unknown = sorted(set(require or []) - set(FAMILIES))
    if unknown:
        raise UsageError(f"--require: unknown family {unknown[0]!r} ({', '.join(FAMILIES)})")
    known = load_baseline(baseline) if baseline is not None else None  # before the run
    run = _run(paths, cfg, select, ignore, source, index, use_cache=not no_cache)
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
    sys.stdout.write(formatters[output_format](run, failing, shown))
    missing = {f: why for f, why in api.unavailable_families(run).items() if f in (require or [])}
    for family, why in missing.items():
        stderr.print(f"required family {family} is unavailable: {why}", markup=False)
    if missing:
        raise typer.Exit(EXIT_UNAVAILABLE)
    raise typer.Exit(EXIT_FAIL if failing else EXIT_OK)


def _severity(value: str, where: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None


@app.command("rule")
def rule_command(
    code: Annotated[str, typer.Argument(help="The rule code, e.g. TRN001.")],
    paths: PathsArg,
    source: SourceOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Run one rule and print its findings with their spans and measures."""
    code = code.upper()
    if code not in discover_rules():
        raise UsageError(f"unknown rule code {code!r} (see `auditor rules list`)")
    run = _run(paths, load_config(config), code, None, source)
    for r in run.results:
        name, where = escape(safe_text(r.article.id)), escape(safe_text(r.article.source))
        stdout.print(f"[bold]{name}[/bold] ({where})", markup=True)
        if code in r.skipped:
            stdout.print(f"  {code} did not run: {r.skipped[code]}")
        for f in (f for f in r.findings if f.code == code):
            stdout.print(
                f"  {f.code} {f.severity.value} [{f.start}:{f.end}] {f.message}\n"
                f"    evidence: {f.evidence!r}",
                markup=False,
            )
        for name, value in sorted(r.measures.items()):
            stdout.print(f"  measure {name} = {value}", markup=False)
        for e in r.rule_errors:
            stdout.print(f"  rule error {e.code}: {e.message}", markup=False)


def _baseline(paths: list[str], file: Path, config: Path | None, source: str | None) -> int:
    run = _run(paths, load_config(config), None, None, source)
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
    table = Table()
    for col in ("code", "name", "family", "severity", "languages", "summary"):
        table.add_column(col)
    for code, cls in sorted(discover_rules().items()):
        langs = ", ".join(cls.languages) if cls.languages else "all"
        table.add_row(code, cls.name, cls.family, cls.severity.value, langs, cls.summary)
    stdout.print(table)


@rules_app.command("explain")
def rules_explain(code: Annotated[str, typer.Argument(help="The rule code.")]) -> None:
    """Show a rule's documentation: what it does, why it matters, an example, its options."""
    registry = discover_rules()
    cls = registry.get(code.upper())
    if cls is None:
        raise UsageError(f"unknown rule code {code!r} (see `auditor rules list`)")
    stdout.print(f"{cls.code} {cls.name} ({cls.family}, default severity {cls.severity.value})")
    stdout.print(cls.summary + "\n")
    stdout.print(cls.doc() + "\n", markup=False)
    langs = ", ".join(cls.languages) if cls.languages else "all"
    stdout.print(f"Languages: {langs}")
    if cls.options:
        stdout.print("Options (set under [tool.auditor.rules." + cls.code + "]):", markup=False)
        for name, default in cls.options.items():
            stdout.print(f"  {name} = {default!r}", markup=False)


@app.command("eval")
def eval_command(
    targets: Annotated[
        list[str],
        typer.Argument(
            help="Corpus names (attribution, polnear, mt, boilerplate, reuse, "
            "readability, sources), `all`, or JSONL files in a corpus's format."
        ),
    ],
    split: Annotated[str, typer.Option("--split", help="dev (tune on it) or test.")] = "test",
    corpora: Annotated[
        str | None,
        typer.Option("--corpora", help="The corpora folder (default ../shared/corpora)."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Corpus format of the given files.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for eval-<split>.json/.md.")] = Path(
        "eval-report"
    ),
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Also write the tables to this file.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="First N records only.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Measure the rule families on the labelled corpora: precision, recall, AUC, ordering."""
    from auditor.atomic import write_atomic
    from auditor.evaluation.corpora import CORPUS_FOLDERS, corpora_root
    from auditor.evaluation.runner import run_evaluation, to_json, to_markdown

    if split not in ("dev", "test"):
        raise UsageError("--split must be dev or test")
    if kind is not None and kind not in CORPUS_FOLDERS:
        raise UsageError(f"--kind must be one of {', '.join(CORPUS_FOLDERS)}")
    _writable_dir(out, "--out")
    if markdown is not None:
        _writable_file(markdown, "--markdown")
    report = run_evaluation(
        targets, split, corpora_root(corpora), load_config(config), limit=limit, kind=kind
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


def main() -> None:
    """Console-script entry point. Typer turns bad arguments into exit code 2; a usage or
    configuration error raised by the API does the same here."""
    try:
        app()
    except UsageError as exc:
        stderr.print(f"error: {exc}", markup=False)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
