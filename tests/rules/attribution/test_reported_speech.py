from auditor.rules.attribution.relations import extract_rules
from support import MT_SEED, REPOST_SEED, run_rule, spans_ok


def _relations(result):
    text = result.article.text
    out = []
    for f in result.findings:
        rel = f.data["relation"]
        src = text[rel["source"][0] : rel["source"][1]] if rel["source"] else None
        out.append((src, text[rel["cue"][0] : rel["cue"][1]], rel["source_kind"], f.evidence))
    return out


def _pattern_relations(text):
    """The same tuples from the regex extractor alone (the patterns kept beside the model and
    the extractor `auditor eval` compares the model with)."""
    return [
        (
            text[r.source[0] : r.source[1]] if r.source else None,
            text[r.cue[0] : r.cue[1]],
            r.kind,
            text[r.content[0] : r.content[1]],
        )
        for r in extract_rules(text)
    ]


def _pattern_kinds(text):
    """Source text -> source kind, from the regex extractor."""
    return {r[0]: r[2] for r in _pattern_relations(text)}


def test_seed_000_state_department_spokesperson_and_reuters():
    result = run_rule("ATT003", REPOST_SEED.read_text(encoding="utf-8"))
    rels = _relations(result)
    spokes = [r for r in rels if r[0] == "a State Department spokesperson"]
    assert spokes and spokes[0][1] == "said" and spokes[0][2] == "anonymous"
    assert spokes[0][3].startswith("\u201cWe urge Turkey at every level")
    assert any(r[0] == "Reuters" and r[1] == "reports" for r in rels)
    assert spans_ok(result)
    assert result.measures["attribution.claims"] == len(rels)


def test_seed_004_agentless_reporting():
    result = run_rule("ATT003", MT_SEED.read_text(encoding="utf-8"))
    agentless = [r for r in _relations(result) if r[2] == "none"]
    # the tagger's cue is "is reported" ("It" is no source), the pattern's "It is reported"
    assert agentless and agentless[0][1] in ("It is reported", "is reported")
    assert agentless[0][3].startswith("the United States has always opposed")


def test_front_and_back_patterns_on_real_sentences():
    text = (
        "Turkish President Recep Tayyip Erdogan said on Sunday that Turkey still intended to "
        "buy a second batch of S-400 missile defense systems from Russia. "
        "Nobody can interfere with that, he added. "
        "Officials said the talks would resume in December."
    )
    rels = _pattern_relations(text)
    assert rels[0][:3] == ("Turkish President Recep Tayyip Erdogan", "said", "named")
    assert rels[0][3].startswith("Turkey still intended")
    assert rels[1][:3] == ("he", "added", "named")  # resolved to Erdogan
    assert rels[2][:3] == ("Officials", "said", "anonymous")


def test_anonymous_sourcing_warning():
    text = (
        "Officials said the deal was off after weeks of talks in Ankara. "
        "Sources say the talks will resume next month in Brussels. "
        "A person familiar with the matter said the ministry was unhappy with the terms. "
        "Foreign Minister Mevlut Cavusoglu said the country would keep its options open."
    )
    result = run_rule("ATT004", text)
    [finding] = result.findings
    assert finding.evidence == "Officials"
    assert "3 of 4 sourced claims name no source" in finding.message


def test_agentless_warning():
    text = MT_SEED.read_text(encoding="utf-8")
    result = run_rule("ATT005", text)
    [finding] = result.findings  # "It is reported that the United States has always opposed"
    assert finding.evidence in ("It is reported", "is reported")
    assert text[finding.end :].startswith(" that the United States")
    assert spans_ok(result)


def test_content_after_a_mid_sentence_cue_and_conjunction_before_the_source():
    # seed 001's wording, with a leading clause and a conjunction before the source
    text = (
        "Asked about the purchase on CBS News, Erdogan said Ankara intends to purchase a second "
        "batch of S-400 missile defense systems from Russia. "
        "He spoke in New York on Sunday, and Erdogan said nobody can interfere with that."
    )
    rels = _pattern_relations(text)
    assert rels[0][:2] == ("Erdogan", "said")
    assert rels[0][3].startswith("Ankara intends to purchase")
    assert rels[1][:2] == ("Erdogan", "said")  # not "and Erdogan"
    assert rels[1][3].startswith("nobody can interfere")


