from auditor.config import Config, config_from_dict
from auditor.models import Article, ArticleResult, Finding, Severity
from auditor.scoring import family_scores


def _result(findings=(), measures=None, families=("repost",)):
    r = ArticleResult(article=Article("a", "x" * 100))
    r.findings = list(findings)
    r.measures = dict(measures or {})
    r.families_run = set(families)
    return r


def _finding(sev, family="repost"):
    return Finding("REP001", "m", sev, 0, 1, "x", {"family": family})


def test_penalties_by_severity_and_missing_families():
    r = _result([_finding(Severity.WARNING), _finding(Severity.ERROR), _finding(Severity.INFO)])
    scores = family_scores(r, Config())
    assert scores["repost"] == 65.0
    assert scores["translation"] is None and scores["grammar"] is None
    assert scores["overall"] == 65.0


def test_score_never_below_zero():
    r = _result([_finding(Severity.ERROR)] * 10)
    assert family_scores(r, Config())["repost"] == 0.0


def test_readability_band():
    cfg = Config()  # band 25-65: 100 at its centre, 50 at its edges

    def score(ease):
        r = _result(measures={"readability.ease": ease}, families=("readability",))
        return family_scores(r, cfg)["readability"]

    assert score(45.0) == 100.0
    assert score(25.0) == score(65.0) == 50.0
    assert score(35.0) == score(55.0) == 75.0
    assert score(95.0) == 0.0
    no_formula = _result(families=("readability",))
    assert family_scores(no_formula, cfg)["readability"] is None


def test_readability_does_not_saturate_on_real_news():
    from support import EXAMPLES, run_rule

    scores = [
        run_rule("RDB001", p.read_text(encoding="utf-8")).scores["readability"]
        for p in sorted(EXAMPLES.glob("*.txt"))
    ]
    assert all(0 < s < 100 for s in scores) and len(set(scores)) == len(scores)


def _attribution(text):
    from support import run_rule

    return run_rule("ATT003", text).scores["attribution"]


def test_an_article_that_attributes_nothing_does_not_score_100():
    unsourced = (
        "The vaccine changes your DNA and the government knows it. The numbers are being "
        "hidden from the public. Wake up before it is too late for all of us. "
    ) * 3
    assert _attribution(unsourced) == 0.0


def test_attribution_rewards_dense_and_named_sourcing():
    named = (
        "Turkey will buy more S-400s, Erdogan told CBS News. The deal is final, Defence "
        "Minister Hulusi Akar said on Monday. "
    ) * 3
    anonymous = (
        "Turkey will buy more S-400s, officials said. The deal is final, a person familiar "
        "with the matter said on Monday. "
    ) * 3
    sparse = named[:120] + " The weather in Ankara was mild and the markets were calm. " * 60
    assert _attribution(named) == 100.0
    assert 40 <= _attribution(anonymous) < _attribution(named)
    assert 0 < _attribution(sparse) < _attribution(named)


def test_uncredited_narrative_costs_its_share_and_pasted_tails_take_no_points():
    # REP003's share is narrative only (quotations left out), so every copied share counts
    shared = _result(measures={"repost.uncredited_share": 0.1, "repost.boilerplate_share": 0.0})
    copied = _result(measures={"repost.uncredited_share": 0.6, "repost.boilerplate_share": 0.1})
    assert family_scores(shared, Config())["repost"] == 90.0
    assert family_scores(copied, Config())["repost"] == 30.0
    tail = Finding("REP002", "m", Severity.WARNING, 0, 1, "x", {"family": "repost"})
    assert family_scores(_result([tail]), Config())["repost"] == 100.0


def test_weights_from_config():
    r = _result([_finding(Severity.ERROR)], families=("repost", "translation"))
    cfg = config_from_dict({"weights": {"repost": 3.0, "translation": 1.0}})
    assert family_scores(r, cfg)["overall"] == round((75 * 3 + 100) / 4, 1)
