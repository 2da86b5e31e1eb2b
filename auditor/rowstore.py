"""Rows kept on disk while a report set is written, read back per source in input order.

The workbook has a sheet per source and the page a section per source, in the order of the
per-source ranking, which is known only once every article is in; holding each article's rows
and findings in memory until then would make memory grow with the run. They wait here: an
SQLite file in a private folder, one pickled row per record, removed on close. A report run
puts that folder beside its --out, named like its staging folder, not in the system's
temporary folder: a run killed with SIGKILL then leaves nothing behind that the next run on the
same --out does not remove, and a large run's rows never land on a memory-backed /tmp.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterator
from typing import Any

from auditor.scratch import ScratchFolder


def _raw(value: str | None) -> bytes | None:
    # any text, lone surrogates of a hostile input included; UTF-8 bytes sort as the
    # characters do
    return None if value is None else value.encode("utf-8", "surrogatepass")


class SourceRows:
    """Named kinds of rows ("articles", "findings", "html", ...), each row under a source and
    an optional sort key; `rows(kind, source)` gives them back by sort key, then input order."""

    def __init__(
        self, dir: str | os.PathLike[str] | None = None, prefix: str = "auditor-rows-"
    ) -> None:
        """The rows go in a new folder `prefix`* in `dir` (by default the system's temporary
        folder), removed by `close`, or by a later store's `auditor.scratch` sweep if this
        process is killed first."""
        self._scratch = ScratchFolder(prefix, dir)
        self.folder = self._scratch.path
        self.db = sqlite3.connect(os.path.join(self.folder, "rows.sqlite"), isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -8000"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute(
            "CREATE TABLE rows (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT, "
            "k1 INTEGER, k2 REAL, k3 BLOB, row BLOB NOT NULL)"
        )
        self.db.execute("BEGIN")
        self.indexed = False

    def add(
        self, kind: str, source: str | None, row: Any, key: tuple[int, float, str] = (0, 0.0, "")
    ) -> None:
        if self.indexed:
            raise RuntimeError("rows added after they were read")
        self.db.execute(
            "INSERT INTO rows (kind, source, k1, k2, k3, row) VALUES (?,?,?,?,?,?)",
            (kind, _raw(source), key[0], key[1], _raw(key[2]), pickle.dumps(row, protocol=5)),
        )

    def rows(self, kind: str, source: str | None) -> Iterator[Any]:
        if not self.indexed:
            self.db.execute("COMMIT")
            self.db.execute("CREATE INDEX rows_source ON rows (kind, source, k1, k2, k3, seq)")
            self.indexed = True
        cursor = self.db.execute(
            "SELECT row FROM rows WHERE kind = ? AND source IS ? ORDER BY k1, k2, k3, seq",
            (kind, _raw(source)),
        )
        for (blob,) in cursor:
            yield pickle.loads(blob)

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._scratch.remove()
