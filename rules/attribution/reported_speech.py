"""ATT003: attribution relations (reported speech and claims) with source, cue and content."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.attribution.relations import extract, extract_rules
from auditor.rules.helpers import quotations, word_count


class ReportedSpeech(Rule):
    """What it does: finds each attribution (reported speech or claim) in the article, with
    the span of its source, its cue and its content, and whether the source is named,
    anonymous, or absent (agentless "it is reported that"). Each is an info finding on the
    content, carrying the spans in `data.relation`; the counts are measures
    (`attribution.claims`, `attribution.claims_named`, `.claims_anonymous`, `.claims_agentless`)
    from which the attribution score rewards the share of named sources. The densities are
    also measured from the regex patterns alone (`attribution.pattern_claims_per_1000_words`,
    `.pattern_named_per_1000_words`, `.pattern_named_share`): the patterns find reporting
    verbs with named speakers, the tagger also the wider attributions of PolNeAR ("polls
    showing"), and the per-source reliability estimate reads both. The relations come
    from a trained tagger (`rules/attribution/tagger.py`, a CRF over tokens trained on PolNeAR
    and GUM) with the regex patterns of `relations.py` kept beside it where they do better on
    held-out data (caption credits, dash-signed quotations, ...: the `kept` list of
    `data/attribution_model.json`); `relations.py` documents how sources are classified.

    Why it matters: "who says so?" is the first question an editor asks. An article whose
    claims rest on named sources can be checked; one that rests on "officials said" and "it
    is reported that" cannot.

    Example:
        named:      "Turkey will buy more S-400s, Erdogan told CBS News."
        anonymous:  "Turkey will buy more S-400s, officials said."
        agentless:  "It is reported that the United States has always opposed Turkeys purchase."
    """

    code = "ATT003"
    name = "reported-speech"
    family = "attribution"
    summary = "Attribution relation: source, cue and content of reported speech or a claim"
    severity = Severity.INFO
    languages = ("en",)
    provides = ("attribution-relations",)

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        kinds: Counter[str] = Counter()
        for rel in extract(article.text, ctx.language):
            kinds[rel.kind] += 1
            source = article.text[rel.source[0] : rel.source[1]] if rel.source else None
            cue = article.text[rel.cue[0] : rel.cue[1]]
            who = f"{rel.kind} source {source!r}" if source else "no source (agentless)"
            yield self.finding(
                article,
                rel.content[0],
                rel.content[1],
                f"attributed to {who} ({cue!r})",
                relation=rel.as_data(),
            )
        # measures (the attribution score's inputs)
        yield self.measure("claims", sum(kinds.values()))
        yield self.measure("claims_named", kinds["named"])
        yield self.measure("claims_anonymous", kinds["anonymous"])
        yield self.measure("claims_agentless", kinds["none"])
        words = word_count(article.text)
        for name, value in sourcing_density(article.text, ctx.language, kinds, words):
            yield self.measure(name, value)
        # the same density from the patterns alone (cached: `extract` has just run them)
        pattern_kinds = Counter(rel.kind for rel in extract_rules(article.text, ctx.language))
        for name, value in pattern_density(pattern_kinds, words):
            yield self.measure(name, value)


def sourcing_density(
    text: str, language: str, kinds: Counter[str], words: int
) -> list[tuple[str, float]]:
    """How much of the article is sourced, as measures: its word count, attributions and
    quotations per 1,000 words, and the named / anonymous / agentless shares of its
    attributions (absent when it has none). The per-source reliability estimate reads
    these: counts alone reward long articles, shares alone ignore how much is sourced."""
    per_k = 1000.0 / max(words, 1)
    rates, named_share = _rates(kinds, per_k)
    out = [
        ("words", float(words)),
        *rates,
        ("quotes_per_1000_words", round(len(quotations(text, language)) * per_k, 3)),
    ]
    if named_share:
        claims = sum(kinds.values())
        out += [
            *named_share,
            ("anonymous_share", round(kinds["anonymous"] / claims, 4)),
            ("agentless_share", round(kinds["none"] / claims, 4)),
        ]
    return out


def pattern_density(kinds: Counter[str], words: int) -> list[tuple[str, float]]:
    """The regex patterns' attributions and named sources per 1,000 words, and their named
    share (absent when they find none), as `pattern_*` measures."""
    rates, named_share = _rates(kinds, 1000.0 / max(words, 1), "pattern_")
    return rates + named_share


def _rates(
    kinds: Counter[str], per_k: float, prefix: str = ""
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Attributions and named sources per 1,000 words, and the named share (an empty list
    when there are no attributions), each name prefixed with `prefix`."""
    claims = sum(kinds.values())
    rates = [
        (f"{prefix}claims_per_1000_words", round(claims * per_k, 3)),
        (f"{prefix}named_per_1000_words", round(kinds["named"] * per_k, 3)),
    ]
    share = [(f"{prefix}named_share", round(kinds["named"] / claims, 4))] if claims else []
    return rates, share
