"""Worker processes (--jobs): same results as in-process, in input order; a worker killed
mid-article or a rule over its time budget is a rule error for that article, and the run
goes on."""

import os

import pandas as pd
from workers_rules import Backtracking, KillsItsProcess

from auditor.api import articles_frame, findings_frame
from auditor.config import Config
from auditor.engine import Engine, discover_rules
from auditor.models import Article, InputError
from support import EXAMPLES, REPOST_SEED


def _articles() -> list[Article]:
    return [
        Article(id=p.stem, text=p.read_text(encoding="utf-8"), source=f"site{i}.com")
        for i, p in enumerate(sorted(EXAMPLES.glob("*.txt")))
    ]


def _csv(run) -> tuple[str, str]:
    return (
        articles_frame(run).to_csv(index=False),
        findings_frame(run).to_csv(index=False),
    )


def test_workers_give_the_same_reports_in_input_order():
    articles = _articles() * 3
    articles = [Article(**{**a.__dict__, "id": f"{a.id}-{i}"}) for i, a in enumerate(articles)]
    items = [*articles[:4], InputError("feed.jsonl", 7, "malformed JSON"), *articles[4:]]
    local = Engine(Config()).audit(items)
    pooled = Engine(Config(), jobs=2).audit(items)
    assert [r.article.id for r in pooled.results] == [a.id for a in articles]
    assert pooled.input_errors == [InputError("feed.jsonl", 7, "malformed JSON")]
    assert _csv(pooled) == _csv(local)


def test_hanging_rule_and_killed_worker_are_rule_errors_of_their_article():
    registry = {**discover_rules(), "TST901": Backtracking, "TST902": KillsItsProcess}
    config = Config(rule_timeout_seconds=1.0)
    good = _articles()
    text = good[0].text
    slow = Article(id="slow", text="word " * 60 + text, origin="feed.jsonl", line=2)
    crash = Article(id="crash", text=text, origin="feed.jsonl", line=3)
    items = [good[0], slow, crash, *good[1:]]
    select = ["ATT", "TRN", "TST"]
    run = Engine(config, select=select, registry=registry, jobs=2).audit(items)
    by_id = {r.article.id: r for r in run.results}
    assert [r.article.id for r in run.results] == [a.id for a in items]
    [timeout] = by_id["slow"].rule_errors
    assert timeout.code == "TST901" and "time budget" in timeout.message
    assert "feed.jsonl:2" in timeout.message
    [killed] = by_id["crash"].rule_errors
    assert killed.code == "TST902" and "signal 9" in killed.message
    # the other rules still ran on both articles, and every other article is untouched
    assert "ATT003" not in by_id["crash"].skipped and by_id["crash"].findings
    local = Engine(Config(), select=select, registry=registry).audit(good)
    pooled_good = [r for r in run.results if r.article.id not in ("slow", "crash")]
    assert [r.findings for r in pooled_good] == [r.findings for r in local.results]
    assert all(not r.rule_errors for r in pooled_good)
    assert by_id["crash"].findings == by_id[good[0].id].findings


def test_articles_frame_is_the_same_with_one_worker():
    items = _articles()
    one = articles_frame(Engine(Config(), jobs=1).audit(items))
    local = articles_frame(Engine(Config()).audit(items))
    pd.testing.assert_frame_equal(one, local)


def test_the_time_budget_holds_with_one_worker():
    """--jobs 1 (the CLI always runs workers; its default is the machine's cores) still
    stops a rule that hangs, and audits every other article."""
    registry = {**discover_rules(), "TST901": Backtracking}
    good = _articles()
    slow = Article(id="slow", text="word " * 60 + good[0].text, origin="feed.jsonl", line=2)
    items = [good[0], slow, *good[1:]]
    config = Config(rule_timeout_seconds=1.0)
    run = Engine(config, select=["TRN", "TST"], registry=registry, jobs=1).audit(items)
    assert [r.article.id for r in run.results] == [a.id for a in items]
    [timeout] = [e for r in run.results for e in r.rule_errors]
    assert timeout.code == "TST901" and timeout.article_id == "slow"
    assert "time budget of 1 s" in timeout.message and "feed.jsonl:2" in timeout.message
    assert "TRN001" not in {c for r in run.results for c in r.skipped}


def test_streaming_batch_rule_prepares_in_the_workers_and_keeps_input_order():
    from workers_rules import WordShare

    registry = {**discover_rules(), "TST903": WordShare}
    texts = [REPOST_SEED.read_text(encoding="utf-8"), "Two short words here.", "One more."]
    items = [Article(f"a{n}", t) for n, t in enumerate(texts)]
    run = Engine(Config(), select=["TST903"], registry=registry, jobs=2).audit(items)
    shares = [r.measures["repost.word_share"] for r in run.results]
    words = [len(t.split()) for t in texts]
    assert shares == [w / sum(words) for w in words]
    assert {r.measures["repost.pid"] for r in run.results}.isdisjoint({os.getpid()})
    local = Engine(Config(), select=["TST903"], registry=registry).audit(items)
    assert [r.measures["repost.word_share"] for r in local.results] == shares


def test_batch_rule_with_only_check_batch_runs_with_workers():
    from workers_rules import BatchSize

    registry = {**discover_rules(), "TST904": BatchSize}
    items = [Article("a", REPOST_SEED.read_text(encoding="utf-8")), Article("b", "Two words.")]
    run = Engine(Config(), select=["TST904"], registry=registry, jobs=2).audit(items)
    assert [r.measures["repost.batch_size"] for r in run.results] == [2, 2]
    assert [r.measures["repost.seen"] for r in run.results] == [
        r.measures["language"] for r in run.results
    ]
