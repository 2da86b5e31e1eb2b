"""REP001: aggregator and feed boilerplate lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.ingest import registered_domain, site_label
from auditor.models import UNKNOWN_SOURCE, Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import first_match, is_furniture, iter_lines, load_phrases


class BoilerplatePhrases(Rule):
    """What it does: flags lines that are aggregator, feed or page boilerplate rather than
    journalism: "This post was originally published on this site", "The post <title> appeared
    first on <site>.", "Originally published at …", copyright and newsletter lines, and their
    German, French and Spanish forms. The phrase patterns live in `rules/repost/data/`. Page
    furniture (share, follow, newsletter, cookie, privacy and copyright lines) and wire credit
    lines ("Reporting by …", "AP writers … contributed to this report") are reported as info,
    as is a line crediting the article's own site (a section promoted on wsj.com) or its own
    publisher (`data/owners.txt`: "Copyright ©2019 Dow Jones & Company, Inc." on wsj.com); they
    count in the boilerplate share but are not repost markers. A "Read the full story on ...
    here." line links to a story on a topic and credits no site.

    Why it matters: such lines mark an article as a repost (a copy of a story published
    elsewhere) and are noise in any corpus or feed. A line that names the original (a site, URL
    or wire) is also recorded as a credit (`data.credit`), which the uncredited-rewrite check uses.

    Example:
        flagged:  "This post was originally published on this site"
        better:   publish the original's credit as a byline ("By Josh Toupos, amos37.com")
                  or do not republish the story.
    """

    code = "REP001"
    name = "repost-boilerplate"
    family = "repost"
    summary = "Aggregator, feed or page boilerplate line (a repost marker)"
    severity = Severity.WARNING
    options = {"data_file": "boilerplate.txt"}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        phrases = load_phrases(__package__, self.opts["data_file"])
        chars = 0
        credits = []
        text = article.text
        own = {site_label(u) for u in (article.url, article.source) if u and u != UNKNOWN_SOURCE}
        own_site = [re.compile(rf"\b{re.escape(label)}\b", re.IGNORECASE) for label in own if label]
        # the site's own publisher ("Copyright ©2019 Dow Jones & Company, Inc." on wsj.com)
        owners = {p.name: p.pattern for p in load_phrases(__package__, "owners.txt")}
        for url in (article.url, article.source):
            domain = registered_domain(url) if url and url != UNKNOWN_SOURCE else None
            if domain in owners:
                own_site.append(owners[domain])
        for line in iter_lines(text):
            hit = first_match(phrases, line.text)
            if not hit:
                continue
            phrase, m = hit
            credit = m.groupdict().get("credit")
            chars += line.end - line.start
            if credit:
                credits.append(credit.strip())
            # page furniture and wire credit lines are information, not repost markers, and so
            # is a line crediting the article's own site ("Read More on Capital Journal
            # Capital Journal is WSJ.com's home for politics" on wsj.com)
            furniture = is_furniture(phrase.name) or bool(
                credit and any(p.search(credit) for p in own_site)
            )
            yield self.finding(
                article,
                line.start,
                line.end,
                f"{'page furniture' if furniture else 'repost boilerplate'} ({phrase.name})"
                + (f"; credits {credit.strip()!r}" if credit else ""),
                severity=Severity.INFO if furniture else None,
                pattern=phrase.name,
                credit=credit.strip() if credit else None,
            )
        yield self.measure("boilerplate_share", round(chars / max(len(text), 1), 4))
        yield self.measure("credits", "; ".join(credits))
