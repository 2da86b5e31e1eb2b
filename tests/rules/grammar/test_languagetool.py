"""GRM001 against a local HTTP server that answers in LanguageTool's /v2 JSON format,
and against a real server when AUDITOR_LANGUAGETOOL_URL is set."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from auditor.config import Config, config_from_dict
from support import REAL_LANGUAGETOOL_URL, REWRITE_SEED, run_rule, spans_ok

SENTENCE = "Purchase negotiations between Turkey and Russia continues on the delivery."


class _FakeLanguageTool(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, payload):
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server API
        if self.path.startswith("/v2/languages"):
            self._send([{"name": "English (US)", "code": "en", "longCode": "en-US"}])
        else:
            self.send_error(404)

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        _FakeLanguageTool.requests.append(form)
        text = form["text"][0]
        start = text.find("continues")
        matches = []
        if start >= 0:
            matches.append(
                {
                    "message": "The verb does not agree with the plural subject.",
                    "offset": start,
                    "length": len("continues"),
                    "replacements": [{"value": "continue"}],
                    "context": {"text": text[:60], "offset": start, "length": 9},
                    "rule": {
                        "id": "SUBJECT_VERB_AGREEMENT",
                        "issueType": "grammar",
                        "category": {"id": "GRAMMAR", "name": "Grammar"},
                    },
                }
            )
        self._send({"matches": matches})


@pytest.fixture
def fake_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeLanguageTool)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeLanguageTool.requests.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_findings_carry_languagetool_rule_and_span(fake_server):
    config = config_from_dict({"languagetool": {"server": fake_server}})
    result = run_rule("GRM001", SENTENCE + " Erdogan said so on Sunday in Ankara.", config)
    [finding] = result.findings
    assert finding.evidence == "continues"
    assert finding.data["lt_rule"] == "SUBJECT_VERB_AGREEMENT"
    assert spans_ok(result)
    assert result.measures["grammar.errors"] == 1
    assert result.scores["grammar"] is not None
    assert _FakeLanguageTool.requests[0]["language"] == ["en-US"]


def test_env_variable_selects_the_server(fake_server, monkeypatch):
    monkeypatch.setenv("AUDITOR_LANGUAGETOOL_URL", fake_server)
    result = run_rule("GRM001", SENTENCE + " Erdogan said so on Sunday in Ankara.")
    assert result.measures["grammar.errors"] == 1


def test_without_server_grammar_is_unavailable_not_perfect():
    result = run_rule("GRM001", REWRITE_SEED.read_text(encoding="utf-8"))
    assert result.skipped["GRM001"].startswith("unavailable: no LanguageTool server")
    assert result.scores["grammar"] is None
    assert result.findings == []


def test_public_api_needs_explicit_opt_in():
    from auditor.languagetool import PUBLIC_API, server_url

    assert server_url(Config().settings()) is None
    opted_in = config_from_dict({"languagetool": {"public_api": True}}).settings()
    assert server_url(opted_in) == PUBLIC_API


@pytest.mark.skipif(
    not REAL_LANGUAGETOOL_URL,
    reason="no LanguageTool server: set AUDITOR_LANGUAGETOOL_URL to run this test",
)
def test_real_server(monkeypatch):
    monkeypatch.setenv("AUDITOR_LANGUAGETOOL_URL", REAL_LANGUAGETOOL_URL)
    result = run_rule("GRM001", SENTENCE + " He go to the market every days.")
    assert result.measures["grammar.errors"] >= 1
    assert spans_ok(result)


def test_translation_grammar_density_shares_the_client(fake_server):
    config = config_from_dict({"languagetool": {"server": fake_server}})
    text = "Purchase negotiations continues. " * 3 + "Erdogan said so on Sunday in Ankara."
    from auditor.api import audit_articles
    from auditor.models import Article

    run = audit_articles([Article("a", text)], config, select=["TRN008", "GRM001"])
    result = run.results[0]
    assert result.measures["translation.grammar_errors_per_100_words"] > 2
    assert [f.code for f in result.findings if f.code == "TRN008"] == ["TRN008"]
    assert len(_FakeLanguageTool.requests) == 1  # one request for both rules


def test_translation_grammar_density_unavailable_without_server():
    result = run_rule("TRN008", REWRITE_SEED.read_text(encoding="utf-8"))
    assert result.skipped["TRN008"].startswith("unavailable")
