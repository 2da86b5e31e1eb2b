import json
import re
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
    assert "required family grammar could not be scored" in proc.stdout
    assert auditor("check", EXAMPLES, "--require", "colour").returncode == 2


def test_index_option_saves_the_index(tmp_path):
    index = tmp_path / "seen.json"
    assert auditor("check", REPOST_SEED, "--fail-under", "0", "--index", index).returncode == 0
    proc = auditor(
        "check", EXAMPLES / "001_9d63bd51eb60154c.txt", "--fail-under", "0", "--index", index
    )
    assert "REP003 warning" in proc.stdout and REPOST_SEED.name in proc.stdout


def test_a_wrongly_typed_rule_option_stops_check_with_exit_2(tmp_path):
    """The issue's case: max_words = "forty" made RDB002 raise on every article, and check
    passed. Now the config is refused before any article is read, naming the key."""
    (tmp_path / "auditor.toml").write_text('[rules.RDB002]\nmax_words = "forty"\n')
    proc = auditor("check", EXAMPLES, "--config", tmp_path / "auditor.toml")
    assert proc.returncode == 2
    assert "rules.RDB002.max_words = 'forty': must be a whole number" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_version_and_help_without_python_types():
    proc = auditor("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("auditor 0.")
    for command in ([], ["audit"], ["check"], ["eval"], ["rule"], ["rules", "explain"]):
        text = auditor(*command, "--help").stdout
        assert "Usage:" in text
        for python_type in ("<bool>", "list[str]", "<str>", "<float>", "{PATH", "<path>"):
            assert python_type not in text, (command, python_type)
    check = auditor("check", "--help").stdout
    assert "[default: 50, or fail_under in the config]" in check
    assert "[default: never, or fail_on in the config]" in check
    assert "[default: warning]" in check


def test_rich_markup_in_messages_is_shown_as_written():
    """`[tool.auditor.languagetool]` is text, not a rich markup tag to swallow."""
    proc = auditor("rule", "GRM001", MT_SEED)
    assert proc.returncode == 0, proc.stderr
    assert "[tool.auditor.languagetool] server / local_path" in proc.stdout
    explain = auditor("rules", "explain", "RDB002").stdout
    assert "[tool.auditor.rules.RDB002]" in explain


def test_require_says_fail_where_it_says_pass():
    proc = auditor("check", EXAMPLES, "--fail-under", "0", "--require", "grammar")
    assert proc.returncode == 3
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("FAIL (exit 3): required family grammar could not be scored")


def test_check_shows_warnings_and_errors_by_default_and_counts_the_rest():
    quiet = auditor("check", EXAMPLES, "--fail-under", "0").stdout
    loud = auditor("check", EXAMPLES, "--fail-under", "0", "--min-severity", "info").stdout

    def finding_lines(text, severity):
        return [
            line for line in text.splitlines() if re.match(rf"\S+: [A-Z]+\d+ {severity} ", line)
        ]

    infos = len(finding_lines(loud, "info"))
    assert infos > 10 and not finding_lines(quiet, "info")
    assert f"{infos} info finding(s) not shown (--min-severity info shows them)" in quiet
    assert finding_lines(quiet, "warning") and "not shown" not in loud


def test_help_and_rules_list_load_no_heavy_module():
    """Lazy imports: `--help` and `rules list` never import pandas, openpyxl, datasketch,
    scipy or trafilatura (they made `--help` take 0.7 s and `rules list` 1.3 s)."""
    heavy = ("pandas", "openpyxl", "datasketch", "scipy", "trafilatura", "numpy")
    for command in (["--help"], ["rules", "list"], ["--version"]):
        code = (
            "import sys\nfrom auditor.cli import app\n"
            f"try:\n    app({command!r})\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
        )
        assert proc.stdout.strip().splitlines()[-1] == "[]", (command, proc.stdout[-300:])


def test_domain_field_names_the_source_and_unknown_is_never_ranked(tmp_path):
    """Records with only a `domain` field are that domain's; `unknown` (many sites pooled)
    is listed but never ranked, and the summary says which sources are ranked."""
    from support import SHARED

    corpus = SHARED / "corpora" / "sources" / "dev.jsonl"
    if not corpus.is_file():
        pytest.skip("no corpora/sources")
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    from collections import Counter

    domain = Counter(r["domain"] for r in records).most_common(1)[0][0]
    same = [r for r in records if r["domain"] == domain][:5]
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for r in same:  # the domain only: no url, no source
            fh.write(json.dumps({"id": r["id"], "domain": r["domain"], "text": r["text"]}) + "\n")
        for r in [r for r in records if r["domain"] != domain][:5]:
            fh.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
    out = tmp_path / "out"
    proc = auditor("audit", feed, "--out", out, "--select", "RDB")
    assert proc.returncode == 0, proc.stderr
    sources = pd.read_csv(out / "sources.csv")
    by_name = sources.set_index("source")
    assert by_name.loc[domain, "articles"] == len(same) and by_name.loc[domain, "rank"] == 1
    assert by_name.loc["unknown", "articles"] == 5 and pd.isna(by_name.loc["unknown", "rank"])
    assert "Ranked: 1 of 2 source(s); not ranked: unknown pools articles" in proc.stdout
