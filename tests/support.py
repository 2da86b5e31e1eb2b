"""Test support: the bundled example articles and a helper to run one rule on a text."""

from __future__ import annotations

import os
from pathlib import Path

from auditor.config import Config
from auditor.engine import Engine
from auditor.models import Article, ArticleResult

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
REPOST_SEED = EXAMPLES / "000_8704dcac81a2f636.txt"
REWRITE_SEED = EXAMPLES / "001_9d63bd51eb60154c.txt"
MT_SEED = EXAMPLES / "004_f5e9809c43fa8f1b.txt"
SHARED = ROOT.parent / "shared"
# A real LanguageTool server for the one test that uses it; other tests never see it.
REAL_LANGUAGETOOL_URL = os.environ.get("AUDITOR_LANGUAGETOOL_URL")


def run_rule(code: str, text: str, config: Config | None = None, **fields) -> ArticleResult:
    """Run one rule on one article text through the engine and return the scored result."""
    engine = Engine(config or Config(), select=[code])
    run = engine.audit([Article(id="t", text=text, **fields)])
    return run.results[0]


def spans_ok(result: ArticleResult) -> bool:
    """Every finding's span, applied to the text, gives its evidence."""
    text = result.article.text
    return all(text[f.start : f.end] == f.evidence for f in result.findings)
