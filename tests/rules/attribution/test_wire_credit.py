from support import REPOST_SEED, REWRITE_SEED, run_rule, spans_ok


def test_seed_000_credits_reuters_twice():
    result = run_rule("ATT002", REPOST_SEED.read_text(encoding="utf-8"))
    assert result.measures["attribution.wires_credited"] == "Reuters"
    evidence = [f.evidence.replace("\xa0", " ") for f in result.findings]
    assert evidence == ["Reuters reports", "according to Reuters"]
    assert spans_ok(result)
    assert result.scores["attribution"] == 100  # a credit is information, not a fault


def test_seed_001_credits_no_wire():
    result = run_rule("ATT002", REWRITE_SEED.read_text(encoding="utf-8"))
    assert result.measures["attribution.wires_credited"] == ""


def test_dateline_and_told():
    text = (
        "ANKARA (Reuters) - Turkey will buy more S-400 missiles, President Tayyip Erdogan "
        "said.\n\nA Turkish official told AFP the talks had made progress."
    )
    result = run_rule("ATT002", text)
    assert result.measures["attribution.wires_credited"] == "AFP, Reuters"
    assert [f.data["context"] for f in result.findings] == ["dateline", "told-wire"]
