"""The LanguageTool client shared by the rules that read grammar matches (GRM001, TRN008).

The server is, in order: `[tool.auditor.languagetool] server` or AUDITOR_LANGUAGETOOL_URL; a
local LanguageTool installation in `languagetool.local_path` (Java 17+, started once per
run by language-tool-python); the public LanguageTool API only with `public_api = true`.
One client per language and run; results are cached by a hash of language and text, so two
rules reading the same article send it once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PUBLIC_API = "https://api.languagetool.org"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_CHARS = 20000
# LanguageTool language codes for the languages langdetect reports.
LT_LANGUAGES = {
    "en": "en-US",
    "de": "de-DE",
    "fr": "fr",
    "es": "es",
    "it": "it",
    "nl": "nl",
    "pt": "pt-PT",
    "pl": "pl-PL",
    "ru": "ru-RU",
    "uk": "uk-UA",
    "ca": "ca-ES",
    "sv": "sv",
    "da": "da-DK",
    "el": "el-GR",
    "ro": "ro-RO",
    "sk": "sk-SK",
    "sl": "sl-SI",
    "ja": "ja-JP",
    "zh-cn": "zh-CN",
    "fa": "fa",
    "ar": "ar",
    "ga": "ga-IE",
    "ta": "ta-IN",
}

_tools: dict[tuple[str, str], Any] = {}
_results: dict[str, list[dict[str, Any]]] = {}


def server_url(settings: Mapping[str, Any]) -> str | None:
    """The LanguageTool server to use: configured URL, else the public API if opted in."""
    lt = settings.get("languagetool", {})
    if lt.get("server"):
        return str(lt["server"])
    if lt.get("public_api") is True and not lt.get("local_path"):
        return PUBLIC_API
    return None


def unavailable_reason(settings: Mapping[str, Any]) -> str | None:
    """Why no LanguageTool can be used, or None when one can."""
    lt = settings.get("languagetool", {})
    if server_url(settings):
        return None
    local = lt.get("local_path")
    if local:
        jar = Path(local) / "languagetool-server.jar"
        return None if jar.is_file() else f"no languagetool-server.jar in {local}"
    return (
        "no LanguageTool server configured (set AUDITOR_LANGUAGETOOL_URL or "
        "[tool.auditor.languagetool] server / local_path)"
    )


def max_chars(settings: Mapping[str, Any], default: int = DEFAULT_MAX_CHARS) -> int:
    return int(settings.get("languagetool", {}).get("max_chars", default))


def check(text: str, lang: str, settings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """LanguageTool's matches for `text`: offset, length, rule_id, message (cached)."""
    key = hashlib.sha256(f"{lang}\0{server_url(settings)}\0{text}".encode()).hexdigest()
    if key not in _results:
        matches = _tool(lang, settings).check(text)
        _results[key] = [
            {
                "offset": m.offset,
                "length": m.error_length,
                "rule_id": m.rule_id,
                "message": m.message,
            }
            for m in matches
        ]
    return _results[key]


def _tool(lang: str, settings: Mapping[str, Any]) -> Any:
    url = server_url(settings)
    key = (url or "local", lang)
    if key not in _tools:
        import language_tool_python

        if url is None:
            # language_tool_python starts the local server found through LTP_PATH.
            os.environ["LTP_PATH"] = str(settings["languagetool"]["local_path"])
        tool = language_tool_python.LanguageTool(LT_LANGUAGES[lang], remote_server=url)
        # language_tool_python has no public timeout setting; its documented class attribute
        # is the per-request timeout, so set it on this instance.
        tool._TIMEOUT = float(settings["languagetool"].get("timeout", DEFAULT_TIMEOUT))
        _tools[key] = tool
    return _tools[key]


def close_all() -> None:
    """Shut down the run's clients (a local server stops) and forget cached results."""
    for tool in _tools.values():
        tool.close()
    _tools.clear()
    _results.clear()
