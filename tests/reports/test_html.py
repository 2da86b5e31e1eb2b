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


def test_page_evidence_outside_the_text_is_shown_escaped_without_context(tmp_path):
    body = "".join(
        f"<p>{p}</p>" for p in EXAMPLES.joinpath("001_9d63bd51eb60154c.txt").read_text().split("\n")
    )
    hostile_canonical = 'https://www.cnn.com/x"><img src=x onerror=alert(1)>'
    page = tmp_path / "in" / "copy.html"
    page.parent.mkdir()
    page.write_text(
        '<html><head><meta property="og:url" content="https://www.msn.com/a">'
        f"<link rel=\"canonical\" href='{hostile_canonical}'></head>"
        f"<body><article>{body}</article></body></html>"
    )
    run = audit([str(page.parent)])
    [finding] = [f for f in run.results[0].findings if f.code == "REP004"]
    assert finding.data["outside_text"] and "cnn.com" in finding.message
    html = write_html(tmp_path / "r.html", sources_frame(articles_frame(run)), run.results)
    text = html.read_text(encoding="utf-8")
    assert "<small>[page]</small>" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "<img src=x" not in text
