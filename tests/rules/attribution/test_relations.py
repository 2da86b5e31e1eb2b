"""The shared attribution extractor (rules/attribution/relations.py): what its sources are made
of, whether the tagger's spans or the patterns found them."""

from auditor.rules.attribution import relations, tagger


def _span(text, phrase):
    start = text.index(phrase)
    return (start, start + len(phrase))


def _source_of(text, cue, source=None, content=None):
    """The source relations.from_linked gives a tagged relation on `cue` (with the tagged
    `source` phrase, or none), its content the rest of the sentence after the cue."""
    cue_span = _span(text, cue)
    content = content or (cue_span[1] + 1, len(text) - 1)
    linked = tagger.Linked(
        cue_span, _span(text, source) if source else None, [content], 1, (0, 0), 0.9
    )
    (rel,) = relations.from_linked(text, [linked])
    return text[rel.source[0] : rel.source[1]] if rel.source else None


def test_a_pronoun_contracted_with_is_or_us_is_never_a_source_by_itself():
    # PolNeAR's held-out dev compartment: "He’s", "she’s", "who’s", "It's", "Let's", "Here's"
    # had been taken whole for sources
    text = "Trump spoke in Ohio. He’s claiming that voting fraud is a big problem in the state."
    assert _source_of(text, "claiming", "He’s") == "He"
    text = "The debate ran late. It's worth noting that the question had never been asked."
    assert _source_of(text, "noting", "It's") is None
    assert _source_of(text, "noting") is None  # the sentence opens with a clause, not a subject
    text = "SAVE A QUARTER\nLet's say you think a degree will cost $160,000 in 18 years."
    assert _source_of(text, "say", "Let's") is None
    text = "Critics want more disclosure. Here's one example of the problem: banks report less."
    assert _source_of(text, "one example of", "Here's") is None


def test_the_patterns_take_no_contraction_for_a_source():
    text = "Let's say you think a degree from a state university will cost $160,000."
    assert not any(r.source for r in relations.extract_rules(text))
    text = "Trump spoke in Ohio. He’s claiming that voting fraud is a big problem in the state."
    sources = [text[r.source[0] : r.source[1]] for r in relations.extract_rules(text) if r.source]
    assert sources == ["He"]
