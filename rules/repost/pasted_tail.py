"""REP002: a pasted tail of the original's title, URL and author, or a portal's source line."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from auditor.ingest import registered_domain, site_label
from auditor.models import UNKNOWN_SOURCE, Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import last_lines, load_phrases, load_words


class PastedTail(Rule):
    """What it does: looks at the last `tail_lines` non-blank lines of an article for what a
    copy-paste repost leaves behind: a line that is or ends with a bare URL (the original's
    title and link), an author's name alone on a line next to it, and a portal credit line
    ("Source: editor in charge of overseas website: Liu Yuxin"). The block from the first such
    line to the last is one finding; the URL's domain or the source line's text is recorded as
    a credit (`repost.tail_credits`) for the uncredited-rewrite check. Not a pasted
    original: a URL of the article's own site ("Follow AP news coverage at
    https://apnews.com/..." on apnews.com), a link to a post on a social or video site (an
    embedded tweet; `data/embed_domains.txt`), a site's own share line ("Read or Share this
    story: http://cin.ci/1SAXhGb") or reference link ("Online: AP-NORC Center: http://..."),
    a line of a reference list ("(2) http://...", "Retrieved from: https://...", a DOI), a
    link to a site's front page ("Rules are at http://LivingRoomConversations.org."), a short
    link (`data/shorteners.txt`: "Read the documents: http://apne.ws/NuF4iSJ"), and a
    "Source:" line citing a journal or dataset ("SOURCE: Archives of General Psychiatry,
    February 2010.", "Source: Dow Jones Market Data"). On 2,545 articles of rated outlets
    (corpora/sources dev) the first three were 37 of the 104 findings; of the 59 left, the
    rest removed 9 (all wrong when read), and most of the 50 that remain are "Source: <url>"
    lines of a portal that reposts blogs.

    Why it matters: the tail shows the article was copied from elsewhere; it credits the
    original only in passing and usually without the publisher's name.

    Example:
        flagged:  "Erdogan: Turkey intends to buy S-400 from Russia  https://amos37.com/erdogan-…"
                  "Josh Toupos"
        better:   a byline and a link in the article's header: "By Josh Toupos (amos37.com)".
    """

    code = "REP002"
    name = "pasted-tail"
    family = "repost"
    summary = "Pasted tail: original's title and URL, author line, or 'Source:' line"
    severity = Severity.WARNING
    options = {"tail_lines": 4}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        patterns = {p.name: p.pattern for p in load_phrases(__package__, "tails.txt", flags=0)}
        embeds = load_words(__package__, "embed_domains.txt")
        shorteners = load_words(__package__, "shorteners.txt")
        own = {site_label(u) for u in (article.url, article.source) if u and u != UNKNOWN_SOURCE}
        tail = last_lines(article.text, self.opts["tail_lines"])
        hits = []
        credits = []
        referenced = False  # after a share or reference label: its links, not a pasted tail
        for n, line in enumerate(tail):
            if referenced or any(
                patterns[name].search(line.text) for name in ("share-line", "reference-line")
            ):
                referenced = True
                continue
            for name in ("url-line", "source-line"):
                m = patterns[name].search(line.text)
                if m:
                    credit = m.group("credit").strip()
                    if (
                        name == "source-line"
                        and "://" not in credit
                        and patterns["citation"].search(credit)
                    ):
                        break  # a reference to a journal or a dataset, not a link
                    if name == "url-line":
                        if site_label(credit) in own:
                            break  # the article's own site: a share or coverage link
                        if _home_page(credit):
                            break  # a site's front page: a promotion or a reference
                        credit = registered_domain(credit) or credit
                        if credit in embeds:
                            break  # a post on a social or video site, embedded
                        if credit in shorteners:
                            break  # a short link names no original
                    credits.append(credit)
                    hits.append(n)
                    break
        if hits:
            first, last = min(hits), max(hits)
            # an author line right after the URL line belongs to the tail
            if last + 1 < len(tail) and patterns["author-line"].match(tail[last + 1].text):
                last += 1
            yield self.finding(
                article,
                tail[first].start,
                tail[last].end,
                f"pasted tail crediting {', '.join(credits)}",
                credits=credits,
            )
        yield self.measure("tail_credits", "; ".join(credits))


def _home_page(url: str) -> bool:
    """Is `url` a site's front page ("http://LivingRoomConversations.org.")? A copied
    article's link points to the article; a line ending in a front page promotes or cites a
    site ("Rules are at http://...", "check out http://...")."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.path in ("", "/") and not parts.query
