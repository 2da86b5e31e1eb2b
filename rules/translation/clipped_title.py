"""TRN004: a title followed by a clipped one-syllable name ("President Tu" for Erdogan)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule

_TITLED = re.compile(
    r"\b(?P<title>President|Prime Minister|Premier|Chancellor|Minister|King|Queen|Chairman|"
    r"Secretary|Governor|Mayor|General)[ \u00a0]+(?P<name>[A-Z][a-z]{0,3})\b(?![ \u00a0]*[A-Z])"
)
_FULL_NAME = re.compile(r"\b[A-Z][a-z]{4,}\b")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


class ClippedTitle(Rule):
    """What it does: finds a title followed by a name of one syllable that appears nowhere
    else in the article, while the article names people in full elsewhere: "President Tu"
    (土耳其总统, "Turkey's president", clipped to its first syllable) beside "Erdogan".

    Why it matters: Chinese news abbreviates a leader to the first character of the country
    or name; translated word for word, it becomes a name no English reader recognises.

    Example:
        flagged:  "After meeting with trump, President Tu said: no one can stop me"
        better:   "After meeting Trump, President Erdogan said no one could stop him"
    """

    code = "TRN004"
    name = "clipped-title"
    family = "translation"
    summary = "Title followed by a clipped one-syllable name ('President Tu')"
    severity = Severity.WARNING
    languages = ("en",)

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        text = article.text
        for m in _TITLED.finditer(text):
            name = m.group("name")
            if len(_VOWEL_GROUP.findall(name.lower())) > 1:
                continue
            elsewhere = len(re.findall(rf"\b{re.escape(name)}\b", text))
            occurrences = len(re.findall(rf"{re.escape(m.group('title'))}[ \u00a0]+{name}\b", text))
            if elsewhere > occurrences or not _FULL_NAME.search(text):
                continue  # the name is used on its own too: a real short name ("President Xi")
            yield self.finding(
                article,
                m.start(),
                m.end(),
                f"{m.group()!r}: a title with a clipped one-syllable name that appears nowhere "
                "else in the article",
            )
