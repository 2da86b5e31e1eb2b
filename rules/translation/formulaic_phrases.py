"""TRN005: formulas of translated news ("It is reported that", "overseas network")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import load_phrases


class FormulaicPhrases(Rule):
    """What it does: finds the stock phrases of news translated word for word, kept per
    source language in `rules/translation/data/formulaic_en.txt`: "It is reported that"
    (据报道), "it is learned that" (据悉), "Russia today news that", "overseas network"
    (海外网), "editor in charge:" (责任编辑), "the reporter learned that" (记者了解到).

    Why it matters: each is grammatical but no English newsroom writes it; together they
    mark unedited translation, and they hide who reported what.

    Example:
        flagged:  "Russia today news that 14 local time, Erdogan returned to Turkey"
        better:   "Erdogan told RT on Thursday, after returning to Turkey, that ..."
    """

    code = "TRN005"
    name = "translated-formula"
    family = "translation"
    summary = "Stock phrase of translated news ('it is reported that', 'overseas network')"
    # Info, not warning: on corpora/mt dev none of its 2 findings on MQM-rated documents
    # overlapped an MQM error span (chance 0.56), and on test 1 of 4 (chance 0.52); a rule
    # that does not beat chance reports evidence, not an accusation. It never fired on an
    # English original (dev or test), but on human translations too (dev 1.1%, MT 2.5%).
    severity = Severity.INFO
    languages = ("en",)
    options = {"data_file": "formulaic_en.txt"}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        phrases = load_phrases(
            __package__, self.opts["data_file"], flags=re.IGNORECASE | re.MULTILINE
        )
        count = 0
        for phrase in phrases:
            for m in phrase.pattern.finditer(article.text):
                count += 1
                yield self.finding(
                    article,
                    m.start(),
                    m.end(),
                    f"formula of translated news: {m.group()!r} ({phrase.name})",
                    pattern=phrase.name,
                )
        yield self.measure("formulas", count)
