"""ATT002: credits to a news agency (wire) in the article text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import load_phrases


@cache
def _credit_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(wire, context, pattern) for every wire in wires.txt and context in wire_contexts.txt."""
    wires = load_phrases(__package__, "wires.txt", flags=0)
    contexts = load_phrases(__package__, "wire_contexts.txt", flags=0)
    out = []
    for wire in wires:
        for ctx in contexts:
            if "{wire}" not in ctx.pattern.pattern:
                continue
            pattern = ctx.pattern.pattern.replace("{wire}", wire.pattern.pattern)
            out.append((wire.name, ctx.name, re.compile(pattern, re.MULTILINE)))
    return tuple(out)


class WireCredit(Rule):
    """What it does: finds where the article credits a news agency: a dateline
    ("WASHINGTON (Reuters) -"), a credit in the text ("Reuters reports", "according to
    Reuters", "told AFP") or a sign-off. The list of agencies and of credit contexts lives in
    `rules/attribution/data/`. Each credit is an info finding with its span, and the measure
    `attribution.wires_credited` lists the credited agencies (e.g. "Reuters").

    Why it matters: a story built on agency copy should say so. The credited wires are what
    the uncredited-rewrite check compares against, and the per-source sheet counts them.

    Example:
        found:    "... a move that could deepen the country's rift with the US, Reuters reports."
        missing:  the same sentence with ", Reuters reports" cut, in a rewrite of that story.
    """

    code = "ATT002"
    name = "wire-credit"
    family = "attribution"
    summary = "Credit to a news agency (dateline, 'according to Reuters', sign-off)"
    severity = Severity.INFO

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        text = article.text
        credited: list[str] = []
        taken: list[tuple[int, int]] = []
        for wire, context, pattern in _credit_patterns():
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                if wire not in credited:
                    credited.append(wire)
                yield self.finding(
                    article,
                    m.start(),
                    m.end(),
                    f"credits the wire {wire} ({context})",
                    wire=wire,
                    context=context,
                )
        yield self.measure("wires_credited", ", ".join(sorted(credited)))
