"""REP004: repost credits in the parts of an HTML page that the main-text extraction drops."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.ingest import registered_domain, site_label
from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import first_match, is_furniture, load_phrases


class PageRepostCredit(Rule):
    """What it does: for articles read from HTML, looks at what trafilatura's main-text
    extraction left out. (1) A canonical link (`<link rel="canonical">`) to another site than
    the page's own (its `og:url`, else its URL; sites compared without their public suffix,
    so businessinsider.com and businessinsider.de are one site) declares the article a copy of
    that page: a repost, credited. (2) Visible page lines outside the extracted body that match
    the repost patterns of `rules/repost/data/` ("Via SyndiGate.info", "Originally published
    on …", "The post … appeared first on …") are repost markers; dropped wire credit lines
    ("Reporting by …", "Tom Krisher, AP Auto Writer", an AP copyright notice) are information;
    footer copyright lines and photo credits are skipped (`skip_patterns`). Either way the
    original or wire is recorded as a credit (`repost.page_credits`) for the uncredited-rewrite
    check, unless it names the page's own site. Furniture without a credit (share, cookie,
    newsletter lines) is left alone: dropping it was right. Findings have no span in the text:
    their evidence is the link or line from the page (`data.outside_text`).

    Why it matters: a syndicated page often has a clean body; the only trace that it is a
    repost is in its head or footer, and the extraction removes both.

    Example:
        flagged:  msn.com page with `<link rel="canonical" href="https://www.cnn.com/…">`;
                  an albawaba.com page whose footer says "Via SyndiGate.info".
        better:   credit the original in the article itself ("This story first appeared on
                  CNN.com").
    """

    code = "REP004"
    name = "page-repost-credit"
    family = "repost"
    summary = "Repost credit outside the extracted text of an HTML page (canonical, footer)"
    severity = Severity.WARNING
    options = {
        "data_file": "boilerplate.txt",
        # A footer's copyright line names the publisher or its parent company ("© 2019 Vox
        # Media, LLC" on theverge.com), which cannot be told from an original's name; photo
        # credits name a photographer, not the text's source. Both are skipped on the page.
        "skip_patterns": [
            "all-rights-reserved",
            "furniture-copyright",
            "furniture-all-rights",
            "may-not-be-published",
            "furniture-photo-credit",
            "furniture-image-copyright",
        ],
        # Lines that credit a wire without saying the page is a repost: information.
        "credit_patterns": ["ap-copyright"],
    }

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        own_url = article.url or ""
        # the page's own names: its site label and its og:site_name
        site_name = str(article.extra.get("site_name") or "").lower()
        own = {name for name in (site_label(own_url), site_name) if name}
        credits: list[str] = []
        canonical = str(article.extra.get("canonical_url") or "")
        if canonical.startswith(("http://", "https://")) and own_url:
            label = site_label(canonical)
            if label and label not in own:
                domain = registered_domain(canonical) or label
                credits.append(domain)
                yield self.page_finding(
                    article,
                    f'<link rel="canonical" href="{canonical}">',
                    f"repost: the page's canonical link points to {domain}",
                    pattern="canonical-link",
                    credit=domain,
                )
        phrases = load_phrases(__package__, self.opts["data_file"])
        dropped = article.extra.get("dropped_lines")  # a list from HTML ingest; JSONL may vary
        for line in dropped if isinstance(dropped, list) else ():
            if not isinstance(line, str):
                continue
            hit = first_match(phrases, line)
            if not hit:
                continue
            phrase, m = hit
            if phrase.name in self.opts["skip_patterns"]:
                continue
            credit = (m.groupdict().get("credit") or "").strip()
            if credit and any(name and name in credit.lower() for name in own):
                credit = ""  # the page's own copyright or name: not an original
            furniture = is_furniture(phrase.name) or phrase.name in self.opts["credit_patterns"]
            if furniture and not credit:
                continue
            if credit:
                credits.append(credit)
            yield self.page_finding(
                article,
                line,
                f"{'credit line' if furniture else 'repost boilerplate'} outside the extracted "
                f"text ({phrase.name})" + (f"; credits {credit!r}" if credit else ""),
                severity=Severity.INFO if furniture else None,
                pattern=phrase.name,
                credit=credit or None,
            )
        yield self.measure("page_credits", "; ".join(dict.fromkeys(credits)))
