"""Shared attribution extraction (a helper, not a rule): reported speech and claims in a text,
with their source, cue and content spans and whether the source is named.

Patterns, per sentence and then per clause (split at ";", dashes, ", but/and/while" and a colon
before a capital), so a sentence can hold several relations (precompiled, bounded):
- "according to SOURCE, CONTENT" and "CONTENT, according to SOURCE[, apposition]";
- "[up to three clauses, ]SOURCE[, apposition,] CUE [object] (that|:) CONTENT"   ("Erdogan said on
  Sunday that Turkey ...", "Ismail Demir, the head of ..., said the sanctions ...", "Cavusoglu
  told reporters that ..."); "CONTENT, he said, CONTENT" keeps both sides; a passive cue
  without "that" ("The document was found on a street") is not reported speech;
- "CONTENT, SOURCE CUE [adverbial]" and "CONTENT, CUE SOURCE"   ("..., he added on Monday." /
  "..., said Mr. Erdogan.", only for cues that invert: not "..., told the Times that ...");
  an interrupted quotation "“A,” X said, “B.”";
- ", saying/adding/citing ... CONTENT" after a relation (its source) or in a sentence without
  one (the sentence's subject: "Clinton attacked Trump, saying ...");
- a speaker-only sentence next to a quotation ("Mr. Biden told reporters. “...”", "He
  tweeted: “...”", "“...?” Trump said."): the content is the whole quotation;
- a quotation line signed with a dash ("“...” ― Sonya Herridge");
- headline and transcript colons ("Issa: ..."), caption credits ("... Photo: Reuters") and
  citations ("“Headline” — CBC.ca, August 15, 2008");
- agentless reporting: "it is reported that", "it was said", "it is understood", and hedges
  inside a clause, "is said to", "is believed to", "reportedly", "allegedly" (no source; "is
  expected to" is a forecast, left out: it would flood ATT005 on ordinary news).
A source may carry a long apposition ("Hillary Clinton, who served as ...,"): its head before
the first comma is what must be a short noun phrase. A pronoun contracted with "is", "has" or
"us" is no noun phrase: "He’s claiming" gives "He", while "It's", "Let's", "Here's" and a span
holding one ("It's worth noting") are no source.
Reporting verbs are per language in data/reporting_verbs_<lang>.txt (capitalised in headlines).
Source kind: `named` when the source holds a proper name (a capitalised word that is not a
pronoun, nor at a sentence start a word the article writes in lower case: "Investors said") and
the head of its head phrase (up to the first comma, dash, bracket, colon or preposition: "Brian
Fallon, a spokesman for ...") is not an anonymous noun; a pronoun is
resolved to the nearest earlier named source and is `named` when there is one; `anonymous`
when the head noun names no one ("officials", "a person familiar with the matter", "a State
Department spokesperson": an institution is named, the person is not); `none` when agentless.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate

from auditor.rules.attribution import tagger
from auditor.rules.helpers import Span, load_words, quotations, sentences

# Longer "sentences" are lists, tables or run-together text; the patterns are not meant for them.
MAX_SENTENCE_CHARS = 1500
PRONOUNS = frozenset("he she they it we i you him her them".split())
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*")
_WORDS = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True)
class Relation:
    content: tuple[int, int]
    source: tuple[int, int] | None
    cue: tuple[int, int]
    kind: str  # named | anonymous | none
    via: str = field(default="rules", compare=False)  # the pattern or "model" that found it
    confidence: float = field(default=1.0, compare=False)  # the model's, for its relations

    def as_data(self) -> dict[str, object]:
        return {
            "content": list(self.content),
            "source": list(self.source) if self.source else None,
            "cue": list(self.cue),
            "source_kind": self.kind,
            "found_by": self.via,
        }


@cache
def _verbs(lang: str) -> frozenset[str]:
    """The reporting verbs the patterns' cues are made of."""
    words = load_words(__package__, f"reporting_verbs_{lang}.txt")
    # headlines capitalise verbs: "Hillary Clinton Says EgyptAir Crash Seems Like ..."
    return frozenset(words | {w.capitalize() for w in words if w.endswith("s") and " " not in w})


@cache
def _verb_words(lang: str) -> frozenset[str]:
    """The first word of each reporting verb: a cue of the patterns starts with one."""
    return frozenset(w.split()[0] for w in _verbs(lang))


