"""Fuzz every rule and every writer with mutated real articles, for long runs.

Articles are built from real sentences of the shared corpora (mt, readability, attribution
dev splits, and the seeds), then mutated: control characters (C0, C1, DEL), lone surrogates,
huge tokens, runs of quotes, dashes, spaces, semicolons, tabs and newlines, wire sign-offs
padded with spaces, repeated credits, full-width formula characters, bidi and zero-width
marks, and hostile ids, titles, sources and URLs (with duplicate ids). Each batch is written
as a JSONL file and goes the whole way: ingest -> every rule (per-article and batch) ->
articles/findings/sources CSV, sources.xlsx, report.html, and every `check` format. The script
counts crashes (an exception out of ingest, the engine or a writer), rule errors (by rule
code) and input errors, and keeps the first examples of each so they can be replayed.

    python scripts/fuzz.py --articles 100000 --batch 500 --seed 1
    python scripts/fuzz.py --articles 2000 --save /tmp/fuzz-findings.jsonl
    python scripts/fuzz.py --articles 100000 --state /tmp/fuzz-state.json --time-limit 3600

Mutation seeds are deterministic (`--seed`, and each batch is seeded by its first article
number), so a run can be repeated exactly, and a long run can be done in chunks: with
`--state`, the counts and examples are saved after every batch and a rerun with the same
state file goes on from the next batch (the result is the same as one uninterrupted run).
`--time-limit` stops after the batch that crosses it.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

from auditor import api
from auditor.config import Config
from auditor.models import Severity
from auditor.reports.csv import write_csv_reports
from auditor.reports.github import format_github
from auditor.reports.html import write_html
from auditor.reports.json_report import format_json
from auditor.reports.junit import format_junit
from auditor.reports.rdjsonl import format_rdjsonl
from auditor.reports.sarif import format_sarif
from auditor.reports.text import format_text
from auditor.reports.xlsx import write_xlsx

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CORPORA = ("mt/dev.jsonl", "readability/dev.jsonl", "attribution/dev.jsonl")
CHECK_FORMATS = (
    format_text,
    format_json,
    format_sarif,
    format_github,
    format_junit,
    format_rdjsonl,
)
_SPLIT = re.compile(r"(?<=[.!?\"”])\s+|\n+")

CONTROL = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)]]
SURROGATES = ["\ud800", "\udfff", "\udc80"]
ODD = [
    "\u200b",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\u00a0",
    "\u3000",
    "\u0301",
    "\ufffd",
    "\ufffe",
    "\U0001f600",
    "\u2028",
    "\u2029",
]
FULL_WIDTH = ["\uff1d", "\uff0b", "\uff0d", "\uff20"]
RUNS = [
    '"',
    "\u201c",
    "\u201d",
    "'",
    "\u2014",
    "-",
    "\u2013",
    " ",
    ";",
    "\t",
    "\n",
    ".",
    ",",
    "(",
    ")",
    ":",
    "?",
    "!",
    "\u00ab",
    "\u00bb",
]
PHRASES = [
    "(Reporting by",
    "; Editing by",
    "Reuters reports. ",
    "according to Reuters",
    "WASHINGTON (Reuters) - ",
    "The minister reported\t\t\tthat",
    '"We will," he said.',
    "This post was originally published on this site",
    "Xyzs foo ",
    "© Reuters",
    "sources said",
    "On the 13th local time",
    '=HYPERLINK("http://x")',
    "@SUM(A1)",
    "auditor: ignore[ATT",
    "<!-- -->",
    "</script>",
    "&amp;",
    "${x}",
    "%0A",
]


def load_sentences(limit_per_corpus: int = 4000) -> list[str]:
    """Real sentences from the corpora's dev splits and the seeds."""
    out: list[str] = []
    for name in CORPORA:
        path = SHARED / "corpora" / name
        if not path.is_file():
            continue
        got = 0
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text") or ""
                for s in _SPLIT.split(text):
                    if 3 <= len(s) <= 600:
                        out.append(s)
                        got += 1
                if got >= limit_per_corpus:
                    break
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        out += [s for s in _SPLIT.split(seed.read_text(encoding="utf-8")) if len(s) >= 3]
    if not out:
        raise SystemExit("no sentences found under ../shared (corpora or seeds)")
    return out


