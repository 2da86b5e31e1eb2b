import pytest

from support import MT_SEED, REPOST_SEED, REWRITE_SEED, run_rule, spans_ok


def test_seed_004_date_calques():
    result = run_rule("TRN001", MT_SEED.read_text(encoding="utf-8"))
    evidence = {f.evidence for f in result.findings}
    assert "On the 13th local time" in evidence
    assert "14 local time" in evidence
    assert spans_ok(result)
    assert result.measures["translation.date_calques"] == 2


@pytest.mark.parametrize(
    "sentence, calque",
    [
        ("Xinhua said that local time 14th, the delegation arrived.", "local time 14th"),
        ("On the evening of the 5th, police sealed off the square.", "On the evening of the 5th"),
        ("In the 12th morning, the vote was held.", "In the 12th morning"),
    ],
)
def test_other_forms(sentence, calque):
    result = run_rule("TRN001", sentence + " The talks went on for hours in the capital city.")
    assert [f.evidence for f in result.findings] == [calque]


@pytest.mark.parametrize(
    "sentence",
    [
        "The polls close at 20 local time on Sunday, officials said in a statement.",
        "Voting ends at 8 p.m. local time, and results are expected on the 14th of May.",
        "The launch is set for 10:30 local time on Tuesday, the agency said.",
    ],
)
def test_natural_english_times_are_not_flagged(sentence):
    assert run_rule("TRN001", sentence).findings == []


@pytest.mark.parametrize("seed", [REPOST_SEED, REWRITE_SEED])
def test_english_originals_have_no_calque(seed):
    assert run_rule("TRN001", seed.read_text(encoding="utf-8")).findings == []


def test_not_applicable_to_german():
    text = "Am Sonntag sagte der Präsident, dass die Türkei weitere Raketen kaufen werde."
    result = run_rule("TRN001", text)
    assert result.skipped["TRN001"] == "not applicable: de"
    assert result.scores["translation"] is None


def test_human_translators_zone_conversion_is_not_a_calque():
    # a human translator's faithful rendering of a Japanese report: the day is converted to
    # the reader's zone in brackets, which no machine calque does
    text = (
        "Ohtani played in the opening game against the Athletics on the 24th local time "
        "(25th Japan time) as the designated hitter. On the 24th local time (25th Japan time), "
        "he went hitless in four at-bats."
    )
    assert run_rule("TRN001", text).findings == []