@cache
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    verbs = "|".join(sorted(_verbs(lang), key=len)[::-1])
    helpers = "has|have|had|was|were|is|are|also|later|then|previously|reportedly|repeatedly"
    cue = rf"(?:(?:{helpers})\s){{0,2}}(?:{verbs})"

    def front(start: str, end: str) -> str:
        return (
            rf"^(?:[^,;:\"“”]{{1,200}},\s){{0,3}}?"
            rf"(?P<src>{start}[^,;:\"“”]{{1,120}}?(?:,\s[^,;:\"“”]{{1,100}}?,)?){end}\s(?P<cue>{cue})"
            r"(?:(?P<pre>\s[^,:\"“”]{1,60}?)??\sthat\s|[,:]?\s)"
            r"(?P<content>[\"“'A-Za-z0-9].{3,}?)[.!?]*$"
        )

    return {
        "according_front": re.compile(
            r"^(?P<cue>[Aa]ccording to)\s(?P<src>[^,;:]{2,120}?),\s(?P<content>.{3,}?)[.!?\"”]*$"
        ),
        "according_back": re.compile(
            r"^(?P<content>.{3,}?),?\s(?P<cue>according to)\s(?P<src>[^,;:]{2,120}?)"
            r"(?:,\s[^,;:]{1,100}?)?[.!?\"”]*$"
        ),
        "back_inverted": re.compile(
            rf"^(?P<content>.{{3,}}?)(?:[,\"”]|'')+\s(?P<cue>{cue})\s"
            r"(?P<src>(?:[A-Z]|(?:a|an|the)\s)[^,;:]{1,100}?)"
            r"(?:\s(?:when|who|as|after|while|on|in|at|during|to)\b[^,;]{0,150}?)?"
            r"(?:[,;]\s.{0,200}?)?[.!?\"”]*$"
        ),
        # "“To all the black girls,” Bond said, “Own your magic.”": both pieces are content
        "interrupted": re.compile(
            rf"^(?P<content>(?:[\"“]|'').{{3,}}?(?:[,\"”]|'')+\s(?P<src>[^,;:\"“”]{{1,100}}?)"
            rf"\s(?P<cue>{cue}),\s(?:[\"“]|'').{{3,}})$"
        ),
        "back": re.compile(
            rf"^(?P<content>.{{3,}}?)(?:[,\"”]|'')+\s(?P<src>[^,;:\"“”]{{1,100}}?)\s(?P<cue>{cue})"
            r"(?P<tail>\s[^,;:]{0,150}?(?:,\s[A-Z][\w.'’-]*(?:\s[^,;:]{0,40}?)?)?)?"
            r"(?:,[\"”']?\s(?:\w+ing|asked|who|which|as|while|when|after)\b.{0,200}?)?"
            r"[.!?\"”']*$"
        ),
        "front": re.compile(front("", "")),
        # the same, for a source that does not end with "and"/"or" ("In TV interviews and
        # tweets, Trump has argued that ...": not "tweets" with the source "In TV interviews and")
        # nor open a relative clause ("Sanders, who on Tuesday endorsed Clinton, said ...")
        "front_late": re.compile(front(r"(?!(?:who|which|that)\s)", r"(?<!\sand)(?<!\sor)")),
        "intro": re.compile(
            rf"^(?P<src>[^,;:\"“”]{{1,120}}?)\s(?P<cue>{cue})(?:\s[^,;:\"“”]{{1,60}}?)?[.:]$"
        ),
        # "Issa: Hillary Clinton's 'Honesty Is In Question.'" (headlines, transcripts)
        "colon": re.compile(
            r"^(?P<src>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,4})(?P<cue>:)\s(?P<content>\S.{3,}?)"
            r"[.!?\"”']*$"
        ),
        # captions and citations: "Lady Cassandra from Doctor Who. Image: Nick Moreau",
        # "\"Sensitive document found on street\" — CBC.ca, August 15, 2008"
        "credit": re.compile(
            r"^(?P<content>.{3,}?)\.?\s(?P<cue>(?:Image|Photo|Picture|Photograph|Video|Credit)s?:)"
            r"\s(?P<src>[^:]{2,80}?)$"
        ),
        "credit_line": re.compile(
            r"^(?P<cue>(?:Image|Photo|Picture|Photograph|Video|Credit)s?:)\s(?P<src>[^:]{2,80}?)$"
        ),
        "citation": re.compile(
            r"^(?P<content>[\"“].{3,}?[\"”])\s(?P<cue>[—–])\s(?P<src>[A-Z][^—–\"“”]{1,80}?)$"
        ),
        "agentless": re.compile(
            r"\b(?P<cue>it (?:is|was|has been|had been) (?:reported|said|understood|learned|learnt|"
            r"claimed|alleged|believed|thought|known|rumou?red))(?:\sthat)?\s(?P<content>.{3,}?)[.!?]*$",
            re.IGNORECASE,
        ),
    }


# Texts whose relations are kept: the attribution rules read one article's relations in
# turn, so a few suffice; each entry holds its text (up to the 5 MB input cap) alive.
_CACHED_TEXTS = 8


@lru_cache(maxsize=_CACHED_TEXTS)
def extract_rules(text: str, lang: str = "en") -> tuple[Relation, ...]:
    """Attribution relations the patterns find in `text`, in order (cached)."""
    pats = _patterns(lang)
    verbs = _verb_words(lang)
    anonymous = anonymous_heads(lang)
    out: list[Relation] = []
    last_named = False
    intro: Relation | None = None  # "Mr. Biden told reporters." before a quotation
    previous: Span | None = None  # the sentence before
    unattributed: Span | None = None  # the sentence before, when it has no relation
    quote_end = {q.start: q.end for q in quotations(text)}
    common = common_words(text)
    credits = _dash_credits(text, anonymous)  # in text order, like the sentences
    next_credit = 0
    for sent in sentences(text):
        while next_credit < len(credits) and credits[next_credit].source[1] <= sent.start:
            next_credit += 1
        credit = credits[next_credit] if next_credit < len(credits) else None
        if credit is not None and credit.content[0] <= sent.start:
            # a line "“…” ― Sonya Herridge": one relation for the whole quotation
            if not out or out[-1] is not credit:
                out.append(credit)
            intro = previous = unattributed = None
            continue
        if len(sent.text) > MAX_SENTENCE_CHARS:
            intro = previous = unattributed = None
            continue
        found: list[Relation] = []
        # the whole sentence first, then each of its clauses, for a second relation
        for part in (sent, *_clauses(sent)):
            rel = _match_sentence(part, pats, anonymous, last_named, common, verbs)
            if rel is not None and not any(_overlap(rel.cue, r.cue) for r in found):
                found.append(rel)
                last_named = last_named or (rel.kind == "named" and rel.source is not None)
        found += _participle_relations(sent, found, anonymous, last_named, common)
        found += _hedged_relations(sent, found)
        if not found and previous is not None:
            # "... General Assembly. Photo: Reuters": the credit of the sentence before
            m = pats["credit_line"].match(sent.text)
            if m and _plausible_source(m.group("src")):
                kind = _kind(m.group("src"), anonymous, last_named, sentence_initial=False)
                content = (previous.start, previous.start + len(previous.text.rstrip(".")))
                found = [
                    Relation(content, _abs(sent, m, "src"), _abs(sent, m, "cue"), kind, "credit")
                ]
        previous = sent
        if not found and intro is not None and sent.text.startswith(_OPENING_QUOTES):
            # the whole quotation, which may run over several sentences
            content = (sent.start, max(sent.end, quote_end.get(sent.start, sent.end)))
            found = [Relation(content, intro.source, intro.cue, intro.kind, "intro")]
        speaker = None if found else _intro(sent, pats, anonymous, last_named, common)
        if (
            speaker is not None
            and unattributed is not None
            and unattributed.text.endswith(_CLOSING_QUOTES)
        ):
            # "“Who do they think they are?” Trump said.": the splitter cut after "?”"
            content = (unattributed.start, unattributed.end)
            found = [Relation(content, speaker.source, speaker.cue, speaker.kind, "intro")]
            speaker = None
        intro = speaker
        unattributed = None if found else sent
        out.extend(sorted(found, key=lambda r: r.content))
    return tuple(out)


