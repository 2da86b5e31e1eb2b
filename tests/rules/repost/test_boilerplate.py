from support import REPOST_SEED, REWRITE_SEED, run_rule, spans_ok


def test_seed_000_originally_published_line_is_found():
    result = run_rule("REP001", REPOST_SEED.read_text(encoding="utf-8"))
    evidence = [f.evidence for f in result.findings]
    assert "This post was originally published on this site" in evidence
    assert spans_ok(result)
    assert result.scores["repost"] < 100


def test_appeared_first_on_credits_the_original_site():
    text = (
        "Erdogan said Turkey would buy a second batch of S-400 systems from Russia.\n\n"
        "The post Erdogan: Turkey intends to buy S-400 from Russia appeared first on "
        "Amos37.com."
    )
    result = run_rule("REP001", text)
    [finding] = result.findings
    assert finding.data["credit"] == "Amos37.com"
    assert result.measures["repost.credits"] == "Amos37.com"


def test_german_french_spanish_forms():
    lines = [
        "Der Beitrag Erdogan will weitere S-400 kaufen erschien zuerst auf Tagesspiegel.",
        "L'article Erdogan veut acheter des S-400 est apparu en premier sur Le Monde.",
        "La entrada Erdogan quiere comprar más S-400 se publicó primero en El País.",
    ]
    for line in lines:
        result = run_rule("REP001", "Erdogan spoke to reporters in Ankara on Sunday.\n\n" + line)
        assert [f.evidence for f in result.findings] == [line]


def test_ap_copyright_line():
    line = (
        "© 2019 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed."
    )
    result = run_rule("REP001", "The storm reached the coast on Monday.\n" + line)
    assert result.findings[0].data["credit"] == "The Associated Press"


def test_news_text_that_mentions_publication_is_not_boilerplate():
    # A sentence about an original publication inside the body is journalism, not furniture.
    result = run_rule("REP001", REWRITE_SEED.read_text(encoding="utf-8"))
    assert result.findings == []
    assert result.scores["repost"] == 100


def test_page_furniture_is_info_and_counts_in_the_share():
    furniture = [
        "Share on Facebook",
        "Share this:",
        "We use cookies (why?) You can change cookie preferences. Continued site use signifies "
        "consent.",
        "Sign up for free newsletters and get more CNBC delivered to your inbox",
        "Privacy Policy | Terms & Conditions",
        "© 2019 Reuters. All Rights Reserved.",
    ]
    body = "Erdogan said Turkey would buy a second batch of S-400 systems from Russia."
    result = run_rule("REP001", body + "\n" + "\n".join(furniture))
    assert [f.evidence for f in result.findings] == furniture
    assert {f.severity.value for f in result.findings[:5]} == {"info"}
    assert result.measures["repost.boilerplate_share"] > 0.5


def test_a_line_crediting_the_sites_own_section_is_furniture():
    text = (
        "Senate and House Republicans reached agreement on Wednesday on a combined budget.\n"
        "Read More on Capital Journal Capital Journal is WSJ.com's home for politics news."
    )
    result = run_rule("REP001", text, source="wsj.com")
    [finding] = result.findings
    assert finding.severity.value == "info"
    elsewhere = run_rule("REP001", text, source="example-portal.com")
    assert [f.severity.value for f in elsewhere.findings] == ["warning"]


def test_a_copyright_line_of_the_sites_own_publisher_is_furniture():
    text = (
        "An earlier version of this article incorrectly stated the date of the hearing.\n"
        "Copyright ©2019 Dow Jones & Company, Inc. All Rights Reserved."
    )
    [own] = run_rule("REP001", text, url="https://www.wsj.com/articles/x-11573").findings
    assert own.severity.value == "info"
    # the same line on a site Dow Jones does not own credits it as the original
    [other] = run_rule("REP001", text, source="example-portal.com").findings
    assert other.severity.value == "warning"
    assert other.data["credit"] == "Dow Jones & Company, Inc"


def test_a_read_the_full_story_here_line_credits_no_site():
    line = "Read the full story on donations to racial equality groups here."
    assert run_rule("REP001", "Three men were indicted.\n" + line).findings == []
    credit = "Three men were indicted.\nRead the full article at Civil Eats."
    [f] = run_rule("REP001", credit).findings
    assert f.data["credit"] == "Civil Eats"
