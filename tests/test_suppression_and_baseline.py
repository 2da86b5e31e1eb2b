import json
import subprocess
import sys

from auditor.api import audit
from auditor.config import config_from_dict
from support import MT_SEED, REPOST_SEED


def auditor(*args):
    return subprocess.run(
        [sys.executable, "-m", "auditor.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_per_source_ignore_skips_the_rule_and_says_why(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps(
            {"id": "mt", "source": "example.com", "text": MT_SEED.read_text(encoding="utf-8")}
        )
        + "\n"
    )
    config = config_from_dict({"per-source": {"example.com": {"ignore": ["TRN004"]}}})
    [result] = audit([str(feed)], config).results
    assert not [f for f in result.findings if f.code == "TRN004"]
    assert result.skipped["TRN004"] == "suppressed for source example.com"
    assert [f for f in result.findings if f.code == "TRN001"]


def test_inline_marker_in_a_text_file(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("# auditor: ignore[TRN001, REP]\n" + MT_SEED.read_text(encoding="utf-8"))
    [result] = audit([str(article)]).results
    codes = {f.code for f in result.findings}
    assert "TRN001" not in codes and not any(c.startswith("REP") for c in codes)
    assert "TRN002" in codes
    assert "inline" in result.skipped["TRN001"]


def test_inline_marker_in_html(tmp_path):
    body = " ".join([MT_SEED.read_text(encoding="utf-8").split("\n\n")[3]] * 2)
    page = tmp_path / "a.html"
    page.write_text(
        f"<html><body><!-- auditor: ignore[TRN001] --><article><p>{body}</p>"
        "</article></body></html>"
    )
    [result] = audit([str(page)]).results
    assert "TRN001" in result.skipped


def test_baseline_fails_only_on_new_findings_and_reports_stale(tmp_path):
    article = tmp_path / "story.txt"
    original = REPOST_SEED.read_text(encoding="utf-8")
    article.write_text(original)
    baseline = tmp_path / "baseline.json"
    assert auditor("baseline", "create", article, "--file", baseline).returncode == 0
    assert auditor("baseline", "create", article, "--file", baseline).returncode == 2
    same = auditor("check", article, "--baseline", baseline, "--fail-on", "warning")
    assert same.returncode == 0, same.stdout
    # a new artefact appears, and the pasted tail (a baselined finding) is removed
    changed = original.replace("Josh Toupos", "").replace(
        "Last week,", "On the 13th local time, Last week,"
    )
    article.write_text(changed)
    proc = auditor("check", article, "--baseline", baseline, "--fail-on", "warning")
    assert proc.returncode == 1
    assert "TRN001" in proc.stdout and "REP001" not in proc.stdout
    assert "baseline entry no longer occurs: REP002" in proc.stderr
    update = auditor("baseline", "update", article, "--file", baseline)
    assert "added" in update.stderr and update.returncode == 0
