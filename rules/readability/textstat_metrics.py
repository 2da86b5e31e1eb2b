"""RDB001: textstat readability metrics for the article's language."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule

# Per language, the textstat formulas that are valid for it. `ease` is the Flesch reading
# ease with textstat's per-language constants (Flesch for en, Amstad for de, Fernández Huerta
# style constants for es, Kandel & Moles for fr, Flesch-Vacca for it, Douma for nl, Oborneva
# for ru); the scoring maps it onto the news band.
FORMULAS: dict[str, dict[str, str]] = {
    "en": {
        "ease": "flesch_reading_ease",
        "flesch_kincaid_grade": "flesch_kincaid_grade",
        "gunning_fog": "gunning_fog",
        "smog_index": "smog_index",
    },
    "de": {"ease": "flesch_reading_ease", "wiener_sachtextformel": "wiener_sachtextformel"},
    "es": {
        "ease": "flesch_reading_ease",
        "fernandez_huerta": "fernandez_huerta",
        "szigriszt_pazos": "szigriszt_pazos",
    },
    "fr": {"ease": "flesch_reading_ease"},
    "it": {"ease": "flesch_reading_ease", "gulpease_index": "gulpease_index"},
    "nl": {"ease": "flesch_reading_ease"},
    "ru": {"ease": "flesch_reading_ease"},
    "ar": {"osman": "osman"},
}


@cache
def _textstat_for(lang: str):  # noqa: ANN202 - textstat has no public type for this
    from textstat.textstat import textstatistics

    from auditor import textstat_offline

    textstat_offline.install()
    stats = textstatistics()
    stats.set_lang(lang)
    return stats


class TextstatReadability(Rule):
    """What it does: computes the textstat readability formulas that are valid for the
    article's detected language (table below) and records them as measures
    (`readability.<formula>`); `readability.ease` is the language's Flesch reading ease, which
    the readability score maps onto the band expected of news.

    Formulas per language:
        en: Flesch reading ease, Flesch-Kincaid grade, Gunning fog, SMOG
        de: Flesch (Amstad), Wiener Sachtextformel (variant 1)
        es: Flesch (language constants), Fernández Huerta, Szigriszt-Pazos
        fr, nl, ru: Flesch with the language's constants
        it: Flesch-Vacca, Gulpease
        ar: Osman

    Why it matters: news is written for a general reader. Text far harder than the band
    (long sentences, long words) loses readers; text far below it is often list-like
    boilerplate or a machine summary.

    Example:
        a Reuters paragraph of 25-word sentences has a reading ease of about 45, the centre
        of the 25-65 band, and a readability score near 100; a legal notice of one 90-word
        sentence has a reading ease below 0 and a readability score of 0.
    """

    code = "RDB001"
    name = "readability-metrics"
    family = "readability"
    summary = "textstat readability formulas valid for the article's language"
    severity = Severity.INFO
    languages = tuple(FORMULAS)

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        stats = _textstat_for(ctx.language)
        for name, method in FORMULAS[ctx.language].items():
            if method == "wiener_sachtextformel":
                value = stats.wiener_sachtextformel(article.text, 1)
            else:
                value = getattr(stats, method)(article.text)
            yield self.measure(name, round(float(value), 2))
