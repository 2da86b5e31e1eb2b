"""ATT005: claims passed on with no source at all ("it is reported that", "reportedly")."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.attribution.relations import overlaps_any
from auditor.rules.helpers import load_phrases, quotations, sentences

# "the reports say", "these reports suggest": reports the article has named before
_DETERMINERS = frozenset({"the", "these", "those", "such"})


def _after_determiner(text: str, start: int) -> bool:
    before = text[max(0, start - 8) : start].split()
    return bool(before) and before[-1].lower() in _DETERMINERS


class AgentlessReporting(Rule):
    """What it does: finds the formulas that pass a claim on without saying who made it: "it
    is reported that", "it is understood", "X is said to have", "reportedly", "reports say",
    "according to reports" (`data/agentless_<lang>.txt`), and warns on each when the article
    holds at least `min_count` of them. Not flagged: a sentence that credits its claim
    (`data/agentless_credited_<lang>.txt`: "according to" someone, "The Washington Post
    reported", "a source tells NBC New York"), a formula in a quotation (the speaker's words),
    "the reports say" (reports named before). Sparing every formula inside the claim of a
    relation with a named source was tried and dropped: read by hand, it silenced more right
    findings than wrong ones (a named speaker who says what is "reportedly" so). Measured against
    PolNeAR's sourceless attributions: warning on every relation the extractor left without a source
    (participles such as "adding that", coordinated verbs whose subject is named earlier,
    "is expected to", "seems") flagged a quarter of the articles, 16% of them rightly; the
    formulas are what this rule accuses.

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
    options = {"min_count": 1}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        formulas = load_phrases(__package__, f"agentless_{ctx.language}.txt")
        credited = load_phrases(__package__, f"agentless_credited_{ctx.language}.txt", flags=0)
        text = article.text
        found = []
        for sent in sentences(text):
            credits = [c.start() for p in credited for c in p.pattern.finditer(sent.text)]
            for phrase in formulas:
                for m in phrase.pattern.finditer(sent.text):
                    # a credit right after the formula is what was reported ("Amazon
                    # reportedly told Regnery Publishing"), not who reported it
                    if any(not m.end() <= c <= m.end() + 1 for c in credits):
                        continue
                    if not _after_determiner(sent.text, m.start()):
                        found.append((sent.start + m.start(), sent.start + m.end()))
        if not found:
            return
        # the speaker's own words hide no one ("“It is said that the tree of peace lives off
        # blood,” Park said")
        quoted = overlaps_any((q.start, q.end) for q in quotations(text, ctx.language))
        found = [span for span in found if not quoted(span)]
        spans: list[tuple[int, int]] = []
        for start, end in sorted(found):  # overlapping formulas ("is reportedly said to") once
            if spans and start < spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
        if len(spans) < self.opts["min_count"]:
            return
        for start, end in spans:
            yield self.finding(
                article,
                start,
                end,
                f"claim attributed to no one ({len(spans)} such formula(s) in the article)",
            )
