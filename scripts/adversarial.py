"""Time every rule on adversarial inputs of growing size, and print the growth per 10x.

Each rule runs through the public rule API (`discover_rules()`, `Rule.check` or
`Rule.check_batch` on one article, language forced to English, or to the rule's first
language for a rule that does not read English, so that it runs) on inputs built to hurt
backtracking regexes and quadratic scans: runs of spaces and
semicolons after a sign-off, "Reuters reports. " repeated, "Xyzs foo " after English text,
runs of quotes and dashes, text with no sentence end, one very long word, and others. Sizes are
10 KB, 100 KB and 1 MB (characters). A linear rule grows about 10x per 10x of input; the issue's
target is at most ~12x, and no rule over its time budget at 1 MB.

A size is skipped (shown as `skip`) when the time at the size below, times 12, is already over
`--max-seconds` (the rule is far from linear there and would take too long): the growth is
then shown from the sizes measured.

    python scripts/adversarial.py                    # every rule, every input, 10K/100K/1M
    python scripts/adversarial.py --rules ATT002 --sizes 10000,100000
    python scripts/adversarial.py --markdown /tmp/adversarial.md
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from auditor.config import Config
from auditor.engine import discover_rules
from auditor.models import Article
from auditor.rule import ArticleContext, Rule

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
FALLBACK = (
    "The minister said on Tuesday that the budget would be published next week. "
    '"We will not raise taxes," she told reporters in Brussels. '
)


def _english() -> str:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    return files[0].read_text(encoding="utf-8")[:3000] if files else FALLBACK * 10


def _fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    body = unit * max(1, (size - len(head) - len(tail)) // len(unit) + 1)
    return (head + body)[: size - len(tail)] + tail


# name -> text of about `size` characters
INPUTS: dict[str, Callable[[int], str]] = {
    "signoff-spaces": lambda n: _fill(" " * 40 + ";", n, "(Reporting by", "; Editing by"),
    "signoff-lines": lambda n: _fill("(Reporting by A" + " " * 40 + ";" + " " * 40 + "\n", n),
    "reuters-reports": lambda n: _fill("Reuters reports. ", n),
    "dateline-repeat": lambda n: _fill("WASHINGTON (Reuters) - ", n),
    "xyzs-foo": lambda n: _fill("Xyzs foo ", n, _english() + "\n\n"),
    "capitalised-run": lambda n: _fill("Xyz Abc ", n),
    "straight-quotes": lambda n: _fill('"', n),
    "curly-quotes": lambda n: _fill("\u201c\u201d\u2018\u2019", n),
    "quote-said": lambda n: _fill('"We will not," he said. ', n),
    "open-quotes": lambda n: _fill('"said ', n),
    "dashes": lambda n: _fill("\u2014 - \u2013", n),
    "no-sentence-end": lambda n: _fill("word and other words ", n),
    "long-word": lambda n: "a" * n,
    "spaces-then-word": lambda n: " " * (n - 4) + "word",
    "semicolons": lambda n: _fill("; ", n),
    "newlines": lambda n: _fill("A.\n", n),
    "blank-lines": lambda n: _fill("\n \n", n),
    "nbsp-runs": lambda n: _fill("by\u00a0\u00a0\u00a0\u2009", n),
    "abbreviations": lambda n: _fill("Mr. Dr. U.S. St. ", n),
    "according-to": lambda n: _fill("according to the ", n),
    "colons": lambda n: _fill("Source: ", n),
    "possessives": lambda n: _fill("Xyz's Abc's ", n),
    "english-repeat": lambda n: _fill(_english() + "\n\n", n),
    # line structure: one huge line, newlines only, one-word lines, distinct numbered lines,
    # CRLF and lone CR line ends
    "one-line": lambda n: _fill(_english().replace("\n", " ") + " ", n),
    "newlines-only": lambda n: "\n" * n,
    "one-word-lines": lambda n: _fill("word\n", n),
    "numbered-lines": lambda n: "".join(f"Line {i} of the text.\n" for i in range(n // 16 + 1))[:n],
    "crlf-lines": lambda n: _fill("A.\r\n", n),
    "lone-cr": lambda n: _fill("The minister said so.\r", n),
    # repeated boilerplate, credits and tails
    "boilerplate-lines": lambda n: _fill("This post was originally published on this site\n", n),
    "boilerplate-inline": lambda n: _fill("This post was originally published on this site. ", n),
    "appeared-first": lambda n: _fill("The post Talks failed appeared first on Example News.\n", n),
    "copyright-lines": lambda n: _fill("\u00a9 2024 Reuters. All rights reserved.\n", n),
    "source-lines": lambda n: _fill("Source: Xinhua\n", n),
    "clipped-titles": lambda n: _fill("President Tu said. ", n, _english() + "\n\n"),
    "date-calques": lambda n: _fill("On the 13th local time, 5 local time on the 6th ", n),
    # URLs and markup
    "url-run": lambda n: _fill("https://example.com/news/2024/story?id=1 ", n),
    "url-lines": lambda n: _fill("Read it at https://example.com/news/2024/story?id=1\n", n),
    "hash-run": lambda n: "#" * n,
    "heading-lines": lambda n: _fill("# Heading\n", n),
    "star-run": lambda n: "*" * n,
    "bold-words": lambda n: _fill("**bold** _it_ ", n),
}
# inputs whose size is in the title, not the text (the text is English prose)
TITLES: dict[str, Callable[[int], str]] = {
    "huge-title": lambda n: _fill("Talks fail ", n),
}
SIZES = (10_000, 100_000, 1_000_000)


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


def time_rule(
    rule: Rule, text: str, settings: dict, limit: float, title: str | None = None
) -> float | str:
    """CPU seconds one rule takes on one article of `text` (or why it did not finish).

    CPU time, not wall-clock: on a shared machine a long run is preempted more often than a
    short one, which makes wall-clock growth look superlinear when it is not. The limit is
    wall-clock (an alarm)."""
    # English where the rule reads English (the inputs are English), else its first language
    language = "en" if not rule.languages or "en" in rule.languages else rule.languages[0]
    article = Article("adversarial", text, source="example.com", title=title)
    ctx = ArticleContext(language, 1.0, settings)
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.process_time()
    try:
        if rule.batch:
            for outputs in rule.check_batch([(article, ctx)]).values():
                list(outputs)
        else:
            list(rule.check(article, ctx))
    except _Timeout:
        return f">{limit:g}s"
    except Exception as exc:  # a crash is a finding of this script, not its end
        return f"error {type(exc).__name__}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.process_time() - start


def _best_of(
    rule: Rule, text: str, settings: dict, args: argparse.Namespace, title: str | None = None
) -> float | str:
    """The least of up to `--repeat` timings (a busy machine only ever adds time); runs of
    a second or more are timed once. Repeat k gets the text with its first k characters moved
    to k trailing spaces (the same length, a different string), so that a rule's cache of its
    last texts (ATT003's relations) is not what is timed."""
    best: float | str = time_rule(rule, text, settings, args.max_seconds, title)
    for k in range(1, args.repeat):
        if not isinstance(best, float) or best >= 1.0:
            break
        again = time_rule(rule, text[k:] + " " * k, settings, args.max_seconds, title)
        best = min(best, again) if isinstance(again, float) else again
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", default="", help="comma-separated codes (default: all)")
    parser.add_argument("--inputs", default="", help="comma-separated input names")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for runs under 1 s")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    config = Config()
    settings = config.settings()
    registry = discover_rules()
    codes = [c.strip().upper() for c in args.rules.split(",") if c.strip()] or sorted(registry)
    inputs = [i.strip() for i in args.inputs.split(",") if i.strip()] or [*INPUTS, *TITLES]
    unknown = [i for i in inputs if i not in INPUTS and i not in TITLES]
    if unknown:
        parser.error(f"unknown inputs {unknown}: choose from {[*INPUTS, *TITLES]}")
    # (text, title) of each input and size
    texts = {
        (name, n): (INPUTS[name](n), None) if name in INPUTS else (_english(), TITLES[name](n))
        for name in inputs
        for n in sizes
    }
    header = ["rule", "input", *[f"{n // 1000}K s" for n in sizes]]
    header += [f"x ({b // 1000}K/{a // 1000}K)" for a, b in zip(sizes, sizes[1:], strict=False)]
    rows: list[list[str]] = []
    worst: dict[str, tuple[float, str]] = {}
    for code in codes:
        rule = registry[code](config.rules.get(code))
        why = rule.unavailable_reason(settings)
        if why:
            rows.append([code, "-", f"unavailable: {why}"] + [""] * (len(header) - 3))
            continue
        time_rule(rule, _english(), settings, args.max_seconds)  # load data files, models
        for name in inputs:
            times: list[float | str] = []
            for n in sizes:
                prev = times[-1] if times else None
                if isinstance(prev, str) or (
                    isinstance(prev, float) and prev * 12 > args.max_seconds
                ):
                    times.append("skip")
                    continue
                text, title = texts[(name, n)]
                times.append(_best_of(rule, text, settings, args, title))
            growth = []
            for a, b in zip(times, times[1:], strict=False):
                if isinstance(a, float) and isinstance(b, float):
                    g = b / max(a, 1e-4)
                    growth.append(f"{g:.1f}")
                    # growth is only meaningful once both runs are long enough to time
                    if a >= 0.01 and b >= 0.05 and g > worst.get(code, (0.0, ""))[0]:
                        worst[code] = (g, name)
                else:
                    growth.append("-")
            cells = [f"{t:.3f}" if isinstance(t, float) else t for t in times]
            rows.append([code, name, *cells, *growth])
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
        rule.close()
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += ["", "Worst growth per 10x (where the runs took >= 0.01 s and >= 0.05 s):", ""]
    lines += [f"- {c}: x{g:.1f} on {n}" for c, (g, n) in sorted(worst.items())]
    table = "\n".join(lines) + "\n"
    sys.stdout.write(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
