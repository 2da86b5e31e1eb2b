"""ATT005: a high share of agentless reporting ("it is reported that")."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.attribution.relations import extract, extract_rules, overlaps_any


class AgentlessReporting(Rule):
    """What it does: finds attributions with no source at all, "it is reported that", "it was
    said", "it is understood", "it is learned that", and warns on each when they are at least
    `min_count` or `max_share` of the article's attributions. A relation the tagger found with a
    cue probability under `min_confidence` counts in the share (and in the attribution
    measures) but is warned on only where an agentless pattern ("it is reported that") finds
    it too: since ATT003 keeps the tagger's unsure relations without a source (they raise
    content recall), warning on each of them took the articles of rated outlets with this
    warning from 33% to 48% (500 sources dev articles), on the relations the tagger is least
    sure of.

    Why it matters: agentless reporting hides who made the claim. It is also a formula of
    translated Chinese and Russian news ("据报道" -> "it is reported that"), so it often marks a
    machine translation as well.

    Example:
        flagged:  "It is reported that the United States has always opposed Turkeys purchase."
        better:   "The United States has long opposed the purchase, the State Department said."
    """

    code = "ATT005"
    name = "agentless-reporting"
    family = "attribution"
    summary = "Claim attributed to no one ('it is reported that')"
    severity = Severity.WARNING
    languages = ("en",)
    options = {"min_count": 1, "max_share": 0.3, "min_confidence": 0.7}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        relations = extract(article.text, ctx.language)
        agentless = [r for r in relations if r.kind == "none"]
        if not agentless:
            return
        share = len(agentless) / len(relations)
        if len(agentless) >= self.opts["min_count"] or share >= self.opts["max_share"]:
            patterns = overlaps_any(
                r.cue for r in extract_rules(article.text, ctx.language) if r.kind == "none"
            )
            for rel in agentless:
                if rel.confidence < self.opts["min_confidence"] and not patterns(rel.cue):
                    continue
                yield self.finding(
                    article,
                    rel.cue[0],
                    rel.cue[1],
                    f"claim attributed to no one ({len(agentless)} of {len(relations)} "
                    "attributions in the article)",
                )
