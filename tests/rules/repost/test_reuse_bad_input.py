"""REP003 on articles that share quotations, same-event wording, odd dates or odd input."""

import sqlite3

import pytest

from auditor.api import audit_articles
from auditor.config import config_from_dict
from auditor.engine import Engine
from auditor.errors import ConfigError
from auditor.models import Article, Severity
from support import MT_SEED, REPOST_SEED, REWRITE_SEED

ORIGINAL = REPOST_SEED.read_text(encoding="utf-8")
COPY = REWRITE_SEED.read_text(encoding="utf-8")
OTHER = MT_SEED.read_text(encoding="utf-8")
# seed 004 without its source line: a host text that credits no one
HOST = OTHER.rsplit("\n\nSource:", 1)[0]
# narrative paragraphs of seed 000 (no quotation marks), 60 words
NARRATIVE = (
    "In response to the purchase, the US sanctioned Turkey’s military procurement agency and "
    "expelled Turkey from the F-35 program, under which Western allies produce the "
    "next-generation fighter jet’s parts and secure its early purchasing rights.\n\n"
    "The already strained relations between the US and Turkey became more complicated when "
    "Biden, who has also made a point of highlighting Turkey’s deteriorating record on human "
    "rights, took three full months"
)
QUOTES = [p for p in ORIGINAL.split("\n\n") if p.startswith("“")]


def _rep003(result):
    return [f for f in result.findings if f.code == "REP003"]


def _run(*articles):
    run = audit_articles(list(articles), select=["REP003"])
    for r in run.results:
        assert not r.rule_errors, r.rule_errors
        assert all(r.article.text[f.start : f.end] == f.evidence for f in r.findings)
    return run


def test_sharing_only_quotations_is_no_warning():
    # two different stories quoting the same statements (five quoted paragraphs of seed 000)
    a = "Erdogan spoke to CBS News on Sunday.\n\n" + "\n\n".join(QUOTES)
    b = OTHER + "\n\n" + "\n\n".join(QUOTES)
    run = _run(
        Article("a", a, source="a.example", published="2021-09-26"),
        Article("b", b, source="b.example", published="2021-09-27"),
    )
    assert sum(len(QUOTES[i].split()) for i in range(len(QUOTES))) > 100
    for r in run.results:
        assert not [f for f in _rep003(r) if f.severity is Severity.WARNING]


def test_pasted_narrative_is_warned_on_the_later_copy_only():
    copy = HOST + "\n\n" + NARRATIVE
    run = _run(
        Article("orig", ORIGINAL, source="amos37.com", published="Sun, 26 Sep 2021 10:00:00 GMT"),
        Article("copy", copy, source="copy.example", published="2021-09-27T08:00:00+02:00"),
    )
    orig, cp = run.results
    assert not _rep003(orig)
    warnings = _rep003(cp)
    assert warnings and {f.severity for f in warnings} == {Severity.WARNING}
    assert "published later" in warnings[0].message
    assert "military procurement agency" in warnings[0].evidence


def test_garbled_and_future_dates_fall_back_to_containment():
    # the copy holds all of the original's narrative plus text of its own
    original = NARRATIVE
    copy = HOST + "\n\n" + NARRATIVE
    for dates in (("yesterday", "2021-09-27"), ("2999-01-01", None), ("1970-01-01", "1971")):
        run = _run(
            Article("orig", original, source="a.example", published=dates[0]),
            Article("copy", copy, source="b.example", published=dates[1]),
        )
        orig, cp = run.results
        # the contained text is told as info, never blamed
        assert all(f.severity is Severity.INFO for f in _rep003(orig)), dates
        warnings = _rep003(cp)
        assert warnings and all(f.severity is Severity.WARNING for f in warnings), dates
        assert "contains the other's text" in warnings[0].message


