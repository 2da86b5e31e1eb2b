"""REP003: narrative text shared with another article of the run (or of the saved index)
without credit."""

from __future__ import annotations

import array
import bisect
import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import logging
import pickle
import re
import sys
import tempfile
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # datasketch (and the scipy it loads) is imported when the rule runs, so
    # that listing the rules (`auditor rules list`, `--help`) does not wait for it
    from datasketch import MinHash

from auditor.models import Article, Finding, Severity
from auditor.rule import ArticleContext, BatchRule, Output, run_batch
from auditor.rules.helpers import Span
from auditor.rules.repost.reuse_index import Entry, IndexStore
from auditor.rules.repost.reuse_run import Prepared, RunReader, RunStore, pack_shingles
from auditor.rules.repost.reuse_text import (
    Passage,
    align,
    content_key,
    date_only,
    narrative_tokens,
    parse_date,
    shingles,
)

_CONTAINS = "it contains the other's text plus its own"
_CACHED_DOCS = 64  # articles of the run kept read back (candidates come in runs)
# `finish` runs its steps on `processes` worker processes for runs of at least this many
# articles (below, starting the workers costs more than it saves), in parts of FINISH_PART
# consecutive articles (a part's candidates are mostly its neighbours: the cache above holds)
PARALLEL_MIN_ARTICLES = 500
FINISH_PART = 64


def _pair_hashes(pairs: list[str]) -> bytes:
    """Each word pair as a signed 64-bit integer (its 8-byte BLAKE2b digest, big-endian),
    packed as array("q") bytes: how the run's store keeps pairs. The digests are joined and
    read in one go, not turned into integers one by one."""
    values = array.array("q", b"".join(map(_pair_digest, pairs)))
    if sys.byteorder == "little":
        values.byteswap()
    return values.tobytes()


def _pair_digest(pair: str) -> bytes:
    return hashlib.blake2b(pair.encode("utf-8", "surrogatepass"), digest_size=8).digest()


@dataclass
class _Doc:
    entry: Entry  # what the index keeps of it: content key, names, credits, fingerprints
    current: bool  # in this run (gets findings) or from the saved index
    date: dt.datetime | None = None
    day_only: bool = True
    article: Article | None = None
    word_list: list[Span] | None = None
    quoted: list[bool] = field(default_factory=list)
    # narrative word pairs (paraphrase level): strings when fingerprinted, their hashes
    # (`_pair_hashes`) once stored
    pairs: list[Any] = field(default_factory=list)
    pair_minhash: bytes | None = None  # the MinHash values of the distinct pairs
    unique_id: bool = True  # False when another article of the run has the same id
    positions: dict[int, list[int]] | None = None  # word pair -> its indexes in `pairs`
    number: int = -1  # its number in the run's store (-1: an index entry)
    spans: tuple[list[int], list[int]] | None = None  # word starts and ends (for `words`)

    @property
    def words(self) -> list[Span]:
        """The words (spans of the text), built from the stored spans when first asked for:
        most candidates of the run are rejected without them."""
        if self.word_list is None:
            self.word_list = []
            if self.spans is not None and self.article is not None:
                text = self.article.text
                self.word_list = [
                    Span(a, b, text[a:b].lower()) for a, b in zip(*self.spans, strict=True)
                ]
        return self.word_list

    @words.setter
    def words(self, value: list[Span]) -> None:
        self.word_list = value

    def offsets(self) -> tuple[list[int], list[int]]:
        """The words' start and end offsets, without building their Spans (a finding needs
        two offsets of a text whose every word `words` would make an object of)."""
        if self.spans is not None:
            return self.spans
        return [w.start for w in self.words], [w.end for w in self.words]


@dataclass
class _Pair:
    """What two articles share, seen from `a` (passages: words of a, of b)."""

    a: _Doc
    b: _Doc
    passages: list[Passage]
    shared: int  # narrative words of a in the passages
    shared_b: int  # narrative words of b in the passages

    def flipped(self) -> _Pair:
        flipped = [
            Passage(p.other_start, p.other_end, p.start, p.end, p.matches) for p in self.passages
        ]
        return _Pair(
            self.b,
            self.a,
            sorted(flipped, key=lambda p: p.start),
            self.shared_b,
            self.shared,
        )


