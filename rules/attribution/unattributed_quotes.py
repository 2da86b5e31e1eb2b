"""ATT001: quotations with no speaker or source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.attribution.relations import extract, overlaps_any
from auditor.rules.helpers import load_phrases, load_words, paragraphs, quotations, word_count

# Languages whose attribution relations (relations.extract: the tagger and the patterns) are
# read: a quotation that is the content of one of them is attributed, whatever its paragraph.
RELATION_LANGUAGES = ("en",)


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
    in this sense. Reported as info: read by hand on web news of rated outlets, most findings
    still had their speaker nearby in a form the text does not show (see `severity`).

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
    # info, not an accusation: on 300 articles of highly rated outlets and 212 of low-rated
    # ones (corpora/sources dev, each finding read by hand) 4 of 11 and 3 of 33 findings
    # were right after the tests above were added (0 of 12 sampled before, as an error on
    # 41% of the rated outlets' articles); a speaker named a paragraph or two before with a
    # verb of no lexicon, or a quotation that is no one's speech (a title, a hypothetical),
    # is beyond what the text shows. Raise it per project where the texts are clean wire copy:
    # [tool.auditor.severity] ATT001 = "warning".
    severity = Severity.INFO
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
        names = _naming_words(ctx.language)
        verbs = _words(f"reporting_verbs_{ctx.language}.txt")
        text = article.text
        if ctx.language in RELATION_LANGUAGES:
            in_relation = overlaps_any(r.content for r in extract(text, ctx.language))
        else:
            in_relation = _never
        total = attributed = 0
        previous_attributed = False
        continued = False  # the previous paragraph ended inside an attributed quotation
        introduced = False  # the previous paragraph ended "...:", "He said," or "... that"
        for para in paragraphs(text):
            if _FURNITURE.fullmatch(para.text):
                continue  # "Advertisement", "RELATED: ...": the story goes on past it
            quotes = [
                q
                for q in quotations(para.text, ctx.language)
                if word_count(q.text) >= self.opts["min_words"]
                and not _named_before(para.text, q.start, names)
            ]
            outside = _strip_quotes(para.text, ctx.language)
            has_cue = any(c.pattern.search(outside) for c in cues) or any(
                w.lower() in verbs for w in _WORDS.findall(outside)
            )
            only_quote = quotes and not outside.strip(" ,.;:-—–\t")
            para_attributed = False
            for i, q in enumerate(quotes):
                total += 1
                ok = has_cue or _colon_before(para.text, q.start)
                ok = ok or (only_quote and previous_attributed)
                ok = ok or (i == 0 and q.start == 0 and (continued or introduced))
                ok = ok or not _stands_alone(para.text, q.start)
                ok = ok or any(test(para.text, q) for test in _SELF_ATTRIBUTED)
                ok = ok or in_relation((para.start + q.start, para.start + q.end))
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
            # A paragraph ending with a colon, a comma or "that" ("She also said,") introduces
            # the quotation that follows; one whose last quotation runs to its end unclosed
            # continues it in the next paragraph (the convention of multi-paragraph
            # quotations: each paragraph opens, the last closes).
            last = quotes[-1] if quotes else None
            continued = (
                last is not None
                and para_attributed
                and last.end == len(para.text)
                and last.text[-1] not in _CLOSING
            ) or (continued and only_quote)
            introduced = _INTRODUCES.search(para.text[-40:]) is not None
            previous_attributed = para_attributed or introduced
        yield self.measure("quotes", total)
        yield self.measure("quotes_attributed", attributed)


def _never(span: tuple[int, int]) -> bool:
    return False


def _naming_words(language: str) -> frozenset[str]:
    """Words after which a quoted phrase is a name, not a quotation ("a report titled “…”",
    "the so-called “…”": data/quote_names_<lang>.txt)."""
    return _words(f"quote_names_{language}.txt")


@cache
def _words(filename: str) -> frozenset[str]:
    """A word list of data/ (none for a language without the file)."""
    try:
        return load_words(__package__, filename)
    except FileNotFoundError:
        return frozenset()


_WORDS = re.compile(r"[^\W\d_]+")
# what may stand before a quotation that opens a sentence of its own: nothing, a sentence
# end, a colon, a closing mark or bracket, a dash; after a word or a comma the quotation is
# part of the writer's sentence ("lauded him for “new and innovative ideas”", "He contended
# that “…”"), whose subject says who is quoted
_SENTENCE_START = frozenset(".!?:;)]”\"'’―—–-*•")
# a speaker's label opening a transcript line ("WALLACE: If I may, sir, ...")
_SPEAKER_LABEL = re.compile(r"[\"“”'‘„«»]\s?[A-Z][A-Z.'’ -]{1,40}:\s")
_DASHES = "―—–"
_CLOSING = frozenset("”\"»«“'’")


def _stands_alone(text: str, start: int) -> bool:
    """Whether the quotation at `start` opens a sentence (see _SENTENCE_START); reads back
    over spaces only."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i - 1] in _SENTENCE_START


