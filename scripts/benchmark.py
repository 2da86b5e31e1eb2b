"""Benchmark: articles per second and peak memory of the full default audit, as ratios
against baselines measured in the same process on the same texts.

    python scripts/benchmark.py [--corpora ../shared/corpora] [--articles 300] [--out bench.json]

Texts: real articles from corpora/sources (dev then test), the first N with text. Baselines:
  (a) langdetect + textstat alone (detect the language, Flesch reading ease);
  (b) proselint, a peer prose linter, when it is installed (`pip install proselint`).
Each configuration runs once to warm up (langdetect profiles, cmudict, pattern compilation;
its time is reported as `warmup_seconds`), then once timed, then once under tracemalloc for
the peak of Python allocations. A benchmark, not a test: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from auditor import __version__
from auditor.api import audit_articles
from auditor.evaluation.corpora import corpora_root, read_records
from auditor.models import Article


def _texts(root: Path, n: int) -> list[str]:
    texts: list[str] = []
    for split in ("dev", "test"):
        for rec in read_records(root / "sources" / f"{split}.jsonl"):
            if isinstance(rec.get("text"), str) and rec["text"].strip():
                texts.append(rec["text"])
            if len(texts) >= n:
                return texts
    return texts


def full_audit(texts: list[str]) -> None:
    audit_articles([Article(id=str(i), text=t) for i, t in enumerate(texts)])


def langdetect_textstat(texts: list[str]) -> None:
    from textstat.textstat import textstatistics

    from auditor import textstat_offline
    from auditor.language import detect_language

    textstat_offline.install()
    stats = textstatistics()
    for t in texts:
        detect_language(t)
        stats.flesch_reading_ease(t)


def proselint_lint(texts: list[str]) -> None:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not list(registry.get_all_enabled({})):
        registry.register_many(__register__)
    for t in texts:
        LintFile("<bench>", t).lint()


def _measure(fn: Callable[[list[str]], None], texts: list[str]) -> dict[str, float]:
    start = time.perf_counter()
    fn(texts[:5])
    warmup = time.perf_counter() - start
    start = time.perf_counter()
    fn(texts)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn(texts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "articles_per_second": round(len(texts) / seconds, 2),
        "seconds": round(seconds, 3),
        "peak_mib": round(peak / 2**20, 2),
        "warmup_seconds": round(warmup, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=None)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--out", default="benchmark.json")
    args = parser.parse_args()
    root = corpora_root(args.corpora)
    if root is None:
        sys.exit("corpora folder not found: pass --corpora DIR")
    texts = _texts(root, args.articles)
    runs: dict[str, Callable[[list[str]], None]] = {
        "auditor full audit": full_audit,
        "baseline (a) langdetect+textstat": langdetect_textstat,
    }
    try:
        import proselint  # noqa: F401

        runs["baseline (b) proselint"] = proselint_lint
    except ImportError:
        print("proselint not installed: baseline (b) skipped", file=sys.stderr)
    results = {name: _measure(fn, texts) for name, fn in runs.items()}
    ours = results["auditor full audit"]
    for r in results.values():
        r["speed_ratio_auditor_vs_this"] = round(
            ours["articles_per_second"] / r["articles_per_second"], 3
        )
        r["memory_ratio_auditor_vs_this"] = (
            round(ours["peak_mib"] / r["peak_mib"], 3) if r["peak_mib"] else None
        )
    report = {
        "auditor_version": __version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "articles": len(texts),
        "characters": sum(len(t) for t in texts),
        "results": results,
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{len(texts)} articles, {report['characters']} characters")
    print(
        f"{'configuration':36} {'art/s':>8} {'peak MiB':>9} {'auditor speed x':>16} "
        f"{'auditor mem x':>14}"
    )
    for name, r in results.items():
        print(
            f"{name:36} {r['articles_per_second']:>8} {r['peak_mib']:>9} "
            f"{r['speed_ratio_auditor_vs_this']:>16} {r['memory_ratio_auditor_vs_this']!s:>14}"
        )


if __name__ == "__main__":
    main()
