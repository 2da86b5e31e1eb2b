"""The progress bar of audit, check and eval: total, rate and time left when the input size
is known; nothing on a stderr that is not a terminal."""

import io
import json
import shutil
import subprocess
import sys

from rich.console import Console

from auditor.api import audit
from auditor.progress import count_articles, eval_progress, progress_bar
from support import EXAMPLES, SHARED


def _terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=120, color_system=None), buffer


def test_count_articles_knows_files_and_lines(tmp_path):
    assert count_articles([str(EXAMPLES)]) == 3
    feed = tmp_path / "feed.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    feed.write_text("".join(json.dumps({"text": t}) + "\n\n" for t in texts), encoding="utf-8")
    assert count_articles([str(feed), str(EXAMPLES / "000_8704dcac81a2f636.txt")]) == 4
    assert count_articles(["-"]) is None
    (tmp_path / "table.csv").write_text("text\nx\n")
    assert count_articles([str(tmp_path)]) is None  # CSV rows can span lines


def test_bar_shows_total_share_rate_and_time_left():
    console, buffer = _terminal()
    with progress_bar(3, console=console) as tick:
        audit([str(EXAMPLES)], on_article=tick)
    # read after the bar stops: its last frame is drawn then (the refresh thread may not have
    # drawn one yet when a fast audit returns)
    shown = buffer.getvalue()
    assert "3/3" in shown and "100%" in shown and "articles/s" in shown and "eta" in shown


def test_unknown_total_shows_a_counter_and_the_rate():
    console, buffer = _terminal()
    with progress_bar(None, console=console) as tick:
        audit([str(EXAMPLES)], on_article=tick)
    shown = buffer.getvalue()
    assert "auditing 3 articles" in shown and "articles/s" in shown


def test_eval_bar_counts_corpora_and_records():
    from auditor.config import Config
    from auditor.evaluation.runner import run_evaluation

    corpora = SHARED / "corpora"
    if not (corpora / "readability").is_dir():
        import pytest

        pytest.skip("no corpora")
    console, buffer = _terminal()
    with eval_progress(1, console=console) as (on_corpus, on_article):
        report = run_evaluation(
            ["readability"],
            "dev",
            corpora,
            Config(),
            limit=5,
            on_corpus=on_corpus,
            on_article=on_article,
        )
    assert report["results"]["readability"]["records"] == 5
    shown = buffer.getvalue()
    assert "corpora" in shown and "readability" in shown and "/5" in shown


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "auditor.cli", "check", str(EXAMPLES), "--fail-under", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0
    assert "articles/s" not in proc.stderr and "\x1b[" not in proc.stderr


def test_bar_on_a_real_terminal(tmp_path):
    """Under a pseudo-terminal (script(1)), `auditor audit` draws the bar on stderr."""
    script = shutil.which("script")
    if script is None:
        import pytest

        pytest.skip("no script(1)")
    log = tmp_path / "tty.log"
    command = (
        f"{sys.executable} -m auditor.cli audit {EXAMPLES} --out {tmp_path / 'out'} --no-cache"
    )
    subprocess.run(
        [script, "-qec", command, str(log)], capture_output=True, timeout=300, check=True
    )
    assert "articles/s" in log.read_text(encoding="utf-8", errors="replace")
