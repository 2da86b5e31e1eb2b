"""Benchmark: articles per second and peak memory of `auditor audit` at 1k and 10k articles,
for --jobs 1, --jobs 2 and --engine dask, beside a langdetect + textstat baseline measured in
the same run on the same texts.

    python scripts/benchmark.py [--corpora ../shared/corpora] [--sizes 1000 10000]
                                [--configs jobs1 jobs2 dask] [--out benchmark.json]
                                [--per-rule 300]

Texts: distinct, real-looking articles of about 600 words, each made by recombining
paragraphs of different articles of corpora/sources (dev and test; a seeded generator, so the
same sizes give the same texts), with a source domain drawn from the corpus. Each
configuration runs `auditor audit FILE --out DIR --no-cache` as a subprocess (the default
rules, REP003 included); its wall time gives articles/s, and the peak of the summed resident
memory of the process and its children (workers, Dask cluster), sampled every 50 ms, gives
peak RSS. The baseline (a) is langdetect on the first 5,000 characters + textstat's Flesch
reading ease, in this process, on the same texts (its RSS is that of this process, which
also holds the generated texts). Memory is reported three ways: summed RSS of the process
tree, summed PSS (shared pages counted once) and the largest single process.
The machine's load average before and after each measurement is recorded: on a shared
machine the figures are only comparable within one run. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psutil

from auditor import __version__
from auditor.evaluation.corpora import corpora_root, read_records
from auditor.models import Article

TARGET_WORDS = 600
CONFIGS = {
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "dask": ["--engine", "dask", "--jobs", "2"],
}


def _paragraphs(root: Path) -> tuple[list[str], list[str]]:
    paragraphs: list[str] = []
    domains: list[str] = []
    for split in ("dev", "test"):
        for rec in read_records(root / "sources" / f"{split}.jsonl"):
            text = rec.get("text")
            if not isinstance(text, str):
                continue
            domains.append(str(rec.get("domain") or "unknown"))
            paragraphs += [p.strip() for p in text.split("\n") if len(p.split()) >= 15]
    return paragraphs, sorted(set(domains))


def _deal(rng: random.Random, cards: int) -> Iterator[tuple[int, int]]:
    """(card, pass) forever: the cards 0..cards-1 in a shuffled order, then reshuffled for the
    next pass, so no card comes twice before every card has come once."""
    for passes in itertools.count():
        deck = list(range(cards))
        rng.shuffle(deck)
        while deck:
            yield deck.pop(), passes


def generate(
    root: Path, n: int, seed: int = 0, reuse_paragraphs: bool = False
) -> list[dict[str, str]]:
    """`n` distinct articles of about TARGET_WORDS words from recombined corpus paragraphs.

    Paragraphs are dealt from a shuffled deck, not drawn with replacement: drawn at random,
    1,000 articles share a paragraph with about two others each, so REP003 found (and spent
    its time verifying) copies the benchmark made. One deck of the corpus's ~68,000
    paragraphs gives ~6,000 articles that share none; larger runs deal the deck again,
    reshuffled. Dealt again as they are (`reuse_paragraphs`), every paragraph of a 100k run
    is in ~16 articles: each article shares passages with ~120 others, some 6 million pairs
    for REP003 to verify, where the real articles of corpora/sources (4,131) make 734 pairs
    (0.18 an article). That measures a duplicate density no news feed has, not the size of
    the run. So by default pass p > 0 relabels the words (`_Relabel`): the paragraph keeps its
    length, punctuation, quotation marks and function words, its content words are swapped
    for others of the same length and capitals, as a larger corpus would give, and it
    shares no passage with its earlier deals."""
    paragraphs, domains = _paragraphs(root)
    rng = random.Random(seed)
    deck = _deal(rng, len(paragraphs))
    relabel = _Relabel(paragraphs, seed)
    articles = []
    for i in range(n):
        parts: list[str] = []
        words = 0
        while words < TARGET_WORDS:
            card, passes = next(deck)
            p = paragraphs[card]
            parts.append(p if reuse_paragraphs else relabel(p, passes))
            words += len(p.split())
        articles.append(
            {"id": f"bench-{i:06d}", "source": rng.choice(domains), "text": "\n\n".join(parts)}
        )
    return articles


class _Relabel:
    """Pass p's spelling of a paragraph: the KEEP most frequent words of the corpus (function
    words, "said", "told") as they are, every other word replaced by its image under a
    permutation, seeded by p, of the corpus's words of the same length and the same
    capitals (lower, Title, UPPER). Pass 0 is the paragraph itself."""

    KEEP = 300
    WORD = re.compile(r"[^\W\d_]+")

    def __init__(self, paragraphs: list[str], seed: int) -> None:
        counts = Counter(w for p in paragraphs for w in self.WORD.findall(p))
        kept = {w for w, _ in counts.most_common(self.KEEP)}
        self.buckets: dict[tuple[int, str], list[str]] = {}
        for word in sorted(counts):
            if word not in kept and self._case(word):
                self.buckets.setdefault((len(word), self._case(word)), []).append(word)
        self.seed = seed
        self.maps: dict[int, dict[str, str]] = {}

    @staticmethod
    def _case(word: str) -> str:
        if word.islower():
            return "lower"
        if word.isupper():
            return "upper" if len(word) > 1 else "title"
        return "title" if word[0].isupper() and word[1:].islower() else ""

    def _map(self, passes: int) -> dict[str, str]:
        if passes not in self.maps:
            rng = random.Random(f"{self.seed}-{passes}")
            mapping: dict[str, str] = {}
            for words in self.buckets.values():
                images = words[:]
                rng.shuffle(images)
                mapping.update(zip(words, images, strict=True))
            self.maps[passes] = mapping
        return self.maps[passes]

    def __call__(self, paragraph: str, passes: int) -> str:
        if passes == 0:
            return paragraph
        mapping = self._map(passes)
        return self.WORD.sub(lambda m: mapping.get(m.group(), m.group()), paragraph)


def _tree_memory(proc: psutil.Process) -> tuple[int, int, int]:
    """(summed RSS, summed PSS, largest single RSS) of a process and its descendants. PSS
    counts the pages the workers share with the fork server once, RSS once per process."""
    rss = pss = largest = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
        largest = max(largest, info.rss)
    return rss, pss, largest


def run_audit(feed: Path, args: list[str], workdir: Path) -> dict[str, float]:
    out = workdir / "report"
    command = [sys.executable, "-m", "auditor.cli", "audit", str(feed), "--out", str(out)]
    command += ["--no-cache", *args]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(proc.pid)
    peak = [0, 0, 0]
    while proc.poll() is None:
        peak = [max(a, b) for a, b in zip(peak, _tree_memory(watched), strict=True)]
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak[0] / 2**20, 1),
        "peak_pss_mib": round(peak[1] / 2**20, 1),
        "peak_process_rss_mib": round(peak[2] / 2**20, 1),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def baseline(articles: list[dict[str, str]]) -> dict[str, float]:
    """langdetect (first 5,000 characters, as auditor did before) + textstat Flesch."""
    from langdetect import DetectorFactory, detect_langs

    from auditor import textstat_offline

    textstat_offline.install()
    from textstat.textstat import textstatistics

    DetectorFactory.seed = 0
    stats = textstatistics()
    stats.set_lang("en")
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    for a in articles:
        detect_langs(a["text"][:5000])
        stats.flesch_reading_ease(a["text"])
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(psutil.Process().memory_info().rss / 2**20, 1),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def _index_entries(paragraphs: list[str], n: int, start: int, deck: Iterator[tuple[int, int]]):
    """`n` index entries (REP003's fingerprints) of articles recombined from `paragraphs`:
    each paragraph's narrative k-grams are computed once and laid end to end, so a 100k-entry
    index is built in minutes (the k-grams across a paragraph boundary are left out).

    Paragraphs are dealt from a shuffled deck (`deck`, from `_deal`, shared by the calls). A
    100k-entry index needs about 30 passes through the ~34,000 indexed paragraphs; dealt again
    as they are, every paragraph would be in ~30 entries and each probe would have ~30 true
    matches at 100k against one at 1k, which measures the matches, not the
    index. So in pass p > 0 each k-gram hash is salted with p: the entry keeps a real text's
    number, spacing and positions of k-grams (what the index stores and looks up), as a
    larger corpus would, and matches nothing of the first pass. Yields (entry, [(paragraph,
    pass)])."""
    from auditor.rules.repost.reuse_index import Entry
    from auditor.rules.repost.reuse_text import narrative_tokens, shingles

    cache: dict[int, tuple[list[tuple[int, int]], int]] = {}
    mask = (1 << 63) - 1

    def fingerprint(i: int) -> tuple[list[tuple[int, int]], int]:
        if i not in cache:
            words = narrative_tokens(paragraphs[i], "en", 20000)
            cache[i] = (shingles(words.tokens, words.quoted, 4, 1), len(words.tokens))
        return cache[i]

    for k in range(start, start + n):
        grams: list[tuple[int, int]] = []
        words = 0
        picked = []
        while words < TARGET_WORDS:
            i, passes = next(deck)
            picked.append((i, passes))
            found, count = fingerprint(i)
            salt = (passes * 0x9E3779B97F4A7C15) & mask
            grams += [(pos + words, (h ^ salt) & mask) for pos, h in found]
            words += count
        yield (
            Entry(
                key=f"bench-index-{k}",
                id=f"index-{k:06d}",
                source=f"site{k % 500}.example",
                url=None,
                published=None,
                names=[f"site{k % 500}.example"],
                own_credits=[],
                words=words,
                shingles=grams,
            ),
            picked,
        )


def rep003_index_cost(root: Path, sizes: list[int], probes: int = 100) -> list[dict]:
    """REP003's time per article (fingerprints, index query, verification of candidates,
    insert) against a saved index (`--index FILE`) of 1k, 10k, 100k entries. Index entries
    come from one half of the corpus paragraphs; each probe article is made of paragraphs of
    the other half plus one paragraph of a random index entry, so every probe has one true
    match whatever the size of the index, and the time shows what the index itself costs."""
    from auditor.rule import ArticleContext, run_batch
    from auditor.rules.repost.reuse_index import IndexStore
    from auditor.rules.repost.uncredited_rewrite import UncreditedRewrite

    paragraphs, _ = _paragraphs(root)
    rng = random.Random(7)
    rng.shuffle(paragraphs)
    half = len(paragraphs) // 2
    indexed, held_out = paragraphs[:half], paragraphs[half:]
    rows = []
    with tempfile.TemporaryDirectory(prefix="auditor-bench-index-") as tmp:
        path = Path(tmp) / "index.sqlite"
        settings = UncreditedRewrite()._settings()
        filled = 0
        picks: list[int] = []  # paragraphs in the index unsalted (first pass)
        deck = _deal(rng, len(indexed))
        for size in sorted(sizes):
            store = IndexStore(path, settings)
            start = time.perf_counter()
            batch = []
            for entry, picked in _index_entries(indexed, size - filled, filled, deck):
                batch.append(entry)
                picks += [i for i, passes in picked if passes == 0]
                if len(batch) >= 2000:
                    store.insert(batch, settings["key_sample"])
                    batch = []
            store.insert(batch, settings["key_sample"])
            build = time.perf_counter() - start
            entries = len(store)
            store.close()
            filled = size
            items = []
            for j in range(probes):
                parts = [held_out[rng.randrange(len(held_out))] for _ in range(8)]
                parts.insert(4, indexed[picks[rng.randrange(len(picks))]])
                article = Article(f"probe-{size}-{j}", "\n\n".join(parts), source="probe.example")
                items.append((article, ArticleContext("en", 1.0, {})))
            load_before = os.getloadavg()[0]
            rule = UncreditedRewrite({"index": str(path)})
            cpu, wall = time.process_time(), time.perf_counter()
            outputs = run_batch(rule, items)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            rule.close()
            matched = sum(
                any(getattr(o, "code", "") == "REP003" for o in out) for out in outputs.values()
            )
            rows.append(
                {
                    "index_entries": entries,
                    "probes": probes,
                    "probes_with_a_finding": matched,
                    "ms_per_article_cpu": round(1000 * cpu / probes, 2),
                    "ms_per_article_wall": round(1000 * wall / probes, 2),
                    "index_mib": round(path.stat().st_size / 2**20, 1),
                    "build_seconds": round(build, 1),
                    "load_before": round(load_before, 2),
                    "load_after": round(os.getloadavg()[0], 2),
                }
            )
            print(rows[-1], file=sys.stderr, flush=True)
    return rows


def per_rule_cost(articles: list[dict[str, str]], warm: int = 50) -> dict[str, float]:
    """Milliseconds of each rule per article, in this process (language detection as its own
    row; REP003 is its per-article preparation): the time from one rule's start to the next's,
    as the engine announces them (`Engine.on_rule`), after `warm` articles load the models."""
    from auditor.config import Config
    from auditor.engine import Engine
    from auditor.models import Article

    engine = Engine(Config())
    items = [Article(a["id"], a["text"], source=a["source"]) for a in articles]
    for article in items[:warm]:
        engine.audit_article(article)
    spent: dict[str, float] = {}
    current: list = [None, 0.0]  # the rule running, and since when

    def on_rule(code: str | None) -> None:
        now = time.perf_counter()
        if current[0] is not None:
            spent[current[0]] = spent.get(current[0], 0.0) + now - current[1]
        current[:] = [code, now]

    engine.on_rule = on_rule
    for article in items:
        engine.audit_article(article)
        on_rule(None)
    ms = {code: round(t / len(items) * 1000, 2) for code, t in spent.items()}
    return {"total": round(sum(ms.values()), 2), **dict(sorted(ms.items(), key=lambda kv: -kv[1]))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--baseline-articles", type=int, default=1000)
    parser.add_argument("--out", default="benchmark.json")
    parser.add_argument(
        "--index-sizes",
        type=int,
        nargs="*",
        default=[1000, 10000, 100000],
        help="REP003 index sizes for the per-article cost (none: skip)",
    )
    parser.add_argument("--no-audit", action="store_true", help="only the REP003 index cost")
    parser.add_argument(
        "--reuse-paragraphs",
        action="store_true",
        help="deal the corpus paragraphs again as they are beyond ~6,000 articles (a stress "
        "of REP003: every article then shares passages with many others; see `generate`)",
    )
    parser.add_argument(
        "--per-rule",
        type=int,
        default=0,
        metavar="N",
        help="also time each rule in process on N articles (ms per article)",
    )
    args = parser.parse_args()
    root = corpora_root(args.corpora)
    if root is None:
        sys.exit("corpora folder not found: pass --corpora DIR")
    rows: list[dict] = []
    index_rows = rep003_index_cost(root, args.index_sizes) if args.index_sizes else []
    if args.no_audit:
        args.sizes = []
    biggest = generate(
        root, max([*args.sizes, args.per_rule], default=0), reuse_paragraphs=args.reuse_paragraphs
    )
    rule_ms = per_rule_cost(biggest[: args.per_rule]) if args.per_rule else {}
    if args.sizes:
        base = baseline(biggest[: args.baseline_articles])
        base_rate = min(args.baseline_articles, len(biggest)) / base["seconds"]
        rows.append(
            {"config": "baseline (a) langdetect+textstat", "articles": args.baseline_articles}
            | base
            | {"articles_per_second": round(base_rate, 1)}
        )
        print(f"baseline: {rows[-1]}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        for size in args.sizes:
            feed = Path(tmp) / f"articles-{size}.jsonl"
            with feed.open("w", encoding="utf-8") as fh:
                for a in biggest[:size]:
                    fh.write(json.dumps(a) + "\n")
            for name in args.configs:
                if name == "dask":
                    try:
                        import distributed  # noqa: F401
                    except ImportError:
                        print("dask.distributed not installed: dask skipped", file=sys.stderr)
                        continue
                measured = run_audit(feed, CONFIGS[name], Path(tmp))
                rate = size / measured["seconds"]
                rows.append(
                    {"config": name, "articles": size}
                    | measured
                    | {
                        "articles_per_second": round(rate, 1),
                        "ratio_to_baseline": round(rate / base_rate, 3),
                    }
                )
                print(rows[-1], file=sys.stderr, flush=True)
    report = {
        "auditor_version": __version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "words_per_article": TARGET_WORDS,
        "reuse_paragraphs": args.reuse_paragraphs,
        "results": rows,
        "rep003_index": index_rows,
        "per_rule_ms": rule_ms,
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"{'configuration':34} {'articles':>8} {'art/s':>7} {'x base':>7} {'RSS MiB':>8} "
        f"{'PSS MiB':>8} {'1 proc':>7} {'load':>11}"
    )
    for r in rows:
        load = f"{r['load_before']}-{r['load_after']}"
        print(
            f"{r['config']:34} {r['articles']:>8} {r['articles_per_second']:>7} "
            f"{r.get('ratio_to_baseline', 1.0)!s:>7} {r['peak_rss_mib']:>8} "
            f"{r.get('peak_pss_mib', '-')!s:>8} {r.get('peak_process_rss_mib', '-')!s:>7} "
            f"{load:>11}"
        )
    if index_rows:
        print(f"\n{'REP003 index entries':>20} {'ms/article CPU':>15} {'wall':>8} {'MiB':>7}")
        for r in index_rows:
            print(
                f"{r['index_entries']:>20} {r['ms_per_article_cpu']:>15} "
                f"{r['ms_per_article_wall']:>8} {r['index_mib']:>7}"
            )
    if rule_ms:
        print(f"\n{'per rule, in process':>20} {'ms/article':>10}")
        for code, ms in rule_ms.items():
            print(f"{code:>20} {ms:>10}")


if __name__ == "__main__":
    main()
