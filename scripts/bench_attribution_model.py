"""Benchmark of the attribution tagger: model load time, and time to tag 600-word articles
(tokenising, features, CRF, linking) against the regex extractor on the same texts.

    python scripts/bench_attribution_model.py [--articles 200] [--words 600]

Texts: GUM news dev articles and PolNeAR dev articles, cut to their first N words. Wall-clock
and CPU times per article (CPU time is the steadier figure on a shared machine). A benchmark,
not a test: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora" / "attribution"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--words", type=int, default=600)
    a = ap.parse_args()

    t0 = time.perf_counter()
    from auditor.rules.attribution import relations, tagger

    tagger._tagger(str(tagger.model_path()))
    load = time.perf_counter() - t0

    texts = []
    for path in (CORPORA / "dev.jsonl", CORPORA / "polnear" / "dev.jsonl"):
        with path.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                words = text.split(" ")
                if len(words) >= a.words:
                    texts.append(" ".join(words[: a.words]))
                if len(texts) >= a.articles:
                    break
    out = {}
    for name, fn in (
        ("model", lambda t: relations.extract_model.__wrapped__(t)),
        ("rules", lambda t: relations.extract_rules.__wrapped__(t)),
    ):
        times, cpu = [], []
        for t in texts:
            s, c = time.perf_counter(), time.process_time()
            fn(t)
            times.append(time.perf_counter() - s)
            cpu.append(time.process_time() - c)
        out[name] = {
            "median_ms": round(1000 * statistics.median(times), 2),
            "p90_ms": round(1000 * sorted(times)[int(0.9 * len(times))], 2),
            # CPU time: on a shared machine wall-clock time mostly measures the other loads
            "median_cpu_ms": round(1000 * statistics.median(cpu), 2),
        }
    print(
        json.dumps(
            {"model_load_seconds": round(load, 3), "articles": len(texts), "words": a.words, **out},
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
