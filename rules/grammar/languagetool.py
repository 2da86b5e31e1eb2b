"""GRM001: grammar and spelling errors reported by a LanguageTool server."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from auditor.models import Article, Severity
from auditor.rule import ArticleContext, Output, Rule

PUBLIC_API = "https://api.languagetool.org"
DEFAULT_TIMEOUT = 30.0
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


def server_url(settings: Mapping[str, Any]) -> str | None:
    """The LanguageTool server to use: configured URL, else the public API if opted in."""
    lt = settings.get("languagetool", {})
    if lt.get("server"):
        return str(lt["server"])
    if lt.get("public_api") is True and not lt.get("local_path"):
        return PUBLIC_API
    return None


class LanguageToolGrammar(Rule):
    """What it does: sends the article to a LanguageTool server and reports each match as a
    finding with LanguageTool's rule id, message and span. The server is, in order: the URL in
    `[tool.auditor.languagetool] server` or `AUDITOR_LANGUAGETOOL_URL`; a local LanguageTool
    installation in `languagetool.local_path` (Java 17+, started once per run); the public
    LanguageTool API only when `languagetool.public_api = true`. Requests time out after
    `languagetool.timeout` seconds (default 30); at most `max_chars` characters of an article
    are sent; results are cached by a hash of the text for the run. With none of them, the grammar
    family is reported as unavailable, never as "no errors". Measures: `grammar.errors` and
    `grammar.errors_per_100_words`.

    Why it matters: grammar errors in published news are a sign of unedited copy, and a
    high error density is a signal of machine translation.

    Example:
        flagged:  "purchase negotiations between Turkey and Russia continues"
        better:   "purchase negotiations between Turkey and Russia continue"
    """

    code = "GRM001"
    name = "languagetool"
    family = "grammar"
    summary = "Grammar and spelling errors from a LanguageTool server"
    severity = Severity.INFO
    languages = tuple(LT_LANGUAGES)
    options = {"max_chars": 20000, "ignore_rules": ["WHITESPACE_RULE"]}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tools: dict[str, Any] = {}
        self._cache: dict[str, list[dict[str, Any]]] = {}

    @classmethod
    def unavailable_reason(cls, settings: Mapping[str, Any]) -> str | None:
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

    def _tool(self, lang: str, settings: Mapping[str, Any]) -> Any:
        if lang not in self._tools:
            import language_tool_python

            url = server_url(settings)
            if url is None:
                # language_tool_python starts the local server found through LTP_PATH.
                os.environ["LTP_PATH"] = str(settings["languagetool"]["local_path"])
            tool = language_tool_python.LanguageTool(LT_LANGUAGES[lang], remote_server=url)
            # language_tool_python has no public timeout setting; its documented class
            # attribute is the per-request timeout, so set it on this instance.
            tool._TIMEOUT = float(settings["languagetool"].get("timeout", DEFAULT_TIMEOUT))
            self._tools[lang] = tool
        return self._tools[lang]

    def check(self, article: Article, ctx: ArticleContext) -> Iterator[Output]:
        max_chars = int(ctx.settings["languagetool"].get("max_chars", self.opts["max_chars"]))
        text = article.text[:max_chars]
        key = hashlib.sha256(f"{ctx.language}\0{text}".encode()).hexdigest()
        if key not in self._cache:
            matches = self._tool(ctx.language, ctx.settings).check(text)
            self._cache[key] = [
                {
                    "offset": m.offset,
                    "length": m.error_length,
                    "rule_id": m.rule_id,
                    "message": m.message,
                }
                for m in matches
            ]
        ignored = set(self.opts["ignore_rules"])
        count = 0
        for m in self._cache[key]:
            if m["rule_id"] in ignored:
                continue
            start, end = m["offset"], m["offset"] + m["length"]
            if not (0 <= start <= end <= len(text)):
                continue
            count += 1
            yield self.finding(
                article, start, end, f"{m['message']} [{m['rule_id']}]", lt_rule=m["rule_id"]
            )
        words = max(len(text.split()), 1)
        yield self.measure("errors", count)
        yield self.measure("errors_per_100_words", round(100 * count / words, 2))

    def close(self) -> None:
        for tool in self._tools.values():
            tool.close()
        self._tools.clear()
