import json
import subprocess
import sys

import pandas as pd
import pytest

from support import EXAMPLES, MT_SEED, REPOST_SEED


def auditor(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "auditor.cli", *map(str, args)],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
    )


def test_audit_writes_reports_and_summary(tmp_path):
    out = tmp_path / "report"
    proc = auditor("audit", EXAMPLES, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "Per-source summary" in proc.stdout
    articles = pd.read_csv(out / "articles.csv")
    findings = pd.read_csv(out / "findings.csv", keep_default_na=False)
    sources = pd.read_csv(out / "sources.csv")
    assert len(articles) == 3 and list(sources["articles"]) == [3]
    repost = findings[findings["article_id"].str.endswith(REPOST_SEED.name)]
    assert "This post was originally published on this site" in set(repost["evidence"])
    mt = findings[findings["article_id"].str.endswith(MT_SEED.name)]
    assert "On the 13th local time" in set(mt["evidence"])
    texts = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.txt")}
    for _, f in findings.iterrows():
        assert texts[f["article_id"].rsplit("/", 1)[-1]][f["start"] : f["end"]] == f["evidence"]
    assert "unavailable: no LanguageTool server" in proc.stderr


def test_audit_is_byte_identical_twice(tmp_path):
    for name in ("a", "b"):
        assert auditor("audit", EXAMPLES, "--out", tmp_path / name).returncode == 0
    for report in ("articles.csv", "findings.csv", "sources.csv"):
        assert (tmp_path / "a" / report).read_bytes() == (tmp_path / "b" / report).read_bytes()


@pytest.mark.parametrize("threshold, code", [("101", 1), ("0", 0)])
def test_check_exit_codes(threshold, code):
    assert auditor("check", EXAMPLES, "--fail-under", threshold).returncode == code


def test_check_fail_on_warning():
    proc = auditor("check", MT_SEED, "--fail-under", "0", "--fail-on", "warning")
    assert proc.returncode == 1
    assert f"{MT_SEED}:13:1: TRN001 warning" in proc.stdout


def test_check_usage_errors_exit_2(tmp_path):
    assert auditor("check", EXAMPLES, "--format", "xml").returncode == 2
    assert auditor("check", EXAMPLES, "--select", "NOPE").returncode == 2
    bad = tmp_path / "auditor.toml"
    bad.write_text("nonsense = true\n")
    proc = auditor("check", EXAMPLES, "--config", bad)
    assert proc.returncode == 2 and "unknown key 'nonsense'" in proc.stderr
    assert auditor("check").returncode == 2


def test_broken_jsonl_line_is_reported_and_others_audited(tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "mt", "text": MT_SEED.read_text(encoding="utf-8")})
    feed.write_text(good + "\n{broken\n" + good.replace('"mt"', '"mt2"') + "\n")
    proc = auditor("check", feed, "--fail-under", "0", "--format", "json")
    doc = json.loads(proc.stdout)
    assert [a["id"] for a in doc["articles"]] == ["mt", "mt2"]
    assert doc["input_errors"][0]["line"] == 2
    assert f"{feed}:2" in proc.stderr
    assert proc.returncode == 1  # an unreadable article fails the gate


def test_rule_command_prints_spans():
    proc = auditor("rule", "TRN001", MT_SEED)
    assert proc.returncode == 0
    assert "[1647:1669]" in proc.stdout and "On the 13th local time" in proc.stdout


def test_rules_list_and_explain():
    assert "REP001" in auditor("rules", "list").stdout
    proc = auditor("rules", "explain", "TRN001")
    assert proc.returncode == 0
    assert "What it does" in proc.stdout and "Why it matters" in proc.stdout
    assert auditor("rules", "explain", "XYZ").returncode == 2


def test_stdin():
    proc = auditor("check", "-", "--fail-under", "0", stdin=MT_SEED.read_text(encoding="utf-8"))
    assert proc.returncode == 0 and "TRN001" in proc.stdout


def test_require_unavailable_family_exits_3():
    proc = auditor("check", EXAMPLES, "--fail-under", "0", "--require", "grammar")
    assert proc.returncode == 3
    assert "required family grammar is unavailable" in proc.stderr
    assert auditor("check", EXAMPLES, "--require", "colour").returncode == 2


def test_index_option_saves_the_index(tmp_path):
    index = tmp_path / "seen.json"
    assert auditor("check", REPOST_SEED, "--fail-under", "0", "--index", index).returncode == 0
    proc = auditor(
        "check", EXAMPLES / "001_9d63bd51eb60154c.txt", "--fail-under", "0", "--index", index
    )
    assert "REP003 warning" in proc.stdout and REPOST_SEED.name in proc.stdout
