"""Helpers shared by rules, written once: phrase patterns from data files, paragraphs,
sentences and quotations. Every pattern is precompiled and uses bounded quantifiers only.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


@dataclass(frozen=True)
class Phrase:
    """A named pattern loaded from a rule's data file."""

    name: str
    pattern: re.Pattern[str]


@cache
def load_phrases(package: str, filename: str, flags: int = re.IGNORECASE) -> tuple[Phrase, ...]:
    """Load `name  regex` lines from a data file of a rule package.

    Blank lines and lines starting with `#` are ignored. The name is the first word; the rest
    of the line is the regular expression.
    """
    text = resources.files(package).joinpath("data", filename).read_text(encoding="utf-8")
    phrases = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, pattern = line.partition(" ")
        if not pattern.strip():
            raise ValueError(f"{package}/data/{filename}:{lineno}: no pattern after {name!r}")
        try:
            phrases.append(Phrase(name, re.compile(_flexible_spaces(pattern.strip()), flags)))
        except re.error as exc:
            raise ValueError(f"{package}/data/{filename}:{lineno}: {exc}") from None
    return tuple(phrases)


def first_match(phrases: Iterable[Phrase], text: str) -> tuple[Phrase, re.Match[str]] | None:
    """The first phrase (in data-file order) whose pattern matches `text`, with its match."""
    for phrase in phrases:
        m = phrase.pattern.search(text)
        if m:
            return phrase, m
    return None


def is_furniture(pattern_name: str) -> bool:
    """In the repost data files, patterns named `furniture-…` (page furniture) and `credit-…`
    (wire credit lines) are information, not repost markers."""
    return pattern_name.startswith(("furniture-", "credit-"))


def _flexible_spaces(pattern: str) -> str:
    """Let a literal space in a data-file pattern match any run of horizontal whitespace.

    Real articles put no-break spaces (U+00A0) and double spaces where a pattern author wrote
    one space. Spaces inside character classes and after a backslash are left alone.
    """
    out, in_class, escaped = [], False, False
    for i, ch in enumerate(pattern):
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
            out.append(ch)
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        elif ch == " " and not in_class:
            # " ?" or " {0,2}": the quantifier that follows applies to one whitespace char
            quantified = i + 1 < len(pattern) and pattern[i + 1] in "?*+{"
            # possessive: the run of whitespace is taken whole and never split with a
            # neighbouring class that also matches spaces (no catastrophic backtracking)
            out.append(r"[^\S\n]" if quantified else r"[^\S\n]++")
        else:
            out.append(ch)
    return "".join(out)


@cache
def load_words(package: str, filename: str) -> frozenset[str]:
    """Load a lower-cased word list (one per line, `#` comments) from a rule's data file."""
    text = resources.files(package).joinpath("data", filename).read_text(encoding="utf-8")
    return frozenset(
        w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")
    )


@dataclass(frozen=True)
class Span:
    """A [start, end) slice of an article's text."""

    start: int
    end: int
    text: str


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[Span]:
    """Paragraphs separated by blank lines, with surrounding whitespace trimmed."""
    return list(iter_paragraphs(text))


def iter_paragraphs(text: str) -> Iterator[Span]:
    """`paragraphs`, one at a time: a rule that stops early, or looks at each paragraph
    once, holds no list of a huge text's paragraphs."""
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        yield from _trimmed(text, pos, m.start())
        pos = m.end()
    yield from _trimmed(text, pos, len(text))


def lines(text: str) -> list[Span]:
    """Non-blank lines with their surrounding whitespace trimmed."""
    return list(iter_lines(text))


def iter_lines(text: str) -> Iterator[Span]:
    """`lines`, one at a time (no list of the lines of a huge text)."""
    for m in _LINE.finditer(text):
        chunk = m.group()
        stripped = chunk.strip()
        if stripped:
            start = m.start() + (len(chunk) - len(chunk.lstrip()))
            yield Span(start, start + len(stripped), stripped)


def first_lines(text: str, n: int) -> list[Span]:
    """The first `n` non-blank lines (`lines(text)[:n]`), reading no further than them."""
    return list(itertools.islice(iter_lines(text), max(n, 0)))


def last_lines(text: str, n: int) -> list[Span]:
    """The last `n` non-blank lines (`lines(text)[-n:]`), read backwards from the end: the
    time is that of the tail, not of the whole text."""
    out: list[Span] = []
    end = len(text)
    while end > 0 and len(out) < n:
        newline = text.rfind("\n", 0, end)
        chunk = text[newline + 1 : end]
        stripped = chunk.strip()
        if stripped:
            start = newline + 1 + (len(chunk) - len(chunk.lstrip()))
            out.append(Span(start, start + len(stripped), stripped))
        end = newline
    return out[::-1]


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and an upper-case letter, digit or opening quote; or at a paragraph break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]{0,3}(?=\s+[\"“‘'(\[]{0,2}[A-Z0-9])|\n\s*\n")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col sgt st jr sr inc corp co ltd no vs "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e".split()
)