_OPENING_QUOTES = ('"', "\u201c", "''", "\u00ab", "\u201e")
_CLOSING_QUOTES = ('"', "\u201d", "''", "\u00bb")


# "“Mr. Trump is clueless about ....” ― Edwin G. Monroy": a quotation line signed with a dash
_DASH_CREDIT = re.compile(
    r"^[ \t]*(?P<content>[\"“”](?:[^\n]{3,3000}?)[\"”])[ \t\xa0]*(?P<cue>[―—–]|--)[ \t\xa0]*"
    r"(?P<src>[A-Z][^\n―—–\"“”]{1,80}?)[ \t\xa0.]*$",
    re.MULTILINE,
)


def _dash_credits(text: str, anonymous: frozenset[str]) -> list[Relation]:
    out = []
    for m in _DASH_CREDIT.finditer(text):
        src = m.group("src").strip()
        if not _plausible_source(src):
            continue
        kind = _kind(src, anonymous, last_named=False, sentence_initial=False)
        source = (m.start("src"), m.start("src") + len(src))
        out.append(Relation(m.span("content"), source, m.span("cue"), kind, "dash_credit"))
    return out


def _intro(sent: Span, pats, anonymous, last_named: bool, common) -> Relation | None:  # noqa: ANN001
    """A sentence that only says who speaks ("Mr. Biden told reporters.", "He said:"), with
    the source and cue of the quotation that follows (its content is set by the caller)."""
    m = pats["intro"].match(sent.text)
    if not m or not _plausible_source(m.group("src").strip()):
        return None
    src = m.group("src").strip()
    kind = _kind(src, anonymous, last_named, m.start("src") == 0, common)
    return Relation((sent.end, sent.end), _abs(sent, m, "src"), _abs(sent, m, "cue"), kind)


_PARTICIPLE = re.compile(
    r"(?:,[\"”']*|[\"”'],?)\s(?P<cue>saying|adding|noting|arguing|citing|calling|claiming|warning|insisting|"
    r"explaining|suggesting|referring to|referencing|telling|asking|stating|declaring|"
    r"writing|predicting|promising|urging|accusing|describing),?\s(?P<content>.{3,}?)"
    r"[.!?\"”']*$"
)


def _participle_relations(
    sent: Span,
    found: list[Relation],
    anonymous: frozenset[str],
    last_named: bool,
    common: frozenset[str],
) -> list[Relation]:
    """ ", saying ...", ", adding ...", ", referring to ...": a relation of the source of the
    sentence's relation, or, when it has none, of its subject ("Clinton attacked Trump,
    saying he would ...")."""
    main = next((r for r in found if r.source is not None), None)
    m = _PARTICIPLE.search(sent.text, max(main.cue[1] - sent.start, 0) if main else 0)
    if m is None:
        return []
    cue = _abs(sent, m, "cue")
    if any(_overlap(cue, r.cue) for r in found):
        return []
    if main is not None:
        return [Relation(_abs(sent, m, "content"), main.source, cue, main.kind, "participle")]
    src = _subject(sent.text)
    if src is None:
        return []
    kind = _kind(src, anonymous, last_named, True, common)
    source = (sent.start, sent.start + len(src))
    return [Relation(_abs(sent, m, "content"), source, cue, kind, "participle")]


# Agentless hedges inside a clause: "the missiles are said to be in Ankara", "he reportedly
# considered a run" (who says or reports it is not said).
_HEDGE = re.compile(
    r"\b(?P<cue>(?:is|are|was|were)\s(?:widely\s|also\s|not\s)?"
    r"(?:said|reported|believed|thought|rumou?red)\sto|reportedly|allegedly|purportedly)"
    r"\s(?P<content>[^,;:.!?\"“”]{3,300})"
)


def _hedged_relations(sent: Span, found: list[Relation]) -> list[Relation]:
    out: list[Relation] = []
    for m in _HEDGE.finditer(sent.text):
        cue = _abs(sent, m, "cue")
        if not any(_overlap(cue, r.cue) or _overlap(cue, r.source or (0, 0)) for r in found):
            out.append(Relation(_abs(sent, m, "content"), None, cue, "none", "agentless"))
    return out


_CLAUSE_BREAK = re.compile(r";\s|:\s(?=[A-Z])|,\s(?=(?:but|and|while|whereas)\s)|\s[—–]\s")


def _clauses(sent: Span) -> list[Span]:
    """The clauses of a sentence split at semicolons, dashes and ", but/and/while" (none when
    it has one clause)."""
    cuts = [0]
    for m in _CLAUSE_BREAK.finditer(sent.text):
        if m.group().startswith(":") and _label_before(sent.text, m.start()):
            continue  # "... Image: Twitter / NASA" is a credit, not a clause
        cuts += [m.start(), m.end()]
    cuts.append(len(sent.text))
    if len(cuts) == 2:
        return []
    pieces = zip(cuts[::2], cuts[1::2], strict=True)
    return [Span(sent.start + a, sent.start + b, sent.text[a:b]) for a, b in pieces if b > a]