def test_unknown_direction_warns_neither_side():
    # neither text credits anyone, neither holds the other, no dates
    a = COPY + "\n\n" + NARRATIVE
    b = "\n\n".join(ORIGINAL.split("\n\n")[10:13]) + "\n\n" + NARRATIVE
    run = _run(Article("a", a, source="a.example"), Article("b", b, source="b.example"))
    for r in run.results:
        found = _rep003(r)
        assert found and all(f.severity is Severity.INFO for f in found)
        assert "direction" in found[0].message and "unknown" in found[0].message


def test_credit_line_makes_the_copy_info_and_says_what_it_credits():
    copy = HOST + "\n\n" + NARRATIVE + "\n\nThis passage first appeared on amos37.com."
    run = _run(
        Article("orig", ORIGINAL, source="amos37.com", published="2021-09-26"),
        Article("copy", copy, source="copy.example", published="2021-09-27"),
    )
    found = _rep003(run.results[1])
    assert found and all(f.severity is Severity.INFO for f in found)
    assert "credits amos37.com" in found[0].message


def test_duplicate_ids_identical_empty_and_huge_texts():
    huge = (COPY + "\n\n") * (5_000_000 // len(COPY))
    run = _run(
        Article("dup", ORIGINAL, source="a.example", published="2021-09-26"),
        Article("dup", COPY, source="b.example", published="2021-09-27"),
        Article("same1", ORIGINAL, source="c.example", published="not a date"),
        Article("same2", ORIGINAL, source="d.example", published="not a date"),
        Article("empty", "", source="e.example"),
        Article("huge", huge, source="f.example", published="2021-09-28"),
    )
    by_id = {}
    for r in run.results:
        by_id.setdefault(r.article.id, []).append(r)
    # two articles under one id: no finding can be told apart, so none is given
    assert all(not _rep003(r) for r in by_id["dup"])
    assert not _rep003(by_id["empty"][0])
    # identical texts without usable dates: neither is accused
    for key in ("same1", "same2"):
        assert all(f.severity is Severity.INFO for f in _rep003(by_id[key][0]))


def test_index_is_keyed_by_content_not_id(tmp_path):
    index = tmp_path / "seen.sqlite"
    config = config_from_dict({"rules": {"REP003": {"index": str(index)}}})
    a = Article("story.txt", ORIGINAL, source="amos37.com", published="2021-09-26")
    audit_articles([a], config, select=["REP003"])
    # the same original again: not a copy of itself
    again = audit_articles([a], config, select=["REP003"])
    assert not _rep003(again.results[0])
    # a copy under yesterday's file name is compared with yesterday's original
    copy = Article("story.txt", COPY, source="copycat.example", published="2021-09-27")
    run = audit_articles([copy], config, select=["REP003"])
    warnings = _rep003(run.results[0])
    assert warnings and all(f.severity is Severity.WARNING for f in warnings)
    with sqlite3.connect(index) as db:
        rows = db.execute("SELECT article_id, source FROM entries ORDER BY n").fetchall()
    # the original is kept, not overwritten by its copy
    assert rows == [("story.txt", "amos37.com"), ("story.txt", "copycat.example")]


@pytest.mark.parametrize(
    "content, says",
    [
        (b'{"version": 2, "articles": []}', "must be rebuilt"),
        (b"garbage" * 100, "not an auditor index"),
        (None, "schema version"),
        ("truncated", "corrupt"),
    ],
)
def test_a_bad_index_is_a_usage_error_naming_the_file(tmp_path, content, says):
    index = tmp_path / "seen.sqlite"
    config = config_from_dict({"rules": {"REP003": {"index": str(index)}}})
    if content is None:
        Engine(config, select=["REP003"]).rules[-1].close()
        with sqlite3.connect(index) as db:
            db.execute("UPDATE meta SET value = '1' WHERE name = 'schema_version'")
    elif content == "truncated":
        audit_articles([Article("a", ORIGINAL, source="x")], config, select=["REP003"])
        data = index.read_bytes()
        index.write_bytes(data[: len(data) // 2])
    else:
        index.write_bytes(content)
    with pytest.raises(ConfigError) as err:
        Engine(config, select=["REP003"])
    assert str(index) in str(err.value) and says in str(err.value)
    assert "rebuild" in str(err.value)