def test_two_relations_in_one_sentence_and_a_participle_clause():
    text = (
        "\u201cNobody can interfere with that,\u201d Erdogan said, adding that Turkey alone "
        "makes such decisions. "
        "Erdogan said Turkey would buy more systems; a State Department spokesperson said any "
        "new purchase would risk sanctions."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1]) for r in rels] == [
        ("Erdogan", "said"),
        ("Erdogan", "adding"),
        ("Erdogan", "said"),
        ("a State Department spokesperson", "said"),
    ]
    assert rels[1][3] == "that Turkey alone makes such decisions"
    assert rels[3][2] == "anonymous"


def test_appositive_source_double_apostrophe_quotes_and_headline_colon():
    text = (
        "Erdogan: Nobody Can Interfere in Turkey's Defense Purchases\n\n"
        "Ismail Demir, the head of Turkey's Defense Industry Directorate, said the sanctions "
        "would not stop the program. "
        "''We continue to make clear to Turkey that any significant new Russian arms purchases "
        "would risk triggering CAATSA 231 sanctions,'' a State Department spokesperson said.\n\n"
        "Note: this story was updated."
    )
    rels = _pattern_relations(text)
    assert rels[0][:3] == ("Erdogan", ":", "named")
    assert rels[1][:2] == (
        "Ismail Demir, the head of Turkey's Defense Industry Directorate,",
        "said",
    )
    assert rels[1][3].startswith("the sanctions would not stop")
    assert rels[2][:3] == ("a State Department spokesperson", "said", "anonymous")
    assert rels[2][3].startswith("''We continue to make clear")
    assert len(rels) == 3  # "Note:" is a label, not a source


def test_intro_sentence_headline_verbs_abbreviated_and_coordinated_sources():
    text = (
        "Erdogan Says Turkey Will Buy More S-400s\n\n"
        "Erdogan spoke to CBS News and said nobody can interfere with that. "
        "We are the only ones to make such decisions, said Mr. Erdogan. "
        "A State Department spokesperson told reporters. "
        "\u201cWe urge Turkey at every level and opportunity not to retain the S-400 system.\u201d"
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1]) for r in rels] == [
        ("Erdogan", "Says"),
        ("Erdogan", "said"),
        ("Mr. Erdogan", "said"),
        ("A State Department spokesperson", "told"),
    ]
    assert rels[1][3] == "nobody can interfere with that"
    assert rels[3][3].startswith("\u201cWe urge Turkey")
    # a coordinated verb that is not speech keeps no source across "and"
    police = _pattern_relations("Police arrested and questioned the student.")
    assert police == []


def test_caption_credits_citations_and_long_sources():
    text = (
        "Turkish President Tayyip Erdogan at the United Nations General Assembly. "
        "Photo: Reuters\n\n"
        "\u201cErdogan says Turkey intends to buy more Russian missile systems\u201d \u2014 "
        "Reuters, September 26, 2021\n\n"
        "Both the State Department and the Pentagon's Defense Security Cooperation Agency have "
        "warned that any new purchase would risk triggering CAATSA 231 sanctions."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1]) for r in rels] == [
        ("Reuters", "Photo:"),
        ("Reuters, September 26, 2021", "\u2014"),
        (
            "Both the State Department and the Pentagon's Defense Security Cooperation Agency",
            "have warned",
        ),
    ]
    assert rels[0][3] == "Turkish President Tayyip Erdogan at the United Nations General Assembly"


def test_interrupted_quotation_short_answer_and_speaker_after_a_question():
    text = (
        "\u201cIn the future, nobody will be able to interfere,\u201d Erdogan said, \u201cwe are "
        "the only ones to make such decisions.\u201d\n\n"
        "Asked whether Turkey would buy a second batch, Erdogan said, \u201cCertainly.\u201d\n\n"
        "\u201cWho can interfere with that?\u201d Erdogan asked."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1]) for r in rels] == [
        ("Erdogan", "said"),
        ("Erdogan", "said"),
        ("Erdogan", "asked"),
    ]
    assert rels[0][3].endswith("such decisions.\u201d")  # both pieces of the quotation
    assert rels[1][3] == "\u201cCertainly.\u201d"
    assert rels[2][3] == "\u201cWho can interfere with that?\u201d"


