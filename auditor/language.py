"""Language detection with langdetect, seeded so that two runs give the same answer."""

from __future__ import annotations

from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

# langdetect samples randomly; a fixed seed makes its answers deterministic.
DetectorFactory.seed = 0

UNDETERMINED = "und"
# Below this many non-space characters (about eight English words) detection is a guess.
MIN_CHARS = 40
MIN_PROBABILITY = 0.80
# langdetect is slow on long texts and gains nothing past a few thousand characters.
SAMPLE_CHARS = 5000


@dataclass(frozen=True)
class Detection:
    language: str  # ISO 639-1 ("en", "zh-cn" as langdetect names it), or "und"
    probability: float


def detect_language(text: str) -> Detection:
    """Detect the language of `text`; short or mixed texts come back as "und" (uncertain)."""
    if len("".join(text.split())) < MIN_CHARS:
        return Detection(UNDETERMINED, 0.0)
    try:
        best = detect_langs(text[:SAMPLE_CHARS])[0]
    except LangDetectException:
        return Detection(UNDETERMINED, 0.0)
    if best.prob < MIN_PROBABILITY:
        return Detection(UNDETERMINED, round(best.prob, 4))
    return Detection(best.lang, round(best.prob, 4))
