"""LNG001: the declared language disagrees with a confident detection."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule

UNDETERMINED = "und"


class DeclaredLanguage(Rule):
    """What it does: compares the language an article declares (its `lang` field, or the
    HTML page's `lang` attribute) with the language langdetect finds in its text (seeded,
    deterministic). When detection is confident (probability of at least 0.80 on at least 40
    characters) and the primary subtags differ ("en-GB" vs "de"), it is a warning spanning
    the first line of the text. Uncertain detections are never reported as a mismatch.

    Why it matters: a wrong declared language sends an article to the wrong readability
    formulas, the wrong grammar checker and the wrong desk; it is also a sign of a feed that
    relabels content, e.g. a translated article still tagged with its source language.

    Example:
        flagged:  lang="zh" on "After meeting with trump, President Tu said: ..." (en, 1.00)
        better:   lang="en", and a note that the article is a translation.
    """

    code = "LNG001"
    name = "declared-language"
    family = "language"
    summary = "Declared language disagrees with the detected language"
    severity = Severity.WARNING

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        declared = (article.lang_declared or "").strip().lower()
        if not declared or ctx.language == UNDETERMINED:
            return
        primary = declared.replace("_", "-").split("-")[0]
        detected = ctx.language.split("-")[0]
        if primary != detected:
            first_line = article.text.strip().split("\n", 1)[0]
            start = article.text.find(first_line)
            yield self.finding(
                article,
                start,
                start + len(first_line),
                f"declared language {declared!r}, but the text reads as {ctx.language!r} "
                f"(probability {ctx.language_probability:.2f})",
                declared=declared,
                detected=ctx.language,
            )