def _label_before(text: str, at: int) -> bool:
    words = text[max(0, at - 30) : at].split()
    return bool(words) and _is_label(words[-1])


def _is_label(word: str) -> bool:
    """ "Photo", "Update", "Notes": a label before a colon, not a source."""
    return word.lower().rstrip("s") in _LABELS


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match_sentence(
    sent: Span, pats, anonymous, last_named: bool, common, verbs
) -> Relation | None:  # noqa: ANN001
    s = sent.text
    m = pats["agentless"].search(s)
    if m:
        return Relation(_abs(sent, m, "content"), None, _abs(sent, m, "cue"), "none", "agentless")
    present = _pieces(s, verbs)
    for name in _ORDER:
        if _NEEDS[name] not in present:
            continue
        m = pats[name].match(s)
        if not m:
            continue
        # "It would take weeks, he said, and wrangling could ...": both sides are content
        parenthetical = name in _FRONT and _parenthetical(m)
        if (name == "back" and not _back_ok(m)) or (
            name in _FRONT and not _front_ok(m, parenthetical)
        ):
            continue
        src_start, src_end = _abs(sent, m, "src")
        lead = _LEADING_CONJUNCTION.match(m.group("src").strip())
        if lead:  # "..., and Nicklaus said": the source is "Nicklaus"
            src_start += lead.end()
        src = sent.text[src_start - sent.start : src_end - sent.start]
        kept = _uncontracted(src)
        if kept is None or not src.split():
            continue  # "Let's say ...", "It's worth noting ..."
        src, src_start, src_end = src[kept[0] : kept[1]], src_start + kept[0], src_start + kept[1]
        if (
            name in _FRONT
            and src.split()[-1].lower() == "and"
            and m.group("cue").split()[-1] in _SPEECH_VERBS
        ):
            # "Rubio thanked Miami and said ...": the source is the sentence's subject
            subject = _subject(src)
            if subject is None:
                continue
            src, src_end = subject, src_start + len(subject)
        if name == "colon" and _is_label(src.split()[-1]):
            continue
        if not _plausible_source(src) or (name == "back_inverted" and not _inversion(m, src)):
            continue
        initial = not sent.text[: src_start - sent.start].strip(_OPENERS)
        kind = _kind(src, anonymous, last_named, initial, common)
        content = _abs(sent, m, "content")
        pre = m.group("pre") if name in _FRONT else None
        if pre and not _before_that(pre, m.group("cue")):
            # "said the report that was released ...": "that" opens a relative clause
            content = (_abs(sent, m, "pre")[0], content[1])
        if parenthetical:
            content = (sent.start, sent.start + len(s.rstrip(".")))
        return Relation(content, (src_start, src_end), _abs(sent, m, "cue"), kind, name)
    return None


# Words that may follow a sentence-final cue without being its content: "..., he said on Monday".
_ADVERBIAL = frozenset(
    "on in at last this during to after before when late early yesterday today tonight monday "
    "tuesday wednesday thursday friday saturday sunday recently earlier later again afterward "
    "afterwards then of about as while with via through from by repeatedly also previously "
    "shortly privately publicly".split()
)
_LEADING_CONJUNCTION = re.compile(r"(?:and|but|so|then|yet|or|while|as|because)\s+", re.IGNORECASE)


_FRONT = ("front", "front_late")
# The literal piece each pattern of _ORDER needs, looked for before the pattern is tried: most
# sentences lack most of them, and a pattern that fails still reads the whole sentence (half
# of the patterns' time went to matches that could not succeed). A cue is a reporting verb
# after a space, followed by a space or by punctuation of `_AFTER_VERB` (see `_patterns`).
_NEEDS = {
    "credit": ":",
    "citation": "dash",
    "back_inverted": "verb",
    "interrupted": "verb",
    "according_front": "according",
    "according_back": "according",
    "back": "verb",
    "front": "verb",
    "front_late": "verb",
    "colon": ":",
}
_AFTER_VERB = ",:.!?\"\u201d'\u2019"


def _pieces(s: str, verbs: frozenset[str]) -> set[str]:
    """Which of the patterns' literal pieces sentence `s` holds."""
    found = set()
    if ":" in s:
        found.add(":")
    if "\u2014" in s or "\u2013" in s:
        found.add("dash")
    if "ccording to" in s:
        found.add("according")
    if any(w.rstrip(_AFTER_VERB) in verbs for w in s.split()):
        found.add("verb")
    return found


_ORDER = (
    "credit",
    "citation",
    "back_inverted",
    "interrupted",
    "according_front",
    "according_back",
    "back",
    "front",
    "front_late",
    "colon",
)
# Every name a relation of the rules carries in `via` (a pattern of _ORDER or another path).
PATTERN_NAMES = (*_ORDER, "agentless", "participle", "dash_credit", "intro")

# "Note: ...", "UPDATE: ...": labels before a colon that are not sources.
_LABELS = frozenset(
    "note editor's note update correction clarification photo video watch read related source "
    "via image caption credit tag topic categorie category filed under advertisement disclosure "
    "warning q a".split()
)


# Verbs with an object before their "that" clause ("told reporters on Friday that ...").
_TELL = frozenset(
    "told tells tell telling assured assures reminded reminds warned warns informed informs "
    "promised promises convinced urged".split()
)


_ASK = _TELL | {"asked", "asks", "ask"}


def _back_ok(m: re.Match[str]) -> bool:
    """Is "CONTENT, SOURCE CUE [tail]" a relation? Not when a clause follows the cue ("...,
    Zucker said CNN's business is ...": the content follows the cue), unless a quotation
    precedes it, nor when the "content" is a short leading phrase ("Thus far, the foundation
    has refused to comment ...")."""
    content, tail = m.group("content"), m.group("tail")
    quotation = content.startswith(_OPENING_QUOTES) or _quoted(
        m.string[m.end("content") : m.start("src")]
    )
    if not (quotation and "that" not in (tail or "").split() or _adverbial_tail(tail)):
        return False
    return _quoted(content) or len(content.split()) > 4


