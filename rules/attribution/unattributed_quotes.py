"""ATT001: quotations with no speaker or source."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import load_phrases, paragraphs, quotations, word_count


def _colon_before(text: str, end: int) -> bool:
    """Whether `text[:end]` ends in a colon, perhaps followed by whitespace ("He said: “…”");
    walks back over the whitespace only, so checking every quotation of a paragraph stays
    linear (a search of the whole prefix per quotation was quadratic)."""
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i > 0 and text[i - 1] == ":"


class UnattributedQuotes(Rule):
    """What it does: finds quotations of at least `min_words` words (double quotes, straight
    or curly; single quotes told from apostrophes; „…“ and «…»; quotation dashes in languages
    that use them, such as Spanish "—No cederemos —dijo el ministro—") whose paragraph
    carries no reporting cue ("said", "told", "according to", "in a statement", "a
    spokesperson"; per language in `data/cues_<lang>.txt`: en, de and es so far) and that do
    not continue a quotation attributed in the previous paragraph or introduced by a colon.
    Short quoted phrases (titles such as "Face the Nation", scare quotes) are not quotations
    in this sense.

    Why it matters: a quotation is a claim that someone said something. Without a speaker the
    reader cannot judge it, and a rewrite that cut the original's attribution often leaves
    such orphans behind.

    Example:
        flagged:  "We will not yield to anyone on this matter," the paragraph ends.
        better:   "We will not yield to anyone on this matter," Erdogan told NTV.

    Measures: `attribution.quotes` (quotations found) and `attribution.quotes_attributed`.
    """

    code = "ATT001"
    name = "unattributed-quotation"
    family = "attribution"
    summary = "Quotation with no speaker or source"
    severity = Severity.ERROR
    # one language per cue file (data/cues_<lang>.txt): a new language needs no code change
    languages = tuple(
        sorted(
            f.name[len("cues_") : -len(".txt")]
            for f in resources.files(__package__).joinpath("data").iterdir()
            if f.name.startswith("cues_") and f.name.endswith(".txt")
        )
    )
    options = {"min_words": 4}

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        cues = load_phrases(__package__, f"cues_{ctx.language}.txt")
        text = article.text
        total = attributed = 0
        previous_attributed = False
        for para in paragraphs(text):
            quotes = [
                q
                for q in quotations(para.text, ctx.language)
                if word_count(q.text) >= self.opts["min_words"]
            ]
            outside = _strip_quotes(para.text, ctx.language)
            has_cue = any(c.pattern.search(outside) for c in cues)
            only_quote = quotes and not outside.strip(" ,.;:-—–\t")
            para_attributed = False
            for q in quotes:
                total += 1
                ok = has_cue or _colon_before(para.text, q.start)
                ok = ok or (only_quote and previous_attributed)
                if ok:
                    attributed += 1
                    para_attributed = True
                    continue
                start = para.start + q.start
                yield self.finding(
                    article,
                    start,
                    para.start + q.end,
                    "quotation with no speaker or source in its paragraph",
                )
            # A paragraph ending with a colon introduces the quotation that follows.
            previous_attributed = para_attributed or (has_cue and para.text.rstrip().endswith(":"))
        yield self.measure("quotes", total)
        yield self.measure("quotes_attributed", attributed)


def _strip_quotes(text: str, language: str) -> str:
    """The paragraph with its quoted passages removed (cues inside quotes do not count)."""
    out, pos = [], 0
    for q in quotations(text, language):
        out.append(text[pos : q.start])
        pos = q.end
    out.append(text[pos:])
    return " ".join(out)
