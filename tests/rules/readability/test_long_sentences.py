from support import MT_SEED, run_rule, spans_ok


def test_long_sentence_is_flagged_with_its_span():
    long = (
        "The relationship between the two NATO allies, the United States and Turkey, which "
        "has been strained for years by disputes over Syria, the extradition of a cleric, the "
        "purchase of Russian missiles and the exclusion of Turkey from the F-35 programme, is "
        "at a historical low point, and the two countries have serious differences on a long "
        "series of issues."
    )
    result = run_rule("RDB002", "Talks ended on Sunday. " + long)
    [finding] = result.findings
    assert finding.evidence == long
    assert spans_ok(result)


def test_seed_004_measures_longest_sentence():
    result = run_rule("RDB002", MT_SEED.read_text(encoding="utf-8"))
    assert result.measures["readability.longest_sentence"] > 20
