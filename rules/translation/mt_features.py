"""Features of the machine-translation model (TRN007), shared by the rule and its trainer.

Not a rule: the featuriser that `statistical.py` applies at run time and that
`scripts/train_mt_model.py` applies when it fits the model, so the two can never drift apart.
It is pure Python (no scikit-learn at run time).

What it keeps and why. A detector of *translation* must not learn the typography of a
corpus's translators or the reporting style of wire copy:
- typography is normalised first (curly quotes, dashes, apostrophes, ellipses, non-breaking
  spaces), so the features of a text and of its typographically normalised copy are identical;
- words are reduced to function words (kept as themselves) and shapes of the other words
  (`C` a capitalised word or acronym, `w` a lower-case word with its suffix class `w-ing`,
  `w-ed`, `w-ly`, `w-s`, `w-tion`, `D` a number), so the model reads word order and syntax,
  not topic or names;
- reporting verbs and their companions ("said", "told", "stressed", "according") are masked
  (`*`) and every n-gram containing one is dropped, so the rate of "said" can neither raise nor
  lower the probability;
- a few document statistics: sentence length (mean and spread), lexical variety (moving-window
  type-token ratio), repetition of content words and content-word length.
A text is read in windows of about `WINDOW_WORDS` words (long enough to hold a whole WMT
document, which the model was trained on), so a long English article is judged window by
window, not as one unusually long document.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import methodcaller, mul

WINDOW_WORDS = 500
MAX_WINDOWS = 12
NGRAM_MAX = 3
MASK = "*"
START = "<s>"

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2033": '"', "\u00ab": '"', "\u00bb": '"', "\u2039": '"', "\u203a": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u2026": "...", "\u00a0": " ", "\u2009": " ",
        "\u202f": " ", "\u2007": " ", "\u200b": "", "\ufeff": "",
    }
)  # fmt: skip
# The characters of _TYPOGRAPHY as one class: a substitution that visits only them is much
# faster than str.translate, which walks every character of a non-ASCII text through the table.
_TYPOGRAPHIC = re.compile("[" + re.escape("".join(map(chr, _TYPOGRAPHY))) + "]")
# Runs of blanks become one space; only the runs that change are matched (a lone space, by far
# the most common run, is left where it is), which gives the same text as replacing every run.
_SPACES = re.compile(r" [ \t\f\v]+|[\t\f\v][ \t\f\v]*")
_DASH_RUN = re.compile(r"-{2,}")
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # acronyms with stops: U.S., U.N.
    r"|'(?:s|t|re|ll|ve|d|m)\b"  # clitics
    r"|[^\W\d_]+"  # words
    r"|\d+(?:[.,:]\d+)*"  # numbers
    r"|\n"  # line breaks end a sentence
    r"|[^\w\s]",  # punctuation, one mark a token
    re.IGNORECASE,
)
_GROUP = methodcaller("group")
_WORD = re.compile(r"[^\W\d_]+")
_STOP = re.compile(r"[.!?](?:\s|$|[\"'\u201d\u2019)])")
_PUNCT_KEPT = frozenset(".,:;?!\"'()-/%$&")
_SENTENCE_END = frozenset(".?!\n")
DENSE = ("sentence_length", "sentence_length_cv", "mattr", "repeated_content", "content_length")


def normalise_typography(text: str) -> str:
    """The text with typographic quotes, dashes, apostrophes and spaces made plain."""
    text = _TYPOGRAPHIC.sub(_plain, text)
    return _DASH_RUN.sub("-", _SPACES.sub(" ", text))


def _plain(mark: re.Match[str]) -> str:
    return _TYPOGRAPHY[ord(mark.group())]


@dataclass(frozen=True)
class Lexicon:
    function_words: frozenset[str]
    masked_words: frozenset[str]
    # common lower-case words of English-original news, kept as themselves (lexical choice);
    # any rarer word (topic, names) is reduced to its shape
    common_words: frozenset[str] = frozenset()

    @cached_property
    def readings(self) -> dict[str, Reading]:
        """The reading inside a sentence of the tokens most tokens are: the lexicon's own words
        as written in lower case, the punctuation marks and the clitics. Computed once per
        lexicon (its size, not the input's), so `windows` reads each such token with one
        lookup instead of working out its shape again."""
        words = self.function_words | self.masked_words | self.common_words
        marks = _PUNCT_KEPT | {"'s", "'t", "'re", "'ll", "'ve", "'d", "'m"}
        # not the sentence ends: `windows` must see those, and they have no reading
        tokens = (words | marks) - _SENTENCE_END
        return {tok: _read(tok, False, self) for tok in sorted(tokens)}


@dataclass
class Window:
    """One window of a text: its abstract token sequence and its statistics."""

    shapes: list[str]
    words: list[str]  # the lower-cased content words, for the statistics
    sentence_lengths: list[int]
    all_words: list[str]

    def ngrams(self) -> Counter[str]:
        """Counts of the uni- to trigrams of the shapes that contain no masked word; the
        sentence start is no unigram. Keys come in a fixed order (unigrams, then bigrams, then
        trigrams, each by first occurrence): the rule sums the weights in this order, so the
        order is part of its result."""
        runs = _unmasked_runs(self.shapes)
        grams: Counter[str] = Counter()
        for run in runs:
            grams.update(run)
        grams.pop(START, None)  # deleting a key leaves the order of the others as it was
        for n in range(2, NGRAM_MAX + 1):
            for run in runs:
                # the run's n-grams: n copies of it, each shifted by one, read side by side
                # (the shortest copy ends the zip)
                shifted = (run[k:] for k in range(n))
                grams.update(map(" ".join, zip(*shifted, strict=False)))
        return grams

    def dense(self) -> dict[str, float]:
        lengths = self.sentence_lengths or [0]
        mean = statistics.fmean(lengths)
        sd = statistics.pstdev(lengths) if len(lengths) > 1 else 0.0
        counts = Counter(self.words)
        repeated = sum(c for c in counts.values() if c > 1) / max(len(self.words), 1)
        content_len = statistics.fmean(list(map(len, self.words))) if self.words else 0.0
        return {
            "sentence_length": math.log1p(mean),
            "sentence_length_cv": sd / mean if mean else 0.0,
            "mattr": _mattr(self.all_words),
            "repeated_content": repeated,
            "content_length": content_len,
        }


def _unmasked_runs(seq: list[str]) -> list[list[str]]:
    """The stretches of `seq` between masked words: an n-gram never spans a masked word, so
    the n-grams of the runs are the n-grams of `seq` that contain none."""
    runs, start = [], 0
    for end, shape in enumerate(seq):
        if shape == MASK:
            runs.append(seq[start:end])
            start = end + 1
    runs.append(seq[start:])
    return runs


def _mattr(words: list[str], size: int = 50) -> float:
    """Moving-average type-token ratio (windows of `size` words): lexical variety that does
    not shrink with length."""
    if len(words) <= size:
        return len(set(words)) / max(len(words), 1)
    # a plain dict, not a Counter: Counter's missing-key and delete hooks run in Python
    counts: dict[str, int] = dict(Counter(words[:size]))
    total = len(counts)
    for i in range(size, len(words)):
        old, new = words[i - size], words[i]
        left = counts[old] - 1
        if left:
            counts[old] = left
        else:
            del counts[old]
        counts[new] = counts.get(new, 0) + 1
        total += len(counts)
    return total / (len(words) - size + 1) / size


def _shape(word: str, at_start: bool, lex: Lexicon) -> str:
    low = word.lower()
    if low in lex.masked_words:
        return MASK
    if "." in word or (len(word) > 1 and word.isupper()):
        return "C"  # acronym (U.S., NATO): a name like any other
    if (low in lex.function_words or low in lex.common_words) and (at_start or word.islower()):
        return low
    if word[0].isupper():
        return "C"
    if low.endswith("ing"):
        return "w-ing"
    if low.endswith("ed"):
        return "w-ed"
    if low.endswith("ly"):
        return "w-ly"
    if low.endswith(("tion", "sion")):
        return "w-tion"
    if low.endswith("s") and not low.endswith("ss"):
        return "w-s"
    return "w"


# What one token adds to its window: its shape; its lower-cased word for the lexical
# statistics (None for a masked word, a number or a mark); whether that word is a content word;
# whether the token counts as a word of its sentence. A plain tuple: `windows` makes and unpacks
# one per token.
Reading = tuple[str, str | None, bool, bool]


def _read(tok: str, at_start: bool, lex: Lexicon) -> Reading:
    """The reading of a token that does not end a sentence."""
    if tok[0].isalpha():
        shape = _shape(tok, at_start, lex)
        word = None if shape == MASK else tok.lower()  # a masked word is only sentence length
        return (shape, word, shape.startswith("w") or shape == "C", True)
    if tok[0].isdigit():
        return ("D", None, False, True)
    if tok[0] == "'" and len(tok) > 1:
        return (tok.lower(), None, False, False)
    return (tok if tok in _PUNCT_KEPT else "#", None, False, False)


def windows(text: str, lex: Lexicon) -> list[Window]:
    """The text cut into windows of whole sentences of about WINDOW_WORDS words each (the
    last short remainder joins the window before it); at most MAX_WINDOWS."""
    out: list[Window] = []
    cur = Window([], [], [], [])
    shapes, words, all_words = cur.shapes, cur.words, cur.all_words  # the hot appends
    sentence_words = 0
    at_start = True
    n_words = 0
    known = lex.readings

    # read lazily: a long text stops being read at its MAX_WINDOWS-th window
    tokens = map(_GROUP, _TOKEN.finditer(normalise_typography(text)))
    # most tokens are known words inside a sentence: for them the loop only appends
    for tok in tokens:
        reading = known.get(tok)
        if reading is None or at_start:
            if tok in _SENTENCE_END:
                if tok != "\n":
                    shapes.append(tok)
                if not at_start and sentence_words:
                    cur.sentence_lengths.append(sentence_words)
                sentence_words = 0
                at_start = True
                if n_words >= WINDOW_WORDS:
                    out.append(cur)
                    if len(out) >= MAX_WINDOWS:
                        return out
                    cur = Window([], [], [], [])
                    shapes, words, all_words = cur.shapes, cur.words, cur.all_words
                    n_words = 0
                continue
            if at_start:
                shapes.append(START)
            reading = _read(tok, at_start, lex)
        shape, word, content, counted = reading
        shapes.append(shape)
        if word is not None:
            all_words.append(word)
            if content:
                words.append(word)
        if counted:
            sentence_words += 1
            n_words += 1
        at_start = False
    if sentence_words:
        cur.sentence_lengths.append(sentence_words)
    if cur.shapes:
        if out and n_words < WINDOW_WORDS // 2:
            last = out[-1]
            last.shapes += cur.shapes
            last.words += cur.words
            last.sentence_lengths += cur.sentence_lengths
            last.all_words += cur.all_words
        else:
            out.append(cur)
    return out


def tfidf(grams: Counter[str], index: dict[str, int], idf: Iterable[float]) -> dict[int, float]:
    """The l2-normalised sublinear TF-IDF vector of the n-gram counts, as scikit-learn's
    TfidfTransformer(sublinear_tf=True) computes it over the model's vocabulary.

    Its entries come in the order of `grams`, and the norm sums their squares in that order,
    so the floats are the same whatever container holds `idf` (a list, or the run-time
    model's compact array)."""
    idf = idf if isinstance(idf, Sequence) else list(idf)
    # a window has thousands of n-grams but only a few distinct counts: each count's
    # sublinear tf is worked out once
    tf = {c: 1.0 + math.log(c) for c in set(grams.values())}
    vec = {
        i: tf[c] * idf[i]
        for i, c in zip(map(index.get, grams), grams.values(), strict=True)
        if i is not None
    }
    values = vec.values()
    # the same products summed in the same order as `sum(v * v for v in values)`, without
    # a Python frame per term
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return {i: v / norm for i, v in vec.items()}


def applicability(text: str, lex: Lexicon) -> str | None:
    """Why the model must not judge this text (None when it may): too short, no sentence
    punctuation, or not English-like (too few English function words)."""
    words = _WORD.findall(text)
    if len(words) < 60:
        return f"too short ({len(words)} words; the model needs at least 60)"
    stops = len(_STOP.findall(text))
    if stops < 3 or len(words) / stops > 80:
        return f"too little sentence punctuation ({stops} sentence ends in {len(words)} words)"
    function = sum(map(lex.function_words.__contains__, map(str.lower, words)))
    if function / len(words) < 0.2:
        return (
            f"does not read as English ({function / len(words):.0%} English function words, "
            "under 20%)"
        )
    return None
