"""REP003's run store: the pair postings give the same counts as comparing the articles."""

from collections import Counter

from auditor.models import Article
from auditor.rule import ArticleContext
from auditor.rules.repost.reuse_run import RunStore
from auditor.rules.repost.uncredited_rewrite import UncreditedRewrite

TEXTS = [
    "Turkey's President Tayyip Erdogan has said Ankara still intends to buy a second batch "
    "of S-400 missile defence systems from Russia, despite the risk of US sanctions.",
    "President Tayyip Erdogan said on Sunday that Ankara still intends to buy a second batch "
    "of the Russian missile defence systems, and that the United States could not stop it.",
    "The city council voted on Tuesday to close the old library on Main Street and to build "
    "a new one near the station, the mayor's office said in a statement.",
    "The mayor's office said the council had voted to build a new library near the station.",
]


def _store():
    rule = UncreditedRewrite()
    store = RunStore()
    pairs = []
    for i, text in enumerate(TEXTS):
        prepared = rule.prepare(
            Article(f"a{i}", text, source=f"site{i}.example"), ArticleContext("en", 1.0, {})
        )
        store.add(prepared)
        pairs.append(store.load(i).pairs)
    store.seal()
    return store, pairs


def test_pair_holders_match_a_comparison_of_every_article():
    store, pairs = _store()
    try:
        for mine_pairs in pairs:
            mine = Counter(mine_pairs)
            for needed in (1, 3, 5, 8):
                expected = {}
                for m, theirs in enumerate(pairs):
                    held = sum(mine[p] for p in mine.keys() & set(theirs))
                    if held and held >= needed:
                        expected[m] = held
                assert store.pair_holders(mine, needed) == expected
        assert store.pair_holders({}, 1) == {}
        # the two Erdogan stories share pairs, the library stories are not among their holders
        assert set(store.pair_holders(Counter(pairs[0]), 5)) == {0, 1}
    finally:
        store.close()