def test_subject_of_a_participle_leading_clauses_and_according_to_with_apposition():
    text = (
        "Erdogan met reporters in New York on Sunday, saying nobody can interfere with "
        "Turkey's decisions. "
        "Last December, after Ankara bought the first batch, Washington said the purchase "
        "violated CAATSA. "
        "Turkey is among the top jailers of journalists, according to the Committee to Protect "
        "Journalists, a press freedom group."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1]) for r in rels] == [
        ("Erdogan", "saying"),
        ("Washington", "said"),
        ("the Committee to Protect Journalists", "according to"),
    ]
    assert rels[0][3] == "nobody can interfere with Turkey's decisions"
    assert rels[1][3].startswith("the purchase violated")


def test_passives_objects_before_that_and_quoted_as_saying():
    text = (
        "A second battery was found at the airbase on Monday. "
        "Erdogan was quoted as saying that Turkey would buy a second batch. "
        "Cavusoglu told reporters in Ankara on Friday that the deal was done. "
        "The minister asked officials how the documents that were stolen had reached the press."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1]) for r in rels] == [
        ("Erdogan", "was quoted as saying"),
        ("Cavusoglu", "told"),
        ("The minister", "asked"),
    ]
    assert rels[0][3] == "Turkey would buy a second batch"
    assert rels[1][3] == "the deal was done"
    # "that" opens a relative clause here, so the content starts after the cue
    assert rels[2][3].startswith("officials how the documents")


def test_parenthetical_speaker_inverted_cues_and_initials():
    text = (
        "Any delay in the delivery, he said, would be a matter for Moscow. "
        "Ismail Demir, the head of Turkey's defence industry directorate, told the Hurriyet "
        "newspaper that the talks were going well. "
        "Aaron Stein, a fellow at the Atlantic Council, said a second batch would trigger "
        "sanctions, including a ban on export licences. "
        "Donald J. Trump said the sale was a mistake."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1]) for r in rels] == [
        ("he", "said"),
        ("Ismail Demir, the head of Turkey's defence industry directorate,", "told"),
        ("Aaron Stein, a fellow at the Atlantic Council,", "said"),
        ("Donald J. Trump", "said"),
    ]
    # both sides of "..., he said, ..." are what he said
    assert rels[0][3] == "Any delay in the delivery, he said, would be a matter for Moscow"
    assert rels[1][3] == "the talks were going well"
    assert rels[2][3].startswith("a second batch would trigger sanctions")


def test_intro_with_colon_dash_signed_quotations_and_participles_after_quotes():
    text = (
        "The State Department tweeted on its official account:\n\n"
        "\u201cWe urge Turkey to reconsider. The purchase undermines NATO.\u201d\n\n"
        "\u201cTurkey will decide for itself.\u201d \u2015 Mevlut Cavusoglu\n\n"
        "Erdogan said the talks were \u201cgoing well,\u201d referring to the summit in Osaka. "
        "The deal will close next week, Kalin said, adding, \u201cWe have no doubts.\u201d\n\n"
        "\u201cDid you know about the sanctions?\u201d Todd asked the minister."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1]) for r in rels] == [
        ("The State Department", "tweeted"),
        ("Mevlut Cavusoglu", "\u2015"),
        ("Erdogan", "said"),
        ("Erdogan", "referring to"),
        ("Kalin", "said"),
        ("Kalin", "adding"),
        ("Todd", "asked"),
    ]
    # the whole quotation after the colon, over both of its sentences
    assert rels[0][3].endswith("The purchase undermines NATO.\u201d")
    assert rels[1][3] == "\u201cTurkey will decide for itself.\u201d"
    assert rels[1][2] == "named"
    assert rels[6][3] == "\u201cDid you know about the sanctions?\u201d"


def test_later_cue_long_appositions_and_agentless_hedges():
    text = (
        "In interviews and tweets, Erdogan has argued that the sanctions would be illegal. "
        "Earlier this week, Mevlut Cavusoglu, who served as Turkey's envoy to the United Nations "
        "in New York when the first talks were held, conceded the delay was "
        "\u201cregrettable.\u201d "
        "Officials have also said a second batch is on its way. "
        "The missiles are reportedly stored near Ankara."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1], r[2]) for r in rels] == [
        ("Erdogan", "has argued", "named"),
        (
            "Mevlut Cavusoglu, who served as Turkey's envoy to the United Nations in New York "
            "when the first talks were held,",
            "conceded",
            "named",
        ),
        ("Officials", "have also said", "anonymous"),
        (None, "reportedly", "none"),
    ]
    assert rels[0][3] == "the sanctions would be illegal"
    assert rels[3][3] == "stored near Ankara"