def _mutate(text: str, rnd: random.Random) -> str:
    for _ in range(rnd.randint(0, 6)):
        pos = rnd.randint(0, len(text))
        kind = rnd.random()
        if kind < 0.2:
            piece = "".join(rnd.choice(CONTROL) for _ in range(rnd.randint(1, 3)))
        elif kind < 0.21:  # rare: ingest rejects the line (an input error, by design)
            piece = rnd.choice(SURROGATES)
        elif kind < 0.4:
            piece = rnd.choice(ODD)
        elif kind < 0.5:
            piece = rnd.choice(FULL_WIDTH) + rnd.choice(["1+1", "cmd|' /C calc'!A0", ""])
        elif kind < 0.68:
            piece = rnd.choice(RUNS) * rnd.choice([2, 5, 40, 300, 3000])
        elif kind < 0.78:
            piece = rnd.choice(["a", "X", "é", "中", "1"]) * rnd.choice([50, 1000, 20000])
        elif kind < 0.9:
            piece = rnd.choice(PHRASES) * rnd.choice([1, 1, 3, 50])
        elif kind < 0.95:
            text = text[:pos]  # truncated mid-sentence
            continue
        else:
            piece = (" " * 40 + ";") * rnd.randint(1, 6)
        text = text[:pos] + piece + text[pos:]
    return text


def _field(rnd: random.Random, sentences: list[str]) -> str:
    base = rnd.choice(
        [
            "History",
            "Sources",
            "x" * 40,
            "a/b:c*d?[e]",
            "=cmd",
            "＝1",
            "",
            "'quoted'",
            "../../etc/passwd",
            "bbc.co.uk",
            rnd.choice(sentences)[:60],
        ]
    )
    return _mutate(base, rnd) if rnd.random() < 0.5 else base


def make_record(i: int, rnd: random.Random, sentences: list[str]) -> dict:
    """One fuzzed JSONL record."""
    body = " ".join(rnd.choice(sentences) for _ in range(rnd.randint(1, 30)))
    if rnd.random() < 0.3:
        body = "\n\n".join(body.split(". ")[: rnd.randint(1, 20)])
    record: dict = {"text": _mutate(body, rnd)}
    if rnd.random() < 0.8:
        record["id"] = (
            f"a{i}" if rnd.random() < 0.9 else rnd.choice(["dup", "dup#2", _field(rnd, sentences)])
        )
    for key in ("title", "source", "url", "lang", "published"):
        if rnd.random() < 0.5:
            record[key] = _field(rnd, sentences)
    if rnd.random() < 0.05:
        record["extra"] = {"nested": [_field(rnd, sentences)]}
    return record


def _dump(record: dict, rnd: random.Random) -> str:
    line = json.dumps(record, ensure_ascii=True)  # surrogates become \\udXXX escapes
    if rnd.random() < 0.01:
        line = line[: rnd.randint(0, len(line))]  # a malformed line
    return line