class UncreditedRewrite(BatchRule):
    """What it does: finds articles that share long narrative passages with an article of
    another source in the run or in a saved index (`index` option / `--index FILE`), and says
    who copied whom and whether the copy credits its original.

    Narrative only: words inside quotation marks (every quotation style of the shared helpers)
    are left out, since two reports quoting one speech, statement or tweet share the speaker's
    words, not each other's. Fingerprints are the word `shingle_words`-grams lying wholly
    outside quotations whose hash is 0 modulo `sample` (the same k-grams in every text);
    k-grams found in more than `common_share` of the articles of the run and the index (and in
    more than `common_min_docs` of them; always when in more than `common_max_docs`) are stock
    phrases, site furniture or same-event
    wording and are not evidence. Candidates share at least `min_matches` such k-grams; the
    alignment chains shared k-grams in linear time, letting a few words differ (`max_gap`,
    `max_shift`). A pair is a copy when its passages of at least `min_passage_words` narrative
    words hold at least `min_shared_words` of them.

    Who copied: an article that names the other (source, domain, site name, an author's full
    name, URL) is the copy; else the later by publication date, when both dates parse (ISO
    8601 or RFC 2822, in UTC; dates before 1990 or in the future are ignored); else the one
    that holds nearly all of the other (`contain_share`) plus text of its own (the contained
    one is told too, as info: a trimmed copy is contained in its original as well). The copy
    gets a warning on each shared passage unless it credits the other, a wire or original
    the other credits, or a wire or original of its own (in its text or its page's credits,
    such as a canonical link found by REP004): then an info finding, a credited repost,
    saying what it credits. When the direction stays unknown, an article that credits no one
    is warned only if the other credits a wire or original and the two share at least
    `spread_passages` separate passages (not one block, such as a statement or a bio, that
    both could reproduce); otherwise both get an info finding saying the direction is
    unknown. Pairs sharing at least `short_shared_words` but fewer than `min_shared_words`
    narrative words are info only ("shares short narrative passages").

    Paraphrase (in-run only, info): a rewrite that rewords most sentences keeps the
    original's narrative word pairs in the original's order. Candidates come from datasketch's
    LSH Ensemble (containment `lsh_containment`) over the pairs holding a word of at least
    `pair_min_chars` characters; a pair of articles counts when at least `min_ordered_pairs`
    of this article's pairs occur in the other in the same order and reach
    `min_ordered_overlap` of them, with pairs common to the run left out (held by more than
    `common_pair_share` of its articles or more than `common_pair_max_docs`, in runs of at
    least `common_pair_min_docs`) and, when both dates are known, at most
    `paraphrase_max_days` apart. It never lowers the score.

    Why it matters: a rewrite that keeps another outlet's sentences word for word and drops
    the credit passes off someone else's reporting as one's own.

    Example:
        flagged:  "Turkey's President Tayyip Erdogan has said Ankara still intends to buy a
                  second batch of S-400 missile defence systems from Russia" in a story that
                  shares it with a Reuters-credited article but credits no one.
        better:   "..., Erdogan told CBS, according to Reuters."
    """

    code = "REP003"
    name = "uncredited-rewrite"
    family = "repost"
    summary = "Narrative passages shared with another source's article without credit"
    severity = Severity.WARNING
    provides = ("reuse-pairs",)
    requires = ("ATT002", "REP001", "REP002", "REP004")
    penalised = False  # scored through the measure repost.uncredited_share
    options = {
        # see docs/quality.md (reuse, reuse-en) for how these were chosen
        "shingle_words": 4,
        "sample": 1,
        "key_sample": 4,
        "min_matches": 2,
        "max_gap": 12,
        "max_shift": 3,
        "min_passage_words": 15,
        "min_shared_words": 40,
        "short_shared_words": 15,
        "contain_share": 0.8,
        "spread_passages": 3,
        "common_share": 0.01,
        "common_min_docs": 3,
        "common_max_docs": 100,
        "pair_min_chars": 3,
        "num_perm": 128,
        "lsh_containment": 0.05,
        "min_ordered_overlap": 0.07,
        "min_ordered_pairs": 5,
        "common_pair_share": 0.1,
        "common_pair_min_docs": 20,
        "common_pair_max_docs": 1000,
        "paraphrase_max_days": 7,
        "max_words": 20000,
        "max_passages": 10,
        "index": "",
    }

    def __init__(self, options: Mapping[str, Any] | None = None, severity=None) -> None:
        super().__init__(options, severity)
        # opened (and checked) when the rule is built, so a bad index is a usage error
        # before any article is audited
        self.store = (
            IndexStore(Path(self.opts["index"]), self._settings()) if self.opts["index"] else None
        )
        self._run: RunStore | None = None  # the run's articles, on disk
        self._cache: OrderedDict[int, _Doc] = OrderedDict()
        self._common: set[int] = set()
        self._common_pairs: set[int] = set()
        self._duplicates: set[str] = set()
        self._ensemble: Any = None
        self._plan: dict[str, Any] | None = None  # the paraphrase level's (_paraphrase_plan)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        if self._run is not None:
            self._run.close()
            self._run = None
        self._cache.clear()

    def _settings(self) -> dict[str, Any]:
        return {k: self.opts[k] for k in ("shingle_words", "sample", "key_sample", "max_words")}

    def _keys(self, doc: _Doc, common: frozenset[int]) -> set[int]:
        """The k-gram hashes that find candidates (one in `key_sample`, by hash value)."""
        every = self.opts["key_sample"]
        return {h for _, h in doc.entry.shingles if h % every == 0} - common

    # -- the streaming interface: fingerprint, query, insert --------------------------------

    def fingerprint(self, article: Article, ctx: ArticleContext) -> _Doc:
        """What REP003 keeps of an article: its narrative fingerprints and credit names."""
        measures = ctx.measures
        wires = _split(measures.get("attribution.wires_credited"), ",")
        credits = _split(measures.get("repost.credits"), ";")
        credits += _split(measures.get("repost.tail_credits"), ";")
        credits += _split(measures.get("repost.page_credits"), ";")
        words = narrative_tokens(article.text, ctx.language, self.opts["max_words"])
        tokens, quoted = words.tokens, words.quoted
        entry = Entry(
            key=content_key(tokens),
            id=article.id,
            source=article.source,
            url=article.url,
            published=article.published if isinstance(article.published, str) else None,
            names=_names(
                article.source,
                article.url,
                article.extra.get("site_name"),
                article.extra.get("authors"),
            ),
            own_credits=list(dict.fromkeys(wires + credits)),
            words=quoted.count(False),
            shingles=shingles(tokens, quoted, self.opts["shingle_words"], self.opts["sample"]),
        )
        doc = self._doc(entry, current=True)
        # the words' Spans are built from the offsets if a finding needs them
        doc.article, doc.spans, doc.quoted = article, (words.starts, words.ends), quoted
        doc.pairs = _word_pairs(tokens, quoted, self.opts["pair_min_chars"])
        return doc

    def _doc(self, entry: Entry, current: bool) -> _Doc:
        return _Doc(
            entry=entry,
            current=current,
            date=parse_date(entry.published),
            day_only=date_only(entry.published),
        )

    def query(self, doc: _Doc, common: frozenset[int] = frozenset()) -> list[_Doc]:
        """The index entries that may share passages with `doc` (not the same article)."""
        if self.store is None:
            return []
        hits = self.store.candidates(self._keys(doc, common))
        out = []
        for n, count in sorted(hits.items()):
            if count < self.opts["min_matches"]:
                continue
            entry = self.store.entry(n)
            if not _same_article(doc.entry, entry):
                out.append(self._doc(entry, current=False))
        return out

    def insert(self, docs: Iterable[_Doc]) -> None:
        """Add articles to the index (an article already there, by content, is kept as is)."""
        if self.store is not None:
            self.store.insert((d.entry for d in docs), self.opts["key_sample"])

    # -- the batch rule's steps: prepare (beside the per-article rules), add, finish, results

    def check_batch(
        self, items: list[tuple[Article, ArticleContext]]
    ) -> Mapping[str, Iterable[Output]]:
        return run_batch(self, items)

    def prepare(self, article: Article, ctx: ArticleContext) -> Prepared:
        """The article's fingerprints, word spans and word-pair MinHash (compact, picklable)."""
        doc = self.fingerprint(article, ctx)
        pairs = doc.pairs
        distinct = set(pairs)
        minhash = (
            _minhash(distinct, self.opts["num_perm"]).hashvalues.astype("<u8").tobytes()
            if pairs
            else None
        )
        entry = doc.entry
        shingles = pack_shingles(entry.shingles)
        entry.shingles = []
        starts, ends = doc.spans or ([], [])
        return Prepared(
            entry=entry,
            text=article.text,
            shingles=shingles,
            quoted=bytes(doc.quoted),
            starts=array.array("i", starts).tobytes(),
            ends=array.array("i", ends).tobytes(),
            pairs=_pair_hashes(pairs),
            size=len(distinct),
            minhash=minhash,
        )

    def add(self, prepared: Prepared) -> None:
        """Store one article of the run on disk (nothing of it stays in memory)."""
        if self._run is None:
            self._run = RunStore()
        self._run.add(prepared)

    def finish(self) -> None:
        """Find the pairs, judge them and write the findings to the run's store: k-gram
        candidates of the run, then of the saved index, then the paraphrase level; then add
        the run to the index."""
        run = self._run
        if run is None:
            return
        run.seal()
        self._cache.clear()
        self._common_pairs = set()
        self._plan = None
        self._duplicates = run.duplicate_ids()
        self._common = self._common_run(run)
        with self._finishers(run) as pool:
            pool = self._each(run, pool, "_passages_of")
            if self.store is not None:  # the saved index is read here only
                for n in range(run.count):
                    a = self._load(n)
                    for other in self.query(a, self._common):
                        self._judge(self._pair(a, other, self._common), n, None)
            self._each(run, pool, "_paraphrases_of")
        self._cache.clear()
        if self.store is not None:
            self.store.insert(run.entries(), self.opts["key_sample"])

    def _finishers(self, run: RunStore) -> contextlib.AbstractContextManager[Any]:
        """Worker processes for the steps of `finish` (`processes` of them, for runs of at
        least PARALLEL_MIN_ARTICLES), or nothing: the steps then run here."""
        if self.processes <= 1 or run.count < PARALLEL_MIN_ARTICLES:
            return contextlib.nullcontext()
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(
            min(self.processes, -(-run.count // FINISH_PART)),
            mp_context=mp.get_context(method),
            initializer=_start_finisher,
            initargs=(self.opts, self.effective_severity, run.path, self._common, self._duplicates),
        )

    def _each(self, run: RunStore, pool: Any, step: str) -> Any:
        """Run `step` on every article of the run, in input order: here, or in parts of
        FINISH_PART articles on `pool`, whose judged pairs and findings are then written in
        the order the steps made them here (the same store, to the byte, either way). The
        parts' outputs wait in a temporary file, since the workers read the store while they
        run and the store is written only between steps. Returns the pool for the next step:
        None once a worker has died (killed, out of memory), after the step was done here
        instead; nothing of the pool's was written by then, so nothing is lost or doubled."""
        if pool is not None:
            try:
                self._on_pool(run, pool, step)
                return pool
            except BrokenProcessPool as exc:
                logging.getLogger("auditor").warning(
                    "REP003: a worker process of the near-duplicate step died (%s); "
                    "the step runs in the main process instead",
                    exc,
                )
        for n in range(run.count):
            getattr(self, step)(n)
        return None

    def _on_pool(self, run: RunStore, pool: Any, step: str) -> None:
        run.commit()
        parts = [
            (step, lo, min(lo + FINISH_PART, run.count)) for lo in range(0, run.count, FINISH_PART)
        ]
        with tempfile.TemporaryFile(prefix="auditor-reuse-ops-") as spool:
            for ops in pool.map(_finish_part, parts):
                pickle.dump(ops, spool, protocol=pickle.HIGHEST_PROTOCOL)
            spool.seek(0)
            for _ in parts:
                run.replay(pickle.load(spool))

    def _passages_of(self, n: int) -> None:
        """The passage level for article n: the later articles of the run sharing enough of
        its candidate k-grams, aligned and judged."""
        run = self._run
        a = self._load(n)
        hits = run.holders(self._keys(a, self._common), after=n)
        for m in sorted(hits):
            if hits[m] < self.opts["min_matches"]:
                continue
            b = self._load(m)
            if not _same_article(a.entry, b.entry):
                self._judge(self._pair(a, b, self._common), n, m)

    def results(self) -> Iterator[list[Output]]:
        """Each article's findings and measures, in input order (then the store is removed)."""
        run, self._run = self._run, None
        if run is None:
            return
        try:
            for n in range(run.count):
                article_id = run.meta(n)[0]
                if article_id in self._duplicates:
                    # two articles under one id: findings would land on the wrong one
                    yield []
                    continue
                found = run.found(n)
                findings = [f for f in found if isinstance(f, Finding)]
                shared = sorted({f.data["reuse"]["other"] for f in findings})
                uncredited = _covered(
                    (f.start, f.end) for f in findings if f.severity is Severity.WARNING
                )
                text_len = max(run.text_len(n), 1)
                yield [
                    *found,
                    self.measure("shared_with", ", ".join(shared)),
                    self.measure("uncredited_share", round(uncredited / text_len, 4)),
                ]
        finally:
            run.close()

    def _load(self, n: int) -> _Doc:
        """Article n of the run, read back from disk (a few recent ones are kept)."""
        doc = self._cache.get(n)
        if doc is not None:
            self._cache.move_to_end(n)
            return doc
        stored = self._run.load(n)
        doc = self._doc(stored.entry, current=True)
        text = stored.text
        doc.article = Article(stored.entry.id, text, source=stored.entry.source)
        doc.spans = (stored.starts, stored.ends)
        doc.quoted = stored.quoted
        doc.pairs = [p for p in stored.pairs if p not in self._common_pairs]
        doc.pair_minhash = stored.minhash
        doc.unique_id = stored.entry.id not in self._duplicates
        doc.number = n
        self._cache[n] = doc
        if len(self._cache) > _CACHED_DOCS:
            self._cache.popitem(last=False)
        return doc

    def _ensemble_plan(self) -> Any:
        """datasketch's LSH Ensemble for the paraphrase level (its parameters only: the sets
        are the run's stored MinHashes)."""
        if self._ensemble is None:
            self._ensemble = _ensemble(self.opts["lsh_containment"], self.opts["num_perm"])
        return self._ensemble

    def _common_run(self, run: RunStore) -> set[int]:
        """k-grams in more than `common_share` of the articles (and more than
        `common_min_docs`): stock phrases and furniture, not evidence of copying. Counted in
        the run, and for the candidate keys (the k-grams the index holds) in the run and the
        index together."""
        share, least = self.opts["common_share"], self.opts["common_min_docs"]
        most = self.opts["common_max_docs"]  # bounds the candidate pairs one k-gram makes
        common = run.frequent("occ", min(max(least, share * run.count), most))
        if self.store is not None:
            limit = min(max(least, share * (run.count + len(self.store))), most)
            keys = run.key_frequencies(self.opts["key_sample"])
            while chunk := list(itertools.islice(keys, 500)):
                df = dict(chunk)
                for h, n in self.store.frequencies(df).items():
                    if df[h] + n > limit:
                        common.add(h)
        return common

    def _pair(self, a: _Doc, b: _Doc, common: frozenset[int]) -> _Pair:
        passages = align(
            a.entry.shingles,
            b.entry.shingles,
            self.opts["shingle_words"],
            self.opts["max_gap"],
            self.opts["max_shift"],
            skip=common,
        )
        passages = [p for p in passages if p.matches >= self.opts["min_matches"]]
        return _Pair(a, b, passages, *self._narrative(a, b, passages))

    def _narrative(self, a: _Doc, b: _Doc, passages: list[Passage]) -> tuple[int, int]:
        """Narrative words of a and of b in the passages long enough to count."""
        shared_a = shared_b = 0
        keep = []
        for p in passages:
            words_a = _narrative_count(a, p.start, p.end)
            words_b = _narrative_count(b, p.other_start, p.other_end)
            if max(words_a, words_b) >= self.opts["min_passage_words"]:  # the same both ways
                keep.append(p)
                shared_a += words_a
                shared_b += words_b
        passages[:] = keep
        return shared_a, shared_b

    def _judge(self, pair: _Pair, n: int, m: int | None) -> None:
        """Findings for a pair (a = docs[n], b = docs[m] or an index entry)."""
        a, b = pair.a, pair.b
        if _same_source(a.entry, b.entry) or not pair.passages:
            return
        if max(pair.shared, pair.shared_b) < self.opts["short_shared_words"]:
            return
        # judged at the passage level: the paraphrase level does not look at it again
        self._run.judge(n, b.entry.id)
        if m is not None:
            self._run.judge(m, a.entry.id)
        # as much of either text: a copy with words dropped still took them from the original
        strong = max(pair.shared, pair.shared_b) >= self.opts["min_shared_words"]
        # where a, and b, may credit the other (their texts with the shared words blanked
        # out), and whether they name it there: made once, for the direction and the credits
        where = (
            _where(a, _word_ranges(pair.passages)),
            _where(b, [(p.other_start, p.other_end) for p in pair.passages]),
        )
        names = (_names_in(where[0], b), _names_in(where[1], a))
        copier, basis = self._direction(pair, names)
        sides = [(pair, n, 0)] + ([(pair.flipped(), m, 1)] if m is not None else [])
        for side, k, i in sides:
            me, other = side.a, side.b
            role = "copy" if copier is me else "original" if copier is other else "unknown"
            why = basis
            if role == "original":
                if basis.startswith(_CONTAINS):
                    # the weakest sign of direction (a trimmed copy is contained in its
                    # original too): the original is told, without blame
                    self._run.emit(k, self._findings(side, role, why, "", strong))
                continue
            credit = self._credit(me, other, where[i], names[i])
            if role == "unknown" and not credit and me.entry.own_credits:
                credit = "its own source: " + ", ".join(me.entry.own_credits)
            if role == "unknown" and not credit and strong:
                # the other credits a wire or original that this one names nowhere, and the
                # two share several separate passages (not one block, such as a statement or
                # a bio, that both could reproduce): the text is that source's, taken
                # without credit
                if other.entry.own_credits and len(side.passages) >= self.opts["spread_passages"]:
                    role = "copy"
                    why = "direction unknown, but the other credits a source and this one none"
            self._run.emit(k, self._findings(side, role, why, credit, strong))

    def _direction(self, pair: _Pair, names: tuple[bool, bool]) -> tuple[_Doc | None, str]:
        """(copier, why) of a pair; copier None when unknown. `names`: whether a names b,
        and b names a, outside the words they share."""
        a, b = pair.a, pair.b
        a_names_b, b_names_a = names
        if a_names_b != b_names_a:
            return (a if a_names_b else b), "it names the other"
        if a.date and b.date and a.date != b.date:
            later = a if a.date > b.date else b
            return later, "published later"
        wa, wb = max(a.entry.words, 1), max(b.entry.words, 1)
        cover_a, cover_b = pair.shared / wa, pair.shared_b / wb
        share = self.opts["contain_share"]
        # a holds nearly all of b, and more text of its own than b has
        if cover_b >= share and cover_b > cover_a + 0.1:
            return a, _CONTAINS
        if cover_a >= share and cover_a > cover_b + 0.1:
            return b, _CONTAINS
        return None, "no usable publication dates and neither contains the other"

    def _credit(
        self, me: _Doc, other: _Doc, where: list[str], names_other: bool | None = None
    ) -> str:
        """What `me` credits of `other` in `where` (`_where`: outside the words it shares with
        it): the other's name, or a wire or original the other credits ("" when nothing).
        `names_other`: whether `where` names the other, when already known."""
        if names_other is None:
            names_other = _names_in(where, other)
        if names_other:
            return ", ".join(other.entry.names) or other.entry.id
        common = [c for c in other.entry.own_credits if any(_mentions(w, [c], None) for w in where)]
        return ", ".join(common)

    def _findings(
        self, side: _Pair, role: str, basis: str, credit: str, strong: bool
    ) -> list[Output]:
        me, other = side.a, side.b
        if not me.current or me.article is None:
            return []
        about = _about(other)
        if role == "original":
            severity = Severity.INFO
            why = (
                f"shares text with {about}, which holds nearly all of this text plus text of "
                f"its own: taken as the copy (a trimmed copy would look the same)"
            )
        elif credit:
            severity, why = (
                Severity.INFO,
                f"credited repost: shares text with {about}; credits {credit}",
            )
            if role == "unknown":
                why += " (direction unknown)"
        elif role == "copy" and strong:
            severity, why = (
                Severity.WARNING,
                (f"shares text with {about} without crediting it (the copy: {basis})"),
            )
        elif strong:
            severity, why = (
                Severity.INFO,
                (
                    f"shares text with {about}; neither credits the other and the direction is "
                    f"unknown ({basis})"
                ),
            )
        else:
            severity, why = Severity.INFO, f"shares short narrative passages with {about}"
        direction = {"copy": "later", "unknown": "unknown", "original": "earlier"}[role]
        reuse = {
            "other": other.entry.id,
            "other_source": other.entry.source,
            "kind": "passages",
            "shared_words": side.shared,
            "coverage": round(side.shared / max(me.entry.words, 1), 3),
            "direction": direction,
            "basis": basis if role != "unknown" else "unknown",
            "credited": bool(credit),
            "credit": credit,
        }
        out: list[Output] = []
        starts, ends = me.offsets()
        for p in side.passages[: self.opts["max_passages"]]:
            start, end = starts[p.start], ends[min(p.end, len(ends)) - 1]
            words = _narrative_count(me, p.start, p.end)
            out.append(
                self.finding(
                    me.article,
                    start,
                    end,
                    f"{why}; passage of {words} words",
                    severity=severity,
                    reuse=reuse,
                )
            )
        return out

    # -- paraphrase (info, within the run) ---------------------------------------------------

    def _paraphrase_plan(self) -> dict[str, Any] | None:
        """What the paraphrase level needs of the whole run (computed once per process,
        from the store alone, so every worker of a parallel finish gets the same): the LSH
        Ensemble with its partitions, each article's partition and number of distinct pairs,
        and the run's common word pairs (left out of every article from then on). None when
        fewer than two articles have pairs."""
        run = self._run
        sizes = run.sizes()
        if len(sizes) < 2:
            return None
        ensemble = self._ensemble_plan()
        part = self._partitions(ensemble, sizes)
        if run.count >= self.opts["common_pair_min_docs"]:
            # word pairs found in more than `common_pair_share` of the articles ("of the",
            # "said that", a site's footer), or in more than `common_pair_max_docs` of them,
            # are left out: a pair a thousand articles hold says nothing of who rewrote whom,
            # and counting its holders for every article made this step quadratic in the run
            limit = min(
                self.opts["common_pair_share"] * run.count, self.opts["common_pair_max_docs"]
            )
            self._common_pairs = run.frequent("pocc", limit)
            self._cache.clear()
        size_of = array.array("i", [0]) * run.count
        for size, n in sizes:
            size_of[n] = size
        return {"ensemble": ensemble, "part": part, "size_of": size_of, "dates": {}}

    def _paraphrases_of(self, n: int) -> None:
        """The paraphrase level for article n: the articles holding enough of its word pairs
        (exact, from the pair postings) that are also candidates of datasketch's LSH Ensemble
        (its partitions and parameters; the same candidates as its in-memory index), then the
        ordered word pairs of each candidate."""
        if self._plan is None:
            self._plan = self._paraphrase_plan() or {}
        plan = self._plan
        if not plan or not plan["size_of"][n]:
            return
        run = self._run
        ensemble, part, dates = plan["ensemble"], plan["part"], plan["dates"]
        d = self._load(n)
        linked = run.judged_with(n)
        mine = Counter(d.pairs)
        needed = max(
            self.opts["min_ordered_pairs"], self.opts["min_ordered_overlap"] * len(d.pairs)
        )
        # an article holding too few of d's pairs for enough of them to occur in order
        # (`_ordered_pairs` would give 0) is no candidate: on a run of related news that
        # is most of the LSH Ensemble's candidates (half the run), so this count comes
        # first and the band test is made only for the articles it leaves
        held = run.pair_holders(mine, needed)
        bands = self._bands(ensemble, plan["size_of"][n])
        candidates = [
            m
            for m, values in run.minhashes(sorted(held))
            if _collide(d.pair_minhash, values, bands.get(part[m]))
        ]
        for m, other_id, other_source, other_key, published in run.candidates(candidates):
            if m == n:
                continue
            if (
                other_id in linked
                or (other_source != "unknown" and other_source == d.entry.source)
                or (
                    other_key == d.entry.key
                    and (
                        other_id == d.entry.id
                        or other_source == d.entry.source
                        or "unknown" in (other_source, d.entry.source)
                    )
                )
            ):
                continue
            if published not in dates:
                dates[published] = parse_date(published)
            date = dates[published]
            if (
                d.date
                and date
                and abs(d.date - date) > dt.timedelta(days=self.opts["paraphrase_max_days"])
            ):
                continue
            if d.date and date and d.date < date:
                continue  # the earlier one is not the rewrite
            run.emit(n, self._paraphrase(d, self._load(m)))

    @staticmethod
    def _partitions(ensemble: Any, sizes: list[tuple[int, int]]) -> array.array:
        """Article number -> its partition, as MinHashLSHEnsemble.index assigns them."""
        import numpy as np
        from datasketch.lshensemble_partition import optimal_partitions

        counted = np.array(sorted(Counter(size for size, _ in sizes).most_common())).T
        partitions = optimal_partitions(counted[0], counted[1], len(ensemble.indexes))
        ensemble.uppers = [upper for _, upper in partitions]
        ensemble.uppers += [None] * (len(ensemble.indexes) - len(ensemble.uppers))
        part = array.array("h", [-1]) * (max(n for _, n in sizes) + 1)
        current = 0
        for size, n in sizes:  # by size, then input order: the index's sort is stable
            if size > ensemble.uppers[current]:
                current += 1
            part[n] = current
        return part

    @staticmethod
    def _bands(ensemble: Any, size: int) -> dict[int, tuple[int, int]]:
        """MinHashLSHEnsemble.query's plan for a query of `size`: per partition, the (bands,
        rows per band) chosen for the partition's largest set and this size."""
        return {
            i: tuple(int(x) for x in ensemble._get_optimal_param(upper, size))
            for i, upper in enumerate(ensemble.uppers)
            if upper is not None
        }

    def _close_in_time(self, a: _Doc, b: _Doc) -> bool:
        if not (a.date and b.date):
            return True
        return abs(a.date - b.date) <= dt.timedelta(days=self.opts["paraphrase_max_days"])

    def _paraphrase(self, d: _Doc, other: _Doc) -> list[Output]:
        ordered = self._ordered_pairs(d, other)
        if (
            ordered < self.opts["min_ordered_pairs"]
            or ordered / max(len(d.pairs), 1) < self.opts["min_ordered_overlap"]
        ):
            return []
        phrases = _shared_phrases(d, other)[: self.opts["max_passages"]]
        if not phrases or d.article is None:
            return []
        overlap = round(ordered / len(d.pairs), 3)
        credit = self._credit(d, other, _where(d, None))
        why = (
            f"possible paraphrased rewrite of {_about(other)}: {overlap:.0%} of this text's "
            f"narrative word pairs occur there in the same order, "
            f"{'crediting ' + credit if credit else 'without credit'}"
        )
        reuse = {
            "other": other.entry.id,
            "other_source": other.entry.source,
            "kind": "paraphrase",
            "ordered_pairs": ordered,
            "coverage": overlap,
            "direction": "later" if d.date and other.date else "unknown",
            "credited": bool(credit),
            "credit": credit,
        }
        starts, ends = d.offsets()
        return [
            self.finding(
                d.article,
                starts[a],
                ends[b - 1],
                f"{why}; shared phrase of {b - a} words",
                severity=Severity.INFO,
                reuse=reuse,
            )
            for a, b in sorted(phrases)
        ]

    def _ordered_pairs(self, d: _Doc, other: _Doc) -> int:
        """How many of d's word pairs occur in `other` in the same order: the longest
        strictly increasing sequence of their positions in `other` (patience sorting)."""
        mine, positions = _positions(d), _positions(other)
        occurrences = sum(len(mine[p]) for p in mine.keys() & positions.keys())
        needed = max(
            self.opts["min_ordered_pairs"], self.opts["min_ordered_overlap"] * len(d.pairs)
        )
        if occurrences < needed:
            return 0
        tails: list[int] = []
        for pair in d.pairs:
            for pos in reversed(positions.get(pair, ())):
                k = bisect.bisect_left(tails, pos)
                if k == len(tails):
                    tails.append(pos)
                else:
                    tails[k] = pos
        return len(tails)


# -- a worker process of a parallel finish ------------------------------------------------

_finisher: UncreditedRewrite | None = None


def _start_finisher(
    opts: dict[str, Any],
    severity: Severity,
    path: str,
    common: set[int],
    duplicates: set[str],
) -> None:
    """Build the rule as the parent has it after its first steps, on a read-only view of
    the run's store (the saved index is the parent's alone)."""
    global _finisher
    rule = UncreditedRewrite({**opts, "index": ""}, severity)
    rule._run = RunReader(path)
    rule._common, rule._duplicates = common, duplicates
    _finisher = rule


def _finish_part(task: tuple[str, int, int]) -> list[tuple[str, int, Any]]:
    """One part of a step of `finish` (step name, first article, end): what it would have
    written to the store, in order."""
    step, lo, hi = task
    rule = _finisher
    run = rule._run
    for n in range(lo, hi):
        getattr(rule, step)(n)
    ops, run.ops = run.ops, []
    return ops


def _word_ranges(passages: list[Passage]) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in passages]


def _where(me: _Doc, shared: list[tuple[int, int]] | None) -> list[str]:
    """Where `me` may credit another article: its page's credits and its text, with the
    words in `shared` (word ranges) blanked out."""
    where = [" ; ".join(me.entry.own_credits)]
    if me.article is None:
        return where
    text = me.article.text
    starts, ends = me.offsets()
    if shared and starts:
        parts, last = [], 0
        for start, end in sorted(shared):
            a = starts[min(start, len(starts) - 1)]
            b = ends[min(end, len(ends)) - 1]
            if a >= last:
                parts.append(text[last:a])
                last = b
        parts.append(text[last:])
        text = " ".join(parts)
    where.append(text)
    return where


def _names_in(where: list[str], other: _Doc) -> bool:
    """Does `where` (`_where`) name `other` (its source, domain, site name or URL)? A name
    inside the words shared with it is part of the copy, not a credit: `_where` left them
    out."""
    return any(_mentions(w, other.entry.names, other.entry.url) for w in where)


def _positions(doc: _Doc) -> dict[Any, list[int]]:
    if doc.positions is None:
        doc.positions = {}
        for i, pair in enumerate(doc.pairs):
            doc.positions.setdefault(pair, []).append(i)
    return doc.positions


def _shared_phrases(d: _Doc, other: _Doc) -> list[tuple[int, int]]:
    """The longest runs (three words or more, else two) of d's narrative words that occur as
    a run in `other`, as word ranges of d, longest first (linear: hashed word trigrams)."""

    def grams(doc: _Doc, k: int) -> set[str]:
        toks = [w.text for w in doc.words]
        return {
            " ".join(toks[i : i + k])
            for i in range(len(toks) - k + 1)
            if not any(doc.quoted[i : i + k])
        }

    for k in (3, 2):
        theirs = grams(other, k)
        runs: list[tuple[int, int]] = []
        toks = [w.text for w in d.words]
        i = 0
        while i <= len(toks) - k:
            if not any(d.quoted[i : i + k]) and " ".join(toks[i : i + k]) in theirs:
                j = i + 1
                while (
                    j <= len(toks) - k
                    and not any(d.quoted[j : j + k])
                    and (" ".join(toks[j : j + k]) in theirs)
                ):
                    j += 1
                runs.append((i, j - 1 + k))
                i = j - 1 + k
            else:
                i += 1
        if runs:
            return sorted(runs, key=lambda r: (r[0] - r[1], r[0]))
    return []


@functools.lru_cache(maxsize=4)
def _ensemble(threshold: float, num_perm: int) -> Any:
    """An empty MinHashLSHEnsemble, for its parameters (computing them takes a second or two,
    so once per process); each run sets its partitions' bounds."""
    from datasketch import MinHashLSHEnsemble

    return MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm)


