"""RDB001: textstat readability metrics for the article's language."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from auditor import textstat_offline
from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule

# before any import of textstat below: textstat must take cmudict from us, not import NLTK
textstat_offline.prepare()

# Per language, the textstat formulas that are valid for it. `ease` is the Flesch reading
# ease with textstat's per-language constants (Flesch for en, Amstad for de, Fernández Huerta
# style constants for es, Kandel & Moles for fr, Flesch-Vacca for it, Douma for nl, Oborneva
# for ru); the scoring maps it onto the news band.
FORMULAS: dict[str, dict[str, str]] = {
    "en": {
        "ease": "flesch_reading_ease",
        "flesch_kincaid_grade": "flesch_kincaid_grade",
        "gunning_fog": "gunning_fog",
        "smog_index": "smog_index",
    },
    "de": {"ease": "flesch_reading_ease", "wiener_sachtextformel": "wiener_sachtextformel"},
    "es": {
        "ease": "flesch_reading_ease",
        "fernandez_huerta": "fernandez_huerta",
        "szigriszt_pazos": "szigriszt_pazos",
    },
    "fr": {"ease": "flesch_reading_ease"},
    "it": {"ease": "flesch_reading_ease", "gulpease_index": "gulpease_index"},
    "nl": {"ease": "flesch_reading_ease"},
    "ru": {"ease": "flesch_reading_ease"},
    "ar": {"osman": "osman"},
}


@cache
def _textstat_for(lang: str):  # noqa: ANN202 - textstat has no public type for this
    textstat_offline.install()
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(lang)
    return stats


# Syllables per lower-cased word and language. textstat keeps only its last 128 words, so on
# a long article each formula recounted nearly every word; the vocabulary of news is small
# enough (Zipf) that a bounded dictionary of its own hits almost always. It is emptied when
# full: at 30,000 words (about 5 MB) a worker's memory stays flat through a long run, where
# 200,000 let it grow by some 30 MB; a recount is a cmudict look-up for most words.
_SYLLABLE_CACHE_LIMIT = 30_000
# pyphen takes about 3 microseconds a character: a 1 MB "word" (a run of letters with no space)
# cost 2.8 s of one article's time budget. Longer tokens are no words of any language; their
# syllables are counted as groups of vowels instead.
MAX_HYPHENATED_CHARS = 1000
_VOWEL_GROUP = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]+")
_syllable_cache: dict[tuple[str, str], int] = {}


def _syllables(word: str, lang: str) -> int:
    """textstat's syllable count of one lower-cased word: cmudict for English, else pyphen."""
    key = (word, lang)
    count = _syllable_cache.get(key)
    if count is None:
        textstat_offline.install()
        from textstat.backend.utils import get_pyphen

        cmu = textstat_offline._offline_get_cmudict(lang)
        try:
            count = sum(1 for p in cmu[word][0] if p[-1].isdigit())  # type: ignore[index]
        except (TypeError, IndexError, KeyError):
            if len(word) > MAX_HYPHENATED_CHARS:  # no word: a run of letters (or a pasted blob)
                count = max(1, len(_VOWEL_GROUP.findall(word)))
            else:
                count = len(get_pyphen(lang).positions(word)) + 1
        if len(_syllable_cache) >= _SYLLABLE_CACHE_LIMIT:
            _syllable_cache.clear()
            _clear_pyphen_caches()
        _syllable_cache[key] = count
    return count


def _clear_pyphen_caches() -> None:
    """pyphen keeps the hyphenation points of every word it was given (`HyphDict.cache`, with
    no limit): over a long run of names and typos that grows without end, so it is cleared
    with the syllable cache."""
    import pyphen

    for hyphenation in pyphen.hdcache.values():
        hyphenation.cache.clear()


@dataclass(frozen=True)
class Counts:
    """The counts every formula of one language needs, taken in one pass over the words.

    They are textstat's own definitions: words are textstat's `list_words` (punctuation
    removed, contractions kept), sentences its `count_sentences`, a word's syllables its
    cmudict/pyphen count of the lower-cased word, a difficult word (Gunning fog) one of at
    least `syllable_threshold` syllables that is not on the language's easy-word list.
    """

    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of 3 syllables or more
    monosyllables: int
    difficult: int


def text_counts(text: str, lang: str) -> Counts:
    """Count `text` once for every formula of `lang` (same values as textstat's counters).

    Each distinct word is looked up once and counted as often as it occurs (news repeats
    about half of its words: "the", names, the topic)."""
    from textstat.backend.selections import list_words
    from textstat.backend.utils import get_lang_cfg, get_lang_easy_words

    threshold = int(get_lang_cfg(lang, "syllable_threshold"))
    easy = get_lang_easy_words(lang) if lang == "en" else frozenset()
    words = syllables = poly = mono = difficult = 0
    for lower, times in Counter(map(str.lower, list_words(text))).items():
        n = _syllables(lower, lang)
        words += times
        syllables += n * times
        poly += times * (n >= 3)
        mono += times * (n == 1)
        difficult += times * (n >= threshold and lower not in easy)
    return Counts(words, count_sentences(text), syllables, poly, mono, difficult)


