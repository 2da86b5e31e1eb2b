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
