from support import MT_SEED, REPOST_SEED, REWRITE_SEED, run_rule, spans_ok


def test_seed_000_title_url_and_author():
    result = run_rule("REP002", REPOST_SEED.read_text(encoding="utf-8"))
    [finding] = result.findings
    assert finding.evidence.startswith("Erdogan: Turkey intends to buy S-400 from Russia")
    assert finding.evidence.endswith("Josh Toupos")
    assert result.measures["repost.tail_credits"] == "amos37.com"
    assert spans_ok(result)


def test_seed_004_portal_source_line():
    result = run_rule("REP002", MT_SEED.read_text(encoding="utf-8"))
    [finding] = result.findings
    assert finding.evidence == "Source: editor in charge of overseas website: Liu Yuxin, nbjs7825"


def test_article_ending_in_prose_has_no_tail():
    assert run_rule("REP002", REWRITE_SEED.read_text(encoding="utf-8")).findings == []


def test_url_inside_the_body_is_not_a_tail():
    text = (
        "The ministry published the figures at https://example.gov/report on Monday.\n\n"
        + "Officials said the numbers would be revised next month. " * 3
        + "\n\nThe next update is due in March.\n\nAnalysts expect a rise."
        + "\n\nThe ministry did not comment further.\n\nMarkets were closed for the holiday."
    )
    assert run_rule("REP002", text).findings == []
