"""ATT002: credits to a news agency (wire) in the article text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import load_phrases

_Credit = tuple[str, tuple[str, ...], re.Pattern[str]]  # context, wire names, pattern


@cache
def _credit_patterns() -> tuple[re.Pattern[str], tuple[_Credit, ...], tuple[_Credit, ...]]:
    """Any wire's name; then (context, wire names, pattern) per credit context of
    wire_contexts.txt; then one per house-style sign-off of wire_signoffs.txt (its one wire
    name; the pattern has no groups).

    Every wire of wires.txt is one named group `w<i>` of the context's pattern, so the text
    is scanned once per context, not once per context and wire. Every context requires its
    `{wire}`, so a text in which no wire's name matches (most texts) has no credit in context:
    one scan for any name spares it the contexts' scans (trying 26 named groups at every
    position of the text made up most of the rule's time).
    """
    wires = load_phrases(__package__, "wires.txt", flags=0)
    contexts = load_phrases(__package__, "wire_contexts.txt", flags=0)
    any_wire = re.compile("|".join(f"(?:{w.pattern.pattern})" for w in wires))
    alternation = "|".join(f"(?P<w{i}>{w.pattern.pattern})" for i, w in enumerate(wires))
    names = tuple(w.name for w in wires)
    in_context = tuple(
        (ctx.name, names, re.compile(ctx.pattern.pattern.replace("{wire}", alternation), re.M))
        for ctx in contexts
        if "{wire}" in ctx.pattern.pattern
    )
    # house-style sign-offs name no agency: the data file says which one they identify
    sign_offs = tuple(
        ("house sign-off", (s.name,), re.compile(s.pattern.pattern, re.M))
        for s in load_phrases(__package__, "wire_signoffs.txt", flags=0)
    )
    return any_wire, in_context, sign_offs


class WireCredit(Rule):
    """What it does: finds where the article credits a news agency: a dateline
    ("WASHINGTON (Reuters) -"), a credit in the text ("Reuters reports", "according to
    Reuters", "told AFP", "writes the Associated Press") or a sign-off ("© Reuters", and the
    Reuters house sign-off "(Reporting by …; Editing by …)", which names no agency). The
    agencies, the credit contexts and the house sign-offs live in `rules/attribution/data/`.
    Each credit is an info finding with its span, and the measure `attribution.wires_credited`
    lists the credited agencies (e.g. "Reuters"). Measured on the gold bodies of
    corpora/boilerplate (docs/quality.md, `wire_credit_gold_body`).

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
        # the spans already credited, disjoint and sorted by start (so also by end): a new
        # match overlaps one of them only if it overlaps the last one starting before its
        # end, found by bisection (a scan of every span was quadratic on 1 MB of credits)
        starts: list[int] = []
        ends: list[int] = []
        any_wire, in_context, sign_offs = _credit_patterns()
        credits = (*in_context, *sign_offs) if any_wire.search(text) else sign_offs
        for context, names, pattern in credits:
            for m in pattern.finditer(text):
                i = bisect.bisect_left(starts, m.end())
                if i and ends[i - 1] > m.start():
                    continue
                wire = next((names[int(k[1:])] for k, v in m.groupdict().items() if v), names[0])
                starts.insert(i, m.start())
                ends.insert(i, m.end())
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
