"""The MT featuriser (TRN007 and its trainer) against the plain definitions of its features."""

import re
from collections import Counter

from auditor.rules.translation import mt_features as F
from auditor.rules.translation.statistical import _model
from support import MT_SEED

SENTENCE = (
    "Erdogan returned to Turkey on Thursday, the agency said, and told reporters that the deal "
    "with Moscow was \u201cfinal\u201d \u2014 it's done."
)


def _defined_ngrams(shapes: list[str]) -> Counter[str]:
    """The n-grams by their definition: every uni- to trigram with no masked word (and no bare
    sentence start), unigrams first, then bigrams, then trigrams, each by first occurrence."""
    grams: Counter[str] = Counter()
    for n in range(1, F.NGRAM_MAX + 1):
        for i in range(len(shapes) - n + 1):
            gram = shapes[i : i + n]
            if F.MASK in gram or gram == [F.START]:
                continue
            grams[" ".join(gram)] += 1
    return grams


def test_ngrams_follow_their_definition_in_order():
    lex = _model().lexicon
    for text in (SENTENCE, MT_SEED.read_text(encoding="utf-8")):
        for window in F.windows(text, lex):
            assert F.MASK in window.shapes  # "said", "told": the masked words are exercised
            # the rule sums the weights in key order, so the order must match too
            assert list(window.ngrams().items()) == list(_defined_ngrams(window.shapes).items())


def test_blank_runs_become_one_space():
    text = "The minister\t said  on\f\vTuesday \t that the talks had  ended."
    assert F.normalise_typography(text) == re.sub(r"[ \t\f\v]+", " ", text)
    assert F.normalise_typography("a\u00a0b\u2014\u2014c\u2026") == "a b-c..."


def test_known_readings_are_the_readings_inside_a_sentence():
    lex = _model().lexicon
    for tok, reading in lex.readings.items():
        assert tok not in F._SENTENCE_END
        assert reading == F._read(tok, False, lex)
