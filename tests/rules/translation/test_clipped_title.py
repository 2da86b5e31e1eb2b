"""TRN004 counts the whole text once per article, with the same result as counting it again
for every titled name (the old, quadratic way)."""

import re

from auditor.config import Config
from auditor.models import Article, Finding
from auditor.rule import ArticleContext
from auditor.rules.translation.clipped_title import (
    _CAPITALISED_BEFORE,
    _FULL_NAME,
    _SUFFIXES,
    _SURNAME_TITLES,
    _TITLED,
    _VOWEL_GROUP,
    ClippedTitle,
)
from support import MT_SEED


def _evidence(text: str) -> list[str]:
    """The rule's findings on `text`, read as English (as the engine runs it on English)."""
    ctx = ArticleContext("en", 1.0, Config().settings())
    found = ClippedTitle().check(Article("t", text), ctx)
    return [f.evidence for f in found if isinstance(f, Finding)]


def _old_evidence(text: str) -> list[str]:
    """The check as it was before the counts were shared (one scan of the text per name),
    with the same filters of the titled name."""
    out = []
    for m in _TITLED.finditer(text):
        name = m.group("name")
        if len(_VOWEL_GROUP.findall(name.lower())) > 1 or name in _SUFFIXES:
            continue
        if m.group("title") in _SURNAME_TITLES and _CAPITALISED_BEFORE.search(text[: m.start()]):
            continue
        elsewhere = len(re.findall(rf"\b{re.escape(name)}\b", text))
        occurrences = len(re.findall(rf"{re.escape(m.group('title'))}[ \u00a0]+{name}\b", text))
        begun = [
            w for w in _FULL_NAME.findall(text) if w.startswith(name) and len(w) > len(name) + 1
        ]
        if elsewhere > occurrences or not begun:
            continue
        out.append(m.group())
    return out


def test_shared_counts_give_the_old_findings():
    seed = MT_SEED.read_text(encoding="utf-8")
    texts = [
        "After meeting with Trump, President Tu said no one could stop him. Erdogan returned.",
        "President Xi met Chancellor Scholz. Xi said trade grew.",
        "Prime Minister Tu spoke. Minister Tu left. Erdogan stayed.",
        "King King Tu met Erdogan. King King. King King King said so.",
        "President\u00a0\u00a0Tu and President Tux and President Tu-Li met Erdogan; Tu_x.",
        "Governor Bo and Mayor Bo met Lawrence. Bo said nothing. General Ka said Ka.",
        seed,
        seed + " President Tu said. Mayor Li agreed. Li left.",
        "President Tu said. President Tu said.",  # no full name anywhere
        "President Tu said. Turkey agreed. President Tuvalu said. Tuxedo Tu.",
    ]
    for text in texts:
        assert _evidence(text) == _old_evidence(text), text


def test_many_titled_names_are_checked_in_one_pass():
    names = [f"{a}{b}" for a in "BDGKLMNPST" for b in "aeiou"]
    full = " ".join(f"{n}rkovia" for n in names)  # what each name is clipped from
    text = f"{full} arrived. " + " ".join(f"President {n} said." for n in names * 40)
    found = _evidence(text)
    assert len(found) == len(names) * 40
    assert set(found) == {f"President {n}" for n in names}


def test_whole_names_after_a_title_are_not_clipped():
    # seen on highly rated outlets: a particle, initials, a suffix, a surname "King"
    for text in (
        "Mayor Bill de Blasio said the city would reopen schools in September.",
        "Mayor G.T. Bynum said the rally would go ahead as planned in Tulsa.",
        "Students gathered at the Martin Luther King Jr. Student Union on Tuesday.",
    ):
        assert _evidence(text) == [], text
    seed = MT_SEED.read_text(encoding="utf-8")
    assert "President Tu" in _evidence(seed)


def test_real_short_names_and_abbreviations_are_not_clipped():
    # seen on rated outlets (corpora/sources dev): a short name used once that the article
    # never writes longer, an abbreviation, a hyphenated first name, a title of a play
    for text in (
        "President Bush ordered the departure of 30,000 troops from Germany in 2004.",
        '"We have offered China and President Xi any help that is necessary," Trump wrote.',
        "House Education Committee Chairman Rep. Bobby Scott (D-Va.) requested the report.",
        "European Commission President Jean-Claude Juncker said that EU leaders agreed.",
        "\u201cThe worst is not,\u201d Edgar says in \u201cKing Lear,\u201d amid much madness.",
    ):
        assert _evidence(text) == [], text


def test_a_clipped_name_is_the_beginning_of_a_name_the_article_writes_in_full():
    text = "After meeting with Trump, President Tu said the deal with Turkey would stand."
    assert _evidence(text) == ["President Tu"]
    assert _evidence(text.replace("Turkey", "Ankara")) == []
