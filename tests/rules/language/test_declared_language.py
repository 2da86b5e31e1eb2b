from support import MT_SEED, run_rule, spans_ok

GERMAN = (
    "Der türkische Präsident Recep Tayyip Erdogan hat bekräftigt, dass sein Land eine zweite "
    "Lieferung des russischen Raketenabwehrsystems S-400 kaufen will."
)


def test_declared_language_that_disagrees_is_a_warning():
    result = run_rule("LNG001", MT_SEED.read_text(encoding="utf-8"), lang_declared="zh")
    [finding] = result.findings
    assert "declared language 'zh'" in finding.message and "'en'" in finding.message
    assert finding.evidence.startswith("After meeting with trump")
    assert spans_ok(result)


def test_regional_tag_of_the_same_language_agrees():
    assert run_rule("LNG001", GERMAN, lang_declared="de-AT").findings == []


def test_uncertain_detection_is_never_a_mismatch():
    result = run_rule("LNG001", "Erdogan spoke.", lang_declared="fr")
    assert result.measures["language"] == "und"
    assert result.findings == []
