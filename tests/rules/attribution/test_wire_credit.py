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


def test_reuters_house_sign_off_credits_reuters_without_naming_it():
    text = (
        "Turkey still intends to buy a second batch of S-400 missiles from Russia, "
        "President Tayyip Erdogan said.\n\n"
        "(Reporting by Tuvan Gumrukcu; Additional reporting by Ece Toksabay; "
        "Editing by Jonathan Spicer)"
    )
    result = run_rule("ATT002", text)
    [finding] = result.findings
    assert finding.data["context"] == "house sign-off" and finding.data["wire"] == "Reuters"
    assert finding.evidence.startswith("(Reporting by") and spans_ok(result)
    # a byline with "reporting by" but no editing credit is not the Reuters sign-off
    byline = run_rule("ATT002", "Additional reporting by Jane Smith in Ankara.")
    assert byline.findings == []


def test_cityless_dateline_contacted_by_writes_and_copyright():
    text = (
        "(Reuters) — The New York State Attorney General is investigating WeWork, according "
        "to two people familiar with the matter.\n\n"
        "“We are cooperating in the matter,” said a WeWork spokesperson when contacted by "
        "Reuters.\n\n"
        "China “vastly improved its detection of infectious diseases,” writes the Associated "
        "Press.\n\n© Reuters"
    )
    result = run_rule("ATT002", text)
    contexts = [f.data["context"] for f in result.findings]
    assert contexts == ["dateline", "told-wire", "writes-wire", "copyright"]
    assert result.measures["attribution.wires_credited"] == "AP, Reuters"


def _passes_through(items, group: int) -> bool:
    """Whether every match of the parsed (sub)pattern `items` goes through group `group`."""
    from re import _constants as C  # type: ignore[attr-defined]

    repeats = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}
    for op, av in items:
        if op is C.SUBPATTERN and (av[0] == group or _passes_through(av[3], group)):
            return True
        if op is C.BRANCH and all(_passes_through(b, group) for b in av[1]):
            return True
        if op in repeats and av[0] >= 1 and _passes_through(av[2], group):
            return True
        if op is getattr(C, "ATOMIC_GROUP", None) and _passes_through(av, group):
            return True
    return False


def test_every_credit_context_requires_its_wire():
    """ATT002 skips the contexts on a text in which no wire's name matches: that holds only
    while every context of wire_contexts.txt requires its `{wire}` (not in an optional group
    or one branch of an alternation)."""
    from re import _parser as P  # type: ignore[attr-defined]

    from auditor.rules.helpers import load_phrases

    contexts = load_phrases("auditor.rules.attribution", "wire_contexts.txt", flags=0)
    assert contexts
    for ctx in contexts:
        tree = P.parse(ctx.pattern.pattern.replace("{wire}", "(?P<wire>x)"))
        assert _passes_through(tree, tree.state.groupdict["wire"]), ctx.name
    # the check itself: an optional or one-branch wire is not required
    for optional in (r"a(?:(?P<wire>x))?b", r"a(?:(?P<wire>x)|y)b", r"(?P<wire>x)*"):
        tree = P.parse(optional)
        assert not _passes_through(tree, tree.state.groupdict["wire"]), optional
