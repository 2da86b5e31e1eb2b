"""The learned attribution tagger: its relations, its bounds on hostile input, and what the
shipped model holds (parameters only: no stored sentences, no word n-grams over two tokens)."""

import pycrfsuite

from auditor.rules.attribution import relations, tagger
from support import MT_SEED, REPOST_SEED, run_rule, spans_ok


def _texts(text, rels):
    return [
        (
            text[r.source[0] : r.source[1]] if r.source else None,
            text[r.cue[0] : r.cue[1]],
            r.kind,
            text[r.content[0] : r.content[1]],
        )
        for r in rels
    ]


def test_model_relations_on_real_sentences():
    text = (
        "Turkish President Recep Tayyip Erdogan said on Sunday that Turkey still intended to "
        "buy a second batch of S-400 missile defense systems from Russia. "
        "Nobody can interfere with that, he added. "
        "Officials said the talks would resume in December."
    )
    rels = _texts(text, relations.extract_model(text))
    assert [r[:3] for r in rels] == [
        ("Turkish President Recep Tayyip Erdogan", "said", "named"),
        ("he", "added", "named"),  # after a named source
        ("Officials", "said", "anonymous"),
    ]
    assert "Turkey still intended" in rels[0][3]
    assert "talks would resume" in rels[2][3]


def test_belief_and_nominal_cues_the_patterns_miss():
    text = (
        "Many economists believe the tariffs will raise prices for American consumers. "
        "A new poll shows that most voters oppose the plan."
    )
    found = _texts(text, relations.extract(text))
    assert any(r[0] == "Many economists" and "tariffs will raise" in r[3] for r in found)
    assert not any(r[0] == "Many economists" for r in _texts(text, relations.extract_rules(text)))


def test_seeds_through_the_shipped_extractor():
    result = run_rule("ATT003", REPOST_SEED.read_text(encoding="utf-8"))
    text = result.article.text
    sources = {
        text[f.data["relation"]["source"][0] : f.data["relation"]["source"][1]]
        for f in result.findings
        if f.data["relation"]["source"]
    }
    assert "a State Department spokesperson" in sources
    result = run_rule("ATT003", MT_SEED.read_text(encoding="utf-8"))
    assert any(f.data["relation"]["source_kind"] == "none" for f in result.findings)


def test_tabs_before_that_do_not_crash_the_rules():
    text = "The minister reported\t\t\tthat the talks with the union had failed on Monday."
    for code in ("ATT003", "ATT004", "ATT005"):
        result = run_rule(code, text)
        assert spans_ok(result)
    assert relations.extract_rules(text)


