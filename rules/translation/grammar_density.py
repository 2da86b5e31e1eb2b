"""TRN008: grammar error density (LanguageTool) as a machine-translation signal."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from auditor import languagetool
from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule


class GrammarDensity(Rule):
    """What it does: counts LanguageTool's grammar matches (category GRAMMAR and the like;
    spelling and typography excluded through `ignore_rules`) per 100 words, as the measure
    `translation.grammar_errors_per_100_words`, and warns above `max_per_100_words`. It needs
    a LanguageTool server (see GRM001 for how one is configured); without one it does not
    run and the report says "unavailable", never "no errors". It shares GRM001's client and
    cache, so an article is sent once.

    Why it matters: unedited machine translation leaves agreement and article errors that
    edited news does not ("purchase negotiations ... continues", "an air defense systems").

    Example:
        flagged:  four grammar errors in a 100-word paragraph of translated copy.
        better:   an edited text with none.
    """

    code = "TRN008"
    name = "grammar-density"
    family = "translation"
    summary = "Grammar errors per 100 words from LanguageTool (an MT signal)"
    severity = Severity.WARNING
    languages = ("en",)
    options = {
        "max_per_100_words": 2.0,
        "ignore_rules": ["WHITESPACE_RULE", "MORFOLOGIK_RULE_EN_US", "EN_QUOTES", "DASH_RULE"],
    }

    @classmethod
    def unavailable_reason(cls, settings: Mapping[str, Any]) -> str | None:
        return languagetool.unavailable_reason(settings)

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        text = article.text[: languagetool.max_chars(ctx.settings)]
        ignored = set(self.opts["ignore_rules"])
        matches = [
            m
            for m in languagetool.check(text, ctx.language, ctx.settings)
            if m["rule_id"] not in ignored and 0 <= m["offset"] < len(text)
        ]
        density = round(100 * len(matches) / max(len(text.split()), 1), 2)
        yield self.measure("grammar_errors_per_100_words", density)
        if matches and density > self.opts["max_per_100_words"]:
            first = matches[0]
            yield self.finding(
                article,
                first["offset"],
                min(first["offset"] + first["length"], len(text)),
                f"{density} grammar errors per 100 words (more than "
                f"{self.opts['max_per_100_words']}); first: {first['message']}",
                density=density,
            )

    def close(self) -> None:
        languagetool.close_all()
