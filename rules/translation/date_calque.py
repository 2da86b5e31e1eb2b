"""TRN001: date and time formulas calqued from Chinese ("On the 13th local time")."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import load_phrases


class DateCalque(Rule):
    """What it does: finds date and time expressions rendered word for word from a Chinese
    news formula: "On the 13th local time" (13日当地时间), "14 local time", "local time 14th",
    "on the evening of the 5th" (5日晚). The patterns live in `rules/translation/data/`.

    Why it matters: English news gives the weekday or the month and day ("on Wednesday",
    "on Nov. 13"); a bare day-of-month glued to "local time" is a reliable sign of unedited
    machine translation from Chinese, and the date it gives is ambiguous.

    Example:
        flagged:  "On the 13th local time, trump met with visiting Erdogan at the White House."
        better:   "On Wednesday, Nov. 13, Trump met the visiting Erdogan at the White House."
    """

    code = "TRN001"
    name = "date-calque"
    family = "translation"
    summary = "Date or time formula translated word for word (e.g. 'On the 13th local time')"
    severity = Severity.WARNING
    languages = ("en",)
    options = {"data_file": "date_calques_en.txt"}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        # places already found, in text order and never overlapping: a match overlaps one
        # only if it overlaps its neighbour on either side (bisection, not a scan of every
        # place found for every match, which was quadratic on a repeated formula)
        seen: list[tuple[int, int]] = []
        count = 0
        for phrase in load_phrases(__package__, self.opts["data_file"]):
            for m in phrase.pattern.finditer(article.text):
                i = bisect.bisect_right(seen, (m.start(), m.end()))
                near = seen[max(i - 1, 0) : i + 1]
                if any(m.start() < e and s < m.end() for s, e in near):
                    continue  # one finding per place, from the first pattern that matches
                seen.insert(i, (m.start(), m.end()))
                count += 1
                yield self.finding(
                    article,
                    m.start(),
                    m.end(),
                    f"date formula translated word for word: {m.group()!r} ({phrase.name})",
                    pattern=phrase.name,
                )
        yield self.measure("date_calques", count)
