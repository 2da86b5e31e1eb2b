"""TRN003: one proper noun written both capitalised and in lower case ("Trump" and "trump")."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import load_words

_WORD = re.compile(r"\b[A-Za-z][a-z]{2,30}\b")
_URL = re.compile(r"\S{0,200}(?:https?://|www\.)\S{1,2000}")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“”]\s*|\n\s*)$")
_DETERMINER = re.compile(
    r"\b(?:the|a|an|this|that|these|those|his|her|its|our|their|my|your|every|each|any|no)\s+$",
    re.IGNORECASE,
)


class InconsistentCase(Rule):
    """What it does: finds a word that the article writes as a name (capitalised in mid
    sentence, at least `min_capitalised` times) and also in lower case where it is not a
    common noun (no article or determiner before it): "trump met with visiting Erdogan"
    beside "Trump", "turkey can buy American Patriot missiles" beside "Turkey". Title words
    that are capitalised before names only ("President", "Minister") are listed in
    `rules/translation/data/case_exceptions_en.txt` and left alone. Names in
    `proper_nouns_en.txt` are warnings; other words are info, since English originals also
    lower-case brands and places now and then.

    Why it matters: machine translation and careless pasting lower-case names; an editor
    never lets "trump" and "Trump" stand in one article.

    Example:
        flagged:  "On the 13th local time, trump met with visiting Erdogan at the White House."
        better:   "On Wednesday, Trump met the visiting Erdogan at the White House."
    """

    code = "TRN003"
    name = "inconsistent-case"
    family = "translation"
    summary = "Proper noun also written in lower case ('Trump' and 'trump')"
    severity = Severity.WARNING
    languages = ("en",)
    options = {"min_capitalised": 2}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        text = article.text
        exceptions = load_words(__package__, "case_exceptions_en.txt")
        known = load_words(__package__, "proper_nouns_en.txt")
        capitalised: dict[str, int] = defaultdict(int)
        mid_sentence: dict[str, int] = defaultdict(int)
        lower: dict[str, list[re.Match[str]]] = defaultdict(list)
        urls = [u.span() for u in _URL.finditer(text)]
        for m in _WORD.finditer(text):
            if any(s <= m.start() < e for s, e in urls):
                continue
            word = m.group()
            before = text[max(0, m.start() - 20) : m.start()]
            if word[0].isupper():
                capitalised[word.lower()] += 1
                if not _SENTENCE_START.search(before):
                    mid_sentence[word.lower()] += 1
            elif not _DETERMINER.search(before):
                lower[word].append(m)
        count = 0
        for word, matches in lower.items():
            if (
                word in exceptions
                or not mid_sentence.get(word)
                or capitalised[word] < self.opts["min_capitalised"]
            ):
                continue
            # a listed name ("trump", "turkey") is a warning; any other word only info, as
            # English originals lower-case brands and places in passing
            severity = Severity.WARNING if word in known else Severity.INFO
            for m in matches:
                count += 1
                yield self.finding(
                    article,
                    m.start(),
                    m.end(),
                    f"{m.group()!r} in lower case, but written {word.capitalize()!r} "
                    f"{capitalised[word]} times elsewhere",
                    severity=severity,
                )
        yield self.measure("inconsistent_case", count)