# textstat's count_sentences: its sentences are these matches, less those of at most two
# words; a word is what textstat's count_words counts (a whitespace-separated token left
# non-empty once punctuation is removed, i.e. one holding a word character: an apostrophe
# it keeps is followed by a letter)
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_WORD_CHAR = re.compile(r"\w")


def count_sentences(text: str) -> int:
    """textstat's `count_sentences`, with the words of each sentence counted only up to
    three (textstat removed the punctuation of every sentence with two substitutions)."""
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    short = sum(1 for sentence in sentences if not _has_words(sentence, 3))
    return max(1, len(sentences) - short)


def _has_words(sentence: str, n: int) -> bool:
    """Whether `sentence` holds at least `n` words (textstat's count_words)."""
    for token in sentence.split():
        if _WORD_CHAR.search(token):
            n -= 1
            if not n:
                return True
    return False


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _wiener_sachtextformel_1(text: str, c: Counts, wps: float) -> float:
    """Variant 1 of the Wiener Sachtextformel, as textstat computes it."""
    from textstat.backend.counts import count_long_words

    if not c.words:
        return 0.0
    ms = 100 * c.polysyllables / c.words
    iw = 100 * count_long_words(text) / c.words
    es = 100 * c.monosyllables / c.words
    return (0.1935 * ms) + (0.1672 * wps) + (0.1297 * iw) - (0.0327 * es) - 0.875


def _formulas(text: str, lang: str) -> dict[str, float]:
    """The formulas of FORMULAS[lang] from one Counts, computed as textstat computes them."""
    from textstat.backend.utils import get_lang_cfg

    c = text_counts(text, lang)
    wps = _ratio(c.words, c.sentences)  # textstat's words_per_sentence
    spw = _ratio(c.syllables, c.words)  # textstat's syllables_per_word
    out: dict[str, float] = {}
    for name, method in FORMULAS[lang].items():
        if method == "flesch_reading_ease":
            value = (
                0.0
                if wps == 0 or spw == 0
                else get_lang_cfg(lang, "fre_base")
                - get_lang_cfg(lang, "fre_sentence_length") * wps
                - get_lang_cfg(lang, "fre_syll_per_word") * spw
            )
        elif method == "flesch_kincaid_grade":
            value = 0.0 if wps == 0 or spw == 0 else 0.39 * wps + 11.8 * spw - 15.59
        elif method == "gunning_fog":
            value = 0.4 * (wps + 100 * c.difficult / c.words) if c.words else 0.0
        elif method == "smog_index":
            value = (
                (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291
                if c.sentences
                else 0.0
            )
        elif method == "fernandez_huerta":
            value = 0.0 if wps == 0 or spw == 0 else 206.84 - 60 * spw - 1.02 * wps
        elif method == "szigriszt_pazos":
            value = (
                get_lang_cfg(lang, "fre_base") - 62.3 * spw - wps
                if c.words and c.sentences
                else 0.0
            )
        elif method == "wiener_sachtextformel":
            value = _wiener_sachtextformel_1(text, c, wps)
        else:  # gulpease_index, osman: one formula per language, nothing to share
            value = getattr(_textstat_for(lang), method)(text)
        out[name] = float(value)
    return out


class TextstatReadability(Rule):
    """What it does: computes the textstat readability formulas that are valid for the
    article's detected language (table below) and records them as measures
    (`readability.<formula>`); `readability.ease` is the language's Flesch reading ease, which
    the readability score maps onto the band expected of news.

    Formulas per language:
        en: Flesch reading ease, Flesch-Kincaid grade, Gunning fog, SMOG
        de: Flesch (Amstad), Wiener Sachtextformel (variant 1)
        es: Flesch (language constants), Fernández Huerta, Szigriszt-Pazos
        fr, nl, ru: Flesch with the language's constants
        it: Flesch-Vacca, Gulpease
        ar: Osman

    Why it matters: news is written for a general reader. Text far harder than the band
    (long sentences, long words) loses readers; text far below it is often list-like
    boilerplate or a machine summary.

    Example:
        a Reuters paragraph of 25-word sentences has a reading ease of about 45, the centre
        of the 25-65 band, and a readability score near 100; a legal notice of one 90-word
        sentence has a reading ease below 0 and a readability score of 0.
    """

    code = "RDB001"
    name = "readability-metrics"
    family = "readability"
    summary = "textstat readability formulas valid for the article's language"
    severity = Severity.INFO
    languages = tuple(FORMULAS)

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        for name, value in _formulas(article.text, ctx.language).items():
            yield self.measure(name, round(value, 2))
