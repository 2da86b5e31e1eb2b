"""REP003's on-disk index of articles seen before (`--index FILE`): an SQLite store of
fingerprints, never texts.

Each entry is keyed by the hash of its words (not by article id or file name), so a copy that
arrives under yesterday's id, file name or from stdin is a new entry compared with yesterday's
original, and an original is never overwritten by its copy. An entry holds the article's id,
source, URL, date, credit names and its sampled k-gram hashes (with positions, for the
alignment); the `keys` table maps each hash to the entries that hold it, so a query reads only
the candidates' rows and memory does not grow with the index. Every entry carries a checksum;
the file carries a schema version and the fingerprint settings. WAL and a busy timeout let
concurrent runs share one file.
"""

from __future__ import annotations

import array
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError

SCHEMA_VERSION = 3  # 1-2: the JSON files of earlier versions (texts included)


class IndexFileError(ConfigError):
    """The index file cannot be used (corrupt, truncated, another format or version)."""


def _rebuild(path: Path) -> str:
    return f"delete {path} and rebuild it by auditing the articles seen so far with --index {path}"


@dataclass
class Entry:
    """One article of the index (or of the run, in the same shape)."""

    key: str  # content hash
    id: str
    source: str
    url: str | None
    published: str | None
    names: list[str]
    own_credits: list[str]
    words: int  # narrative words
    shingles: list[tuple[int, int]]

    def checksum(self) -> str:
        payload = json.dumps(
            [
                self.key,
                self.id,
                self.source,
                self.url,
                self.published,
                self.names,
                self.own_credits,
                self.words,
            ],
            ensure_ascii=False,
        ).encode("utf-8") + pack_shingles(self.shingles)
        return hashlib.sha256(payload).hexdigest()


def pack_shingles(shingles: list[tuple[int, int]]) -> bytes:
    flat = array.array("q")
    for pos, h in shingles:
        flat.append(pos)
        flat.append(h)
    return flat.tobytes()


def unpack_shingles(blob: bytes) -> list[tuple[int, int]]:
    flat = array.array("q")
    flat.frombytes(blob)
    return list(zip(flat[0::2], flat[1::2], strict=True))


class IndexStore:
    """Open (or create) the index at `path` with the fingerprint `settings`; raises
    IndexFileError (a configuration error: exit 2) naming the file and how to rebuild it when the
    file is not a usable index."""

    def __init__(self, path: Path, settings: dict[str, Any]) -> None:
        self.path = path
        existed = path.exists() and path.stat().st_size > 0
        if existed:
            with path.open("rb") as fh:
                head = fh.read(16)
            if head.lstrip()[:1] == b"{":
                raise IndexFileError(
                    f"{path}: an index of an earlier auditor version (JSON, format 1-2); "
                    f"it must be rebuilt: {_rebuild(path)}"
                )
            if head != b"SQLite format 3\x00":
                raise IndexFileError(f"{path}: not an auditor index (not SQLite); {_rebuild(path)}")
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA busy_timeout = 30000")
            if existed:
                self._check(settings)
            else:
                self._create(settings)
            self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            raise IndexFileError(f"{path}: corrupt index ({exc}); {_rebuild(path)}") from None

    def _create(self, settings: dict[str, Any]) -> None:
        self.db.executescript(
            """
            BEGIN;
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS entries (
                n INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, article_id TEXT NOT NULL,
                source TEXT NOT NULL, url TEXT, published TEXT, names TEXT NOT NULL,
                own_credits TEXT NOT NULL, words INTEGER NOT NULL, shingles BLOB NOT NULL,
                checksum TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS keys (hash INTEGER NOT NULL, entry INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS keys_hash ON keys (hash);
            COMMIT;
            """
        )
        self.db.execute(
            "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?), ('settings', ?)",
            (str(SCHEMA_VERSION), json.dumps(settings, sort_keys=True)),
        )
        self._check(settings)  # another run may have created it first with other settings

    def _check(self, settings: dict[str, Any]) -> None:
        meta = dict(self.db.execute("SELECT name, value FROM meta"))
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            raise IndexFileError(
                f"{self.path}: index schema version {meta.get('schema_version')!r}, this "
                f"auditor reads version {SCHEMA_VERSION}; {_rebuild(self.path)}"
            )
        if json.loads(meta.get("settings", "null")) != settings:
            raise IndexFileError(
                f"{self.path}: index built with other REP003 settings "
                f"({meta.get('settings')}); {_rebuild(self.path)}"
            )
        result = self.db.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            raise IndexFileError(f"{self.path}: corrupt index ({result}); {_rebuild(self.path)}")

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    def candidates(self, hashes: Iterable[int]) -> dict[int, int]:
        """Entry number -> how many of `hashes` it holds."""
        found: dict[int, int] = {}
        for chunk in _chunks(sorted(set(hashes)), 500):
            marks = ",".join("?" * len(chunk))
            for (n,) in self.db.execute(f"SELECT entry FROM keys WHERE hash IN ({marks})", chunk):
                found[n] = found.get(n, 0) + 1
        return found

    def frequencies(self, hashes: Iterable[int]) -> dict[int, int]:
        """Hash -> number of entries that hold it (for the hashes held by any)."""
        out: dict[int, int] = {}
        for chunk in _chunks(sorted(set(hashes)), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT hash, COUNT(*) FROM keys WHERE hash IN ({marks}) GROUP BY hash", chunk
            )
            out.update(dict(rows))
        return out

    def entry(self, n: int) -> Entry:
        row = self.db.execute(
            "SELECT key, article_id, source, url, published, names, own_credits, words, "
            "shingles, checksum FROM entries WHERE n = ?",
            (n,),
        ).fetchone()
        try:
            entry = Entry(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                json.loads(row[5]),
                json.loads(row[6]),
                row[7],
                unpack_shingles(row[8]),
            )
        except (TypeError, ValueError) as exc:
            raise IndexFileError(
                f"{self.path}: corrupt entry {n} ({exc}); {_rebuild(self.path)}"
            ) from None
        if entry.checksum() != row[9]:
            raise IndexFileError(
                f"{self.path}: entry {n} does not match its checksum; {_rebuild(self.path)}"
            )
        return entry

    def has(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None

    def insert(self, entries: Iterable[Entry], key_sample: int = 1) -> None:
        """Add entries whose content is not in the index yet (first seen wins), in one
        transaction."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for e in entries:
                cur = db.execute(
                    "INSERT OR IGNORE INTO entries (key, article_id, source, url, published, "
                    "names, own_credits, words, shingles, checksum) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        e.key,
                        e.id,
                        e.source,
                        e.url,
                        e.published,
                        json.dumps(e.names, ensure_ascii=False),
                        json.dumps(e.own_credits, ensure_ascii=False),
                        e.words,
                        pack_shingles(e.shingles),
                        e.checksum(),
                    ),
                )
                if cur.rowcount:
                    n = cur.lastrowid
                    db.executemany(
                        "INSERT INTO keys VALUES (?, ?)",
                        [(h, n) for h in {h for _, h in e.shingles}],
                    )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
