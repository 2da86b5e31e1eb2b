"""RDB002: very long sentences."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import overlong, sentences


class LongSentences(Rule):
    """What it does: flags sentences longer than `max_words` words (default 45), with the
    sentence as the span, and measures the longest sentence (`readability.longest_sentence`).

    Why it matters: news style guides keep sentences short (wire style averages 20-25
    words); a very long sentence is hard to follow, and in scraped text it is often two
    sentences run together by a lost full stop or a paragraph of page furniture.

    Example:
        flagged:  a 60-word sentence chaining three clauses with "and" and "which".
        better:   split it into two or three sentences of one idea each.
    """

    code = "RDB002"
    name = "long-sentence"
    family = "readability"
    summary = "Sentence longer than max_words words"
    severity = Severity.INFO
    options = {"max_words": 45}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        longest, over = overlong(sentences(article.text), self.opts["max_words"])
        for span, words in over:
            yield self.finding(
                article,
                span.start,
                span.end,
                f"sentence of {words} words (more than {self.opts['max_words']})",
                words=words,
            )
        yield self.measure("longest_sentence", longest)
