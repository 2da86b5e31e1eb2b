"""REP003's fingerprint helpers: quotation masking, sampled k-grams, alignment, dates."""

import datetime as dt

from auditor.rules.repost.reuse_text import align, narrative_tokens, parse_date, shingles
from support import REPOST_SEED

TEXT = REPOST_SEED.read_text(encoding="utf-8")


def test_quoted_words_are_marked_in_every_quote_style():
    text = (
        "Erdogan said “nobody will be able to interfere” and «we decide» and "
        '"that is final" while the ministry stayed silent.'
    )
    words = narrative_tokens(text, "en", 1000)
    marked = {w for w, q in zip(words.tokens, words.quoted, strict=True) if q}
    assert {"nobody", "interfere", "we", "decide", "that", "final"} <= marked
    assert not {"erdogan", "said", "ministry", "silent"} & marked


def _fp(text, k=4):
    words = narrative_tokens(text, "en", 20000)
    return words.tokens, shingles(words.tokens, words.quoted, k, 1)


def test_alignment_survives_light_edits_and_ignores_quotes():
    para = TEXT.split("\n\n")[5]  # "In response to the purchase, the US sanctioned ..."
    edited = " ".join(w for n, w in enumerate(para.split(" "), 1) if n % 9)
    other = "Unrelated opening words about the weather in Ankara today.\n\n" + edited
    words, mine = _fp(para)
    _, theirs = _fp(other)
    passages = align(mine, theirs, 4, 12, 3)
    assert len(passages) == 1
    assert passages[0].end - passages[0].start >= len(words) - 6
    # a quotation shared word for word is no fingerprint at all
    quote = TEXT.split("\n\n")[1]
    assert quote.startswith("“")
    _, q = _fp(quote.split("”")[0] + "”")
    assert q == []


def test_dates_are_parsed_to_utc_and_implausible_ones_ignored():
    assert parse_date("2021-09-27T08:00:00+02:00") == dt.datetime(2021, 9, 27, 6, tzinfo=dt.UTC)
    assert parse_date("Sun, 26 Sep 2021 10:00:00 GMT") == dt.datetime(
        2021, 9, 26, 10, tzinfo=dt.UTC
    )
    assert parse_date("2016-09-19T23:39:44Z") == dt.datetime(2016, 9, 19, 23, 39, 44, tzinfo=dt.UTC)
    for bad in (None, "", "yesterday", "1970-01-01", "2999-01-01", "13/45/2020", "x" * 500):
        assert parse_date(bad) is None, bad
