"""Language detection on a bounded sample spread over the text."""

import json

import pytest

from auditor.language import SAMPLE_CHARS, detect_language, language_sample
from support import EXAMPLES, SHARED


def _english() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))


def _german(chars: int) -> str:
    path = SHARED / "corpora" / "readability" / "dev.jsonl"
    if not path.is_file():
        pytest.skip("the readability corpus (German texts) is not in ../shared/corpora")
    parts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("lang") == "de":
                parts.append(record["text"])
            if sum(map(len, parts)) >= chars:
                break
    return "\n\n".join(parts)[:chars]


def test_sample_is_bounded_and_spread_over_the_text():
    text = " ".join(_english().split()) * 20  # one line: the windows are joined by newlines
    sample = language_sample(text)
    assert len(sample) <= SAMPLE_CHARS + 10
    pieces = sample.split("\n")
    assert len(pieces) == 5
    assert text.startswith(pieces[0])
    assert text.rstrip().endswith(pieces[-1].rstrip()[-30:])
    assert all(p in text for p in pieces)
    assert not any(p.startswith(" ") for p in pieces)


def test_short_text_is_its_own_sample():
    text = EXAMPLES.joinpath("000_8704dcac81a2f636.txt").read_text(encoding="utf-8")[:900]
    assert language_sample(text) == text


def test_foreign_prefix_does_not_switch_off_english():
    """A 5 KB German block before an English article: the article is still English, so its
    English rules run (a prefix sample would have said German)."""
    german = _german(5000)
    assert detect_language(german).language == "de"
    text = german + "\n\n" + _english()
    assert detect_language(text).language == "en"


def test_detection_is_deterministic():
    text = _english()
    assert detect_language(text) == detect_language(text)


def test_sparse_profiles_hold_langdetects_probabilities_exactly():
    # the compact store must hand langdetect's detector the very rows its own factory builds
    from langdetect import DetectorFactory as LangdetectFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    from auditor.language import _factory

    reference = LangdetectFactory()
    reference.load_profile(PROFILES_DIRECTORY)
    sparse = _factory()
    assert sparse.langlist == reference.langlist
    assert len(sparse.word_lang_prob_map) == len(reference.word_lang_prob_map)
    for gram in ("e", "th", "the", " a", "ing", "\u306e", "\u0438\u0435", "zz"):
        if gram in reference.word_lang_prob_map:
            assert sparse.word_lang_prob_map[gram] == reference.word_lang_prob_map[gram]
    assert "\x00\x01" not in sparse.word_lang_prob_map


def test_detection_on_the_sparse_profiles_is_langdetects():
    from langdetect import detect_langs as langdetect_detect_langs

    from auditor.language import detect_langs

    for text in (
        "The minister said on Tuesday that the budget would be published next week.",
        "Der Minister sagte am Dienstag, der Haushalt werde nächste Woche veröffentlicht.",
        "Министр заявил во вторник, что бюджет будет опубликован на следующей неделе.",
    ):
        ours = [(x.lang, x.prob) for x in detect_langs(text)]
        theirs = [(x.lang, x.prob) for x in langdetect_detect_langs(text)]
        assert ours == theirs
