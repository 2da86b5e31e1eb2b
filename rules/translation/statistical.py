"""TRN007: document-level machine-translation probability from a model trained on dev data."""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import sentences
from auditor.rules.translation import mt_features as F

MODEL_FILE = "mt_model.json"
SUPPORTED_VERSION = 2


@dataclass(frozen=True)
class _Model:
    lexicon: F.Lexicon
    index: dict[str, int]
    # the per-feature floats as arrays of doubles (the same values as the file's lists): a
    # window reads hundreds of them at scattered indices, and an array holds them side by
    # side where a list points to a float object apiece
    idf: array[float]
    coef: array[float]
    intercept: float
    dense: list[dict]
    dense_scale: float
    a: float
    b: float
    threshold: float


@cache
def _model() -> _Model:
    raw = resources.files(__package__).joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    data = json.loads(raw)
    if data.get("version") != SUPPORTED_VERSION:
        raise ValueError(f"{MODEL_FILE}: version {data.get('version')} is not supported")
    if data["window_words"] != F.WINDOW_WORDS or data["ngram_max"] != F.NGRAM_MAX:
        raise ValueError(f"{MODEL_FILE}: trained with other window or n-gram settings")
    return _Model(
        lexicon=F.Lexicon(
            frozenset(data["function_words"]),
            frozenset(data["masked_words"]),
            frozenset(data["common_words"]),
        ),
        index={f: i for i, f in enumerate(data["features"])},
        idf=array("d", data["idf"]),
        coef=array("d", data["coef"]),
        intercept=data["intercept"],
        dense=data["dense"],
        dense_scale=data["dense_scale"],
        a=data["calibration"]["a"],
        b=data["calibration"]["b"],
        threshold=data["threshold"],
    )


def _ngram_score(model: _Model, window: F.Window) -> float:
    """The n-grams' share of the logit: what a single sentence's evidence is weighed by."""
    weights = F.tfidf(window.ngrams(), model.index, model.idf)
    coef = model.coef
    return sum(coef[i] * v for i, v in weights.items())


def _window_logit(model: _Model, window: F.Window) -> float:
    z = model.intercept + _ngram_score(model, window)
    stats = window.dense()
    for d in model.dense:
        z += d["coef"] * (stats[d["name"]] - d["mean"]) / d["sd"] * model.dense_scale
    return z


def not_applicable(text: str) -> str | None:
    """Why the model gives no probability for `text` (too short, no sentence punctuation, not
    English-like), or None when it does."""
    return F.applicability(text, _model().lexicon)


def mt_probability(text: str) -> float | None:
    """Calibrated probability that `text` is a machine translation, by the shipped model;
    None when the model does not apply (see `not_applicable`)."""
    model = _model()
    if F.applicability(text, model.lexicon) is not None:
        return None
    return _probability(model, text)


def _probability(model: _Model, text: str) -> float | None:
    """`mt_probability` of a text already known to be applicable (None when it holds no
    window), so the rule, which reports why a text is not applicable, asks only once."""
    wins = F.windows(text, model.lexicon)
    if not wins:
        return None
    score = sum(_window_logit(model, w) for w in wins) / len(wins)
    return 1.0 / (1.0 + math.exp(-(model.a * score + model.b)))


class MachineTranslationSignal(Rule):
    """What it does: estimates the probability that the article is a machine translation.
    It reads the text in windows of about 500 words with typography normalised (curly and
    straight quotes, dashes and apostrophes look alike), keeps function words and reduces every
    other word to its shape (capitalised, lower case with its suffix, number), masks reporting
    verbs ("said", "told", "stressed") so wire style neither raises nor lowers the score, and
    scores uni- to trigrams of that sequence plus sentence-length, lexical-variety and
    repetition statistics with a logistic regression (`scripts/train_mt_model.py`; the model
    is `rules/translation/data/mt_model.json`, with the data's hashes and its dev figures).
    Trained on dev splits only, with machine translations against human translations and
    English-original news (PolNeAR, rated outlets, OneStopEnglish, GUM), and calibrated on
    out-of-fold dev predictions. The probability is the measure `translation.mt_probability`;
    at or above the model's threshold (chosen on dev for at most 0.5% false positives on
    English originals and 4% on human translations) it is a warning on the sentence that
    weighs most towards "machine". Very short texts, texts with almost no sentence
    punctuation and texts that do not read as English get no probability: the measure
    `translation.mt_not_applicable` says why.

    Why it matters: machine translation published as news, unedited, carries mistranslations
    no reader can see; the span rules catch its loud artefacts, this catches its texture.

    Example:
        flagged:  a WMT system's output, "EU summit debates on refugee policy, EU officials:
                  Reception process is at a standstill"
        human:    the professional translation of the same source scores lower.
    """

    code = "TRN007"
    name = "mt-signal"
    family = "translation"
    summary = "Document-level machine-translation probability (statistical model)"
    severity = Severity.WARNING
    languages = ("en",)
    penalised = False  # scored through translation.mt_probability

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        model = _model()
        reason = not_applicable(article.text)
        if reason is not None:
            yield self.measure("mt_not_applicable", reason)
            return
        p = _probability(model, article.text)
        if p is None:
            yield self.measure("mt_not_applicable", "no sentence to read")
            return
        yield self.measure("mt_probability", round(p, 4))
        yield self.measure("mt_threshold", model.threshold)
        if p < model.threshold:
            return
        best, best_score = None, -math.inf
        for sent in sentences(article.text):
            wins = F.windows(sent.text, model.lexicon)
            if not wins:
                continue
            score = _ngram_score(model, wins[0])
            if score > best_score:
                best, best_score = sent, score
        if best is not None:
            yield self.finding(
                article,
                best.start,
                best.end,
                f"reads as machine translation (probability {p:.2f}, threshold "
                f"{model.threshold:.2f}); this sentence weighs most",
                probability=round(p, 4),
            )
