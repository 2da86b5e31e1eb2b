"""Hostile inputs: bad JSONL lines, duplicate ids, special files, a damaged or shared cache,
and the usage errors the CLI gives before any audit time is spent."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from auditor.api import audit, verdicts
from auditor.cache import ResultCache
from auditor.engine import Engine
from auditor.ingest import IngestOptions, read_inputs
from auditor.models import Article, InputError, RuleError
from support import MT_SEED, REPOST_SEED

SENTENCE = "The minister said on Tuesday that the budget would be published next week."


def _jsonl(tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_a_bad_jsonl_line_is_one_error_and_later_lines_are_read(tmp_path):
    good = json.dumps({"id": "ok", "text": SENTENCE}).encode()
    path = _jsonl(
        tmp_path,
        [
            b'{"id": "s", "text": "bad \\ud800 surrogate"}',
            b'{"id": "t", "text": "x", "title": "\\udfff"}',
            b"{not json",
            b"[1, 2]",
            b"[" * 100000,
            b'{"id": "n", "text": "a", "n": 1' + b"1" * 5000 + b"}",
            good,
        ],
    )
    items = list(read_inputs([str(path)]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.line for e in errors] == [1, 2, 3, 4, 5, 6]
    assert "lone surrogate" in errors[0].message and "'title'" in errors[1].message
    assert all(e.origin == str(path) for e in errors)
    assert [i.id for i in items if isinstance(i, Article)] == ["ok"]


def test_duplicate_ids_are_made_unique_with_a_warning(tmp_path):
    rows = [{"id": "a", "text": SENTENCE}, {"id": "a", "text": SENTENCE + " Again."}]
    rows += [{"id": "a#2", "text": SENTENCE}, {"id": "a", "text": SENTENCE}]
    path = _jsonl(tmp_path, [json.dumps(r).encode() for r in rows])
    warnings = []
    items = list(read_inputs([str(path)], IngestOptions(on_warning=warnings.append)))
    assert [i.id for i in items] == ["a", "a#2", "a#2#2", "a#3"]
    assert len(warnings) == 3 and "duplicate article id 'a'" in warnings[0]
    assert f"{path}:2" in warnings[0]
    # the same file given twice: every article kept, none merged
    run = audit([str(MT_SEED), str(MT_SEED)])
    assert len({r.article.id for r in run.results}) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_files_are_named_as_such(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    broken = tmp_path / "gone.txt"
    broken.symlink_to(tmp_path / "missing.txt")
    items = list(read_inputs([str(fifo), "/dev/null", str(broken), str(tmp_path / "no.txt")]))
    messages = [i.message for i in items]
    assert "FIFO" in messages[0] and "character device" in messages[1]
    assert messages[2] == "broken symbolic link"
    assert messages[3] == "no such file or directory"
    # in a folder too: named, not skipped or read
    inside = {i.origin: i.message for i in read_inputs([str(tmp_path)])}
    assert "FIFO" in inside[str(fifo)] and inside[str(broken)] == "broken symbolic link"


def test_an_undecodable_file_names_the_file(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(SENTENCE.replace("minister", "ministère").encode("latin-1"))
    (item,) = read_inputs([str(path)])
    assert isinstance(item, InputError) and item.origin == str(path)
    assert "not valid UTF-8" in item.message


def test_rule_errors_fail_the_verdict_unless_allowed():
    run = audit([str(MT_SEED)])
    run.results[0].rule_errors.append(RuleError("ATT003", run.results[0].article.id, "boom"))
    failing = verdicts(run, 0, None)
    assert failing[run.results[0].article.id] == ["rule error ATT003: boom"]
    assert verdicts(run, 0, None, allow_rule_errors=True) == {}
    assert run.results[0].article.id in verdicts(run, 0, None, only_new=True)


# --- the result cache


def _cached_run(path, warnings=None):
    cache = ResultCache(path, on_warning=(warnings.append if warnings is not None else None))
    run = Engine(cache=cache, select=["RDB002", "ATT002"]).audit(
        [Article("a", REPOST_SEED.read_text(encoding="utf-8"))]
    )
    return run, cache


def test_an_edited_cache_row_is_detected_and_recomputed(tmp_path):
    path = tmp_path / "c.sqlite"
    first, _ = _cached_run(path)
    db = sqlite3.connect(path)
    db.execute("UPDATE results SET value = '[]'")  # a failing check made to pass
    db.commit()
    db.close()
    warnings = []
    again, cache = _cached_run(path, warnings)
    assert cache.hits == 0 and cache.misses == 2
    assert again.results[0].findings == first.results[0].findings
    assert any("failed the checksum" in w for w in warnings)
    third, cache = _cached_run(path)
    assert cache.hits == 2 and third.results[0].findings == first.results[0].findings


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old-schema"])
def test_a_damaged_cache_is_discarded_with_a_warning_and_rebuilt(tmp_path, damage):
    path = tmp_path / "c.sqlite"
    _cached_run(path)
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[:100] + b"\0" * (len(data) - 100))
    else:
        db = sqlite3.connect(path)
        db.execute("PRAGMA user_version = 1")
        db.commit()
        db.close()
    warnings = []
    run, cache = _cached_run(path, warnings)
    assert warnings and cache.hits == 0 and run.results[0].findings
    _, cache = _cached_run(path)
    assert cache.hits == 2


def test_an_unwritable_cache_location_disables_the_cache(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    warnings = []
    run, cache = _cached_run(blocker / "c.sqlite", warnings)
    assert not cache and run.results[0].findings
    assert warnings and "running without it" in warnings[0]


def test_two_runs_share_one_cache(tmp_path):
    path = tmp_path / "c.sqlite"
    code = (
        "import sys; from auditor.api import audit; from auditor.cache import ResultCache;"
        f"[audit([{str(MT_SEED)!r}, {str(REPOST_SEED)!r}], cache=ResultCache(sys.argv[1])) "
        "for _ in range(3)]"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()
        assert b"locked" not in err
    cache = ResultCache(path)
    audit([str(MT_SEED), str(REPOST_SEED)], cache=cache)
    assert cache.hits > 0 and cache.misses == 0


# --- usage errors: exit 2, one line, before the audit


def _cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "auditor.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_unusable_paths_and_options_are_one_line_usage_errors(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    bad_json = tmp_path / "baseline.json"
    bad_json.write_text('{"version": 1, "findings": [{"code": 1}]}')
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    cases = [
        (("audit", MT_SEED, "--out", a_file), "--out"),
        (("audit", MT_SEED, "--out", a_file / "sub"), "--out"),
        (("check", MT_SEED, "--config", tmp_path), "config file"),
        (("check", MT_SEED, "--baseline", bad_json), "not a baseline file"),
        (("check", MT_SEED, "--baseline", tmp_path), "baseline file"),
        (("audit", MT_SEED, "--out", tmp_path / "o", "--ratings", a_file), "--ratings"),
        (("baseline", "create", MT_SEED, "--file", a_file / "b.json"), "--file"),
        (("check", MT_SEED, "--config", fifo), "not a regular file"),
        (("check", MT_SEED, "--baseline", fifo), "not a regular file"),
    ]
    for args, needle in cases:
        proc = _cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0], (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_a_rule_error_fails_check_naming_the_rule_and_article(monkeypatch):
    from typer.testing import CliRunner

    from auditor.cli import app
    from auditor.rules.readability.long_sentences import LongSentences

    def broken(self, article, ctx):
        raise IndexError("list index out of range")

    monkeypatch.setattr(LongSentences, "check", broken)
    # in this process: worker processes import the rule afresh, without the patch
    monkeypatch.setattr(
        "auditor.cli._executor", lambda *a: {"jobs": None, "engine": "local", "scheduler": None}
    )
    runner = CliRunner()
    args = ["check", str(MT_SEED), "--no-cache", "--fail-on", "never", "--fail-under", "0"]
    failed = runner.invoke(app, args)
    assert failed.exit_code == 1
    assert f"rule error RDB002 on {MT_SEED}" in failed.output
    allowed = runner.invoke(app, [*args, "--allow-rule-errors"])
    assert allowed.exit_code == 0
    as_json = runner.invoke(app, [*args, "--format", "json"])
    doc = json.loads(as_json.stdout[as_json.stdout.index("{") :].split("\nrule error")[0])
    assert doc["summary"]["rule_errors"] == 1 and not doc["passed"]


def test_hostile_sources_and_ids_do_not_break_the_terminal_output(tmp_path):
    path = tmp_path / "in.jsonl"
    record = {"id": "[/]\x1b[2J", "source": "[/][bold]x", "text": MT_SEED.read_text()}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    proc = _cli("audit", path, "--out", tmp_path / "out", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "[/][bold]x" in proc.stdout and "\x1b" not in proc.stdout
    proc = _cli("rule", "RDB002", path)
    assert proc.returncode == 0, proc.stderr
    assert "[/]\\x1b[2J" in proc.stdout


def test_a_huge_jsonl_line_is_capped_while_read_and_later_lines_are_read(tmp_path, monkeypatch):
    import auditor.ingest as ingest

    monkeypatch.setattr(ingest, "READ_CHUNK", 4096)  # the line spans many reads
    good = json.dumps({"id": "ok", "text": SENTENCE}).encode()
    huge = b'{"id": "huge", "text": "' + b"x" * 300_000 + b'"}'
    path = _jsonl(tmp_path, [good, huge, b'{"id": "cr", "text": "a\\rb"}', good])
    items = list(read_inputs([str(path)], IngestOptions(max_article_bytes=10_000)))
    [error] = [i for i in items if isinstance(i, InputError)]
    assert error.line == 2 and "over the cap of 10000 bytes" in error.message
    assert f"article is {len(huge)} bytes" in error.message
    assert [i.id for i in items if isinstance(i, Article)] == ["ok", "cr", "ok#2"]


def test_crlf_and_lone_cr_line_ends(tmp_path):
    records = [json.dumps({"id": f"r{i}", "text": SENTENCE}) for i in range(3)]
    crlf, cr = tmp_path / "crlf.jsonl", tmp_path / "cr.jsonl"
    crlf.write_bytes("\r\n".join(records).encode() + b"\r\n")
    cr.write_bytes("\r".join(records).encode() + b"\r")
    for path in (crlf, cr):
        items = list(read_inputs([str(path)]))
        assert [(i.id, i.line) for i in items] == [("r0", 1), ("r1", 2), ("r2", 3)]
    story = REPOST_SEED.read_text(encoding="utf-8")
    old_mac = tmp_path / "mac.txt"
    old_mac.write_bytes(story.replace("\n", "\r").encode())
    [article] = read_inputs([str(old_mac)])
    # a lone CR is a line end (same length, so offsets hold); the rules see the same lines
    assert article.text == story
    unix, mac = audit([str(REPOST_SEED)]), audit([str(old_mac)])
    assert [f.code for f in mac.results[0].findings] == [f.code for f in unix.results[0].findings]


def test_byte_order_marks_and_utf16(tmp_path):
    story = REPOST_SEED.read_text(encoding="utf-8")
    files = {
        "bom.txt": b"\xef\xbb\xbf" + story.encode(),
        "le.txt": story.encode("utf-16"),
        "be.txt": b"\xfe\xff" + story.encode("utf-16-be"),
        "wide.txt": story.encode("utf-32"),
        "bom.jsonl": b"\xef\xbb\xbf" + json.dumps({"id": "j", "text": story}).encode() + b"\n",
        "bom.csv": b'\xef\xbb\xbfid,text\nc,"' + story.replace('"', '""').encode() + b'"\n',
        "wide.jsonl": (json.dumps({"id": "w", "text": story}) + "\n").encode("utf-16"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    items = list(read_inputs([str(tmp_path)]))
    texts = {os.path.basename(i.origin): i for i in items}
    for name in ("bom.txt", "le.txt", "be.txt", "wide.txt", "bom.jsonl", "bom.csv"):
        assert isinstance(texts[name], Article) and texts[name].text == story, name
    error = texts["wide.jsonl"]
    assert isinstance(error, InputError) and "UTF-16" in error.message and error.line is None
    assert len(items) == len(files)  # one error for the whole UTF-16 JSONL file


def test_jsonl_fields_of_the_wrong_type_are_input_errors_naming_the_field(tmp_path):
    records = [
        {"id": 1, "text": 123},
        {"id": 2, "text": SENTENCE, "title": None, "published": 20240101},
        {"id": 3, "text": SENTENCE, "title": {"nested": [1]}},
        {"id": [4], "text": SENTENCE},
        {"id": "five", "text": None, "content": ["a"]},
        {"id": 6.5, "text": SENTENCE, "source": True},
    ]
    path = _jsonl(tmp_path, [json.dumps(r).encode() for r in records])
    items = list(read_inputs([str(path)]))
    by_line = {i.line: i for i in items}
    assert "`text` is a number" in by_line[1].message
    assert by_line[2].id == "2" and by_line[2].title is None and by_line[2].published == "20240101"
    assert "`title` is an object" in by_line[3].message
    assert "`id` is a list" in by_line[4].message
    assert "`content` is a list" in by_line[5].message
    assert by_line[6].id == "6.5" and by_line[6].source == "True"
    assert [type(i).__name__ for i in items].count("Article") == 2


def test_a_report_set_inside_the_input_folder_is_not_read_as_input(tmp_path):
    from auditor.api import iter_audit, write_reports

    feed = tmp_path / "in"
    feed.mkdir()
    (feed / "a.txt").write_text(REPOST_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    warnings = []
    for _ in range(2):  # the second run finds the first one's reports in its input folder
        items = iter_audit([str(feed)], on_warning=warnings.append)
        summary = write_reports(items, feed / "report")
        assert summary.articles == 1 and summary.input_errors == 0
    assert any("report set, not read as input" in w for w in warnings)
    # a stale temporary folder of a killed run is not read either
    stale = feed / ".report.new-x1y2"
    stale.mkdir()
    (stale / "articles.csv").write_text("id,text\nz,some text\n")
    assert [i.id for i in read_inputs([str(feed)])] == [str(feed / "a.txt")]
