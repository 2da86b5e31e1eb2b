"""TRN004: a title followed by a clipped one-syllable name ("President Tu" for Erdogan)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule

_TITLES = (
    "President|Prime Minister|Premier|Chancellor|Minister|King|Queen|Chairman|"
    "Secretary|Governor|Mayor|General"
).split("|")
# a name goes on after a particle ("Mayor Bill de Blasio") or an initial ("Mayor G.T. Bynum")
_PARTICLES = "de|da|di|del|della|van|von|der|den|le|la|al|el|bin|ibn|dos|du"
# The name is no clipped name when it goes on: another capitalised word ("President Jean
# Juncker"), a particle, a hyphen ("Jean-Claude"), or a full stop ("Chairman Rep. Bobby Scott",
# "PATH President Dr. Christopher Elias": an abbreviation).
_TITLED = re.compile(
    rf"\b(?P<title>{'|'.join(_TITLES)})[ \u00a0]+(?P<name>[A-Z][a-z]{{0,3}})\b"
    rf"(?![ \u00a0]*(?:[A-Z]|(?:{_PARTICLES})[ \u00a0'’-]+[A-Z]))(?![-\u2010\u2011.])"
)
# a generational suffix is no name ("Martin Luther King Jr."), and King or Queen after a
# capitalised word is a surname ("Luther King", "Stephen King")
_SUFFIXES = frozenset({"Jr", "Sr"})
_SURNAME_TITLES = frozenset({"King", "Queen"})
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’.-]*[ \u00a0]+$")
# every place a title is followed by a short capitalised word (overlapping: each start)
_AFTER_TITLE = {t: re.compile(rf"(?={t}[ \u00a0]+([A-Z][a-z]{{0,3}})\b)") for t in _TITLES}
# capitalised words the article writes in full, of which a clipped name is the beginning
_FULL_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


class ClippedTitle(Rule):
    """What it does: finds a title followed by a name of one syllable that appears nowhere
    else in the article and is the beginning of a longer name the article writes in full:
    "President Tu" (土耳其总统, "Turkey's president", clipped to its first syllable) in an
    article about Turkey. A short name the article never writes longer is a real name used
    once ("President Xi", "President Bush", "Vice Premier Liu"), and a name that goes on
    ("Jean-Claude", "Rep. Bobby Scott", "Bill de Blasio") is not clipped.

    Why it matters: Chinese news abbreviates a leader to the first character of the country
    or name; translated word for word, it becomes a name no English reader recognises.
    Read on rated English outlets (corpora/sources dev), the rule without the longer name
    fired on 11 articles, all of them real names, plays or abbreviations.

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
        counts: _Counts | None = None
        for m in _TITLED.finditer(text):
            name = m.group("name")
            if len(_VOWEL_GROUP.findall(name.lower())) > 1 or name in _SUFFIXES:
                continue
            if m.group("title") in _SURNAME_TITLES and _CAPITALISED_BEFORE.search(
                text, max(0, m.start() - 40), m.start()
            ):
                continue
            counts = counts or _Counts(text)
            elsewhere = counts.words[name]
            occurrences = counts.after_title(m.group("title"), name)
            if elsewhere > occurrences:
                continue  # the name is used on its own too: a real short name
            full = counts.begun_by(name)
            if full is None:
                # nothing it was clipped from: a real name used once ("President Xi",
                # "President Bush", "Vice Premier Liu") or a title ("King Lear")
                continue
            yield self.finding(
                article,
                m.start(),
                m.end(),
                f"{m.group()!r}: a title with a one-syllable name that appears nowhere else in "
                f"the article, the beginning of {full!r}, which it names in full",
                full_name=full,
            )


class _Counts:
    """What the check needs to know of the whole text, counted once per article (counting
    it again for each titled name made the rule quadratic on "President Tu said. " repeated).

    `words[name]` is the number of times `\\bname\\b` occurs (a maximal run of word
    characters equal to the name); `after_title(title, name)` the number of times
    `title[ \\u00a0]+name\\b` occurs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = Counter(re.findall(r"\w+", text))
        self._begun: dict[str, str] | None = None
        self._after: dict[str, Counter[str]] = {}

    def begun_by(self, name: str) -> str | None:
        """The first capitalised word of the text, at least two letters longer than `name`,
        that begins with it ("Turkey" for "Tu"), or None."""
        if self._begun is None:
            self._begun = {}
            for m in _FULL_NAME.finditer(self.text):
                word = m.group()
                for n in range(1, min(4, len(word) - 2) + 1):
                    self._begun.setdefault(word[:n], word)
        return self._begun.get(name)

    def after_title(self, title: str, name: str) -> int:
        if title == name:  # "King King": occurrences may overlap; count as re.findall does
            return len(re.findall(rf"{title}[ \u00a0]+{name}\b", self.text))
        if title not in self._after:
            found = _AFTER_TITLE[title].finditer(self.text)
            self._after[title] = Counter(m.group(1) for m in found)
        return self._after[title][name]