def _collide(mine: bytes | None, theirs: bytes | None, plan: tuple[int, int] | None) -> bool:
    """Whether two MinHash value strings (8 bytes a value) share one of the first b bands of
    r values, for `plan` = (b, r): the LSH Ensemble's test of one indexed set."""
    if not (mine and theirs and plan):
        return False
    b, r = plan
    width = 8 * r
    return any(
        mine[band * width : (band + 1) * width] == theirs[band * width : (band + 1) * width]
        for band in range(b)
    )


def _minhash(items: set[str], num_perm: int) -> MinHash:
    mh = _empty_minhash(num_perm).copy()
    mh.update_batch([s.encode("utf-8") for s in sorted(items)])
    return mh


@functools.lru_cache(maxsize=4)
def _empty_minhash(num_perm: int) -> MinHash:
    """An empty MinHash to copy: making its permutations (a seeded random generator) took
    longer than hashing an article's pairs into a copy."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1)


def _narrative_count(doc: _Doc, start: int, end: int) -> int:
    if not doc.quoted:
        return end - start
    return doc.quoted[start:end].count(False)


def _word_pairs(tokens: list[str], quoted: list[bool], min_chars: int) -> list[str]:
    """Adjacent narrative word pairs in which at least one word has `min_chars` characters."""
    return [
        f"{x} {y}"
        for i, (x, y) in enumerate(zip(tokens, tokens[1:], strict=False))
        if not (quoted[i] or quoted[i + 1]) and (len(x) >= min_chars or len(y) >= min_chars)
    ]


def _about(other: _Doc) -> str:
    about = f"{other.entry.id} ({other.entry.source})"
    if other.entry.own_credits:
        about += f", which credits {', '.join(other.entry.own_credits)}"
    return about


def _same_article(a: Entry, b: Entry) -> bool:
    """The same text seen again (a re-run, or the same file under another name): same
    content and the same id or source, or a source that is not known."""
    return a.key == b.key and (
        a.id == b.id or a.source == b.source or "unknown" in (a.source, b.source)
    )


def _covered(spans: Iterable[tuple[int, int]]) -> int:
    """Characters covered by the union of spans."""
    total, reach = 0, -1
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


def _split(value: Any, sep: str) -> list[str]:
    return [v.strip() for v in str(value or "").split(sep) if v.strip()]


def _names(source: str, url: str | None, site_name: Any = None, authors: Any = None) -> list[str]:
    """What crediting an article would mention: its source, domain, site name and the full
    names of its authors (an excerpt often credits the writer, not the outlet)."""
    names = [source] if source and source != "unknown" else []
    if url:
        from auditor.ingest import registered_domain

        names.append(registered_domain(url) or "")
    if isinstance(site_name, str):
        names.append(site_name.strip())
    if isinstance(authors, str):
        authors = [authors]
    if isinstance(authors, list):
        names += [a.strip() for a in authors if isinstance(a, str) and len(a.split()) >= 2]
    return [n for n in dict.fromkeys(names) if n]


def _same_source(a: Entry, b: Entry) -> bool:
    return a.source != "unknown" and a.source == b.source


_NOT_WORD = re.compile(r"\W+")


def _mentions(text: str, names: list[str], url: str | None) -> bool:
    """Does the text name one of `names` (a domain also by its name without the suffix, and
    run together: "The Gateway Pundit" names thegatewaypundit.com) or the URL?"""
    if url and url in text:
        return True
    lowered = text.lower()
    compact: str | None = None
    for name in names:
        stem = name.lower().rsplit(".", 1)[0] if "." in name else name.lower()
        for candidate in {name.lower(), stem}:
            flexible = r"\s+".join(map(re.escape, candidate.split()))
            if len(candidate) >= 2 and re.search(rf"(?<!\w){flexible}(?!\w)", lowered):
                return True
        joined = _NOT_WORD.sub("", stem)
        if len(joined) >= 8 and joined != stem:
            continue  # a name with spaces was searched as it is
        if len(joined) >= 8:
            if compact is None:
                compact = _NOT_WORD.sub("", lowered)
            if joined in compact:
                return True
    return False