def _parenthetical(m: re.Match[str]) -> bool:
    """ "It would take weeks, he said, and wrangling could ...": a speaker inside the content."""
    return (
        m.start("src") > 0
        and m.string[m.end("cue") :].startswith(",")
        and not m.group("content").startswith(_OPENING_QUOTES)
    )


def _front_ok(m: re.Match[str], parenthetical: bool) -> bool:
    """Is "SOURCE CUE [that] CONTENT" a relation? Not when the sentence introduces the next
    paragraph's quotation ("Obama tweeted using his account:"), when the cue is a passive
    without "that" ("The document was found wet on a street"), or when what follows the cue
    is who was told, not what ("A spokesperson told reporters.", "Todd asked the real estate
    mogul.": a quotation next to it may be the content)."""
    content, cue = m.group("content"), m.group("cue")
    that_clause = "that" in m.string[m.end("cue") : m.start("content")].split()
    if content.endswith(":") or (_passive(cue) and not that_clause):
        return False
    if parenthetical or _quoted(content):
        return True
    n = len(content.split())
    return n > 2 and (that_clause or n > 4 or cue.split()[-1].lower() not in _ASK)


def _passive(cue: str) -> bool:
    """ "was found", "were posted": a passive cue ("is insisting" and "was quoted as saying" are
    not)."""
    words = cue.lower().split()
    return words[0] in _PASSIVE and not words[-1].endswith("ing") and "quoted" not in words


def _inversion(m: re.Match[str], src: str) -> bool:
    """Is "CONTENT, CUE SOURCE" a real inversion ("..., said Mr. Erdogan")? Not when the cue
    does not invert ("..., told the Times that ...") or a clause follows ("Knittel, an expert,
    said a carbon price could ...")."""
    after = m.string[m.end("src") :].split(",")[0].split()
    return m.group("cue").split()[-1].lower() in _INVERTIBLE and not any(
        w.lower() in _FINITE for w in (*src.split(), *after)
    )


def _before_that(pre: str, cue: str) -> bool:
    """May `pre` stand between the cue and "that" ("on Monday", "reporters", "in a statement"),
    so that the content starts after "that"?"""
    words = pre.split()
    if not words:  # "reported\t\t\tthat": only spacing before "that"
        return True
    return words[0].lower() in _ADVERBIAL or (cue.split()[-1].lower() in _TELL and len(words) <= 8)


def _quoted(text: str) -> bool:
    return any(q in text for q in ('"', "\u201c", "\u201d", "''"))


def _adverbial_tail(tail: str | None) -> bool:
    """Is what follows a sentence-final cue short or adverbial ("on Monday", "in a statement")
    rather than a clause of its own?"""
    words = (tail or "").split()
    if "that" in words:
        return False  # "..., Microsoft announced on Friday that it is time ..."
    if not words or words[0].lower() in _ADVERBIAL or words[0].endswith("ing"):
        return True  # "he said on Monday", "he said, introducing Clinton as ..."
    # "Tuesday night", "reporters": short and not a clause of its own ("he lied", "the
    # purchase violated CAATSA")
    return len(words) <= 2 and words[0].lower() not in PRONOUNS | _DETERMINERS


def _plausible_source(src: str) -> bool:
    """A source is a short noun phrase, not a clause."""
    words = src.split()
    head = src.split(",")[0].split()  # "Hillary Clinton, who served as ...,": the head
    return (
        _uncontracted(src) is not None  # "Let's", "It's", "Here's"
        and 0 < len(head) <= 18
        and len(words) <= 40
        and words[-1].lower() not in ("and", "or", "but", "has", "have")
    )


# Verbs whose subject is taken across "and" ("Rubio thanked Miami and said ...").
_SPEECH_VERBS = frozenset(
    "said says told tells added adds wrote writes warned warns argued argues insisted insists "
    "noted notes".split()
)
_SUBJECT = re.compile(r"(?:(?:The|A|An)\s)?(?:[A-Z][\w'’.-]*\s)+")


def _subject(text: str) -> str | None:
    """The capitalised noun phrase a sentence opens with ("Clinton", "The Arizona Republican"),
    or None when it opens with something else ("In 2016, ...", "The economy ...")."""
    m = _SUBJECT.match(text)
    if m is None:
        return None
    words = m.group().split()
    for i, word in enumerate(words):
        kept = _uncontracted(word)
        if kept != (0, len(word)):
            # "He’s claiming ...": "He"; "It's worth noting", "Let's say", "SAVE A QUARTER
            # Let's ...": the sentence opens with a clause, not with its subject
            return word[: kept[1]] if kept is not None and i == 0 else None
    first = words[0].lower()
    if words[-1].lower() in _DETERMINERS | _ADVERBIAL or (
        first in _CLAUSE_OPENERS and (len(words) == 1 or first not in _CONJUNCTIONS)
    ):
        return None
    return m.group().rstrip()


# Words that open a sentence or a clause without being its subject ("If she did, party
# procedures give ...", "For starters, and assuming ...", "However, ..."): alone, never a source
_CLAUSE_OPENERS = frozenset(
    "if for though although however but and or so yet after before following with when while "
    "because since unless despite during in on at by from of to as then also once until "
    "whether".split()
)
# ... of which these may precede the subject itself ("But Trump said ..."): the tagger's
# sources keep them too, trimmed where the source is read (`_trim_source`)
_CONJUNCTIONS = frozenset("and but or so yet then also".split())

# "’s" after one of these words is "is", "has" or "us", never a possessive (theirs are "his",
# "her", "its", "whose"): "He’s claiming", "who’s called for", "Let's say", "It's worth
# noting", "Here's one example". A person's pronoun is the subject the cue needs ("He"); the
# others are an expletive, a demonstrative, an adverb or an imperative, and no source.
_CONTRACTED_PERSONS = frozenset("he she who".split())
_CONTRACTED_OTHERS = frozenset("it that this there here let what where how".split())
_CONTRACTION = re.compile(r"(?<![\w'’.-])(?P<word>[A-Za-z]+)['’]s(?![\w'’])")


