"""Fixtures for every test."""

import pytest


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch, tmp_path):
    """Tests run in an empty folder, so no auditor.toml of the developer's leaks in, and see
    no LanguageTool server unless a test sets one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AUDITOR_LANGUAGETOOL_URL", raising=False)
