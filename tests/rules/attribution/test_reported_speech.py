from support import MT_SEED, REPOST_SEED, run_rule, spans_ok


def _relations(result):
    text = result.article.text
    out = []
    for f in result.findings:
        rel = f.data["relation"]
        src = text[rel["source"][0] : rel["source"][1]] if rel["source"] else None
        out.append((src, text[rel["cue"][0] : rel["cue"][1]], rel["source_kind"], f.evidence))
    return out


def test_seed_000_state_department_spokesperson_and_reuters():
    result = run_rule("ATT003", REPOST_SEED.read_text(encoding="utf-8"))
    rels = _relations(result)
    spokes = [r for r in rels if r[0] == "a State Department spokesperson"]
    assert spokes and spokes[0][1] == "said" and spokes[0][2] == "anonymous"
    assert spokes[0][3].startswith("\u201cWe urge Turkey at every level")
    assert any(r[0] == "Reuters" and r[1] == "reports" for r in rels)
    assert spans_ok(result)
    assert result.measures["attribution.claims"] == len(rels)


def test_seed_004_agentless_reporting():
    result = run_rule("ATT003", MT_SEED.read_text(encoding="utf-8"))
    agentless = [r for r in _relations(result) if r[2] == "none"]
    assert agentless and agentless[0][1] == "It is reported"
    assert agentless[0][3].startswith("the United States has always opposed")


def test_front_and_back_patterns_on_real_sentences():
    text = (
        "Turkish President Recep Tayyip Erdogan said on Sunday that Turkey still intended to "
        "buy a second batch of S-400 missile defense systems from Russia. "
        "Nobody can interfere with that, he added. "
        "Officials said the talks would resume in December."
    )
    rels = _relations(run_rule("ATT003", text))
    assert rels[0][:3] == ("Turkish President Recep Tayyip Erdogan", "said", "named")
    assert rels[0][3].startswith("Turkey still intended")
    assert rels[1][:3] == ("he", "added", "named")  # resolved to Erdogan
    assert rels[2][:3] == ("Officials", "said", "anonymous")


def test_anonymous_sourcing_warning():
    text = (
        "Officials said the deal was off after weeks of talks in Ankara. "
        "Sources say the talks will resume next month in Brussels. "
        "A person familiar with the matter said the ministry was unhappy with the terms. "
        "Foreign Minister Mevlut Cavusoglu said the country would keep its options open."
    )
    result = run_rule("ATT004", text)
    [finding] = result.findings
    assert finding.evidence == "Officials"
    assert "3 of 4 sourced claims name no source" in finding.message


def test_agentless_warning():
    result = run_rule("ATT005", MT_SEED.read_text(encoding="utf-8"))
    assert [f.evidence for f in result.findings] == ["It is reported"]
    assert spans_ok(result)
