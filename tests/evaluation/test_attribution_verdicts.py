"""The accusing attribution rules are scored against gold relations: a finding is right when
the gold says what the rule accuses."""

from auditor.evaluation.attribution import verdicts
from auditor.models import Finding, Severity

TEXT = (
    "\u201cWe will not yield,\u201d the minister said. It is understood that talks will resume. "
    "\u201cThe deal is off for now.\u201d Officials said so. Sources said so. Aides said so."
)


def _at(words: str) -> list[int]:
    start = TEXT.index(words)
    return [start, start + len(words)]


def _finding(code: str, words: str) -> Finding:
    start, end = _at(words)
    return Finding(code, "m", Severity.WARNING, start, end, words)


def _gold(source: str | None, cue: str, content: str, kind: str) -> dict:
    return {
        "source_span": _at(source) if source else None,
        "source_text": source,
        "cue_span": _at(cue),
        "content_span": _at(content),
        "source_kind": kind,
    }


GOLD = [
    _gold("the minister", "said", "\u201cWe will not yield,\u201d", "named"),
    _gold(None, "It is understood", "talks will resume", "unknown"),
    _gold("Officials", "said so. Sources", "so. Sources", "anonymous"),
    _gold("Sources", "said so. Aides", "so. Aides", "anonymous"),
    _gold("Aides", "said so.", "so.", "anonymous"),
]


def test_each_accusation_is_checked_against_the_gold():
    findings = [
        _finding("ATT001", "\u201cWe will not yield,\u201d"),  # gold attributes it: wrong
        _finding("ATT001", "\u201cThe deal is off for now.\u201d"),  # in no gold content: right
        _finding("ATT005", "It is understood"),  # a gold relation without a source: right
        _finding("ATT004", "Officials"),  # 3 of 4 gold sources anonymous: right
    ]
    out = verdicts([(findings, GOLD), ([], GOLD)])
    assert out["ATT001"] == {"findings": 2, "right": 1, "precision": 0.5, "documents_flagged": 0.5}
    assert out["ATT005"]["precision"] == 1.0
    assert out["ATT004"]["precision"] == 1.0
    assert out["ATT004"]["gold_documents"] == 2
    assert out["ATT004"]["recall"] == 0.5


def test_a_poll_is_not_an_anonymous_source_of_the_gold():
    gold = [dict(g) for g in GOLD]
    for g in gold[2:]:
        g["source_text"] = "58 percent"
    out = verdicts([([_finding("ATT004", "Officials")], gold)])
    assert out["ATT004"]["gold_documents"] == 0
    assert out["ATT004"]["precision"] == 0.0