def test_quotation_before_a_speaker_with_an_object():
    text = (
        "He was asked about the sanctions. "
        "\u201cWe made our decision,\u201d he told CNN's Christiane Amanpour in Ankara. "
        "\u201cIt is final,\u201d Erdogan said, asked about the deadline."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1], r[3]) for r in rels] == [
        ("he", "told", "\u201cWe made our decision"),
        ("Erdogan", "said", "\u201cIt is final"),
    ]


def test_quoted_as_saying_and_progressive_cues_without_that():
    text = (
        "Erdogan was quoted as saying Turkey would not step back. "
        "Erdogan is insisting the purchase is final."
    )
    rels = _pattern_relations(text)
    assert [(r[0], r[1], r[3]) for r in rels] == [
        ("Erdogan", "was quoted as saying", "Turkey would not step back"),
        ("Erdogan", "is insisting", "the purchase is final"),
    ]


def test_pattern_density_measures_count_the_patterns_relations_alone():
    text = REPOST_SEED.read_text(encoding="utf-8")
    m = run_rule("ATT003", text).measures
    rels = _pattern_relations(text)
    named = sum(1 for r in rels if r[2] == "named")
    words = len(text.split())
    assert m["attribution.pattern_claims_per_1000_words"] == round(1000 * len(rels) / words, 3)
    assert m["attribution.pattern_named_per_1000_words"] == round(1000 * named / words, 3)
    assert m["attribution.pattern_named_share"] == round(named / len(rels), 4)
    # nothing attributed: densities 0 and no share
    bare = run_rule("ATT003", "The bridge opened in 1932. It is 500 metres long.").measures
    assert bare["attribution.pattern_claims_per_1000_words"] == 0
    assert "attribution.pattern_named_share" not in bare


def test_source_kind_reads_the_head_phrase():
    text = (
        "A spokeswoman for Hillary Clinton said the campaign would release the records. "
        "Officials at the Department of Homeland Security said the program was under review. "
        "A Bloomberg poll released on Monday showed that the race had tightened. "
        "Others in the Republican caucus said the bill would not pass. "
        "Spokesman John Kirby said the talks would continue."
    )
    kinds = _pattern_kinds(text)
    assert kinds["A spokeswoman for Hillary Clinton"] == "anonymous"  # the person is not named
    assert kinds["Officials at the Department of Homeland Security"] == "anonymous"
    assert kinds["Others in the Republican caucus"] == "anonymous"
    assert kinds["Spokesman John Kirby"] == "named"
    from auditor.rules.attribution import relations

    heads = relations.anonymous_heads("en")
    assert relations._kind("A Bloomberg poll", heads, False, False) == "named"
    assert relations._kind("a new poll", heads, False, False) == "anonymous"
    assert relations._kind("the South Carolina senator", heads, False, False) == "anonymous"


def test_source_kind_head_phrase_ends_at_a_comma():
    """A name before an apposition is the head ("John Kirby, a spokesman for the State
    Department"); a name in the apposition after an anonymous head names it ("the White House
    press secretary, Jen Psaki,"); a person named by role alone stays anonymous."""
    text = (
        "John Kirby, a spokesman for the State Department, said the talks would continue. "
        "The White House press secretary, Jen Psaki, said the president would travel to Brussels. "
        "A spokesman for the State Department, who was not authorised to speak, said the "
        "talks would continue."
    )
    kinds = _pattern_kinds(text)
    assert kinds["John Kirby, a spokesman for the State Department,"] == "named"
    assert kinds["The White House press secretary, Jen Psaki,"] == "named"
    assert kinds["A spokesman for the State Department, who was not authorised to speak,"] == (
        "anonymous"
    )


def test_source_kind_sentence_initial_capital_is_no_name_for_a_common_word():
    """A capital at a sentence start makes no name of a word the article writes in lower case
    ("Investors"), while a name the article capitalises elsewhere stays named ("Yellen")."""
    text = (
        "Janet Yellen spoke at the hearing, and several investors attended it. "
        "Investors said the rate rise was already priced in. "
        "Yellen said the economy was strong enough to bear it."
    )
    kinds = _pattern_kinds(text)
    assert kinds["Investors"] == "anonymous"
    assert kinds["Yellen"] == "named"


