"""Language detection with langdetect, seeded so that two runs give the same answer.

langdetect's cost grows with the text it is given (it normalises and n-grams every character
before sampling), so it sees a bounded sample: the whole text when it is short, else
`SAMPLE_WINDOWS` windows spread evenly from the start to the end of the text, cut at word
boundaries. A sample spread over the text is representative where a prefix is not: an English
article that opens with a 5 KB quotation or navigation block in another language is still
detected as English, so its English rules still run.

langdetect keeps, for each of its ~88,000 character n-grams, a list of 55 floats (one per
language), most of them 0: about 60 MB in every process that detects. Its own detector runs
here on its own profiles, but they are loaded into `SparseProfiles` (the non-zero
probabilities in two flat arrays, ~10 MB), which hands the detector the same lists of the
same floats on demand, so the answers are langdetect's to the last digit.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
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
# Dense rows of the sparse profiles kept built (each ~1.8 KB; a text's n-grams recur).
ROW_CACHE = 2048


class SparseProfiles(Mapping):
    """langdetect's n-gram -> per-language probabilities map, holding only the non-zero ones.

    `add` takes langdetect's profiles one language at a time (as `DetectorFactory.add_profile`
    does); `freeze` sorts them into flat arrays. Reading an n-gram builds the dense list
    langdetect's Detector expects (`[0.0] * languages`, the probabilities at their indexes).
    """

    def __init__(self) -> None:
        self.languages = 0
        self._grams: list[str] = []  # while adding: one entry per non-zero probability
        self._langs = array("B")
        self._probs = array("d")
        self._known: set[str] = set()  # every n-gram of a profile, zero or not
        self._runs: dict[str, int] = {}
        self._rows: dict[str, list[float]] = {}  # rows built lately (common n-grams recur)

    def add(self, word: str, index: int, prob: float | None) -> None:
        self._known.add(word)
        if prob:
            self._grams.append(word)
            self._langs.append(index)
            self._probs.append(prob)

    def freeze(self, languages: int) -> None:
        if languages > 63:
            raise ValueError(f"{languages} language profiles: at most 63 fit a run's length")
        self.languages = languages
        order = sorted(range(len(self._grams)), key=self._grams.__getitem__)
        grams, self._grams = self._grams, []
        self._langs = array("B", (self._langs[i] for i in order))
        self._probs = array("d", (self._probs[i] for i in order))
        # each n-gram's run of non-zero probabilities as one int: start * 64 + length (a run
        # is at most one entry per language, and langdetect has 55)
        runs: dict[str, int] = dict.fromkeys(sorted(self._known), 0)
        for pos in range(len(order) - 1, -1, -1):
            word = grams[order[pos]]
            runs[word] = (pos << 6) | ((runs[word] & 63) + 1)
        self._runs = runs
        self._known = set()

    def __getitem__(self, word: str) -> list[float]:
        row = self._rows.get(word)
        if row is None:
            run = self._runs[word]
            row = [0.0] * self.languages
            start = run >> 6
            for j in range(start, start + (run & 63)):
                row[self._langs[j]] = self._probs[j]
            if len(self._rows) >= ROW_CACHE:
                self._rows.clear()
            self._rows[word] = row  # the detector only reads it
        return row

    def __contains__(self, word: object) -> bool:
        return word in self._runs

    def __iter__(self) -> Iterator[str]:
        return iter(self._runs)

    def __len__(self) -> int:
        return len(self._runs)


class _Factory(DetectorFactory):
    """langdetect's factory with its profiles in a `SparseProfiles`."""

    def __init__(self) -> None:
        super().__init__()
        self.word_lang_prob_map = SparseProfiles()

    def add_profile(self, profile, index, langsize):  # noqa: ANN001 (langdetect's signature)
        lang = profile.name
        if lang in self.langlist:
            raise LangDetectException(0, f"duplicate language profile {lang}")
        self.langlist.append(lang)
        for word, count in profile.freq.items():
            n = len(word)
            # langdetect's own formula (DetectorFactory.add_profile)
            prob = 1.0 * count / profile.n_words[n - 1] if 1 <= n <= 3 else None
            self.word_lang_prob_map.add(word, index, prob)


_FACTORY: _Factory | None = None
_LOCK = threading.Lock()


def _factory() -> _Factory:
    global _FACTORY
    with _LOCK:
        if _FACTORY is None:
            factory = _Factory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.word_lang_prob_map.freeze(len(factory.langlist))
            _FACTORY = factory
    return _FACTORY


def detect_langs(text: str) -> list:
    """langdetect's `detect_langs`, on the sparse profiles."""
    detector = _factory().create()
    detector.append(text)
    return detector.get_probabilities()


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
