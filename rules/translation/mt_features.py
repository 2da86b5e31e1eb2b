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
from collections.abc import Iterable
from dataclasses import dataclass

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
_SPACES = re.compile(r"[ \t\f\v]+")
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
_PUNCT_KEPT = frozenset(".,:;?!\"'()-/%$&")
_SENTENCE_END = frozenset(".?!\n")
DENSE = ("sentence_length", "sentence_length_cv", "mattr", "repeated_content", "content_length")


def normalise_typography(text: str) -> str:
    """The text with typographic quotes, dashes, apostrophes and spaces made plain."""
    text = text.translate(_TYPOGRAPHY)
    return _DASH_RUN.sub("-", _SPACES.sub(" ", text))


@dataclass(frozen=True)
class Lexicon:
    function_words: frozenset[str]
    masked_words: frozenset[str]
    # common lower-case words of English-original news, kept as themselves (lexical choice);
    # any rarer word (topic, names) is reduced to its shape
    common_words: frozenset[str] = frozenset()


@dataclass
class Window:
    """One window of a text: its abstract token sequence and its statistics."""

    shapes: list[str]
    words: list[str]  # the lower-cased content words, for the statistics
    sentence_lengths: list[int]
    all_words: list[str]

    def ngrams(self) -> Counter[str]:
        grams: Counter[str] = Counter()
        seq = self.shapes
        for n in range(1, NGRAM_MAX + 1):
            for i in range(len(seq) - n + 1):
                gram = seq[i : i + n]
                if MASK in gram or (n == 1 and gram[0] == START):
                    continue
                grams[" ".join(gram)] += 1
        return grams

    def dense(self) -> dict[str, float]:
        lengths = self.sentence_lengths or [0]
        mean = statistics.fmean(lengths)
        sd = statistics.pstdev(lengths) if len(lengths) > 1 else 0.0
        counts = Counter(self.words)
        repeated = sum(c for c in counts.values() if c > 1) / max(len(self.words), 1)
        content_len = statistics.fmean(len(w) for w in self.words) if self.words else 0.0
        return {
            "sentence_length": math.log1p(mean),
            "sentence_length_cv": sd / mean if mean else 0.0,
            "mattr": _mattr(self.all_words),
            "repeated_content": repeated,
            "content_length": content_len,
        }


def _mattr(words: list[str], size: int = 50) -> float:
    """Moving-average type-token ratio (windows of `size` words): lexical variety that does
    not shrink with length."""
    if len(words) <= size:
        return len(set(words)) / max(len(words), 1)
    counts: Counter[str] = Counter(words[:size])
    total = len(counts)
    for i in range(size, len(words)):
        old, new = words[i - size], words[i]
        counts[old] -= 1
        if not counts[old]:
            del counts[old]
        counts[new] += 1
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


def windows(text: str, lex: Lexicon) -> list[Window]:
    """The text cut into windows of whole sentences of about WINDOW_WORDS words each (the
    last short remainder joins the window before it); at most MAX_WINDOWS."""
    out: list[Window] = []
    cur = Window([], [], [], [])
    sentence_words = 0
    at_start = True
    n_words = 0

    def close_sentence() -> None:
        nonlocal sentence_words
        if sentence_words:
            cur.sentence_lengths.append(sentence_words)
        sentence_words = 0

    for m in _TOKEN.finditer(normalise_typography(text)):
        tok = m.group()
        if tok in _SENTENCE_END:
            if tok != "\n":
                cur.shapes.append(tok)
            if not at_start:
                close_sentence()
            at_start = True
            if n_words >= WINDOW_WORDS:
                out.append(cur)
                if len(out) >= MAX_WINDOWS:
                    return out
                cur = Window([], [], [], [])
                n_words = 0
            continue
        if at_start:
            cur.shapes.append(START)
        if tok[0].isalpha():
            shape = _shape(tok, at_start, lex)
            low = tok.lower()
            if shape != MASK:  # a masked word counts in no statistic but sentence length
                cur.all_words.append(low)
            if shape.startswith("w") or shape == "C":
                cur.words.append(low)
            sentence_words += 1
            n_words += 1
        elif tok[0].isdigit():
            shape = "D"
            sentence_words += 1
            n_words += 1
        elif tok[0] == "'" and len(tok) > 1:
            shape = tok.lower()
        else:
            shape = tok if tok in _PUNCT_KEPT else "#"
        cur.shapes.append(shape)
        at_start = False
    close_sentence()
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
    TfidfTransformer(sublinear_tf=True) computes it over the model's vocabulary."""
    idf = list(idf) if not isinstance(idf, list) else idf
    vec = {index[g]: (1.0 + math.log(c)) * idf[index[g]] for g, c in grams.items() if g in index}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {i: v / norm for i, v in vec.items()}


def applicability(text: str, lex: Lexicon) -> str | None:
    """Why the model must not judge this text (None when it may): too short, no sentence
    punctuation, or not English-like (too few English function words)."""
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 60:
        return f"too short ({len(words)} words; the model needs at least 60)"
    stops = len(re.findall(r"[.!?](?:\s|$|[\"'\u201d\u2019)])", text))
    if stops < 3 or len(words) / stops > 80:
        return f"too little sentence punctuation ({stops} sentence ends in {len(words)} words)"
    function = sum(w.lower() in lex.function_words for w in words)
    if function / len(words) < 0.2:
        return (
            f"does not read as English ({function / len(words):.0%} English function words, "
            "under 20%)"
        )
    return None
