"""Features of the machine-translation model (TRN007), shared by the rule and its trainer.

Not a rule: the featuriser that `statistical.py` applies at run time and that
`scripts/train_mt_model.py` applies when it fits the model, so the two can never drift apart.
It is pure Python (no scikit-learn at run time).

What it keeps and why. A detector of *translation* must not learn the typography of a
corpus's translators or the reporting style of wire copy:
- typography is normalised first (curly quotes, dashes, apostrophes, ellipses, non-breaking
  spaces; a straight single quote used as a quotation mark becomes a double one), so the
  features of a text and of its typographically normalised copy are identical;
- words are reduced to function words (kept as themselves) and shapes of the other words
  (`C` a capitalised word or acronym, `w` a lower-case word with its suffix class `w-ing`,
  `w-ed`, `w-ly`, `w-s`, `w-tion`, `D` a number), so the model reads word order and syntax,
  not topic or names;
- beside those shape n-grams, two blocks read lexical choice and spelling: uni- and bigrams of
  the lower-cased words ("in early September" against "at the beginning of September") and
  character 2- to 4-grams of the same token sequence, both with names and acronyms reduced to
  `C` and numbers to `D`, so neither knows who or what the article is about;
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
from dataclasses import dataclass, field

WINDOW_WORDS = 500
MAX_WINDOWS = 12
NGRAM_MAX = 3
CHAR_MIN, CHAR_MAX = 2, 4
BLOCKS = ("shape", "word", "char")
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
# A straight single quote used as a quotation mark ('like this'), not as an apostrophe: opening
# after a non-word character and before a letter, closing within the same line after a word or
# a stop and before a non-word character; an apostrophe between letters inside ("'We're
# here.'") does not end it. Bounded and without nesting, so linear-time.
_SINGLE_QUOTED = re.compile(
    r"(?<![\w'])'(?=[^\W\d_])((?:[^'\n]|(?<=[^\W\d_])'(?=[^\W\d_])){1,300}?[\w.,!?])'(?!\w)"
)
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
_OPAQUE = frozenset({MASK, "C", "D"})
DENSE = ("sentence_length", "sentence_length_cv", "mattr", "repeated_content", "content_length")


def normalise_typography(text: str) -> str:
    """The text with typographic quotes, dashes, apostrophes and spaces made plain."""
    text = _SINGLE_QUOTED.sub(r'"\1"', text.translate(_TYPOGRAPHY))
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
    # the lower-cased tokens (reporting verbs MASK, names and acronyms C, numbers D), for the
    # word and character n-grams
    tokens: list[str] = field(default_factory=list)

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

    def word_grams(self) -> Counter[str]:
        """Uni- and bigrams of the lower-cased words (lexical choice: "in early September"
        against "in the beginning of September"), with no name, number or masked word."""
        grams: Counter[str] = Counter()
        seq = self.tokens
        for i, tok in enumerate(seq):
            if tok not in _OPAQUE:
                grams[f"w:{tok}"] += 1
            if i + 1 < len(seq) and MASK not in (tok, seq[i + 1]):
                grams[f"w:{tok} {seq[i + 1]}"] += 1
        return grams

    def char_grams(self) -> Counter[str]:
        """Character 2- to 4-grams of the tokens joined by spaces (morphology and spelling),
        none across a masked word."""
        grams: Counter[str] = Counter()
        for part in " ".join(self.tokens).split(MASK):
            for n in range(CHAR_MIN, CHAR_MAX + 1):
                for i in range(len(part) - n + 1):
                    grams[f"c:{part[i : i + n]}"] += 1
        return grams

    def features(self) -> dict[str, Counter[str]]:
        """Every n-gram block of the window, by block name."""
        return {"shape": self.ngrams(), "word": self.word_grams(), "char": self.char_grams()}

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
    initial = True  # no word yet in this sentence: an opening quote or bracket keeps it so
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
                cur.tokens.append(tok)
            if not at_start:
                close_sentence()
            at_start = initial = True
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
            shape = _shape(tok, initial, lex)
            low = tok.lower()
            if shape != MASK:  # a masked word counts in no statistic but sentence length
                cur.all_words.append(low)
            if shape.startswith("w") or shape == "C":
                cur.words.append(low)
            sentence_words += 1
            n_words += 1
            initial = False
        elif tok[0].isdigit():
            shape = "D"
            sentence_words += 1
            n_words += 1
            initial = False
        elif tok[0] == "'" and len(tok) > 1:
            shape = tok.lower()
        else:
            shape = tok if tok in _PUNCT_KEPT else "#"
        cur.shapes.append(shape)
        cur.tokens.append(tok.lower() if shape not in _OPAQUE and shape != "#" else shape)
        at_start = False
    close_sentence()
    if cur.shapes:
        if out and n_words < WINDOW_WORDS // 2:
            last = out[-1]
            last.shapes += cur.shapes
            last.words += cur.words
            last.sentence_lengths += cur.sentence_lengths
            last.all_words += cur.all_words
            last.tokens += cur.tokens
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
