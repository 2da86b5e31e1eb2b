"""Audit a split of corpora/sources once and keep the per-article results on disk.

    python scripts/reliability_audit.py --split dev [--corpora DIR] [--cache DIR] [--refresh]

Used by scripts/train_reliability.py (and handy on its own). Auditing the ~2,500 dev articles
takes many minutes, so the results (ArticleResult objects: findings and measures) are pickled
to `<cache>/sources-<split>-<key>.pkl`; the key covers the corpus file, the installed rules'
code and data files and the engine, so a changed rule or measure is re-audited, not read
stale. Scores are recomputed from the findings and measures at load time (they are a pure
function of them), so changing a family formula needs no re-audit. The engine's own per-rule
result cache (`<cache>/rules-<split>.sqlite`) keeps per-article rule outputs between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from pathlib import Path
from typing import Any

from auditor.cache import ResultCache, _rules_fingerprint
from auditor.config import Config
from auditor.engine import Engine
from auditor.evaluation.corpora import corpora_root, read_records
from auditor.models import Article, ArticleResult
from auditor.scoring import family_scores

DEFAULT_CACHE = Path("eval-report") / "reliability"


def _engine_fingerprint() -> str:
    import auditor.engine

    return hashlib.sha256(Path(auditor.engine.__file__).read_bytes()).hexdigest()


def cache_key(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(_rules_fingerprint().encode())
    digest.update(_engine_fingerprint().encode())
    return digest.hexdigest()[:16]


def corpus_path(split: str, corpora: str | None) -> Path:
    root = corpora_root(corpora)
    if root is None:
        raise SystemExit("corpora folder not found: pass --corpora DIR")
    return root / "sources" / f"{split}.jsonl"


def audited(
    split: str,
    corpora: str | None = None,
    cache: Path = DEFAULT_CACHE,
    refresh: bool = False,
    config: Config | None = None,
    results_file: Path | None = None,
) -> tuple[list[dict[str, Any]], list[ArticleResult]]:
    """(records, results) of the split, from the pickle when it is current, else audited.

    Scores are recomputed with `config` (default settings) from findings and measures.
    `results_file` forces a given pickle (e.g. one made before a rule changed)."""
    if split not in ("dev", "test"):
        raise SystemExit("only the dev and test splits exist here")
    config = config or Config()
    path = corpus_path(split, corpora)
    records = list(read_records(path))
    pickle_path = Path(results_file or Path(cache) / f"sources-{split}-{cache_key(path)}.pkl")
    if pickle_path.is_file() and (not refresh or results_file):
        with pickle_path.open("rb") as fh:
            results: list[ArticleResult] = pickle.load(fh)
    else:
        start = time.perf_counter()
        articles = [
            Article(
                id=str(r["id"]),
                text=r["text"],
                source=str(r.get("domain") or "unknown"),
                url=r.get("url"),
                title=r["title"] if isinstance(r.get("title"), str) else None,
                origin="corpus",
            )
            for r in records
            if isinstance(r.get("text"), str) and r["text"].strip()
        ]
        # one rule cache per split, so that two splits can be audited at once
        engine = Engine(config, cache=ResultCache(Path(cache) / f"rules-{split}.sqlite"))
        results = engine.audit(articles).results
        pickle_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = pickle_path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(results, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(pickle_path)
        print(
            f"audited {len(results)} {split} articles in {time.perf_counter() - start:.0f} s "
            f"-> {pickle_path}",
            file=sys.stderr,
        )
    for r in results:
        r.scores = family_scores(r, config)
    return records, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--corpora", default=None)
    parser.add_argument("--cache", default=str(DEFAULT_CACHE))
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument(
        "--results", type=Path, default=None, help="use this pickle (made before a rule changed)"
    )
    parser.add_argument(
        "--evaluate",
        action="store_true",
        help="print the `auditor eval sources` figures of the split (same code) as Markdown",
    )
    args = parser.parse_args()
    records, results = audited(
        args.split, args.corpora, Path(args.cache), args.refresh, results_file=args.results
    )
    print(f"{len(results)} {args.split} articles ready", file=sys.stderr)
    if args.evaluate:
        from auditor.engine import AuditRun
        from auditor.evaluation.runner import to_markdown
        from auditor.evaluation.sources import evaluate_run

        result = evaluate_run(records, AuditRun(results=results), Config())
        result["records"] = len(records)
        report = {"split": args.split, "results": {"sources": result}}
        print(to_markdown(report))


if __name__ == "__main__":
    main()