def sentences(text: str) -> Iterator[Span]:
    """Split text into sentences with offsets. Skips common abbreviations ("Mr.", "U.S.")."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if text[m.start()] != "\n" else m.start()
        word = text[max(start, m.start() - 6) : m.start()].rsplit(None, 1)[-1:] or [""]
        if text[m.start()] == "." and _abbreviation(word[0].lstrip('("“')):
            continue
        yield from _trimmed(text, start, end)
        start = m.end()
    yield from _trimmed(text, start, len(text))


def _abbreviation(word: str) -> bool:
    """A word before a period that does not end a sentence: "Mr", "U.S", an initial "J"."""
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _trimmed(text: str, start: int, end: int) -> Iterator[Span]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        yield Span(s, s + len(stripped), stripped)


# Quotations inside one paragraph: German „…“, guillemets «…» and »…«, curly “…”, straight
# "…", or a paragraph that opens a quote and never closes it (a multi-paragraph quotation
# continues in the next paragraph). A double quotation opened curly may close straight and the
# other way round (“These are great," said ...: a slip common in web copy, which read as one
# style only swallowed the attribution into the quotation up to the next mark), and a curly
# one may close with two right single marks (“... the devil I know,’’ Brown says). Single
# quotes (British style) are told from apostrophes: a curly ‘ opens and a ’ closes only
# when no letter follows it ("‘It’s over,’ he said"); a straight ' opens only before a
# capital letter after a non-word character, may contain apostrophes between letters
# ("'It's over,' he said"), and must close in the paragraph.
_QUOTE = re.compile(
    r"„[^„“”\n]{1,3000}(?:[“”]|$)|«[^«»\n]{1,3000}(?:»|$)|»[^«»\n]{1,3000}(?:«|$)"
    r"|“(?:[^“”\"’\n]|’(?!’)){1,3000}(?:[”\"]|’’|$)|\"[^\"“”\n]{1,3000}(?:[\"”]|$)"
    r"|‘(?=\S)(?:[^‘’\n]|’(?=\w)){1,3000}(?:’(?!\w)|$)"
    r"|(?<![\w'’])'(?=[A-Z])(?:[^'\n]|(?<=\w)'(?=\w)){1,3000}(?<=\S)'(?!\w)",
    re.MULTILINE,
)

# Quotation dashes (Spanish, French, Russian, Italian … news): a paragraph that opens with a
# dash quotes a speaker up to the next spaced dash ("—No cederemos —dijo el ministro—.") or
# to the end of the paragraph. Only for languages that use them: in English a leading dash
# is a list item.
DASH_QUOTE_LANGUAGES = frozenset("es fr it pt ru uk bg pl ca ro".split())
_DASH_QUOTE = re.compile(r"^[—―–] ?(?P<q>[^\n—―–]{1,3000}?)(?= [—―–]|\s*$)", re.MULTILINE)


def quotations(text: str, language: str | None = None) -> list[Span]:
    """Quoted passages with their quotation marks, in text order; for a language of
    DASH_QUOTE_LANGUAGES also dash quotations (the span starts at the dash)."""
    return list(_quotations(text, language in DASH_QUOTE_LANGUAGES))


@lru_cache(maxsize=8)
def _quotations(text: str, with_dashes: bool) -> tuple[Span, ...]:
    """`quotations`, kept for the last few texts: several rules ask for the quotations of
    the same article text, one after the other (a tuple, so that no caller can change
    what the next one gets)."""
    found = [Span(m.start(), m.end(), m.group()) for m in _QUOTE.finditer(text)]
    if with_dashes:
        # the quotations do not overlap and are in text order: the one that may hold a dash
        # quotation's start is the last that starts at or before it (a bisection, not a scan
        # of every quotation for every dash, which was quadratic)
        starts = [q.start for q in found]
        dashes = []
        for m in _DASH_QUOTE.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or not m.start() < found[i].end:
                dashes.append(Span(m.start(), m.end(), m.group()))
        found += dashes
        found.sort(key=lambda q: q.start)
    return tuple(found)


def word_count(text: str) -> int:
    return len(text.split())


_WORD = re.compile(r"\w+")


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """Every word (a run of Unicode letters, digits or underscore: language-independent), as
    matches: a caller keeping offsets and texts of many words makes no object per word."""
    return _WORD.finditer(text)


def overlong(spans: Iterable[Span], max_words: int) -> tuple[int, list[tuple[Span, int]]]:
    """The longest span's word count, and the spans over `max_words` words with their counts."""
    longest, over = 0, []
    for span in spans:
        words = word_count(span.text)
        longest = max(longest, words)
        if words > max_words:
            over.append((span, words))
    return longest, over
