"""Each translation rule on real sentences (seed 004 and English news)."""

import re

import pytest

from auditor.rules.translation.mt_features import normalise_typography
from auditor.rules.translation.statistical import _model, mt_probability, not_applicable
from support import MT_SEED, REWRITE_SEED, run_rule, spans_ok

MT_PARAGRAPH = (
    "Russia today news that 14 local time, Erdogan returned to Turkey for an interview, said "
    "he will not yield to the United States to stop buying Russian made S-400 air defense "
    "system proposal. The deal is too important for Ankaras friendship with Moscow. Trump "
    "said the deal was bad. It is reported that the United States has always opposed Turkeys "
    "purchase of Russias s S-400 missile defense system."
)


def _evidence(code, text):
    result = run_rule(code, text)
    assert spans_ok(result)
    return [f.evidence for f in result.findings]


def test_missing_apostrophe():
    assert _evidence("TRN002", MT_PARAGRAPH) == ["Ankaras", "Turkeys"]
    english = "The Brazilians are proud. Democrats say the United States is strong. Brazil won."
    assert _evidence("TRN002", english) == []


def test_plural_acronyms_are_not_possessives():
    text = (
        "SMBs face rising costs as energy prices climb. Many SMBs said they would cut hours, "
        "and MLAs of the affected areas asked for help. NATOs air defense was not discussed."
    )
    # the listed name keeps its hit; the plural acronyms do not
    assert _evidence("TRN002", text) == ["NATOs"]


def test_missing_apostrophe_counts_are_the_same_on_a_long_text():
    # candidates are checked against a one-pass index of the names the text uses, not by
    # rescanning the text: a 50-fold copy of the seed finds exactly 50 times its hits
    seed = MT_SEED.read_text(encoding="utf-8")
    once = run_rule("TRN002", seed).measures["translation.missing_apostrophes"]
    many = run_rule("TRN002", "\n\n".join([seed] * 50)).measures["translation.missing_apostrophes"]
    assert once >= 4 and many == 50 * once


def test_inconsistent_case():
    text = (
        "On Wednesday, Trump met Erdogan at the White House. Later, Trump said talks went "
        "well. Analysts said trump had tried to persuade him."
    )
    assert _evidence("TRN003", text) == ["trump"]
    english = "The Amazon is burning, and amazon deforestation rose, Amazon Watch said."
    result = run_rule("TRN003", english)
    assert all(f.severity.value == "info" for f in result.findings)


def test_inconsistent_case_skips_function_words_and_sentence_starts():
    text = (
        "“The talks went well,” The Times quoted him. The minister said the plan would work.\n"
        "Trade Talks Resume As The Deadline Nears\n"
        "Talks resumed on Monday. Officials said talks would go on. Deadline pressure grew, "
        "and the deadline was set for Friday."
    )
    # "The" inside a quotation opener and a name, and the title-case headline, make no name
    # of "the", "talks" or "deadline"
    assert _evidence("TRN003", text) == []


def test_clipped_title():
    text = (
        "After meeting with Trump, President Tu said no one could stop him. Erdogan returned "
        "to Turkey on Thursday."
    )
    assert _evidence("TRN004", text) == ["President Tu"]
    # nothing "Tu" could be clipped from: a real name, for all the rule can tell
    assert _evidence("TRN004", text.replace("Turkey", "Ankara")) == []
    assert _evidence("TRN004", "President Xi met Chancellor Scholz. Xi said trade grew.") == []


def test_formulaic_phrases():
    assert _evidence("TRN005", MT_PARAGRAPH) == ["today news that", "It is reported that"]
    english = "It is understood that the minister will resign, the BBC reported on Monday."
    assert _evidence("TRN005", english) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Talks failed.\n\n Talks failed.\n\nThe summit ended early.", ["Talks failed."]),
        ("Erdogan said at the conference He added, turkey can buy missiles.", ["conference He"]),
        (
            "We will not give up the strategic relations, Erdogan said.” The talks ended.",
            ["We will not give up the strategic relations, Erdogan said.” The talks ended."],
        ),
    ],
)
def test_structural_artefacts(text, expected):
    assert _evidence("TRN006", text) == expected


def test_statistical_model_file_and_signal():
    model = _model()
    assert 0 < model.threshold < 1 and len(model.coef) == len(model.idf) == len(model.index)
    # reporting verbs are masked: no feature of the shipped model contains one
    assert not any(w in model.lexicon.masked_words for f in model.index for w in f.split())
    result = run_rule("TRN007", MT_PARAGRAPH)
    p = result.measures["translation.mt_probability"]
    assert p == round(mt_probability(MT_PARAGRAPH), 4)


def test_statistical_ignores_typography():
    seed = MT_SEED.read_text(encoding="utf-8")
    curly = seed.replace("'", "\u2019").replace(" - ", " \u2014 ")
    curly = re.sub(r'"(?=\w)', "\u201c", curly).replace('"', "\u201d")
    assert mt_probability(curly) == mt_probability(normalise_typography(seed))


def test_statistical_does_not_read_reporting_verbs():
    seed = MT_SEED.read_text(encoding="utf-8")
    assert mt_probability(seed.replace("said", "told")) == mt_probability(seed)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Erdogan returned to Turkey on Thursday, the agency said.", "too short"),
        (
            re.sub(r"[.!?]", "", REWRITE_SEED.read_text(encoding="utf-8")),
            "too little sentence punctuation",
        ),
    ],
)
def test_statistical_gives_no_probability_on_bad_input(text, reason):
    result = run_rule("TRN007", text)
    assert "translation.mt_probability" not in result.measures
    assert result.measures["translation.mt_not_applicable"].startswith(reason)
    assert mt_probability(text) is None


def test_statistical_not_applicable_to_another_language():
    text = (
        "Am Sonntag sagte der Präsident, dass die Türkei weitere Raketen kaufen werde. Die "
        "Gespräche mit Washington seien gescheitert, sagte er vor Journalisten in Ankara."
    )
    result = run_rule("TRN007", text)
    assert result.skipped["TRN007"].startswith("not applicable")
    # and the model itself refuses a text that does not read as English
    assert not_applicable(text * 4).startswith("does not read as English")