def test_hostile_input_is_bounded():
    words = MT_SEED.read_text(encoding="utf-8").replace(".", " ").replace("\n", " ").split()
    no_ends = " ".join(words * (200_000 // len(words)))  # ~1.2 MB with no sentence end
    chunks = tagger.tokenize(no_ends)
    assert max(len(c) for c in chunks) <= tagger.MAX_CHUNK
    for text in (
        "",
        " \n\n ",
        '"' * 5000,
        "\u201c" * 3000 + "said",
        "\u2014" * 5000,
        "-- " * 3000,
        no_ends[:100_000],
    ):
        for code in ("ATT003", "ATT004", "ATT005"):
            assert spans_ok(run_rule(code, text))
        assert all(0 <= r.content[0] <= r.content[1] <= len(text) for r in relations.extract(text))


def test_patterns_are_added_only_where_the_model_found_nothing():
    text = (
        "Officials said the talks would resume in December. "
        "It is reported that the United States has always opposed the purchase."
    )
    model, rules = relations.extract_model(text), relations.extract_rules(text)
    combined = relations.combine(model, rules, frozenset({"front", "agentless"}))
    for r in combined:
        if r.via != "model":
            assert not any(relations._overlap(r.content, m.content) for m in model)
    assert len(combined) >= len(model)
    assert relations.combine(model, rules, frozenset()) == model


def test_the_model_stores_no_word_ngram_longer_than_two():
    t = pycrfsuite.Tagger()
    t.open(str(tagger.model_path()))
    attributes = {a for a, _ in t.info().state_features}
    assert attributes
    for a in attributes:
        name, _, value = a.partition("=")
        if "|" in name:  # a neighbour pair: exactly two tokens
            assert name.count("|") == 1 and value.count("|") == 1, a
        else:
            assert "|" not in name, a
        assert len(value) <= 2 * tagger.MAX_TOKEN_CHARS + 1
        assert " " not in value, a


def test_untrusted_characters_reach_the_tagger_without_an_error():
    # a lone surrogate and control characters (seen in fuzzed JSONL) made crfsuite raise
    # SystemError on the whole article; the sentence is still tagged around them
    text = (
        "The plan \ud800 will be ready by June,\x00 a State Department spokesperson said.\x0c "
        "He told reporters that the talks would resume."
    )
    found = tagger.predict(text)
    assert found
    assert any(text[r.cue[0] : r.cue[1]] in ("said", "told") for r in found)


def test_a_tagged_relation_without_a_source_takes_its_sentences_subject():
    # the tagger often finds the cue and content of a participle or second verb ("saying",
    # "and said") but no source: the sentence's opening noun phrase is the source
    text = (
        "The debate ended late. Donald Trump unleashed a series of tweets early Friday, "
        "saying that his rival had shown bad judgment."
    )
    cue = text.index("saying")
    content = (text.index("his rival"), len(text) - 1)
    linked = tagger.Linked((cue, cue + 6), None, [content], 1, (0, 0), 0.9)
    (rel,) = relations.from_linked(text, [linked])
    assert text[rel.source[0] : rel.source[1]] == "Donald Trump"
    assert rel.kind == "named"
    # a passive cue stays agentless
    text = "It is reported that the United States has always opposed the purchase."
    cue = (text.index("is reported"), text.index("is reported") + 11)
    linked = tagger.Linked(cue, None, [(text.index("the United"), len(text) - 1)], 0, (0, 0), 1.0)
    assert relations.from_linked(text, [linked])[0].kind == "none"


def test_a_word_that_opens_a_clause_is_never_the_source():
    # PolNeAR dev: "If", "For", "However" had been taken for the sentence's subject (all 16
    # such one-word sources were wrong); "But Trump" still names Trump
    text = (
        "The race is close. If she did, party procedures give the chair authority to name "
        "a replacement, some officials believe."
    )
    cue = text.index("give")
    linked = tagger.Linked((cue, cue + 4), None, [(cue + 5, len(text) - 1)], 1, (0, 0), 0.9)
    (rel,) = relations.from_linked(text, [linked])
    assert rel.source is None or text[rel.source[0] : rel.source[1]] != "If"
    tagged = tagger.Linked(
        (cue, cue + 4),
        (text.index("If"), text.index("If") + 2),
        [(cue + 5, len(text) - 1)],
        1,
        (0, 0),
        0.9,
    )
    (rel,) = relations.from_linked(text, [tagged])
    assert rel.source is None or text[rel.source[0] : rel.source[1]] != "If"
    text = "The vote was close. But Trump insisted, saying the count had been rigged."
    cue = text.index("saying")
    linked = tagger.Linked(
        (cue, cue + 6), None, [(text.index("the count"), len(text) - 1)], 1, (0, 0), 0.9
    )
    (rel,) = relations.from_linked(text, [linked])
    assert "Trump" in text[rel.source[0] : rel.source[1]]


def test_the_learned_cue_lexicon_holds_single_words_only():
    path = tagger.learned_cues_path()
    if not path.is_file():  # a model trained without the "lex" feature group
        assert "lex" not in tagger.shipped_groups()
        return
    words = tagger.read_lexicon(path)
    assert words and all(" " not in w and len(w) <= tagger.MAX_TOKEN_CHARS for w in words)
    assert "said" in words or "according" in words


def test_feature_extraction_is_the_same_for_every_chunk_of_a_text():
    # per-word strings are cached: the features of a chunk do not depend on what came before
    text = REPOST_SEED.read_text(encoding="utf-8")
    chunks = tagger.tokenize(text)
    first = [tagger.features(c) for c in chunks]
    tagger._cached_word.cache_clear()
    assert [tagger.features(c) for c in reversed(chunks)][::-1] == first


def test_participle_cue_without_source_takes_the_source_before_it_in_the_sentence():
    """ "..., noting that ...": who said the first part notes the second (the tagger tags no
    source for the participle; the sentence's opening phrase is not it)."""
    text = (
        "In a statement, the company's lawyers said the suit had no merit, noting that the "
        "contract had expired in 2014."
    )
    rels = _texts(text, relations.extract(text))
    noting = [r for r in rels if r[1] == "noting"]
    assert noting and noting[0][0] == "the company's lawyers"
    assert noting[0][3].startswith("the contract had expired")


def test_long_tokens_get_the_same_features_without_staying_in_the_cache():
    long_word = "Xyz" * 5000  # a hostile 15,000-letter "word"
    chunk = tagger.tokenize(f"The minister said {long_word} would not stop the plan.")[0]
    tagger._cached_word.cache_clear()
    first = tagger.features(chunk)
    short = {t.text for t in chunk if len(t.text) <= tagger._CACHED_TOKEN_CHARS}
    assert any(t.text == long_word for t in chunk)
    assert tagger._cached_word.cache_info().currsize == len(short)  # the long one is not kept
    assert tagger.features(chunk) == first
    assert tagger._word_of(long_word) == tagger._cached_word(long_word)
