"""TRN003: one proper noun written both capitalised and in lower case ("Trump" and "trump")."""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import load_words

_WORD = re.compile(r"\b[A-Za-z][a-z]{2,30}\b")
# Where a URL starts; its end is the next whitespace (found without backtracking).
_URL_START = re.compile(r"https?://|www\.")
_SPACE = re.compile(r"\s")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”‘’'(\[•*|>-]\s*|\n\s*)$")
_DETERMINER = re.compile(
    r"\b(?:the|a|an|this|that|these|those|his|her|its|our|their|my|your|every|each|any|no)\s+$",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\n]+")


def _url_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) of every URL-like token, in one pass."""
    spans = []
    pos = 0
    for m in _URL_START.finditer(text):
        if m.start() < pos:
            continue
        start = m.start()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end_m = _SPACE.search(text, m.end())
        pos = end_m.start() if end_m else len(text)
        spans.append((start, pos))
    return spans


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in title case ("Trump Says Deal Is Bad"): their capitals say nothing."""
    out = []
    for m in _LINE.finditer(text):
        words = _WORD.findall(m.group())
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words):
            out.append(m.span())
    return out


def _inside(pos: int, spans: list[tuple[int, int]], cursor: list[int]) -> bool:
    """Whether pos lies in one of the sorted, disjoint spans; cursor carries the scan
    position so that increasing positions cost one pass in all."""
    i = cursor[0]
    while i < len(spans) and spans[i][1] <= pos:
        i += 1
    cursor[0] = i
    return i < len(spans) and spans[i][0] <= pos


class InconsistentCase(Rule):
    """What it does: finds a word that the article writes as a name (capitalised at least
    `min_capitalised` times outside a title-case headline, once at least in mid sentence) and
    also in lower case where it is not a common noun (no article or determiner before it):
    "trump met with visiting Erdogan" beside "Trump", "turkey can buy American Patriot missiles"
    beside "Turkey". Title words that are capitalised before names only ("President",
    "Minister") are listed in `rules/translation/data/case_exceptions_en.txt` and left alone,
    and so are function words (`mt_function_words_en.txt`: "the" beside a sentence-initial
    "The"). Findings are info (a listed name in `proper_nouns_en.txt` is marked `listed`):
    English originals also lower-case brands and places now and then.

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
    # Info, not warning: on the dev splits its warnings fired on no larger a share of machine
    # translations than of human translations or English originals (MT 0%, human 0%, originals
    # 0.2%), and none overlapped an MQM error span; a rule that does not beat chance reports
    # evidence, not an accusation.
    severity = Severity.INFO
    languages = ("en",)
    options = {"min_capitalised": 2}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        text = article.text
        exceptions = load_words(__package__, "case_exceptions_en.txt")
        function_words = load_words(__package__, "mt_function_words_en.txt")
        known = load_words(__package__, "proper_nouns_en.txt")
        capitalised: dict[str, int] = defaultdict(int)
        mid_sentence: dict[str, int] = defaultdict(int)
        # where each lower-case word occurs: start offsets in a compact array (a list of
        # match objects, one per word of a 1 MB text, made the rule superlinear)
        lower: dict[str, array[int]] = defaultdict(lambda: array("q"))
        urls, titles = _url_spans(text), _title_case_lines(text)
        in_url, in_title = [0], [0]
        for m in _WORD.finditer(text):
            if _inside(m.start(), urls, in_url):
                continue
            word = m.group()
            low = word.lower()
            if low in function_words or low in exceptions:
                continue  # "the" and "The", "president" and "President": never an artefact
            before = text[max(0, m.start() - 20) : m.start()]
            if word[0].isupper():
                # capitals in a title-case headline say nothing; a name needs at least one
                # capital in mid sentence (a sentence-initial "Talks" makes no name)
                if _inside(m.start(), titles, in_title):
                    continue
                capitalised[low] += 1
                if not _SENTENCE_START.search(before):
                    mid_sentence[low] += 1
            elif not _DETERMINER.search(before):
                lower[word].append(m.start())
        count = 0
        for word, matches in lower.items():
            if not mid_sentence.get(word) or capitalised[word] < self.opts["min_capitalised"]:
                continue
            for start in matches:
                count += 1
                yield self.finding(
                    article,
                    start,
                    start + len(word),
                    f"{word!r} in lower case, but written {word.capitalize()!r} "
                    f"{capitalised[word]} times elsewhere",
                    listed=word in known,
                )
        yield self.measure("inconsistent_case", count)
