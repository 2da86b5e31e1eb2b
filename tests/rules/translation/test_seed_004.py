"""The translation family on the machine-translated seed and on English originals."""

import pytest

from auditor.api import audit_articles
from auditor.models import Article, Severity
from support import EXAMPLES, MT_SEED, REPOST_SEED, REWRITE_SEED


def _family(path):
    text = path.read_text(encoding="utf-8")
    run = audit_articles([Article(path.name, text)], select=["TRN"])
    return run.results[0]


def test_seed_004_gets_a_low_score_with_at_least_five_distinct_findings():
    result = _family(MT_SEED)
    assert len({f.code for f in result.findings}) >= 5
    # TRN002, TRN003, TRN005 and TRN006 report info (they did not beat chance against MQM
    # spans on dev); the date calques and the clipped title stay warnings
    serious = {f.code for f in result.findings if f.severity.rank >= Severity.WARNING.rank}
    assert {"TRN001", "TRN004"} <= serious
    assert "TRN005" in {f.code for f in result.findings} - serious
    evidence = {f.evidence for f in result.findings}
    for artefact in [
        "President Tu",
        "Trumps",
        "Ankaras",
        "On the 13th local time",
        "14 local time",
        "It is reported that",
        "today news that",
        "turkey",
        "trump",
        "conference He",
    ]:
        assert artefact in evidence, artefact
    # below the translation score's 50 line (the shipped mt_threshold): counted as translated;
    # 36.6 since TRN005 reports info (its four formulas took 40 points as warnings)
    assert result.scores["translation"] < 50
    assert all(result.article.text[f.start : f.end] == f.evidence for f in result.findings)


@pytest.mark.parametrize("seed", [REPOST_SEED, REWRITE_SEED])
def test_english_originals_get_no_warning(seed):
    result = _family(seed)
    assert [f for f in result.findings if f.severity.rank >= Severity.WARNING.rank] == []
    assert result.scores["translation"] > 50


def test_examples_folder_has_the_three_seeds():
    assert len(list(EXAMPLES.glob("*.txt"))) == 3
