from support import REPOST_SEED, REWRITE_SEED, run_rule, spans_ok


def test_orphan_quotation_is_an_error():
    text = (
        "Turkey will keep the S-400 system, officials in Ankara said on Monday.\n\n"
        "\u201cWe will not give up the strategic relations between Turkey and Russia.\u201d\n\n"
        "The United States has opposed the purchase."
    )
    result = run_rule("ATT001", text)
    [finding] = result.findings
    assert finding.severity.value == "error"
    assert finding.evidence.startswith("\u201cWe will not give up")
    assert spans_ok(result)
    assert result.scores["attribution"] < 100


def test_seed_quotations_are_attributed():
    for seed in (REPOST_SEED, REWRITE_SEED):
        result = run_rule("ATT001", seed.read_text(encoding="utf-8"))
        assert result.findings == [], seed.name
        assert result.measures["attribution.quotes"] >= 4
        assert (
            result.measures["attribution.quotes"]
            == result.measures["attribution.quotes_attributed"]
        )


def test_continuation_paragraph_counts_as_attributed():
    # Seed 001: a quote-only paragraph continues Erdogan's attributed quotation.
    text = REWRITE_SEED.read_text(encoding="utf-8")
    assert "\u201cNobody can interfere with that." in text
    assert run_rule("ATT001", text).findings == []


def test_titles_in_quotes_are_not_quotations():
    text = "Erdogan spoke in an interview that aired on CBS News\u2019 \u201cFace the Nation\u201d."
    result = run_rule("ATT001", text)
    assert result.measures["attribution.quotes"] == 0


def test_german_reporting_verb():
    text = (
        "\u201eWir werden die Raketen trotzdem kaufen\u201c, sagte Erdogan. "
        '"Niemand kann uns das verbieten, auch nicht die USA", erklärte er am Sonntag.'
    )
    result = run_rule("ATT001", text)
    assert result.findings == []
    assert result.measures["attribution.quotes_attributed"] == 2
