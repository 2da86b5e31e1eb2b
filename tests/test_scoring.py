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
    cfg = Config()
    inside = _result(measures={"readability.ease": 50.0}, families=("readability",))
    too_hard = _result(measures={"readability.ease": 10.0}, families=("readability",))
    too_easy = _result(measures={"readability.ease": 90.0}, families=("readability",))
    assert family_scores(inside, cfg)["readability"] == 100.0
    assert family_scores(too_hard, cfg)["readability"] == 60.0
    assert family_scores(too_easy, cfg)["readability"] == 60.0
    no_formula = _result(families=("readability",))
    assert family_scores(no_formula, cfg)["readability"] is None


def test_weights_from_config():
    r = _result([_finding(Severity.ERROR)], families=("repost", "translation"))
    cfg = config_from_dict({"weights": {"repost": 3.0, "translation": 1.0}})
    assert family_scores(r, cfg)["overall"] == round((75 * 3 + 100) / 4, 1)
