"""Language detection with langdetect, seeded so that two runs give the same answer.

langdetect's cost grows with the text it is given (it normalises and n-grams every character
before sampling), so it sees a bounded sample: the whole text when it is short, else
`SAMPLE_WINDOWS` windows spread evenly from the start to the end of the text, cut at word
boundaries. A sample spread over the text is representative where a prefix is not: an English
article that opens with a 5 KB quotation or navigation block in another language is still
detected as English, so its English rules still run.
"""

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
# The most characters langdetect sees, and in how many windows a longer text is sampled.
SAMPLE_CHARS = 1000
SAMPLE_WINDOWS = 5


@dataclass(frozen=True)
class Detection:
    language: str  # ISO 639-1 ("en", "zh-cn" as langdetect names it), or "und"
    probability: float


def language_sample(text: str, limit: int = SAMPLE_CHARS, windows: int = SAMPLE_WINDOWS) -> str:
    """At most about `limit` characters of `text`, from `windows` evenly spread places,
    joined by newlines.

    Each window starts and ends at whitespace where there is some nearby, so no word is cut
    in half (a cut word is an n-gram langdetect never saw).
    """
    return "\n".join(_windows(text, limit, windows))


def _windows(text: str, limit: int, windows: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    width = limit // windows
    step = (len(text) - width) / (windows - 1)
    parts = []
    for i in range(windows):
        start = round(i * step)
        end = start + width
        if start > 0 and not text[start - 1].isspace():
            space = text.find(" ", start, start + 40)
            start = space + 1 if space >= 0 else start
        if end < len(text) and not text[end].isspace():
            space = text.rfind(" ", end - 40, end)
            end = space if space > start else end
        parts.append(text[start:end])
    return parts


def detect_language(text: str) -> Detection:
    """Detect the language of `text`; short or mixed texts come back as "und" (uncertain)."""
    if len("".join(text.split())) < MIN_CHARS:
        return Detection(UNDETERMINED, 0.0)
    windows = _windows(text, SAMPLE_CHARS, SAMPLE_WINDOWS)
    try:
        best = detect_langs("\n".join(windows))[0]
    except LangDetectException:
        return Detection(UNDETERMINED, 0.0)
    if best.prob < MIN_PROBABILITY:
        return _by_window(windows) or Detection(UNDETERMINED, round(best.prob, 4))
    return Detection(best.lang, round(best.prob, 4))


def _by_window(windows: list[str]) -> Detection | None:
    """The language most windows are confidently in, when that is more than half of them.

    Only a sample the detector is unsure about comes here: a text in two languages, such as
    an English article after a long block in another language. The probability is the mean
    over the windows in that language.
    """
    if len(windows) < 3:
        return None
    found: dict[str, list[float]] = {}
    for window in windows:
        try:
            best = detect_langs(window)[0]
        except LangDetectException:
            continue
        if best.prob >= MIN_PROBABILITY:
            found.setdefault(best.lang, []).append(best.prob)
    if not found:
        return None
    lang, probs = max(sorted(found.items()), key=lambda kv: len(kv[1]))
    if len(probs) * 2 <= len(windows):
        return None
    return Detection(lang, round(sum(probs) / len(probs), 4))
