from support import MT_SEED, REPOST_SEED, run_rule

ARGUED = (
    "Why would anyone believe them? You know the answer! I have said it for years... "
    "They lie to you every single day, and you pay for it."
)
REPORTED = (
    "The Senate passed the bill 68-32 on Tuesday, the clerk said. It takes effect on "
    "January 1 and costs $4.2 billion over ten years, the Congressional Budget Office said."
)


def _m(text):
    return run_rule("RDB004", text).measures


def test_argued_text_asks_exclaims_and_addresses_the_reader():
    m = _m(ARGUED)
    assert m["readability.questions_per_1000_words"] > 0
    assert m["readability.exclamations_per_1000_words"] > 0
    assert m["readability.second_person_per_1000_words"] > 50
    assert m["readability.first_person_per_1000_words"] > 0
    assert m["readability.ellipses_per_1000_words"] > 0
    assert m["readability.dates_per_1000_words"] == 0


def test_reported_text_gives_dates_and_figures():
    m = _m(REPORTED)
    assert m["readability.questions_per_1000_words"] == 0
    assert m["readability.second_person_per_1000_words"] == 0
    assert m["readability.dates_per_1000_words"] > 0  # Tuesday, January
    assert m["readability.numbers_per_1000_words"] > 100  # 68, 32, 1, 4.2
    assert 4 < m["readability.mean_word_length"] < 7


def test_month_names_are_case_sensitive_and_seeds_have_no_findings():
    assert _m("You may march on. " * 5)["readability.dates_per_1000_words"] == 0
    for seed in (REPOST_SEED, MT_SEED):
        result = run_rule("RDB004", seed.read_text(encoding="utf-8"))
        assert not result.findings and "readability.questions_per_1000_words" in result.measures


def test_sensational_post_has_loaded_words_scare_quotes_and_a_shouting_headline():
    # in the style of a hyperpartisan post (corpora/sources, FakeNewsNet)
    text = (
        "Hillary “apparently” held a rally in Greensboro. This stunning video is shocking: "
        "the so-called “experts” slammed the crowd as “real”, and reportedly nobody noticed."
    )
    m = run_rule(
        "RDB004", text, title="WHOA! NEW DISTURBING VIDEO Shows HILLARY'S Campaign FAKED Rally"
    ).measures
    assert m["readability.loaded_words_per_1000_words"] > 100  # stunning, shocking, slammed
    assert m["readability.distancing_words_per_1000_words"] > 100  # so-called, reportedly
    assert m["readability.scare_quotes_per_1000_words"] > 100  # “apparently”, “experts”, “real”
    assert m["readability.title_exclamation"] == 1.0
    assert m["readability.title_caps_share"] > 0.5


def test_reported_text_has_no_loaded_words_and_long_quotations_are_not_scare_quotes():
    text = REPORTED + " “We will keep the budget balanced every year,” the senator said."
    m = run_rule("RDB004", text, title="Senate passes budget bill").measures
    assert m["readability.loaded_words_per_1000_words"] == 0
    assert m["readability.distancing_words_per_1000_words"] == 0
    assert m["readability.scare_quotes_per_1000_words"] == 0
    assert m["readability.title_exclamation"] == 0.0
    assert m["readability.title_caps_share"] == 0.0
    # no title, no title measures
    assert "readability.title_caps_share" not in _m(REPORTED)