def _uncontracted(src: str) -> tuple[int, int] | None:
    """The part of `src` that may be a source, as offsets into it: all of it, or, when it holds
    a pronoun contracted with "is", "has" or "us", that pronoun when it is a person's ("He’s"
    -> "He", "who’s" -> "who") and None when it is not ("It's", "It's worth", "Let's",
    "SAVE A QUARTER Let's", "Here's"): what follows such a word is its clause, not a source."""
    for m in _CONTRACTION.finditer(src):
        word = m.group("word").lower()
        if word in _CONTRACTED_PERSONS:
            return m.span("word")
        if word in _CONTRACTED_OTHERS:
            return None
    return (0, len(src))  # none, or possessives only: "Trump's", "the campaign's"


_PASSIVE = frozenset("was were is are".split())
# An inverted source ("..., said X") holding one of these is a clause: "Steven Cheung, a
# spokesman, said the increased office space was needed".
_FINITE = frozenset(
    "is are was were has have had will would could should can did does do that".split()
)
# Cues that invert after their content ("..., said X"); "..., told the Times that ..." is not
# an inversion but a clause of its own.
_INVERTIBLE = frozenset(
    "said says added adds asked asks wrote writes continued continues explained explains noted "
    "notes recalled recalls replied replies responded argued argues insisted insists stated "
    "declared warned warns concluded countered tweeted tweets remarked observed acknowledged "
    "admitted conceded predicted suggested cautioned".split()
)


_RELATIVE = frozenset("who which that".split())  # "Trump, who said ...": the source before
_DETERMINERS = frozenset("the a an some many most several other others one two three".split())


@cache
def anonymous_heads(lang: str = "en") -> frozenset[str]:
    """Head nouns of a source that names no one (data/anonymous_heads_<lang>.txt and, where
    there is one, anonymous_roles_<lang>.txt)."""
    words = load_words(__package__, f"anonymous_heads_{lang}.txt")
    try:
        return words | load_words(__package__, f"anonymous_roles_{lang}.txt")
    except FileNotFoundError:
        return words


# Words that end a source's head phrase: "A spokeswoman for Hillary Clinton", "Officials at
# Homeland Security", "Critics of the program" (the head is the last word before them).
_CUT = frozenset(
    "of for at with from in on who whom which that familiar close to by according inside "
    "within among under".split()
)
_QUANTIFIERS = frozenset(
    "some many others other several both most few all everyone everybody nobody anyone anybody "
    "none someone somebody another".split()
)


def _kind(
    src: str,
    anonymous: frozenset[str],
    last_named: bool,
    sentence_initial: bool,
    common: frozenset[str] = frozenset(),
) -> str:
    """named / anonymous for a source phrase (see the module docstring). The head phrase ends
    at the first comma, dash, bracket, colon, preposition or relative word ("Brian Fallon, a
    spokesman for the Clinton campaign": the head phrase is "Brian Fallon"): an anonymous head
    noun there makes the source anonymous unless a name follows it, in the head phrase
    ("spokesman John Kirby") or as the apposition after a comma ("the White House spokesman,
    Josh Earnest"), except a document head ("poll", "study") with a name ("A Bloomberg poll",
    "a study by Pew"); a quantifier head with no name in the head phrase is anonymous ("Others
    in the African-American community"); else a name anywhere makes it named ("An analysis by
    The Washington Post")."""
    words, breaks = _source_words(src)
    if not words:
        return "anonymous"
    lowered = [w.lower().strip("'’.") for w in words]
    if len(words) == 1 and lowered[0] in PRONOUNS | _RELATIVE:
        return "named" if last_named else "anonymous"
    cut = next((i for i in range(1, len(words)) if lowered[i] in _CUT or breaks[i]), len(words))
    name = [
        bool(_CAPITALISED.fullmatch(w))
        and lowered[i] not in PRONOUNS
        and not (i == 0 and lowered[i] in _DETERMINERS | _QUANTIFIERS)
        and not (i == 0 and sentence_initial and _norm(w) in common)
        for i, w in enumerate(words)
    ]
    anon_at = max((i for i in range(cut) if lowered[i] in anonymous), default=-1)
    if anon_at >= 0 and not any(name[anon_at + 1 : cut]):
        named_document = any(name[:anon_at]) or any(name[cut:])
        apposition = cut < len(words) and breaks[cut] and name[cut]  # ", Josh Earnest,"
        if not apposition and not (lowered[anon_at] in _DOCUMENTS and named_document):
            return "anonymous"  # "White House officials", "a State Department spokesperson"
    if lowered[cut - 1] in _QUANTIFIERS and not any(name[:cut]):
        return "anonymous"
    return "named" if any(name) else "anonymous"


_OPENERS = " \t\n\xa0\"'\u201c\u2018([{\u00ab*"


def _starts_sentence(text: str, pos: int) -> bool:
    """Does a sentence (or a line) start at `pos`, after any space, quotation mark or bracket?"""
    while pos > 0 and text[pos - 1] in _OPENERS:
        if text[pos - 1] == "\n":
            return True
        pos -= 1
    return pos == 0 or text[pos - 1] in ".!?"


def _norm(word: str) -> str:
    word = word.lower().rstrip(".")
    return word[:-2] if word.endswith(("'s", "\u2019s")) else word


