"""REP003's store of the run's own articles: an SQLite file in a temporary folder
(`auditor.scratch`), so that memory does not grow with the run.

Helpers of the uncredited-rewrite rule only (not a rule). Each article's fingerprints go to
disk as the article passes: its narrative k-gram hashes (with positions), narrative word-pair
hashes, the MinHash values of its word pairs, the word spans and quotation flags, and its
text (compressed), which is read back only when the article is a candidate. Postings
(k-gram -> articles, word pair -> articles) are written unindexed while
the run streams in and indexed once at the end (a sort, not a growing B-tree), then serve
the document frequencies and the candidate look-ups. What the rule finds for an article is
written here too and read back in input order.
"""

from __future__ import annotations

import array
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from auditor.rules.repost.reuse_index import Entry, pack_shingles, unpack_shingles
from auditor.scratch import ScratchFolder

__all__ = ["Prepared", "RunReader", "RunStore", "Stored", "pack_shingles"]

_SCHEMA = """
CREATE TABLE docs (
    n INTEGER PRIMARY KEY, article_id BLOB NOT NULL, source BLOB NOT NULL,
    content_key TEXT NOT NULL, published BLOB, entry BLOB NOT NULL, shingles BLOB NOT NULL,
    quoted BLOB NOT NULL, starts BLOB NOT NULL, ends BLOB NOT NULL, pairs BLOB NOT NULL,
    text BLOB NOT NULL, text_len INTEGER NOT NULL, size INTEGER NOT NULL, minhash BLOB);
CREATE TABLE occ (hash INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE TABLE pocc (hash INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE TABLE judged (n INTEGER NOT NULL, other BLOB NOT NULL);
CREATE TABLE found (seq INTEGER PRIMARY KEY, n INTEGER NOT NULL, outputs BLOB NOT NULL);
"""
# pair_holders' per-connection scratch table (made by the owner at `seal`, by each reader)
_WEIGHTS = "CREATE TEMP TABLE weights (hash INTEGER PRIMARY KEY, weight INTEGER NOT NULL)"


@dataclass
class Prepared:
    """What REP003 keeps of one article of the run (computed where the per-article rules
    run, then stored): the index entry without its k-grams, the k-grams packed, the words'
    spans and quotation flags, the narrative word-pair hashes in text order, the number of
    distinct pairs and the pairs' MinHash values."""

    entry: Entry  # shingles empty: they travel packed in `shingles`
    text: str
    shingles: bytes
    quoted: bytes
    starts: bytes
    ends: bytes
    pairs: bytes
    size: int
    minhash: bytes | None


@dataclass
class Stored:
    """One article read back from the store."""

    n: int
    entry: Entry
    text: str
    quoted: list[bool]
    starts: list[int]
    ends: list[int]
    pairs: list[int]
    minhash: bytes | None


def _raw(value: str | None) -> bytes | None:
    """A string as stored (any text, lone surrogates of a hostile input included)."""
    return None if value is None else value.encode("utf-8", "surrogatepass")


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8", "surrogatepass")


