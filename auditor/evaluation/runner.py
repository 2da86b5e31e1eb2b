"""Run the family evaluations and render them as JSON and a Markdown table."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.config import Config
from auditor.evaluation import (
    attribution,
    boilerplate,
    readability,
    reuse,
    reuse_en,
    sources,
    translation,
)
from auditor.evaluation.common import ON_ARTICLE, Timer
from auditor.evaluation.corpora import CORPUS_FOLDERS, read_records, resolve

Evaluator = Callable[..., dict[str, Any]]

EVALUATORS: dict[str, Evaluator] = {
    "attribution": attribution.evaluate,
    "polnear": attribution.evaluate,
    "mt": translation.evaluate,
    "boilerplate": boilerplate.evaluate,
    "reuse": reuse.evaluate,
    "reuse-en": reuse_en.evaluate,
    "readability": readability.evaluate,
    "sources": sources.evaluate,
}


def run_evaluation(
    targets: list[str],
    split: str,
    root: Path | None,
    config: Config | None = None,
    limit: int | None = None,
    kind: str | None = None,
    on_corpus: Callable[[str, int], None] | None = None,
    on_article: Callable[..., None] | None = None,
) -> dict[str, Any]:
    """Evaluate each target (a corpus name, `all`, or a JSONL path) and collect the results.

    `on_corpus(name, records)` is called as each corpus starts and `on_article` once per
    article audited (a corpus may audit its records more than once): the progress bar."""
    config = config or Config()
    names = [n for t in targets for n in (list(CORPUS_FOLDERS) if t == "all" else [t])]
    report: dict[str, Any] = {
        "auditor_version": __version__,
        "split": split,
        "date": dt.date.today().isoformat(),
        "results": {},
    }
    for name in names:
        corpus, path = (kind, Path(name)) if kind else resolve(name, split, root)
        records = list(read_records(path, limit))
        kwargs = {"path": path} if corpus in ("boilerplate", "reuse-en") else {}
        if on_corpus:
            on_corpus(name, len(records))
        token = ON_ARTICLE.set(on_article)
        try:
            with Timer() as t:
                result = EVALUATORS[corpus](records, config, root, split, **kwargs)
        finally:
            ON_ARTICLE.reset(token)
        result["corpus"] = corpus
        result["file"] = str(path)
        result["records"] = len(records)
        result["seconds"] = round(t.seconds, 1)
        report["results"][name if not Path(name).suffix else str(path)] = result
    return report


def _flatten(prefix: str, value: Any, out: list[tuple[str, Any]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    else:
        out.append((prefix, value))


def to_markdown(report: dict[str, Any]) -> str:
    """One table per evaluated corpus: metric | value."""
    lines = []
    for name, result in report["results"].items():
        lines.append(
            f"### {name} ({result['family']}, {report['split']}, {result['records']} records)\n"
        )
        if result["status"] != "ok":
            lines.append(f"**{result['status']}**: {result.get('why', '')}\n")
            continue
        rows: list[tuple[str, Any]] = []
        _flatten("", result["metrics"], rows)
        lines.append("| metric | value |\n|---|---|")
        lines.extend(f"| {k} | {'n/a' if v is None else v} |" for k, v in rows)
        lines.append("")
    return "\n".join(lines) + "\n"


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