@lru_cache(maxsize=_CACHED_TEXTS)
def common_words(text: str) -> frozenset[str]:
    """Words `text` writes in lower case at least as often as capitalised away from a sentence
    start ("investors", "progressives"): a capital at a sentence start makes none of them a
    name ("Investors said ..."), while "Trump said ..." stays named."""
    capital: dict[str, int] = {}
    lower: dict[str, int] = {}
    for m in _WORDS.finditer(text):
        word = m.group()
        if not word[0].isalpha() or _starts_sentence(text, m.start()):
            continue
        counts = capital if word[0].isupper() else lower
        key = _norm(word)
        counts[key] = counts.get(key, 0) + 1
    return frozenset(w for w, n in lower.items() if n >= capital.get(w, 0))


# Characters that end a source's head phrase: an apposition or a parenthesis follows.
_BREAKS = frozenset(",;:()[]\u2014\u2013")


def _source_words(src: str) -> tuple[list[str], list[bool]]:
    """The words of a source and, for each, whether a comma, dash, bracket or colon stands
    before it (where the head phrase ends)."""
    words, breaks, last = [], [], 0
    for m in _WORDS.finditer(src):
        words.append(m.group())
        breaks.append(any(c in _BREAKS for c in src[last : m.start()]))
        last = m.end()
    return words, breaks


# Anonymous heads that name a document, not a person: a name before them is the source
# ("A Bloomberg poll", "a Pew survey"); "a State Department spokesperson" stays anonymous.
_DOCUMENTS = frozenset(
    "poll polls survey surveys study studies analysis report reports estimates".split()
)
# figures a source head can be that are no person at all ("58 percent said"), and the
# people of a named poll or study ("economists polled by MarketWatch", "participants")
_FIGURES = frozenset("percent per cent polled surveyed participants respondents".split())
# a definite or possessive description points back to someone named before ("the
# researchers" after Gunther, Beck and Nisbet; "his team")
_BACK = frozenset("the this that these those his her their its our my".split())


def names_no_one(src: str, lang: str = "en") -> bool:
    """Whether a source phrase says outright that it names no one: a head noun of a person or
    group that names no one ("officials", "a person familiar with the matter", "critics")
    or a quantifier ("some", "others"), or an indefinite description with no name ("an
    outside group") - as opposed to what `_kind` also calls anonymous
    for want of a name: a pronoun with no named source before it, a document or figure ("a
    study", "58 percent", "participants"), a definite or possessive description, which
    points back to someone named before ("the company", "the researchers", "his team"), or a
    fragment."""
    found = _WORDS.findall(src)
    words = [w.lower().strip("'’.") for w in found]
    if not words or "%" in src or any(w in _DOCUMENTS or w in _FIGURES for w in words):
        return False
    if words[0] in _QUANTIFIERS:
        return True
    if words[0] in _BACK:
        return False
    if any(w in anonymous_heads(lang) for w in words):
        return True
    # an indefinite description with no name in it: "an outside group", "a narrator"
    return words[0] in ("a", "an") and not any(_CAPITALISED.fullmatch(w) for w in found[1:])


def _abs(sent: Span, m: re.Match[str], group: str) -> tuple[int, int]:
    start, end = m.span(group)
    chunk = m.group(group)
    stripped = chunk.strip()
    start += len(chunk) - len(chunk.lstrip())
    return sent.start + start, sent.start + start + len(stripped)


@cache
def model_settings() -> dict:
    """What scripts/train_attribution_model.py chose on held-out data beside the model
    (data/attribution_model.json): `kept`, the patterns of the rules kept beside the model
    (where they add more than they cost), `min_cue_probability`, below which a relation of
    the model is dropped, and `min_weak_probability`, the same for a weak one (no source, or
    a cue with no reporting verb of the lexicon: "showed", "was found")."""
    path = resources.files(__package__).joinpath("data", "attribution_model.json")
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"kept": [], "min_cue_probability": 0.0, "min_weak_probability": 0.0}
    return settings


@lru_cache(maxsize=_CACHED_TEXTS)
def extract(text: str, lang: str = "en") -> tuple[Relation, ...]:
    """Attribution relations in `text`, in order (cached: several rules read them): the
    tagger's, plus those of the kept patterns whose content and cue it does not cover.
    Languages without a model, an install without the model, and texts over
    tagger.MAX_TEXT_CHARS (no article is that long; it bounds the time) get the patterns alone."""
    if lang != "en" or not tagger.available() or len(text) > tagger.MAX_TEXT_CHARS:
        return extract_rules(text, lang)
    settings = model_settings()
    return combine(
        extract_model(text, lang),
        extract_rules(text, lang),
        frozenset(settings["kept"]),
        settings["min_cue_probability"],
        settings["min_weak_probability"],
    )


# Take the source (and so the kind) of a rules' relation on the same cue even when the model
# found one? Measured on held-out data: no (PolNeAR source F1 0.7357 vs 0.7335, named/anonymous
# accuracy equal; GUM news source F1 0.7917 vs 0.8056, accuracy 0.932 vs 0.949).
SOURCES_FROM_RULES = False


def combine(
    model: tuple[Relation, ...],
    rules: tuple[Relation, ...],
    keep: frozenset[str],
    min_cue_probability: float = 0.0,
    min_weak_probability: float = 0.0,
) -> tuple[Relation, ...]:
    """The model's relations whose cue is at least `min_cue_probability` sure, each given
    the source of a rules' relation on the same cue when the model found none (a relation
    still without a source, or whose cue holds no reporting verb, needs
    `min_weak_probability`), and the rules' relations of patterns in `keep` whose cue none
    of them covers; linear after sorting."""
    model = tuple(r for r in model if r.confidence >= min_cue_probability)
    by_cue = sorted(((r.cue, r) for r in rules if r.source), key=lambda cr: cr[0])
    cue_starts = [c[0] for c, _ in by_cue]
    filled = []
    for r in model:
        i = bisect_left(cue_starts, r.cue[1]) - 1
        if i >= 0 and by_cue[i][0][1] > r.cue[0] and (r.source is None or SOURCES_FROM_RULES):
            rule = by_cue[i][1]  # a rules' relation on the same cue
            r = Relation(r.content, rule.source, r.cue, rule.kind, r.via, r.confidence)
        if r.confidence >= min_weak_probability or (r.source is not None and r.via == "model"):
            filled.append(r)
    # a pattern's relation is added when its cue lies outside every span of the model's
    # relations ("X said that Y, Reuters reports": the model's relation sits in its content)
    covered = overlaps_any(s for r in filled for s in (r.content, r.cue, r.source) if s)
    out = list(filled)
    for r in rules:
        if r.via in keep and not covered(r.cue):
            out.append(r)
    return tuple(sorted(out, key=lambda r: r.content))


