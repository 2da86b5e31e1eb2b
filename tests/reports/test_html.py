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


@pytest.fixture
def full_report(tmp_path):
    """The seeds, a broken JSONL line and an empty record (input errors), a rule that raises
    (RDB002 with a bad option, which only the Python API can still pass), and the verdicts."""
    from auditor.api import verdicts
    from auditor.config import Config

    folder = tmp_path / "in"
    folder.mkdir()
    for seed in EXAMPLES.glob("*.txt"):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "feed.jsonl").write_text('{"id": "empty", "text": " "}\n{not json\n')
    run = audit([str(folder)], Config(rules={"RDB002": {"max_words": "forty"}}))
    sources = sources_frame(articles_frame(run))
    failing = verdicts(run, 60, None)
    path = write_html(
        tmp_path / "report.html", sources, run.results, run.input_errors, failing, run.rules
    )
    return path, run


def test_page_leads_with_the_overview_and_lists_errors(full_report):
    path, run = full_report
    page = path.read_text(encoding="utf-8")
    order = [
        page.index(m)
        for m in (
            'id="overview"',
            'id="input-errors"',
            'id="rule-errors"',
            '<table id="ranking">',
            "<h3>attribution</h3>",
        )
    ]
    assert order == sorted(order)
    overview = page.split('id="overview"', 1)[1].split("</section>", 1)[0]
    assert "<b>3</b>articles audited" in overview and "input errors" in overview
    assert "Top findings by severity" in overview and "Sources worth a look" in overview
    # seed 004's date calque is a warning; RDB002 (info) is not a top finding
    assert "TRN001" in overview and "RDB002" not in overview.split("Sources worth")[0]
    assert "feed.jsonl:1</b>: empty article" in page and "feed.jsonl:2</b>: malformed JSON" in page
    assert "<b>RDB002</b> on " in page and "TypeError" in page


def test_grammar_chart_says_not_scored_and_charts_show_mean_and_interval(full_report):
    page = full_report[0].read_text(encoding="utf-8")
    grammar = page.split("<h3>grammar</h3>", 1)[1].split("<h3>", 1)[0]
    assert "not scored" in grammar and "<circle" not in grammar
    overall = page.split("<h3>overall</h3>", 1)[1].split("</svg>", 1)[0]
    assert "<path d=" in overall and "mean" in overall  # the mean marker with its title


def test_findings_sorted_by_severity_with_info_folded(full_report):
    path, run = full_report
    page = path.read_text(encoding="utf-8")
    mt = next(r for r in run.results if r.article.id.endswith("004_f5e9809c43fa8f1b.txt"))
    infos = sum(f.severity.value == "info" for f in mt.findings)
    article = page.split(f"{mt.article.id}", 1)[1].split("</details></li></ul></details>", 1)[0]
    visible, folded = article.split('<details class="infos">', 1)
    assert "sev-info" not in visible and "sev-warning" in visible
    assert f"{infos} info finding(s)</summary>" in folded
    assert folded.count('class="finding sev-info"') == infos


def test_a_large_run_lists_info_findings_only_for_the_articles_that_matter(report, tmp_path):
    """Past `full_page_articles` articles, an article with no warning or error that passes the
    check keeps its summary and the count of its info findings, which are in findings.csv; one
    with a warning keeps them folded, as in a small run."""
    from auditor.reports.html import HtmlReport

    (report.parent / "in" / "budget.txt").write_text(
        "The city council approved a new budget on Tuesday after a four-hour debate. Mayor "
        "Karen Bass said the plan would add 300 police officers and expand bus service in the "
        "eastern districts. Council member Bob Blumenfield, who chairs the budget committee, "
        "said the city had closed a deficit of $400 million without layoffs.\n\nThe budget "
        "takes effect on July 1, and the council will review it again in December.\n"
    )
    run = audit([str(report.parent / "in")])
    seed = next(r for r in run.results if r.article.id.endswith("budget.txt"))
    evil = next(r for r in run.results if r.article.id == "evil")
    assert {f.severity.value for f in seed.findings} == {"info"}  # a clean article
    assert [f for f in evil.findings if f.severity.value == "warning"]
    page = HtmlReport(full_page_articles=1)
    try:
        for r in run.results:
            page.add(r)
        path = page.write(tmp_path / "big.html", sources_frame(articles_frame(run)))
    finally:
        page.close()
    text = path.read_text(encoding="utf-8")
    assert "More than 1 articles: the info findings" in text
    infos = sum(f.severity.value == "info" for f in seed.findings)
    clean = text.split(seed.article.id, 1)[1].split("</details>", 1)[0]
    assert f"{infos} info finding(s), in findings.csv" in clean and "sev-info" not in clean
    flagged = text.split('id="src-evil.example"', 1)[1].split("</section>", 1)[0]
    assert '<details class="infos">' in flagged and "sev-info" in flagged


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
def test_first_screen_shows_the_overview_in_a_real_browser(full_report, tmp_path):
    """A 1280x800 screenshot of the page, and the same layout measured by the browser: the
    overview ends within the first screen. (The probe is added to a copy of the page only,
    since the report itself forbids scripts.)"""
    path, _ = full_report
    browser = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,800",
        f"--user-data-dir={tmp_path / 'p'}",
    ]
    shot = tmp_path / "first-screen.png"
    subprocess.run(
        [*browser, f"--screenshot={shot}", path.as_uri()], capture_output=True, timeout=120
    )
    assert shot.is_file() and shot.stat().st_size > 10_000
    probe = (
        path.read_text(encoding="utf-8")
        .replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x"')
        .replace(
            "</body>",
            "<script>var o=document.getElementById('overview').getBoundingClientRect();"
            "document.body.setAttribute('data-overview',"
            "o.top>=0&&o.bottom<=window.innerHeight?'first-screen':'below:'+o.bottom);</script>"
            "</body>",
        )
    )
    probed = tmp_path / "probe.html"
    probed.write_text(probe, encoding="utf-8")
    dom = subprocess.run(
        [*browser, "--dump-dom", probed.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert 'data-overview="first-screen"' in dom


def test_reliability_columns_are_shown_with_their_interval_when_the_sheet_has_them(tmp_path):
    """The per-source reliability estimate (columns `reliability`, `reliability_ci_low`,
    `reliability_ci_high`, `reliability_reasons` of the sources frame) is shown as given."""
    run = audit([str(EXAMPLES)])
    sources = sources_frame(articles_frame(run)).assign(
        reliability=[0.62],
        reliability_ci_low=[0.41],
        reliability_ci_high=[0.80],
        reliability_reasons=["uncredited rewrites <b>2</b>"],
    )
    page = write_html(tmp_path / "r.html", sources, run.results).read_text(encoding="utf-8")
    assert "<th>reliability (95% interval)</th>" in page
    assert 'title="uncredited rewrites &lt;b&gt;2&lt;/b&gt;">0.62' in page
    assert 'title="mean 0.62, 95% interval 0.41–0.8"' in page
    assert '<span style="left:41.0%;width:39.0%"></span>' in page
    without = sources_frame(articles_frame(run), model=None)  # a sheet with no estimate
    plain = write_html(tmp_path / "p.html", without, run.results)
    assert "reliability" not in plain.read_text(encoding="utf-8")
