from auditor.config import config_from_dict
from support import REPOST_SEED, run_rule, spans_ok


def test_long_paragraph_is_flagged_with_its_span():
    seed = REPOST_SEED.read_text(encoding="utf-8")
    result = run_rule("RDB003", seed, config_from_dict({"rules": {"RDB003": {"max_words": 40}}}))
    assert result.findings and spans_ok(result)
    assert all(int(f.message.split()[2]) > 40 for f in result.findings)
    assert result.measures["readability.longest_paragraph"] > 40


def test_seed_paragraphs_are_news_length():
    result = run_rule("RDB003", REPOST_SEED.read_text(encoding="utf-8"))
    assert result.findings == []
