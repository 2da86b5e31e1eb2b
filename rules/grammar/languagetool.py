"""GRM001: grammar and spelling errors reported by a LanguageTool server."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from auditor import languagetool
from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule


class LanguageToolGrammar(Rule):
    """What it does: sends the article to a LanguageTool server and reports each match as a
    finding with LanguageTool's rule id, message and span. The server is, in order: the URL in
    `[tool.auditor.languagetool] server` or `AUDITOR_LANGUAGETOOL_URL`; a local LanguageTool
    installation in `languagetool.local_path` (Java 17+, started once per run); the public
    LanguageTool API only when `languagetool.public_api = true`. Requests time out after
    `languagetool.timeout` seconds (default 30); at most `max_chars` characters of an article
    are sent; results are cached by a hash of the text for the run (shared with TRN008). With
    none of them, the grammar family is reported as unavailable, never as "no errors".
    Measures: `grammar.errors` and `grammar.errors_per_100_words`.

    Why it matters: grammar errors in published news are a sign of unedited copy, and a
    high error density is a signal of machine translation.

    Example:
        flagged:  "purchase negotiations between Turkey and Russia continues"
        better:   "purchase negotiations between Turkey and Russia continue"
    """

    code = "GRM001"
    name = "languagetool"
    family = "grammar"
    summary = "Grammar and spelling errors from a LanguageTool server"
    severity = Severity.INFO
    languages = tuple(languagetool.LT_LANGUAGES)
    options = {"max_chars": 20000, "ignore_rules": ["WHITESPACE_RULE"]}

    @classmethod
    def unavailable_reason(cls, settings: Mapping[str, Any]) -> str | None:
        return languagetool.unavailable_reason(settings)

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        text = article.text[: languagetool.max_chars(ctx.settings, self.opts["max_chars"])]
        ignored = set(self.opts["ignore_rules"])
        count = 0
        for m in languagetool.check(text, ctx.language, ctx.settings):
            if m["rule_id"] in ignored:
                continue
            start, end = m["offset"], m["offset"] + m["length"]
            if not (0 <= start <= end <= len(text)):
                continue
            count += 1
            yield self.finding(
                article, start, end, f"{m['message']} [{m['rule_id']}]", lt_rule=m["rule_id"]
            )
        words = max(len(text.split()), 1)
        yield self.measure("errors", count)
        yield self.measure("errors_per_100_words", round(100 * count / words, 2))

    def close(self) -> None:
        languagetool.close_all()
