"""TRN003: one proper noun written both capitalised and in lower case ("Trump" and "trump")."""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

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
        known = load_words(__package__, "proper_nouns_en.txt")
        capitalised, lower = _occurrences(text)
        flagged = []  # (first start, word, starts): in the order of the first lower-case use
        for word, starts in lower.items():
            capitals = capitalised.get(word)
            if not capitals or len(capitals) < self.opts["min_capitalised"]:
                continue
            # the context tests, for the few words written both ways only
            if not any(not _SENTENCE_START.search(_before(text, i)) for i in capitals):
                continue  # a name needs one capital in mid sentence ("Talks" opening one)
            starts = [i for i in starts if not _DETERMINER.search(_before(text, i))]
            if starts:
                flagged.append((starts[0], word, starts))
        count = 0
        for _, word, starts in sorted(flagged):
            for start in starts:
                count += 1
                yield self.finding(
                    article,
                    start,
                    start + len(word),
                    f"{word!r} in lower case, but written {word.capitalize()!r} "
                    f"{len(capitalised[word])} times elsewhere",
                    listed=word in known,
                )
        yield self.measure("inconsistent_case", count)


def _before(text: str, start: int) -> str:
    """The 20 characters before a word: enough for a sentence start or a determiner."""
    return text[max(0, start - 20) : start]


def _occurrences(text: str) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
    """Where each word is capitalised (outside title-case lines) and where it is in lower
    case, by lower-cased word, outside URLs and leaving out function words and title words
    ("the" and "The", "president" and "President": never an artefact). Start offsets go in
    compact arrays (a list of match objects, one per word of a 1 MB text, made the rule
    superlinear). One pass over the words: a line's capitals are kept once its end shows
    that it is not in title case."""
    exceptions = load_words(__package__, "case_exceptions_en.txt")
    function_words = load_words(__package__, "mt_function_words_en.txt")
    capitalised: dict[str, array[int]] = defaultdict(lambda: array("q"))
    lower: dict[str, array[int]] = defaultdict(lambda: array("q"))
    line = _Line()
    urls, in_url = _url_spans(text), [0]
    for m in _WORD.finditer(text):
        start, word = m.start(), m.group()
        if start > line.end:
            line.close(capitalised)
            end = text.find("\n", start)
            line = _Line(end if end >= 0 else len(text))
        upper = word[0].isupper()
        line.words += 1
        line.capitals += upper
        if _inside(start, urls, in_url):
            continue
        low = word.lower()
        if low in function_words or low in exceptions:
            continue
        if upper:
            line.pending.append((low, start))
        else:
            lower[word].append(start)
    line.close(capitalised)
    return capitalised, lower


@dataclass
class _Line:
    """The words of one line so far, and its capitalised words waiting for its end."""

    end: int = -1  # where the line ends (its newline, or the text's end)
    words: int = 0
    capitals: int = 0
    pending: list[tuple[str, int]] = field(default_factory=list)

    def close(self, capitalised: dict[str, array[int]]) -> None:
        """Keep the line's capitals, unless it is a title-case line ("Trump Says Deal Is
        Bad"), whose capitals say nothing."""
        if self.words >= 3 and self.capitals >= 0.6 * self.words:
            return
        for low, start in self.pending:
            capitalised[low].append(start)
