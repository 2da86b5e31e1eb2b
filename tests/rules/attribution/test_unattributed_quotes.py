from support import REPOST_SEED, REWRITE_SEED, run_rule, spans_ok


def test_orphan_quotation_is_reported_as_info():
    text = (
        "Turkey will keep the S-400 system, officials in Ankara said on Monday.\n\n"
        "\u201cWe will not give up the strategic relations between Turkey and Russia.\u201d\n\n"
        "The United States has opposed the purchase."
    )
    result = run_rule("ATT001", text)
    [finding] = result.findings
    assert finding.severity.value == "info"  # no accusation: see the rule's `severity`
    assert finding.evidence.startswith("\u201cWe will not give up")
    assert spans_ok(result)
    assert result.scores["attribution"] is not None


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


def _findings(text):
    return [f.evidence for f in run_rule("ATT001", text).findings]


def test_mixed_quotation_marks_do_not_swallow_the_attribution():
    # curly open, straight close: read as one style only, the first quotation ran on to the
    # next closing curly mark and took "said David Barnas" inside it
    text = (
        '\u201cThese are great, experienced employees," said David Barnas, GM spokesman. '
        '"Their transition will be handled with care.\u201d'
    )
    assert _findings(text) == []


def test_quotation_inside_the_writers_sentence_is_attributed_by_it():
    text = (
        "The president defended the tariffs on Monday.\n\n"
        "He said they would stay in place for \u201ca long period of time to come.\u201d\n\n"
        'Gov. Earl Ray Tomblin lauded Mr. Clarke for helping develop "new and innovative ideas."'
    )
    result = run_rule("ATT001", text)
    assert result.findings == []
    assert result.measures["attribution.quotes"] == result.measures["attribution.quotes_attributed"]


def test_named_phrases_are_not_quotations():
    text = (
        "The senators back the so-called \u201cMedicare for All Act of 2019.\u201d\n\n"
        "The Dispatch ran a piece titled \u201cChina shows the virus can be beaten.\u201d"
    )
    result = run_rule("ATT001", text)
    assert result.findings == []
    assert result.measures["attribution.quotes"] == 0


def test_quotations_that_name_their_speaker():
    text = (
        '"WALLACE: If I may, sir, because we have got limited time."\n\n'
        "\u201cThe most unqualified child to ever run for president.\u201d"
        " \u2015 Francisco Herrero\n\n"
        "\u201cYou have called women you don\u2019t like fat pigs and dogs,\u201d"
        " Kelly charged.\n\n"
        '"We are going to enter the next recession without that consensus.\n'
        'Josh Bivens, Economic Policy Institute."'
    )
    assert _findings(text) == []


def test_multi_paragraph_quotation_after_an_introduction():
    # each paragraph of a long quotation opens with a mark and only the last one closes
    text = (
        "He then listed the questions a voter should ask:\n\n"
        '"Has the candidate a record of personal activism and leadership?\n\n'
        '"Is the candidate surrounded by people with a firm commitment to principle?\n\n'
        '"Can the liberal media destroy any truly conservative candidate?"'
    )
    assert _findings(text) == []


def test_an_orphan_after_an_attributed_paragraph_is_still_flagged():
    text = (
        "\u201cThe talks went well,\u201d the minister said on Monday.\n\n"
        "Markets rose on the news, and the lira gained two percent against the dollar.\n\n"
        "\u201cWe will not give up the strategic relations between our two countries.\u201d"
    )
    [evidence] = _findings(text)
    assert evidence.startswith("\u201cWe will not give up")


def test_a_colon_introduces_the_quotation_that_opens_the_next_paragraph():
    text = (
        "Those who reported discrimination were asked the following question:\n\n"
        "\u201cWhat do you think was the main reason for these experiences?\u201d Respondents "
        "could choose one of eleven answers."
    )
    assert _findings(text) == []


def test_subheads_pull_quotes_and_embedded_posts_name_their_speaker():
    text = (
        "\u2018We trust that God will do the rest\u2019\n\n"
        "\u201cIt is the most common question I hear from patients.\u201d Dr. John Petrozza, "
        "fertility specialist\n\n"
        "\u2018Masks might wind up helping the president\u2019s poll numbers\u2019: Nate Silver\n\n"
        "\u201cThe media will not tell you this story tonight.\u201d pic.twitter.com/x1 \u2014 "
        "Laura Ingraham (@IngrahamAngle) March 3, 2020\n\n"
        "\u201cIt\u2019s the devil you know versus the devil I know,\u2019\u2019 Brown now says."
    )
    assert _findings(text) == []


def test_a_new_sentence_after_a_quotation_is_no_credit():
    text = (
        "Markets rose on the news, and the lira gained two percent against the dollar.\n\n"
        "\u201cWe will not give up the strategic relations between our two countries.\u201d "
        "The deal was signed in 2017, and the first batteries arrived in 2019."
    )
    [evidence] = _findings(text)
    assert evidence.startswith("\u201cWe will not give up")
