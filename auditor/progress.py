"""A progress bar for long runs (audit, check, eval), on stderr, only when it is a terminal.

When the number of articles is known before the run (files, lines of a JSONL file), the bar
shows it with the share done, the rate and the time left; otherwise (CSV, stdin) a counter
with the rate. Reports on stdout and logs of a CI job never see it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from auditor.ingest import SUFFIXES

Tick = Callable[..., None]


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles (or input errors) `paths` will give, counted without parsing them:
    one per .txt/.html file, one per non-empty line of a .jsonl file. None when it cannot be
    known cheaply (stdin, CSV with its quoted multi-line fields)."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            files = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES]
        else:
            files = [path]
        for file in files:
            suffix = file.suffix.lower()
            if suffix == ".csv":
                return None
            if suffix == ".jsonl":
                try:
                    total += _count_lines(file)
                except OSError:
                    total += 1  # it will be one input error
            else:
                total += 1
    return total


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as fh:
        for line in fh:
            count += bool(line.strip())
    return count


class _Rate:
    """A rich column: articles per second."""

    def __new__(cls) -> Any:  # build the rich class lazily, so importing this module is cheap
        from rich.progress import ProgressColumn
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task) -> Text:  # noqa: ANN001 - a rich Task
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.1f} articles/s" if speed else "– articles/s", style="cyan")

        return RateColumn()


@contextmanager
def progress_bar(
    total: int | None, description: str = "auditing", console: Any = None
) -> Iterator[Tick | None]:
    """Yield a function to call once per article done, or None when stderr is not a terminal.

    `console` (a rich Console) is for tests; by default the bar goes to stderr."""
    if console is None:
        if not sys.stderr.isatty():
            yield None
            return
        from rich.console import Console

        console = Console(stderr=True)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    if total:
        columns = [
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            _Rate(),
            TextColumn("eta"),
            TimeRemainingColumn(),
        ]
    else:
        columns = [
            SpinnerColumn(),
            TextColumn("{task.description} {task.completed} articles"),
            _Rate(),
            TimeElapsedColumn(),
        ]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total or None)
        yield lambda *_args: bar.advance(task)


@contextmanager
def eval_progress(corpora: int, console: Any = None) -> Iterator[tuple[Any, Any]]:
    """For `auditor eval`: a bar over the corpora and, below it, the articles of the current
    corpus (its records, with rate and time left; a corpus that audits its records twice
    counts on past its total). Yields (on_corpus(name, records), on_article), or
    (None, None) when stderr is not a terminal."""
    if console is None:
        if not sys.stderr.isatty():
            yield None, None
            return
        from rich.console import Console

        console = Console(stderr=True)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        corpus_task = bar.add_task("corpora", total=corpora)
        article_task = None
        started = 0

        def on_corpus(name: str, records: int) -> None:
            nonlocal article_task, started
            if article_task is not None:
                bar.remove_task(article_task)
            bar.update(corpus_task, completed=started)
            started += 1
            article_task = bar.add_task(f"  {name}", total=records or None)

        def on_article(*_args: Any) -> None:
            if article_task is not None:
                bar.advance(article_task)

        yield on_corpus, on_article
