"""RDB003: very long paragraphs."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import overlong, paragraphs


class LongParagraphs(Rule):
    """What it does: flags paragraphs longer than `max_words` words (default 150), with the
    paragraph as the span, and measures the longest (`readability.longest_paragraph`).

    Why it matters: news paragraphs are short (one to three sentences, 30-70 words in wire
    style). A 200-word block is hard to read on a screen, and in scraped text it often means
    the paragraph breaks were lost.

    Example:
        flagged:  a 220-word paragraph that runs a quotation, its context and the background
                  together.
        better:   one idea per paragraph, the quotation in its own paragraph.
    """

    code = "RDB003"
    name = "long-paragraph"
    family = "readability"
    summary = "Paragraph longer than max_words words"
    severity = Severity.INFO
    options = {"max_words": 150}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        longest, over = overlong(paragraphs(article.text), self.opts["max_words"])
        for span, words in over:
            yield self.finding(
                article,
                span.start,
                span.end,
                f"paragraph of {words} words (more than {self.opts['max_words']})",
                words=words,
            )
        yield self.measure("longest_paragraph", longest)
