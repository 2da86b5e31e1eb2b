"""RDB001 on a text holding a token no language has (a run of letters with no space): its
syllables are vowel groups, not pyphen's hyphenation (which took seconds at 1 MB)."""

from auditor.rules.readability.textstat_metrics import (
    MAX_HYPHENATED_CHARS,
    _syllables,
    text_counts,
)
from support import REPOST_SEED


def test_a_huge_token_is_counted_by_vowel_groups_and_words_are_not():
    blob = "strengths" * (MAX_HYPHENATED_CHARS // 9 + 1)
    assert _syllables(blob, "en") == blob.count("e")
    assert _syllables("strengths", "en") == 1
    story = REPOST_SEED.read_text(encoding="utf-8")
    plain, with_blob = text_counts(story, "en"), text_counts(story + " " + blob, "en")
    assert with_blob.words == plain.words + 1
    assert with_blob.syllables == plain.syllables + blob.count("e")