def overlaps_any(spans: Iterable[tuple[int, int]]) -> Callable[[tuple[int, int]], bool]:
    """A test of whether a span overlaps any of `spans` (sorted once, then a bisection per
    test, so a text with many relations stays linear-logarithmic)."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))
    return lambda span: _covered(starts, reach, span)


def _covered(starts: list[int], reach: list[int], span: tuple[int, int]) -> bool:
    i = bisect_left(starts, span[1])
    return i > 0 and reach[i - 1] > span[0]


@lru_cache(maxsize=_CACHED_TEXTS)
def extract_model(text: str, lang: str = "en") -> tuple[Relation, ...]:
    """The tagger's relations (rules/attribution/tagger.py) with their source kind."""
    return from_linked(text, tagger.predict(text, lang), lang)


def from_linked(text: str, linked, lang: str = "en") -> tuple[Relation, ...]:  # noqa: ANN001
    """Relations of the tagger's linked spans, with the source kind of the rules (a pronoun is
    named after a named source). A relation tagged without a source takes the source of the
    relation before it in the sentence when its cue is a participle ("..., noting that ..."),
    else the sentence's opening noun phrase."""
    verbs, _ = tagger.lexicons(lang)
    anonymous = anonymous_heads(lang)
    common = common_words(text)
    out = []
    last_named = False
    previous = None  # (sentence, source, kind) of the last relation with a source
    for rel in linked:
        content = (min(s for s, _ in rel.content), max(e for _, e in rel.content))
        if text.startswith(("that ", "That "), content[0]) and content[1] - content[0] > 5:
            content = (content[0] + 5, content[1])  # the content is what follows "that"
        if len(text[content[0] : content[1]].split()) < 2:
            # a one-word content ("the government knows it") states no claim; one-word quoted
            # answers come from the patterns
            continue
        source = _trim_source(text, rel.source) if rel.source else None
        cue_words = text[rel.cue[0] : rel.cue[1]].lower().split()
        if source and text[source[0] : source[1]].lower() == "it" and cue_words[0] in _PASSIVE:
            source = None  # "It is reported that ...": an expletive, agentless
        elif source is None and cue_words and cue_words[0] not in _PASSIVE | {"it"}:
            if cue_words[0].endswith("ing") and previous and previous[0] == rel.sent:
                # "Corker said on Wednesday, pointing out that ...": who said it points it out
                source = previous[1]
            else:
                source = _sentence_subject(text, rel.cue[0], content)
        if source is None:
            kind = "none"
        else:
            src = text[source[0] : source[1]]
            initial = _starts_sentence(text, source[0])
            kind = _kind(src, anonymous, last_named, initial, common)
            last_named = last_named or kind == "named"
            previous = (rel.sent, source, kind)
        # "model_other": a cue with no reporting verb of the lexicon ("believe", "showed")
        lexical = any(w in verbs for w in text[rel.cue[0] : rel.cue[1]].lower().split())
        via = "model" if lexical else "model_other"
        out.append(Relation(content, source, rel.cue, kind, via, rel.confidence))
    return tuple(out)


_SENTENCE_START = re.compile(r"(?:[.!?][\"”’']?\s+|\n)(?=\S)")
MAX_SUBJECT_LOOKBACK = 400  # characters before a cue searched for its sentence's start


def _sentence_subject(
    text: str, cue_start: int, content: tuple[int, int]
) -> tuple[int, int] | None:
    """The capitalised noun phrase that opens the cue's sentence, as the source of a relation
    the tagger found no source for ("Trump unleashed a series of tweets, saying ...", "Merrill
    says ... and said she would ..."): None when there is none before the cue or it lies in
    the content."""
    lo = max(0, cue_start - MAX_SUBJECT_LOOKBACK)
    starts = [m.end() for m in _SENTENCE_START.finditer(text, lo, cue_start)]
    start = starts[-1] if starts else (0 if lo == 0 else None)
    if start is None:
        return None
    subject = _subject(text[start:cue_start])
    if subject is None:
        return None
    end = start + len(subject)
    if end > cue_start or (content[0] < end and start < content[1]):
        return None
    return (start, end)


_EDGE_WORDS = re.compile(
    r"^(?:(?:and|but|so|then|or|while|as)\s+)+|(?:[\s,]+(?:when|who|which|that|as|while|after|"
    r"on|in|at|during|to|and|or|but|also))+[\s,]*$|[\s,;:]+$",
    re.IGNORECASE,
)


def _trim_source(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """A tagged source without a leading conjunction or a trailing function word ("a State
    Department spokesperson when" -> "a State Department spokesperson"), never a contraction
    ("He’s" -> "He", "Let's" -> None)."""
    start, end = span
    src = text[start:end]
    if len(src) > 300:  # not a noun phrase: leave it as tagged (and bound the matching)
        return span
    for m in _EDGE_WORDS.finditer(src):
        if m.start() == 0 and m.end() < len(src):
            start = span[0] + m.end()
        elif m.end() == len(src):
            end = span[0] + m.start()
    if end <= start or text[start:end].strip(" ,").lower() in _CLAUSE_OPENERS:
        return None  # nothing left, or a word that opens a clause ("If", "However")
    kept = _uncontracted(text[start:end])
    if kept is None:
        return None
    return (start + kept[0], start + kept[1])