def write_every_report(run: api.AuditRun, out: Path) -> None:
    """Every writer, on one run (the CLI's audit and check outputs)."""
    articles = api.articles_frame(run)
    findings = api.findings_frame(run)
    sources = api.sources_frame(articles)
    write_csv_reports(out, articles, findings, sources)
    write_xlsx(out / "sources.xlsx", sources, articles, findings)
    write_html(out / "report.html", sources, run.results)
    failing = api.verdicts(run, 50, Severity.WARNING)
    for fmt in CHECK_FORMATS:
        fmt(run, failing, Severity.INFO).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, help="JSONL of the first failing records")
    parser.add_argument("--state", type=Path, help="resumable state (JSON), saved per batch")
    parser.add_argument("--time-limit", type=float, default=0.0, help="seconds (0: none)")
    args = parser.parse_args(argv)
    sentences = load_sentences()
    config = Config()
    crashes: collections.Counter[str] = collections.Counter()
    rule_errors: collections.Counter[str] = collections.Counter()
    examples: dict[str, dict] = {}
    audited = input_errors = generated = 0
    seconds_before = 0.0
    if args.state and args.state.is_file():
        state = json.loads(args.state.read_text(encoding="utf-8"))
        if (state["seed"], state["batch"]) != (args.seed, args.batch):
            raise SystemExit(f"{args.state}: made with another --seed or --batch")
        generated, audited, input_errors = (
            state["generated"],
            state["audited"],
            state["input_errors"],
        )
        crashes.update(state["crashes"])
        rule_errors.update(state["rule_errors"])
        examples = state["examples"]
        seconds_before = state["seconds"]
        print(f"resuming after {generated} articles", file=sys.stderr)

    def save_state(elapsed: float) -> None:
        if args.state:
            _save_state(
                args.state,
                {
                    "seed": args.seed,
                    "batch": args.batch,
                    "generated": generated,
                    "audited": audited,
                    "input_errors": input_errors,
                    "crashes": dict(crashes),
                    "rule_errors": dict(rule_errors),
                    "examples": examples,
                    "seconds": elapsed,
                },
            )

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="auditor-fuzz-") as tmp:
        root = Path(tmp)
        try:
            for first in range(generated, args.articles, args.batch):
                if args.time_limit and time.perf_counter() - start > args.time_limit:
                    print("time limit reached", file=sys.stderr)
                    break
                rnd = random.Random(f"{args.seed}:{first}")
                records = [
                    make_record(i, rnd, sentences)
                    for i in range(first, min(first + args.batch, args.articles))
                ]
                path = root / f"batch-{first}.jsonl"
                lines = "\n".join(_dump(r, rnd) for r in records) + "\n"
                path.write_text(lines, encoding="utf-8")
                try:
                    run = api.audit([str(path)], config)
                    write_every_report(run, root / "out")
                except Exception as exc:
                    key = f"{type(exc).__name__}: {str(exc)[:120]}"
                    crashes[key] += 1
                    examples.setdefault(
                        f"crash {key}",
                        {"batch": first, "seed": args.seed, "traceback": traceback.format_exc()},
                    )
                    generated = first + len(records)
                    save_state(seconds_before + time.perf_counter() - start)
                    continue
                audited += len(run.results)
                generated = first + len(records)
                input_errors += len(run.input_errors)
                by_id = {str(r.get("id")): r for r in records}
                for res in run.results:
                    for e in res.rule_errors:
                        rule_errors[e.code] += 1
                        examples.setdefault(
                            f"rule {e.code} {e.message[:80]}",
                            {
                                "message": e.message,
                                "record": by_id.get(res.article.id, {"id": res.article.id}),
                            },
                        )
                path.unlink()
                elapsed = seconds_before + time.perf_counter() - start
                save_state(elapsed)
                print(
                    f"{first + len(records)} articles, {elapsed:.0f}s: {audited} audited, "
                    f"{input_errors} input errors, {sum(crashes.values())} crashed batches, "
                    f"rule errors {dict(rule_errors)}",
                    file=sys.stderr,
                    flush=True,
                )
                if args.save:
                    _save(args.save, examples)
        except KeyboardInterrupt:  # a long run stopped by hand still reports what it ran
            print("interrupted", file=sys.stderr)
    seconds = seconds_before + time.perf_counter() - start
    print(
        f"articles generated: {generated} of {args.articles}; audited: {audited}; "
        f"input errors: {input_errors}; {seconds:.0f} s in all"
    )
    print(f"crashed batches: {sum(crashes.values())} {dict(crashes)}")
    print(f"rule errors: {sum(rule_errors.values())} {dict(sorted(rule_errors.items()))}")
    for key in list(examples)[:20]:
        print(f"- {key}")
    return 1 if crashes or rule_errors else 0


def _save_state(path: Path, state: dict) -> None:
    """Write the state beside itself and rename it over the old one (a kill keeps one whole)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=True), encoding="utf-8")
    tmp.replace(path)


def _save(path: Path, examples: dict[str, dict]) -> None:
    """The first example of each crash and rule error, rewritten after every batch."""
    with path.open("w", encoding="utf-8") as fh:
        for key, ex in examples.items():
            fh.write(json.dumps({"kind": key, **ex}, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    sys.exit(main())
