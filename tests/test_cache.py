from auditor.api import audit, audit_articles
from auditor.cache import ResultCache
from auditor.config import config_from_dict
from auditor.engine import Engine
from auditor.models import Article
from support import MT_SEED


def test_second_run_hits_and_gives_identical_results(tmp_path):
    path = tmp_path / "c.sqlite"
    first = audit([str(MT_SEED)], cache=ResultCache(path)).results[0]
    cache = ResultCache(path)
    second = audit([str(MT_SEED)], cache=cache).results[0]
    assert cache.hits > 0 and cache.misses == 0
    assert second.findings == first.findings
    assert second.measures == first.measures and second.scores == first.scores


def test_changed_text_or_options_miss(tmp_path):
    path = tmp_path / "c.sqlite"
    text = MT_SEED.read_text(encoding="utf-8")
    Engine(cache=ResultCache(path), select=["RDB002"]).audit([Article("a", text)])
    cache = ResultCache(path)
    Engine(cache=cache, select=["RDB002"]).audit([Article("a", text + " More text here.")])
    assert cache.hits == 0
    cache = ResultCache(path)
    config = config_from_dict({"rules": {"RDB002": {"max_words": 10}}})
    run = Engine(config, cache=cache, select=["RDB002"]).audit([Article("a", text)])
    assert cache.hits == 0 and run.results[0].findings


def test_no_cache_by_default_in_the_api(tmp_path):
    audit_articles([Article("a", MT_SEED.read_text(encoding="utf-8"))])
    assert not (tmp_path / ".auditor-cache").exists()


def test_page_extras_are_part_of_the_key_and_outside_evidence_survives(tmp_path):
    """Two pages with the same text but different canonical links must not share a result,
    and REP004's evidence (not a slice of the text) comes back from the cache unchanged."""
    path = tmp_path / "c.sqlite"
    text = MT_SEED.read_text(encoding="utf-8")

    def page(canonical: str) -> Article:
        return Article("p", text, url="https://www.msn.com/a", extra={"canonical_url": canonical})

    first = Engine(cache=ResultCache(path), select=["REP004"]).audit([page("https://cnn.com/x")])
    cache = ResultCache(path)
    again = Engine(cache=cache, select=["REP004"]).audit([page("https://cnn.com/x")])
    assert cache.hits == 1 and again.results[0].findings == first.results[0].findings
    cache = ResultCache(path)
    other = Engine(cache=cache, select=["REP004"]).audit([page("https://www.msn.com/a")])
    assert cache.hits == 0 and other.results[0].findings == []


def test_cached_rerun_detects_no_language_again(tmp_path, monkeypatch):
    """A re-run on unchanged articles does no work: not even language detection, which was
    the largest part of a cached re-run (12.6 s of 40 s on 100 corpus articles)."""
    import auditor.cache
    from support import EXAMPLES

    path = tmp_path / "cache" / "c.sqlite"
    first = audit([str(EXAMPLES)], cache=ResultCache(path))
    assert not (tmp_path / ".gitignore").exists()

    def no_detection(text):
        raise AssertionError("language detected again on a cached re-run")

    monkeypatch.setattr(auditor.cache, "detect_language", no_detection)
    second = audit([str(EXAMPLES)], cache=ResultCache(path))
    assert [r.measures for r in second.results] == [r.measures for r in first.results]
    assert [r.findings for r in second.results] == [r.findings for r in first.results]
    assert (path.parent / ".gitignore").read_text().splitlines()[-1] == "*"
