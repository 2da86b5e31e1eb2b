from auditor.api import audit_articles
from auditor.ingest import article_from_html
from auditor.models import Article, Severity
from support import REPOST_SEED, REWRITE_SEED, run_rule

BODY = REWRITE_SEED.read_text(encoding="utf-8")


def _page(head: str = "", footer: str = "", url: str = "https://www.msn.com/en-us/news/x") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n") if p.strip())
    return (
        f'<html lang="en"><head><title>Erdogan</title><meta property="og:url" content="{url}">'
        f"{head}</head><body><article>{paragraphs}</article><footer>{footer}</footer></body></html>"
    )


def _rep004(html: str):
    article = article_from_html(html.encode(), "page.html")
    assert isinstance(article, Article)
    return run_rule(
        "REP004", article.text, url=article.url, source=article.source, extra=article.extra
    )


def test_canonical_link_to_another_site_is_a_credited_repost():
    result = _rep004(_page('<link rel="canonical" href="https://www.cnn.com/2019/11/18/health/x">'))
    [finding] = result.findings
    assert finding.severity is Severity.WARNING
    assert "canonical link points to cnn.com" in finding.message
    assert (
        finding.evidence == '<link rel="canonical" href="https://www.cnn.com/2019/11/18/health/x">'
    )
    assert (finding.start, finding.end) == (0, 0) and finding.data["outside_text"]
    assert result.measures["repost.page_credits"] == "cnn.com"
    assert result.scores["repost"] < 100


def test_canonical_to_the_same_site_or_brand_is_not_a_repost():
    own = _page('<link rel="canonical" href="https://www.msn.com/en-us/news/x">')
    brand = _page(
        '<link rel="canonical" href="https://www.businessinsider.de/a">',
        url="https://www.businessinsider.com/a",
    )
    for html in (own, brand):
        result = _rep004(html)
        assert result.findings == []
        assert result.measures["repost.page_credits"] == ""


def test_dropped_footer_lines_credit_the_original_or_the_wire():
    footer = (
        "<p>Via SyndiGate.info</p>"
        "<p>Tom Krisher, Ap Auto Writer</p>"
        "<p>Subscribe to our newsletter for exclusive updates</p>"
        "<p>© 2019 Vox Media, LLC. All Rights Reserved</p>"
        "<p>Photo: Damian Dovarganes, AP</p>"
    )
    result = _rep004(_page(footer=footer, url="https://www.albawaba.com/news/x"))
    by_line = {f.evidence: f for f in result.findings}
    assert set(by_line) == {"Via SyndiGate.info", "Tom Krisher, Ap Auto Writer"}
    assert by_line["Via SyndiGate.info"].severity is Severity.WARNING
    assert by_line["Tom Krisher, Ap Auto Writer"].severity is Severity.INFO
    assert result.measures["repost.page_credits"] == "SyndiGate.info; Ap"


def test_the_page_own_copyright_is_not_a_credit():
    footer = "<p>© 2019 Al Bawaba. All rights reserved.</p><p>Via Al Bawaba</p>"
    result = _rep004(_page(footer=footer, url="https://www.albawaba.com/news/x"))
    assert result.measures["repost.page_credits"] == ""


def test_text_articles_have_nothing_to_inspect():
    result = run_rule("REP004", BODY)
    assert result.findings == [] and "REP004" not in result.skipped


def test_page_credit_makes_a_shared_text_a_credited_repost():
    """A clean-bodied HTML repost whose canonical link names the original's site is a credited
    repost for REP003, not an uncredited rewrite."""
    original = Article(
        "orig",
        REPOST_SEED.read_text(encoding="utf-8"),
        source="amos37.com",
        url="https://amos37.com/erdogan-s400",
        published="2021-09-26",
    )
    page = article_from_html(
        _page('<link rel="canonical" href="https://amos37.com/erdogan-s400">').encode(),
        "copy.html",
    )
    copy = Article(
        "copy",
        page.text,
        source=page.source,
        url=page.url,
        published="2021-09-27",
        extra=page.extra,
    )
    run = audit_articles([original, copy], select=["REP003", "REP004"])
    shared = [f for f in run.results[1].findings if f.code == "REP003"]
    assert shared and all(f.severity is Severity.INFO for f in shared)
    assert "credited repost" in shared[0].message
