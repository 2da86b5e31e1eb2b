import sqlite3

from auditor.api import audit, audit_articles
from auditor.config import config_from_dict
from auditor.models import Article, Severity
from support import EXAMPLES, MT_SEED, REPOST_SEED, REWRITE_SEED


def _by_name(run):
    return {r.article.id.rsplit("/", 1)[-1]: r for r in run.results}


def test_seeds_together():
    results = _by_name(audit([str(EXAMPLES)]))
    rewrite = results[REWRITE_SEED.name]
    repost = results[REPOST_SEED.name]
    mt = results[MT_SEED.name]
    warnings = [f for f in rewrite.findings if f.code == "REP003"]
    assert warnings and all(f.severity is Severity.WARNING for f in warnings)
    assert all(f.data["reuse"]["other"].endswith(REPOST_SEED.name) for f in warnings)
    assert "which credits Reuters" in warnings[0].message
    shared = " ".join(f.evidence for f in warnings)
    # the narrative the copy took, not the quotations both report
    assert "pose a threat to its F-35 fighter jets" in shared
    assert "nobody will be able to interfere" not in shared
    assert rewrite.measures["repost.uncredited_share"] > 0.1  # narrative only: quotes not counted
    assert rewrite.scores["repost"] < 90
    # 000 credits Reuters itself: a credited repost, info only
    credited = [f for f in repost.findings if f.code == "REP003"]
    assert credited and all(f.severity is Severity.INFO for f in credited)
    # 004 tells the same news in other words: not a rewrite of either
    assert not [f for f in mt.findings if f.code == "REP003"]
    for r in results.values():
        assert all(r.article.text[f.start : f.end] == f.evidence for f in r.findings)


def test_dates_give_direction_and_crediting_the_original_is_info():
    original = REPOST_SEED.read_text(encoding="utf-8")
    copy = REWRITE_SEED.read_text(encoding="utf-8")
    run = audit_articles(
        [
            Article("orig", original, source="amos37.com", published="2021-09-26"),
            Article("copy", copy, source="copycat.example", published="2021-09-27"),
            Article(
                "credit",
                copy + "\n\nWith reporting from Reuters.",
                source="fair.example",
                published="2021-09-28",
            ),
        ],
        select=["REP003"],
    )
    res = {r.article.id: r for r in run.results}
    assert not [f for f in res["orig"].findings if f.code == "REP003"]  # earliest: the original
    assert {f.severity for f in res["copy"].findings if f.code == "REP003"} == {Severity.WARNING}
    # "credit" copies "copy" (no credit needed to a copy it does not mention?) and "orig"
    orig_pairs = [
        f
        for f in res["credit"].findings
        if f.code == "REP003" and f.data["reuse"]["other"] == "orig"
    ]
    assert orig_pairs and all(f.severity is Severity.INFO for f in orig_pairs)


def test_same_source_is_not_a_rewrite():
    text = REPOST_SEED.read_text(encoding="utf-8")
    run = audit_articles(
        [Article("a", text, source="x.com"), Article("b", text, source="x.com")],
        select=["REP003"],
    )
    assert all(not [f for f in r.findings if f.code == "REP003"] for r in run.results)


def test_language_independent_urdu():
    base = (
        "ڈھاکہ بنگلہ دیش کرکٹ ٹیم کے نوجوان سپنر تیج الاسلام نے ڈیبیو میچ میں ہیٹ ٹرک کرکے "
        "نئی تاریخ رقم کر دی اور زمبابوے کے خلاف سیریز میں کامیابی حاصل کی"
    )
    run = audit_articles(
        [
            Article("agency", base, source="APP"),
            Article("paper", "رپورٹ کے مطابق " + base + " شائقین نے خوشی منائی", source="express"),
        ],
        select=["REP003"],
    )
    agency, paper = run.results
    # contained in the paper's text: the original, told as info
    assert {f.severity for f in agency.findings if f.code == "REP003"} == {Severity.INFO}
    assert {f.data["reuse"]["other"] for f in paper.findings if f.code == "REP003"} == {"agency"}