def _speaker_label(text: str, q) -> bool:  # noqa: ANN001
    """A transcript line that opens with its speaker's label ("WALLACE: If I may, sir")."""
    return _SPEAKER_LABEL.match(q.text) is not None


def _sentence_goes_on(text: str, q) -> bool:  # noqa: ANN001
    """A comma before the closing mark: the sentence goes on to its speaker ("“You've called
    women ... animals,” Kelly charged")."""
    return q.text.rstrip("”\"’' ").endswith(",") and text[q.end : q.end + 2].strip()[:1].isalpha()


def _credit_after(text: str, q) -> bool:  # noqa: ANN001
    """A credit after the quotation: on its line, a dash or a colon and a name ("“...” ―
    Francisco Herrero", "‘...’: Nate Silver"), a name and title ("“...” Dr. John Petrozza,
    fertility specialist") or an embedded post's signature ("— Laura Ingraham (@...)"); or
    a name line right under it ("Josh Bivens, Economic Policy Institute.")."""
    line_end = text.find("\n", q.end, q.end + 300)
    rest = text[q.end : line_end if line_end >= 0 else q.end + 300].strip(" \t\u00a0")
    if _POST_SIGNATURE.search(rest):
        return True
    if rest[:2] == "--":
        rest = rest[2:]
    elif rest[:1] and rest[0] in _DASHES + ":":
        rest = rest[1:]
    rest = rest.strip(" \t\u00a0")
    if _CITATION_AFTER.match(rest):
        return True
    if rest:
        return _NAME_LINE.fullmatch(rest) is not None
    if line_end < 0:
        return False
    below = text[line_end + 1 : line_end + 200].split("\n", 1)[0].strip(' \t\u00a0"”')
    return _NAME_LINE.fullmatch(below) is not None


def _subhead(text: str, q) -> bool:  # noqa: ANN001
    """A short paragraph that is only a single-quoted line with no full stop at its end: a
    subhead in headline style (‘We trust that God will do the rest’), whose quotation the
    story attributes in full; a British quotation in the text ends its sentence (‘We will
    not give up.’)."""
    return (
        q.start == 0
        and q.end == len(text)
        and q.text[:1] in "‘'"
        and not q.text.rstrip("’' ").endswith((".", ","))
        and word_count(q.text) <= _SUBHEAD_WORDS
    )


# the tests by which a quotation names its speaker itself, or is no quotation of a speaker
_SELF_ATTRIBUTED = (_speaker_label, _sentence_goes_on, _credit_after, _subhead)
_SUBHEAD_WORDS = 12
# a name of two to five capitalised words (particles allowed), perhaps with a title after
# a comma: "Dr. John Petrozza, fertility specialist", "S.C. Rep. Jim Clyburn."
_NAME_LINE = re.compile(
    r"[A-Z][\w.'’-]*(?:[ \u00a0]+(?:[A-Z][\w.'’-]*|de|van|von|al|bin)){1,4}"
    r"(?:,[^\n.!?]{1,100})?\.?"
)
_POST_SIGNATURE = re.compile(r"[—–-] [^\n]{1,80}\(@\w{1,30}\)")
# a note or citation right after the closing mark: "(14)", "[SOURCE]", "(Galatians 3:13)"
_CITATION_AFTER = re.compile(r"\(\d{1,3}\)|\[[\w ]{1,20}\]|\(?[A-Z][a-z]{1,15}\.? \d{1,3}:\d{1,3}")
# the end of a paragraph that introduces the next one's quotation
_INTRODUCES = re.compile(r"(?:[:,]|\bthat|--|[—–])\s*$")
# a paragraph of page furniture between an introduction and its quotation
_FURNITURE = re.compile(
    r"(?i:advertisement|related|trending|read more|see also|recommended)(?::[^\n]{0,200})?"
)


def _named_before(text: str, start: int, names: frozenset[str]) -> bool:
    """Whether the word just before `start` (over spaces and an opening bracket or comma)
    is one of `names`; reads back at most 40 characters, so each quotation costs O(1)."""
    if not names:
        return False
    before = text[max(0, start - 40) : start].rstrip(" ,(\u00a0")
    word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
    return word in names


def _strip_quotes(text: str, language: str) -> str:
    """The paragraph with its quoted passages removed (cues inside quotes do not count)."""
    out, pos = [], 0
    for q in quotations(text, language):
        out.append(text[pos : q.start])
        pos = q.end
    out.append(text[pos:])
    return " ".join(out)
