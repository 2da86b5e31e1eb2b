"""Shared attribution extraction (a helper, not a rule): reported speech and claims in a text,
with their source, cue and content spans and whether the source is named.

Patterns, per sentence (precompiled, bounded):
- "according to SOURCE, CONTENT" and "CONTENT, according to SOURCE";
- "SOURCE CUE (that|:) CONTENT"   ("Erdogan said on Sunday that Turkey ...");
- "CONTENT, SOURCE CUE" and "CONTENT, CUE SOURCE"   ("..., he added." / "..., said Erdogan.");
- agentless reporting: "it is reported that", "it was said", "it is understood" (no source).
Source kind: `named` when the source holds a proper name (a capitalised word that is not the
sentence's first word or a pronoun) and its head is not an anonymous noun; a pronoun is
resolved to the nearest earlier named source and is `named` when there is one; `anonymous`
when the head noun names no one ("officials", "a person familiar with the matter", "a State
Department spokesperson": an institution is named, the person is not); `none` when agentless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from auditor.rules.helpers import Span, load_words, sentences

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

    def as_data(self) -> dict[str, object]:
        return {
            "content": list(self.content),
            "source": list(self.source) if self.source else None,
            "cue": list(self.cue),
            "source_kind": self.kind,
        }


@cache
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    verbs = "|".join(sorted(load_words(__package__, f"reporting_verbs_{lang}.txt"), key=len)[::-1])
    helpers = "has|have|had|was|were|is|also|later|then|previously|reportedly|repeatedly"
    cue = rf"(?:(?:{helpers})\s)?(?:{verbs})"
    return {
        "according_front": re.compile(
            r"^(?P<cue>[Aa]ccording to)\s(?P<src>[^,;:]{2,120}?),\s(?P<content>.{3,}?)[.!?\"”]*$"
        ),
        "according_back": re.compile(
            r"^(?P<content>.{3,}?),?\s(?P<cue>according to)\s(?P<src>[^,;:]{2,120}?)[.!?\"”]*$"
        ),
        "back_inverted": re.compile(
            rf"^(?P<content>.{{3,}}?)[,\"”]+\s(?P<cue>{cue})\s"
            r"(?P<src>(?:[A-Z]|(?:a|an|the)\s)[^,;:.]{1,100}?)"
            r"(?:\s(?:when|who|as|after|while|on|in|at|during|to)\b[^,;]{0,150}?)?"
            r"(?:[,;]\s.{0,200}?)?[.!?\"”]*$"
        ),
        "back": re.compile(
            rf"^(?P<content>.{{3,}}?)[,\"”]+\s(?P<src>[^,;:\"“”]{{1,100}}?)\s(?P<cue>{cue})"
            r"(?:\s[^,;:]{0,80}?)?[.!?\"”]*$"
        ),
        "front": re.compile(
            rf"^(?:[^,;:\"“”]{{1,80}},\s)?(?P<src>[^,;:\"“”]{{1,120}}?)\s(?P<cue>{cue})"
            r"(?:(?:\s(?:on|in|at|last|this|during|to|after|before|when|late|early)\b"
            r"[^,:\"“]{0,60}?)?\sthat\s|[,:]?\s)"
            r"(?P<content>[\"“A-Za-z0-9].{3,}?)[.!?]*$"
        ),
        "agentless": re.compile(
            r"\b(?P<cue>it (?:is|was|has been|had been) (?:reported|said|understood|learned|learnt|"
            r"claimed|alleged|believed|thought|known|rumou?red))(?:\sthat)?\s(?P<content>.{3,}?)[.!?]*$",
            re.IGNORECASE,
        ),
    }


@lru_cache(maxsize=64)
def extract(text: str, lang: str = "en") -> tuple[Relation, ...]:
    """Attribution relations in `text`, in order (cached: several rules read them)."""
    pats = _patterns(lang)
    anonymous = load_words(__package__, f"anonymous_heads_{lang}.txt")
    out: list[Relation] = []
    last_named = False
    for sent in sentences(text):
        if len(sent.text) > MAX_SENTENCE_CHARS:
            continue
        rel = _match_sentence(sent, pats, anonymous, last_named)
        if rel is None:
            continue
        out.append(rel)
        if rel.kind == "named" and rel.source is not None:
            last_named = True
    return tuple(out)


def _match_sentence(sent: Span, pats, anonymous, last_named: bool) -> Relation | None:  # noqa: ANN001
    s = sent.text
    m = pats["agentless"].search(s)
    if m:
        return Relation(_abs(sent, m, "content"), None, _abs(sent, m, "cue"), "none")
    for name in ("back_inverted", "according_front", "according_back", "back", "front"):
        m = pats[name].match(s)
        if not m:
            continue
        src = m.group("src").strip()
        if not _plausible_source(src):
            continue
        kind = _kind(src, anonymous, last_named, sentence_initial=m.start("src") == 0)
        return Relation(_abs(sent, m, "content"), _abs(sent, m, "src"), _abs(sent, m, "cue"), kind)
    return None


def _plausible_source(src: str) -> bool:
    """A source is a short noun phrase, not a clause."""
    words = src.split()
    return 0 < len(words) <= 10 and words[-1].lower() not in ("and", "or", "but", "has", "have")


_DETERMINERS = frozenset("the a an some many most several other others one two three".split())


def _kind(src: str, anonymous: frozenset[str], last_named: bool, sentence_initial: bool) -> str:
    words = _WORDS.findall(src)
    if not words:
        return "anonymous"
    lowered = [w.lower().strip("'’.") for w in words]
    if len(words) == 1 and lowered[0] in PRONOUNS:
        return "named" if last_named else "anonymous"
    anon_at = max((i for i, w in enumerate(lowered) if w in anonymous), default=-1)
    after = words[anon_at + 1 :]
    if anon_at >= 0 and not any(_CAPITALISED.fullmatch(w) for w in after):
        return "anonymous"  # "White House officials", "a State Department spokesperson"
    names = [
        w
        for i, w in enumerate(words)
        if _CAPITALISED.fullmatch(w)
        and lowered[i] not in PRONOUNS
        and not (i == 0 and lowered[i] in _DETERMINERS)
    ]
    return "named" if names else "anonymous"


def _abs(sent: Span, m: re.Match[str], group: str) -> tuple[int, int]:
    start, end = m.span(group)
    chunk = m.group(group)
    stripped = chunk.strip()
    start += len(chunk) - len(chunk.lstrip())
    return sent.start + start, sent.start + start + len(stripped)