def test_index_is_saved_and_compared_in_the_next_run(tmp_path):
    index = tmp_path / "seen.sqlite"
    config = config_from_dict({"rules": {"REP003": {"index": str(index)}}})
    first = audit_articles(
        [Article("orig", REPOST_SEED.read_text(encoding="utf-8"), source="amos37.com")],
        config,
        select=["REP003"],
    )
    assert not [f for f in first.results[0].findings if f.code == "REP003"]
    assert index.read_bytes().startswith(b"SQLite format 3")
    second = audit_articles(
        [Article("new", REWRITE_SEED.read_text(encoding="utf-8"), source="copycat.example")],
        config,
        select=["REP003"],
    )
    others = {f.data["reuse"]["other"] for f in second.results[0].findings if f.code == "REP003"}
    assert others == {"orig"}
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 2
        # fingerprints only: no text is stored
        dump = "\n".join(db.iterdump())
    assert "Erdogan" not in dump


# Seed 001's first paragraphs retold in other words: few passages of five words survive, but
# most of its word pairs still come in the original's order.
PARAPHRASE = (
    "Ankara plans to buy another batch of Russian S-400 missile defense systems, President Tayyip "
    "Erdogan said, a move that may deepen its rift with Washington and bring fresh U.S. sanctions. "
    "Washington says the Russian systems threaten its F-35 jets and the defense systems of NATO. "
    "Turkey, itself a NATO member, says no NATO ally would sell it air defense systems on "
    "satisfactory terms. Erdogan told CBS News that no one will be able to interfere in what "
    "defense systems Turkey buys. In December 2020 the U.S. sanctioned Turkey's Defense Industry "
    "Directorate and its chief Ismail Demir after Ankara bought its first batch."
)


def _original_and_paraphrase() -> list[Article]:
    """Seed 001 and, a day later on another site, the same story reworded (PARAPHRASE)."""
    return [
        Article(
            "orig",
            REWRITE_SEED.read_text(encoding="utf-8"),
            source="a.example",
            published="2021-09-26",
        ),
        Article("para", PARAPHRASE, source="b.example", published="2021-09-27"),
    ]


def test_paraphrase_is_an_info_link_with_shared_phrases_and_no_penalty():
    run = audit_articles(_original_and_paraphrase(), select=["REP003"])
    orig, para = run.results
    assert not [f for f in orig.findings if f.code == "REP003"]  # the earlier one
    links = [f for f in para.findings if f.code == "REP003"]
    assert links and all(f.severity is Severity.INFO for f in links)
    assert {f.data["reuse"]["kind"] for f in links} == {"paraphrase"}
    assert {f.data["reuse"]["other"] for f in links} == {"orig"}
    assert links[0].data["reuse"]["coverage"] > 0.2
    assert "possible paraphrased rewrite of orig" in links[0].message
    assert "Defense Industry Directorate" in " ".join(f.evidence for f in links)
    assert all(len(f.evidence.split()) >= 2 for f in links)
    assert para.measures["repost.uncredited_share"] == 0.0
    assert para.measures["repost.shared_with"] == "orig"
    assert all(para.article.text[f.start : f.end] == f.evidence for f in para.findings)


def test_word_pairs_held_by_more_than_common_pair_max_docs_articles_are_left_out():
    def links(max_docs):
        options = {"common_pair_min_docs": 2, "common_pair_share": 1.0}
        options["common_pair_max_docs"] = max_docs
        run = audit_articles(
            _original_and_paraphrase(),
            config_from_dict({"rules": {"REP003": options}}),
            select=["REP003"],
        )
        return [f for f in run.results[1].findings if f.code == "REP003"]

    # the share alone (every pair is held by at most all the articles) leaves every pair in
    assert {f.data["reuse"]["kind"] for f in links(1000)} == {"paraphrase"}
    # the pairs both articles hold are held by 2 > 1 articles: all common, no link
    assert links(1) == []


