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
