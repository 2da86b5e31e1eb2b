"""report.html: escaping, structure, and a real headless browser run of a hostile article."""

import json
import shutil
import subprocess

import pytest

from auditor.aggregate import sources_frame
from auditor.api import articles_frame, audit
from auditor.reports.html import write_html
from support import EXAMPLES

HOSTILE = {
    "id": "evil",
    "source": "evil.example",
    "url": "javascript:alert(1)",
    "title": '<script>document.title="pwned"</script>',
    "text": (
        'Officials said the <script>document.body.setAttribute("data-pwned","1")</script> plan '
        "was off, sources say. <img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"
        " \u201cWe will not give up the strategic relations between Turkey and Russia.\u201d\n\n"
        "This post was originally published on this site"
    ),
}


@pytest.fixture
def report(tmp_path):
    feed = tmp_path / "in" / "evil.jsonl"
    feed.parent.mkdir()
    feed.write_text(json.dumps(HOSTILE) + "\n")
    for seed in EXAMPLES.glob("*.txt"):
        (feed.parent / seed.name).write_text(seed.read_text(encoding="utf-8"))
    run = audit([str(feed.parent)])
    return write_html(tmp_path / "report.html", sources_frame(articles_frame(run)), run.results)


def test_article_text_is_escaped_and_scripts_are_forbidden(report):
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;document.title=&quot;pwned&quot;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert 'href="javascript:' not in page
    assert '<table id="ranking">' in page and page.count('<section class="source"') == 2
    assert "<mark>This post was originally published on this site</mark>" in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine (Debian package "
    "`chromium`; .ci/run installs it where it can)",
)
def test_hostile_article_runs_nothing_in_a_real_browser(report, tmp_path):
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert '<table id="ranking">' in dom  # the page loaded and rendered
    assert dom.count('class="finding') >= 5
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "<title>auditor report</title>" in dom and "pwned</title>" not in dom
