"""TRN002: possessives that lost their apostrophe ("Trumps proposal", "NATOs air defense")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule
from auditor.rules.helpers import load_words

# A capitalised word ending in s, followed by a lower-case word (the possessed noun).
_CANDIDATE = re.compile(r"\b([A-Z][A-Za-z]{1,30}?)s\b(?=[ \u00a0]+([a-z][a-z-]{1,30})\b)")
# Words that follow a plural subject or a preposition, never a possessed noun.
_NOT_POSSESSED = frozenset(
    "are were have had has say said says will would can could should may might must do did "
    "who which that and or but in on at to of for with from by as than is was be been being "
    "also still now then not all both each alone too themselves told tell want wanted".split()
)
_NOT_NAMES = frozenset("it its his this these those thus perhap yes news".split())
_SUBJECT_VERBS = "said|says|has|had|is|was|will|would|told|added|wants|claimed"


_POSSESSIVE_USE = re.compile(r"\b([A-Z][A-Za-z]{1,30})['’]s\b")
_SUBJECT_USE = re.compile(rf"\b([A-Z][A-Za-z]{{1,30}})[ \u00a0]+(?:{_SUBJECT_VERBS})\b")
_ACRONYM = re.compile(r"[A-Z]{2,}")


def _names_used(text: str) -> frozenset[str]:
    """Every word the text uses with an apostrophe ("Trump's") or as a subject ("Trump said"):
    one pass over the text, however many candidates it has."""
    used = {m.group(1) for m in _POSSESSIVE_USE.finditer(text)}
    used.update(m.group(1) for m in _SUBJECT_USE.finditer(text))
    return frozenset(used)


# A determiner ("the Kennedys") or a capitalised word ("United States") before the word means
# a plural or a multi-word name, not a possessive.
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|two|three|many|several|some|all)|\b[A-Z][\w.-]*)[ \u00a0]+$"
)


class MissingApostrophe(Rule):
    """What it does: finds a proper noun with a bare "s" where a possessive is meant, e.g.
    "Trumps proposal", "Ankaras friendship", "Turkeys purchase", "NATOs air defense". A word
    counts when its base ("Trump") appears elsewhere in the same article with an apostrophe
    or as a subject ("Trump said"), or is in the list of names in
    `rules/translation/data/proper_nouns_en.txt`, and the next word is lower case (the thing
    possessed). Plurals ("the Kennedys", "Brazilians are", "Democrats say") and multi-word
    names ("United States") are left alone, and so are plural acronyms ("SMBs face rising
    costs") unless the acronym is a listed name ("NATOs air defense").

    Why it matters: machine translation from Chinese, which marks possession with 的, drops
    the English apostrophe; no edited English news writes "Trumps request".

    Example:
        flagged:  "he would not abandon the S-400 because of Trumps request"
        better:   "he would not abandon the S-400 because of Trump's request"
    """

    code = "TRN002"
    name = "missing-apostrophe"
    family = "translation"
    summary = "Possessive proper noun without its apostrophe ('Trumps proposal')"
    # Info, not warning: on the dev splits its warnings fired on no larger a share of machine
    # translations than of human translations or English originals (MT 0.5%, human 0.5%,
    # originals 1.0%), and none overlapped an MQM error span; a rule that does not beat chance
    # reports evidence, not an accusation.
    severity = Severity.INFO
    languages = ("en",)

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        text = article.text
        known = load_words(__package__, "proper_nouns_en.txt")
        names = _names_used(text)
        count = 0
        for m in _CANDIDATE.finditer(text):
            base = m.group(1)
            if _DETERMINER_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            if len(base) < 3 or base.lower() in _NOT_NAMES:
                continue  # "Its", "Hers": words, not names
            if m.group(2) in _NOT_POSSESSED:
                continue  # "Brazilians are", "Democrats say": a plural, not a possessive
            if _ACRONYM.fullmatch(base) and base.lower() not in known:
                continue  # "SMBs", "MLAs": the plural of an acronym, unless a listed name (NATO)
            if base.lower() not in known and base not in names:
                continue
            count += 1
            yield self.finding(
                article,
                m.start(),
                m.end(),
                f"possessive without apostrophe: {m.group()!r} (meant {base}'s)",
            )
        yield self.measure("missing_apostrophes", count)