def _chunks(items: list[int], size: int = 500) -> Iterator[list[int]]:
    """`items` in pieces small enough for one SQL `IN (...)` list."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _ints(blob: bytes, code: str) -> list[int]:
    values = array.array(code)
    values.frombytes(blob)
    return values.tolist()


class RunStore:
    """The run's articles on disk."""

    def __init__(self) -> None:
        # removed by `close`, or by a later run if this process is killed first
        self._scratch = ScratchFolder("auditor-reuse-")
        self.folder = self._scratch.path
        self.path = os.path.join(self.folder, "run.sqlite")
        self.db = sqlite3.connect(self.path, isolation_level=None)
        for pragma in (
            "journal_mode = OFF",
            "synchronous = OFF",
            "cache_size = -16000",  # 16 MB of pages, whatever the size of the run
            "temp_store = FILE",
        ):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript(_SCHEMA)
        self.db.execute("BEGIN")
        self.count = 0
        self.sealed = False

    # -- while the run streams in ------------------------------------------------------------

    def add(self, p: Prepared) -> int:
        n = self.count
        e = p.entry
        extra = pickle.dumps((e.url, e.names, e.own_credits, e.words))
        self.db.execute(
            "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                n,
                _raw(e.id),
                _raw(e.source),
                e.key,
                _raw(e.published),
                extra,
                p.shingles,
                p.quoted,
                p.starts,
                p.ends,
                p.pairs,
                zlib.compress(_raw(p.text), 1),
                len(p.text),
                p.size,
                p.minhash,
            ),
        )
        flat = array.array("q")
        flat.frombytes(p.shingles)
        self.db.executemany("INSERT INTO occ VALUES (?, ?)", [(h, n) for h in set(flat[1::2])])
        self.db.executemany(
            "INSERT INTO pocc VALUES (?, ?)", [(h, n) for h in set(_ints(p.pairs, "q"))]
        )
        self.count += 1
        return n

    def seal(self) -> None:
        """End of the input: commit and index the postings."""
        if self.sealed:
            return
        self.db.execute("COMMIT")
        self.db.executescript(
            """
            CREATE INDEX occ_hash ON occ (hash, doc);
            CREATE INDEX pocc_hash ON pocc (hash, doc);
            CREATE INDEX judged_n ON judged (n, other);
            CREATE INDEX found_n ON found (n, seq);
            """
        )
        self.db.execute(_WEIGHTS)
        self.db.execute("BEGIN")
        self.sealed = True

    def commit(self) -> None:
        """Write what is pending, so that readers in other processes (`RunReader`) see it."""
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    # -- after the input ---------------------------------------------------------------------

    def duplicate_ids(self) -> set[str]:
        rows = self.db.execute(
            "SELECT article_id FROM docs GROUP BY article_id HAVING COUNT(*) > 1"
        )
        return {_text(i) for (i,) in rows}

    def frequent(self, table: str, limit: float) -> set[int]:
        """Hashes held by more than `limit` articles (`occ`: k-grams, `pocc`: word pairs)."""
        rows = self.db.execute(
            f"SELECT hash FROM {table} GROUP BY hash HAVING COUNT(*) > ?", (limit,)
        )
        return {h for (h,) in rows}

    def key_frequencies(self, every: int) -> Iterator[tuple[int, int]]:
        """(hash, articles holding it) for the k-grams whose hash is 0 modulo `every`."""
        return iter(
            self.db.execute(
                "SELECT hash, COUNT(*) FROM occ WHERE hash % ? = 0 GROUP BY hash", (every,)
            ).fetchall()
        )

    def holders(self, hashes: Iterable[int], after: int) -> dict[int, int]:
        """Article number (> `after`) -> how many of `hashes` it holds."""
        found: dict[int, int] = {}
        for chunk in _chunks(sorted(set(hashes))):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT doc FROM occ WHERE hash IN ({marks}) AND doc > ?", (*chunk, after)
            )
            for (m,) in rows:
                found[m] = found.get(m, 0) + 1
        return found

    def pair_holders(self, weights: dict[int, int], needed: float) -> dict[int, int]:
        """The articles holding word pairs of `weights` (pair hash -> weight) of a summed
        weight of at least `needed` -> that weight: exact, summed by SQLite over the pair
        postings (an article that holds none of the pairs is never read)."""
        self.db.execute("DELETE FROM temp.weights")
        self.db.executemany("INSERT INTO temp.weights VALUES (?, ?)", weights.items())
        rows = self.db.execute(
            "SELECT p.doc, SUM(w.weight) FROM temp.weights w CROSS JOIN pocc p ON p.hash = w.hash "
            "GROUP BY p.doc HAVING SUM(w.weight) >= ?",
            (needed,),
        )
        return dict(rows)

    def minhashes(self, numbers: list[int]) -> Iterator[tuple[int, bytes | None]]:
        """(n, MinHash values of its word pairs) of articles `numbers` (sorted)."""
        for chunk in _chunks(numbers):
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(
                f"SELECT n, minhash FROM docs WHERE n IN ({marks}) ORDER BY n", chunk
            )

    def sizes(self) -> list[tuple[int, int]]:
        """(distinct word pairs, article number) of every article with pairs, smallest first."""
        return self.db.execute(
            "SELECT size, n FROM docs WHERE size > 0 ORDER BY size, n"
        ).fetchall()

    def meta(self, n: int) -> tuple[str, str, str, str | None]:
        """(id, source, content key, published) of article n."""
        row = self.db.execute(
            "SELECT article_id, source, content_key, published FROM docs WHERE n = ?", (n,)
        ).fetchone()
        return _text(row[0]), _text(row[1]), row[2], _text(row[3])

    def candidates(self, numbers: list[int]) -> Iterator[tuple[int, str, str, str, str | None]]:
        """(n, id, source, content key, published) of articles `numbers` (sorted), read in a
        few queries."""
        for chunk in _chunks(numbers):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT n, article_id, source, content_key, published FROM docs "
                f"WHERE n IN ({marks}) ORDER BY n",
                chunk,
            )
            for n, article_id, source, key, published in rows:
                yield n, _text(article_id), _text(source), key, _text(published)

    def text_len(self, n: int) -> int:
        return self.db.execute("SELECT text_len FROM docs WHERE n = ?", (n,)).fetchone()[0]

    def load(self, n: int) -> Stored:
        row = self.db.execute(
            "SELECT article_id, source, content_key, published, entry, shingles, quoted, "
            "starts, ends, pairs, text, minhash FROM docs WHERE n = ?",
            (n,),
        ).fetchone()
        url, names, own_credits, words = pickle.loads(row[4])
        entry = Entry(
            key=row[2],
            id=_text(row[0]),
            source=_text(row[1]),
            url=url,
            published=_text(row[3]),
            names=names,
            own_credits=own_credits,
            words=words,
            shingles=unpack_shingles(row[5]),
        )
        return Stored(
            n=n,
            entry=entry,
            text=_text(zlib.decompress(row[10])),
            quoted=[bool(b) for b in row[6]],
            starts=_ints(row[7], "i"),
            ends=_ints(row[8], "i"),
            pairs=_ints(row[9], "q"),
            minhash=row[11],
        )

    def entries(self) -> Iterator[Entry]:
        """Every article's index entry, in input order."""
        for n in range(self.count):
            yield self.load(n).entry

    def judge(self, n: int, other: str) -> None:
        self.db.execute("INSERT INTO judged VALUES (?, ?)", (n, _raw(other)))

    def judged_with(self, n: int) -> set[str]:
        """The ids of the articles judged with article n at the passage level."""
        rows = self.db.execute("SELECT other FROM judged WHERE n = ?", (n,))
        return {_text(other) for (other,) in rows}

    def emit(self, n: int, outputs: list[Any]) -> None:
        if outputs:
            self.db.execute(
                "INSERT INTO found (n, outputs) VALUES (?, ?)",
                (n, pickle.dumps(outputs, protocol=pickle.HIGHEST_PROTOCOL)),
            )

    def replay(self, ops: Iterable[tuple[str, int, Any]]) -> None:
        """Write what a `RunReader` recorded (its `ops`), in their order."""
        for op, n, value in ops:
            (self.judge if op == "judge" else self.emit)(n, value)

    def found(self, n: int) -> list[Any]:
        out: list[Any] = []
        for (blob,) in self.db.execute("SELECT outputs FROM found WHERE n = ? ORDER BY seq", (n,)):
            out.extend(pickle.loads(blob))
        return out

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._scratch.remove()


class RunReader(RunStore):
    """A sealed store opened read-only by another process (a worker of REP003's parallel
    finish): it reads what the owner has committed, and what it would write (pairs judged,
    findings) is kept in `ops`, in order, for the owner to write."""

    def __init__(self, path: str) -> None:  # noqa: D107 - a view, not a new store
        self.folder = None
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        self.db.execute("PRAGMA cache_size = -16000")
        self.db.execute("PRAGMA temp_store = FILE")
        self.db.execute(_WEIGHTS)
        self.count = self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        self.sealed = True
        self.ops: list[tuple[str, int, Any]] = []

    def judge(self, n: int, other: str) -> None:
        self.ops.append(("judge", n, other))

    def emit(self, n: int, outputs: list[Any]) -> None:
        if outputs:
            self.ops.append(("emit", n, outputs))

    def close(self) -> None:
        self.db.close()
