"""TRN006: structural artefacts: repeated headline, sentences run together, stripped quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import first_lines, iter_paragraphs

# A lower-case word, a space, then a capitalised pronoun that starts a new sentence.
_RUN_TOGETHER = re.compile(r"\b[a-z]{2,30}[ \u00a0]+(?:He|She|They|We)\b(?=[ \u00a0]+[a-z])")


class StructuralArtefacts(Rule):
    """What it does: finds three marks of text that went through a pipeline without an
    editor: the headline repeated as the next line; two sentences run together where a full
    stop was lost ("Erdogan said at the conference He added, ..."); and a paragraph with a
    closing curly quotation mark and no opening one (a stripped quote; an opening mark alone
    is a quotation running on into the next paragraph, which is normal).

    Why it matters: each is a mechanical error that an editor would fix; together with the
    translation formulas they mark unedited, often machine-translated copy.

    Example:
        flagged:  "Only through dialogue can we overcome the challenges facing us, Erdogan said
                  at the conference He added, turkey can buy American Patriot missiles"
        better:   "... Erdogan said at the conference. He added that Turkey could buy ..."
    """

    code = "TRN006"
    name = "structural-artefact"
    family = "translation"
    summary = "Repeated headline, sentences run together, or unbalanced quotation marks"
    # Info, not warning: on the dev splits its warnings fired on no larger a share of machine
    # translations than of human translations or English originals (MT 0%, human 0%, originals
    # 1.6%), and none overlapped an MQM error span; a rule that does not beat chance reports
    # evidence, not an accusation.
    severity = Severity.INFO
    languages = ("en",)

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        text = article.text
        first = first_lines(text, 2)
        if len(first) == 2 and first[0].text == first[1].text and len(first[0].text) > 10:
            yield self.finding(
                article, first[1].start, first[1].end, "headline repeated as the next line"
            )
        for m in _RUN_TOGETHER.finditer(text):
            yield self.finding(
                article,
                m.start(),
                m.end(),
                f"sentences run together without punctuation: {m.group()!r}",
            )
        if "”" not in text:  # no closing mark: no paragraph to look at
            return
        for para in iter_paragraphs(text):
            opening, closing = para.text.count("“"), para.text.count("”")
            # an opening mark with no closing one is a quotation running on into the next
            # paragraph; a closing mark with no opening one lost its partner
            if closing and not opening:
                yield self.finding(
                    article,
                    para.start,
                    min(para.end, para.start + 120),
                    f"unbalanced quotation marks in this paragraph ({opening} “ and {closing} ”)",
                    severity=Severity.INFO,
                )
