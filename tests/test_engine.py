from collections.abc import Iterator

import pytest

from auditor.api import articles_frame, audit
from auditor.config import Config
from auditor.engine import Engine, discover_rules
from auditor.errors import ConfigError
from auditor.models import Article, Severity
from auditor.rule import ArticleContext, BatchRule, Output, Rule
from support import EXAMPLES, MT_SEED, REPOST_SEED


class Crashes(Rule):
    """What it does: raises, to test that the run goes on."""

    code = "TST001"
    name = "crashes"
    family = "repost"
    summary = "always raises"

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        raise RuntimeError("boom")


class LiesAboutSpan(Rule):
    """What it does: returns evidence that does not match its span."""

    code = "TST002"
    name = "bad-span"
    family = "repost"
    summary = "bad span"

    def check(self, article, ctx):
        from auditor.models import Finding

        yield Finding(self.code, "x", Severity.ERROR, 0, 3, "not the text")


class PairsUp(BatchRule):
    """What it does: sees all articles and tags each with the batch size."""

    code = "TST003"
    name = "pairs"
    family = "repost"
    summary = "batch"
    severity = Severity.INFO

    def check_batch(self, items):
        return {a.id: [self.measure("batch_size", len(items))] for a, _ in items}


def _engine(*extra, config=None):
    registry = {**discover_rules(), **{r.code: r for r in extra}}
    return Engine(config or Config(), registry=registry)


def test_builtin_rules_register_through_entry_points():
    rules = discover_rules()
    assert {"ATT001", "ATT002", "TRN001", "REP001", "RDB001", "RDB002", "GRM001"} <= set(rules)
    for cls in rules.values():
        doc = cls.doc()
        assert "What it does" in doc and "Why it matters" in doc and "Example" in doc, cls.code


def test_crashing_rule_is_recorded_and_the_run_goes_on():
    engine = _engine(Crashes)
    run = engine.audit([Article("a", MT_SEED.read_text()), Article("b", "Short text here.")])
    assert [r.article.id for r in run.results] == ["a", "b"]
    err = run.results[0].rule_errors[0]
    assert (err.code, err.article_id, err.message) == ("TST001", "a", "RuntimeError: boom")
    assert any(f.code == "TRN001" for f in run.results[0].findings)


def test_finding_with_wrong_evidence_is_rejected():
    run = _engine(LiesAboutSpan).audit([Article("a", "Some article text.")])
    assert run.results[0].findings == []
    assert "does not match its evidence" in run.results[0].rule_errors[0].message


def test_batch_rule_sees_every_article():
    run = _engine(PairsUp).audit([Article("a", "One text."), Article("b", "Two text.")])
    assert [r.measures["repost.batch_size"] for r in run.results] == [2, 2]


def test_select_and_ignore():
    engine = Engine(
        Config(), select=["ATT", "TRN001"], ignore=["ATT002", "ATT003", "ATT004", "ATT005"]
    )
    assert [r.code for r in engine.rules] == ["ATT001", "TRN001"]
    with pytest.raises(ConfigError, match="unknown rule code 'NOPE1'"):
        Engine(Config(), select=["NOPE1"])


def test_disabled_family_has_no_score():
    run = Engine(Config(), select=["TRN001"]).audit([Article("a", REPOST_SEED.read_text())])
    scores = run.results[0].scores
    assert scores["translation"] == 100
    assert scores["attribution"] is None and scores["repost"] is None
    assert scores["overall"] == 100


def test_two_runs_give_identical_reports(tmp_path):
    frames = [articles_frame(audit([str(EXAMPLES)])).to_csv() for _ in range(2)]
    assert frames[0] == frames[1]


def test_rules_run_only_for_their_measures_report_nothing():
    run = Engine(Config(), select=["REP003"]).audit([Article("a", REPOST_SEED.read_text())])
    result = run.results[0]
    assert result.measures["attribution.wires_credited"] == "Reuters"  # ATT002 ran
    assert {f.code for f in result.findings} <= {"REP003"}
    assert result.scores["attribution"] is None
