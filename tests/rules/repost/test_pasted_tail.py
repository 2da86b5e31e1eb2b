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


STORY = (
    "Rep. Elissa Slotkin said Monday she will vote to impeach President Donald Trump, "
    "announcing her decision at a town hall in her Michigan district.\n\n"
    "The freshman Democrat said the evidence showed an abuse of power.\n\n"
)


def test_a_link_to_the_articles_own_site_is_not_a_tail():
    text = STORY + "Follow AP news coverage of the impeachment at https://apnews.com/Impeachment"
    assert run_rule("REP002", text, source="apnews.com").findings == []
    # the same line on another site is a pasted tail crediting the original
    [finding] = run_rule("REP002", text, source="example-portal.com").findings
    assert finding.data["credits"] == ["apnews.com"]


def test_a_share_line_with_a_short_link_is_not_a_tail():
    text = STORY + "Read or Share this story: http://cin.ci/1SAXhGb"
    assert run_rule("REP002", text, source="cincinnati.com").findings == []


def test_an_embedded_post_is_not_a_tail():
    text = STORY + "https://twitter.com/SenSchumer/status/1206347286214864896"
    assert run_rule("REP002", text, source="example-portal.com").findings == []


def test_a_portal_source_line_with_the_originals_url_is_a_tail():
    text = STORY + "Source: http://www.redorbit.com/news/space/1113417303/hubble-rare-image/"
    [finding] = run_rule("REP002", text, source="beforeitsnews.com").findings
    assert finding.data["credits"] == ["redorbit.com"]


def test_references_are_not_pasted_tails():
    for line in (
        "SOURCE: Archives of General Psychiatry, February 2010.",
        "Source: Dow Jones Market Data",
        "Online: AP-NORC Center: http://www.apnorc.org/",
    ):
        assert run_rule("REP002", STORY + line, source="reuters.com").findings == [], line


def test_a_dated_portal_link_is_still_a_tail():
    text = STORY + "Source: https://www.example-news.com/2019/05/hubble-rare-image"
    [finding] = run_rule("REP002", text, source="beforeitsnews.com").findings
    assert finding.data["credits"] == ["example-news.com"]


def test_links_under_a_reference_label_are_not_a_tail():
    text = STORY + "___\n\nOnline:\n\nAP-NORC Center: http://www.apnorc.org/"
    assert run_rule("REP002", text, source="apnews.com").findings == []


def test_a_front_page_link_in_the_writers_prose_is_not_a_tail():
    # deseretnews.com: a columnist's pointer to a site, not the original of a copy
    text = STORY + (
        "Like the possibility? Help yourself to a living room conversation. No charge. "
        "Rules are at http://LivingRoomConversations.org."
    )
    assert run_rule("REP002", text, source="deseretnews.com").findings == []
    # the same site's article page is still a pasted original's link
    text = STORY + "https://www.zerohedge.com/health/quarter-americans-have-no-interest"
    [finding] = run_rule("REP002", text, source="theduran.com").findings
    assert finding.data["credits"] == ["zerohedge.com"]


def test_a_short_link_names_no_original():
    text = STORY + "Read the documents: http://apne.ws/NuF4iSJ"
    assert run_rule("REP002", text, source="apnews.com").findings == []


def test_a_reference_list_is_not_a_tail():
    for line in (
        "(2) http://www.thenation.com/article/172630/why-its-legal-when-us-does-it#",
        "[75] Kirk, R. (1981). The moral imagination. The Russell Kirk Center. "
        "Retrieved from: https://kirkcenter.org/imagination/the-moral-imagination",
        "Sommer, Andrei P. “Mitochondrial Cytochrome c Oxidase Is Not the Primary Acceptor "
        "for near Infrared Light.” Scientific Reports, https://doi.org/10.1038/s41598-019",
    ):
        assert run_rule("REP002", STORY + line, source="strategic-culture.org").findings == []
