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


def test_british_single_quotes():
    text = (
        "Turkey will keep the S-400 system, officials in Ankara said on Monday.\n\n"
        "\u2018We will not give up the strategic relations between Turkey and Russia.\u2019\n\n"
        "\u2018Nobody can interfere with that,\u2019 Erdogan told CBS News on Sunday."
    )
    result = run_rule("ATT001", text)
    assert result.measures["attribution.quotes"] == 2
    [finding] = result.findings
    assert finding.evidence.startswith("\u2018We will not give up") and spans_ok(result)


def test_spanish_quotation_dashes_and_cues():
    text = (
        "El presidente turco, Recep Tayyip Erdogan, confirmó el domingo que su país comprará "
        "un segundo lote de misiles rusos S-400 pese a las advertencias de Washington.\n\n"
        "\u2014Nadie puede interferir en esa decisión, somos los únicos que decidimos "
        "\u2014dijo Erdogan en una entrevista con la cadena CBS.\n\n"
        "La compra ha tensado las relaciones entre Ankara y sus aliados de la OTAN.\n\n"
        "\u2014Instamos a Turquía en cada nivel y en cada oportunidad a no comprar más armas "
        "rusas."
    )
    result = run_rule("ATT001", text)
    assert result.measures["language"] == "es"
    assert result.measures["attribution.quotes"] == 2
    [finding] = result.findings
    assert finding.evidence.startswith("\u2014Instamos a Turquía") and spans_ok(result)