def test_source_kind_singular_role_heads_are_anonymous():
    """A singular role is as anonymous as its plural ("supporters", "strategists")."""
    text = (
        "One Sanders supporter said the rally was the largest she had seen. "
        "A Democratic strategist said the party would hold the seat."
    )
    kinds = _pattern_kinds(text)
    assert kinds["One Sanders supporter"] == "anonymous"
    assert kinds["A Democratic strategist"] == "anonymous"


def test_agentless_warning_is_for_the_formulas_that_hide_a_source():
    text = (
        "The talks were described as constructive. "
        "It is understood that a second round will follow in December. "
        "Cruz has been on a poaching mission, reportedly winning over enough delegates. "
        "The minister is said to have offered his resignation twice."
    )
    evidence = [f.evidence for f in run_rule("ATT005", text).findings]
    assert evidence == ["It is understood", "reportedly", "is said to have"]


def test_agentless_warning_spares_named_sources_forecasts_and_hedges():
    text = (
        "Disney and SeaWorld are expected to reopen next month, according to local news outlets. "
        "Rebecca Kristeleit defended the trial design, adding that the results were robust. "
        "The bill is expected to pass the Senate on Tuesday. "
        "The deal seemed to fall apart after the second meeting. "
        "Walker was charged with allegedly shooting at an officer, the police announced."
    )
    assert run_rule("ATT005", text).findings == []


def test_anonymous_sourcing_counts_only_sources_that_say_they_name_no_one():
    # a back-reference to a named company and the respondents of a named poll are no
    # anonymous sources, whatever the extractor makes of them
    company = (
        "Boeing said on Wednesday it would cut 10 percent of its workforce. "
        "The company also said it expected deliveries to recover next year. "
        "The company said the cuts would fall mostly on its commercial unit."
    )
    poll = (
        "A new Pew Research Center survey found that most voters back the measure. "
        "Fifty-eight percent said they would vote for it. "
        "Forty-four percent told Pew they were worried about the cost."
    )
    for text in (company, poll):
        assert run_rule("ATT004", text).findings == [], text


def test_agentless_formulas_a_named_source_answers_for_are_spared():
    text = (
        "\u201cIt is said that the tree of peace lives off blood,\u201d Park said at the summit. "
        "Xinhua said the outbreak began in December. The reports say the market was closed "
        "within a week."
    )
    assert run_rule("ATT005", text).findings == []


def test_agentless_formulas_in_a_sentence_that_credits_an_outlet_are_spared():
    # read on rated outlets (corpora/sources dev): the sentence names who reported it
    credited = (
        "He is also believed to have mowed a 40-foot swastika into the grass at a local park, "
        "The Washington Post reported. "
        "Rogan sold the series to Spotify in a licensing deal that is reportedly worth more "
        "than $100 million, The Wall Street Journal reported on Thursday. "
        "The gunman was believed to be dressed as a delivery man at the time of the shooting, "
        "a highly placed source tells NBC New York."
    )
    assert run_rule("ATT005", credited).findings == []
    # a credit right after the formula is what was reported, and "reported to" is no credit
    agentless = (
        "Amazon reportedly told Shrier's publisher, Regnery Publishing, that the book may not "
        "be appropriate for all audiences. "
        "Mr. Mannix reported daily to Louis B. Mayer; he was said to have been handed every "
        "telegram sent or received by a player."
    )
    evidence = [f.evidence for f in run_rule("ATT005", agentless).findings]
    assert evidence == ["reportedly", "was said to have"]


def test_anonymous_sourcing_needs_most_claims_and_real_ones():
    half = (
        "Officials said the talks would resume in December. "
        "Sources say the ministry was unhappy with the terms. "
        "Foreign Minister Mevlut Cavusoglu said the country would keep its options open. "
        "Defence Minister Hulusi Akar said the system would be active by April."
    )
    assert run_rule("ATT004", half).findings == []  # two of four: not "most"
    hypothetical = (
        "Some would say the deal was never serious. Critics might argue the talks failed. "
        "Others will say the terms were fair. Officials said the talks would resume."
    )
    assert run_rule("ATT004", hypothetical).findings == []