def test_paraphrase_level_counts_pairs_in_order_only():
    from auditor.engine import discover_rules
    from auditor.rule import ArticleContext

    rule = discover_rules()["REP003"]()
    sentences = [s.strip() for s in PARAPHRASE.split(". ") if s.strip()]

    def doc(text):
        return rule.fingerprint(Article(text[:8], text, source="x"), ArticleContext("en", 1.0))

    same = rule._ordered_pairs(doc(PARAPHRASE), doc(PARAPHRASE))
    shuffled = rule._ordered_pairs(doc(PARAPHRASE), doc(". ".join(reversed(sentences))))
    assert same == len(doc(PARAPHRASE).pairs)
    # the same pairs in reversed sentence order: only the longest sentence's run is in order
    assert shuffled < same / 3


def _finish_outputs(processes):
    """REP003's outputs on nine seed articles (three copies of each seed on three sites) and a
    paraphrase, with its finish on `processes` processes."""
    from auditor.rule import ArticleContext, run_batch
    from auditor.rules.repost import uncredited_rewrite as rep

    texts = [REPOST_SEED, REWRITE_SEED, MT_SEED]
    articles = [
        Article(
            f"{i}-{j}",
            p.read_text(encoding="utf-8"),
            source=f"site{j}.example",
            published=f"2021-09-{20 + j}",
        )
        for j in range(3)
        for i, p in enumerate(texts)
    ] + [Article("para", PARAPHRASE, source="b.example", published="2021-09-27")]
    rule = rep.UncreditedRewrite()
    rule.processes = processes
    try:
        return run_batch(rule, [(a, ArticleContext("en", 1.0)) for a in articles])
    finally:
        rule.close()


def test_finish_on_worker_processes_gives_the_same_outputs_in_the_same_order(monkeypatch):
    import concurrent.futures

    from auditor.rules.repost import uncredited_rewrite as rep

    parts = []

    class Pool(concurrent.futures.ProcessPoolExecutor):
        def map(self, fn, tasks):
            tasks = list(tasks)
            parts.extend(tasks)
            return super().map(fn, tasks)

    alone = _finish_outputs(1)
    assert not parts
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(rep, "PARALLEL_MIN_ARTICLES", 0)
    monkeypatch.setattr(rep, "FINISH_PART", 1)  # every article a part: the workers interleave
    shared = _finish_outputs(2)
    assert shared == alone
    assert len(parts) == 2 * 10  # both steps, one part per article
    kinds = {f.data["reuse"]["kind"] for out in alone.values() for f in out if hasattr(f, "data")}
    assert kinds == {"passages", "paraphrase"}  # both levels ran on the workers


def test_a_finish_worker_that_dies_loses_nothing(monkeypatch, caplog):
    """A worker of the parallel finish killed (here: it exits as it starts, as a process the
    kernel kills for memory would): the step is done in the main process, with a warning, and
    the outputs are those of a finish without workers."""
    import concurrent.futures
    import os

    from auditor.rules.repost import uncredited_rewrite as rep

    started = []

    class Dying(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, workers, **kwargs):
            started.append(workers)
            super().__init__(workers, **{**kwargs, "initializer": os._exit, "initargs": (9,)})

    alone = _finish_outputs(1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Dying)
    monkeypatch.setattr(rep, "PARALLEL_MIN_ARTICLES", 0)
    monkeypatch.setattr(rep, "FINISH_PART", 1)
    with caplog.at_level("WARNING", logger="auditor"):
        assert _finish_outputs(2) == alone
    assert started == [2]  # one pool: once broken, the second step does not try another
    assert caplog.text.count("worker process of the near-duplicate step died") == 1
