"""REP003: text shared with another article of the run (or of the saved index) without credit."""

from __future__ import annotations

import bisect
import difflib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # datasketch (and the scipy it loads) is imported when the rule runs, so
    # that listing the rules (`auditor rules list`, `--help`) does not wait for it
    from datasketch import MinHash, MinHashLSHEnsemble

from auditor.atomic import write_atomic
from auditor.models import Article, Finding, Severity
from auditor.rule import ArticleContext, BatchRule, Output
from auditor.rules.helpers import Span, word_spans

INDEX_VERSION = 2


@dataclass
class _Doc:
    id: str
    source: str
    url: str | None
    published: str | None
    names: list[str]  # what crediting this article would mention: source, domain
    own_credits: list[str]  # what this article itself credits (wires, originals)
    text: str
    words: list[Span]
    tokens: list[str]  # the words' texts
    minhash: MinHash  # of the word k-gram shingles (Jaccard candidates)
    pairs: list[str]  # lower-cased word pairs with a word of `pair_min_chars` or more
    pair_minhash: MinHash  # of the set of `pairs` (containment candidates)
    current: bool  # in this run (gets findings) or from the saved index
    grams: dict[int, frozenset[str]] = field(default_factory=dict)  # k -> word k-grams
    positions: dict[str, list[int]] | None = None  # word pair -> its indexes in `pairs`


def _positions(doc: _Doc) -> dict[str, list[int]]:
    """Where each word pair of the document occurs, computed once."""
    if doc.positions is None:
        doc.positions = {}
        for i, pair in enumerate(doc.pairs):
            doc.positions.setdefault(pair, []).append(i)
    return doc.positions


def _grams(doc: _Doc, k: int) -> frozenset[str]:
    """The document's word k-grams, computed once."""
    if k not in doc.grams:
        tokens = doc.tokens
        doc.grams[k] = frozenset(" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1))
    return doc.grams[k]


class UncreditedRewrite(BatchRule):
    """What it does: finds articles that share substantial text with another article of the
    run (or of a saved index, `index` option / `--index`), from another source, at two levels.

    Copied passages: candidates come from MinHash LSH over word `shingle_words`-grams
    (datasketch; `num_perm` permutations, Jaccard `lsh_threshold`), so the run never compares
    all pairs; each candidate pair is aligned word by word (difflib) to find the shared
    passages of at least `min_passage_words` words. A pair counts when the shared words reach
    `min_shared_words` or `min_coverage` of the shorter article. If the later article (by
    publication date; both sides when dates are unknown) mentions neither the other's source,
    domain, site name or URL, nor a wire the other credits (in its text or in the credits of
    its page, such as a canonical link found by REP004), it gets a warning on each shared
    passage, naming the other article. If it does credit it, or, with no dates, credits a wire
    or original of its own, the passages are an info finding: a credited repost.

    Paraphrase: a rewrite that rewords most sentences keeps few long passages but keeps the
    original's word pairs in the original's order. Candidates come from datasketch's LSH
    Ensemble (containment `lsh_containment`) over the article's word pairs that hold a word of
    at least `pair_min_chars` characters (which leaves out pairs of short function words in
    any language); a pair of articles counts when at least `min_ordered_pairs` of this
    article's word pairs occur in the other in the same order (the longest increasing run of
    their positions) and reach `min_ordered_overlap` of its word pairs. In a run (with the
    index) of at least `common_pair_min_docs` articles, pairs found in more than
    `common_pair_share` of them ("of the", "said that", a site's footer) are left out of this
    measure. Lexical overlap cannot tell a reworded copy from two reports of one event with
    certainty, so this is an info finding ("possible paraphrased rewrite"), with the longest
    shared phrases (of three words or more, else word pairs) as evidence; it does not lower
    the score. Words are Unicode word characters, so any language works.

    Why it matters: a rewrite that keeps another outlet's quotations word for word and drops
    the credit passes off someone else's reporting as one's own.

    Example:
        flagged:  "“Nobody can interfere with that. We are the only ones to make such
                  decisions.”" in a story that shares it with a Reuters-credited article but
                  credits no one.
        better:   "..., Erdogan told CBS, according to Reuters."
    """

    code = "REP003"
    name = "uncredited-rewrite"
    family = "repost"
    summary = "Passages shared with another source's article without credit"
    severity = Severity.WARNING
    provides = ("reuse-pairs",)
    requires = ("ATT002", "REP001", "REP002", "REP004")
    penalised = False  # scored through the measure repost.uncredited_share
    options = {
        # tuned on the dev split of corpora/reuse (COUNTER) and the seeds; see docs/quality.md
        "shingle_words": 3,
        "num_perm": 128,
        "lsh_threshold": 0.05,
        "min_passage_words": 5,
        "min_shared_words": 20,
        "min_coverage": 0.2,
        "pair_min_chars": 3,
        "lsh_containment": 0.05,
        "min_ordered_overlap": 0.07,
        "min_ordered_pairs": 5,
        "common_pair_share": 0.1,
        "common_pair_min_docs": 20,
        "max_words": 20000,
        "max_passages": 10,
        "index": "",
    }

    def check_batch(
        self, items: list[tuple[Article, ArticleContext]]
    ) -> Mapping[str, Iterable[Output]]:
        docs = [self._doc(a, ctx.measures, current=True) for a, ctx in items]
        index_path = Path(self.opts["index"]) if self.opts["index"] else None
        if index_path and index_path.is_file():
            docs += self._load_index(index_path, {d.id for d in docs})
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=self.opts["lsh_threshold"], num_perm=self.opts["num_perm"])
        for n, d in enumerate(docs):
            lsh.insert(str(n), d.minhash)
        sizes = [len(set(d.pairs)) for d in docs]  # before common pairs are dropped
        ensemble = self._ensemble(docs, sizes)
        self._drop_common_pairs(docs)
        out: dict[str, list[Output]] = {a.id: [] for a, _ in items}
        for n, d in enumerate(docs):
            if not d.current:
                continue
            candidates = {int(k) for k in lsh.query(d.minhash)}
            if ensemble is not None and sizes[n]:
                candidates |= set(ensemble.query(d.pair_minhash, sizes[n]))
            for m in sorted(candidates):
                other = docs[m]
                if m == n or _same_source(d, other):
                    continue
                out[d.id].extend(self._compare(items[n][0], d, other))
            findings = [f for f in out[d.id] if isinstance(f, Finding)]
            shared = sorted({f.data["reuse"]["other"] for f in findings})
            out[d.id].append(self.measure("shared_with", ", ".join(shared)))
            uncredited = _covered(
                (f.start, f.end) for f in findings if f.severity is Severity.WARNING
            )
            out[d.id].append(
                self.measure("uncredited_share", round(uncredited / max(len(d.text), 1), 4))
            )
        if index_path:
            self._save_index(index_path, docs)
        return out

    def _ensemble(self, docs: list[_Doc], sizes: list[int]) -> MinHashLSHEnsemble | None:
        """Containment index over the documents' word pairs, `sizes` the number of distinct
        pairs of each (None when no document has any)."""
        entries = [(n, d.pair_minhash, sizes[n]) for n, d in enumerate(docs) if sizes[n]]
        if not entries:
            return None
        from datasketch import MinHashLSHEnsemble

        ensemble = MinHashLSHEnsemble(
            threshold=self.opts["lsh_containment"], num_perm=self.opts["num_perm"]
        )
        ensemble.index(entries)
        return ensemble

    def _drop_common_pairs(self, docs: list[_Doc]) -> None:
        """In a run (with the index) of at least `common_pair_min_docs` articles, word pairs
        found in more than `common_pair_share` of them ("of the", "said that", a site's
        footer) say nothing about copying: the paraphrase measure leaves them out."""
        if len(docs) < self.opts["common_pair_min_docs"]:
            return
        df = Counter(p for d in docs for p in set(d.pairs))
        limit = self.opts["common_pair_share"] * len(docs)
        common = {p for p, n in df.items() if n > limit}
        if common:
            for d in docs:
                d.pairs = [p for p in d.pairs if p not in common]

    def _doc(self, article: Article, measures: Mapping[str, Any], current: bool) -> _Doc:
        wires = _split(measures.get("attribution.wires_credited"), ",")
        credits = _split(measures.get("repost.credits"), ";")
        credits += _split(measures.get("repost.tail_credits"), ";")
        credits += _split(measures.get("repost.page_credits"), ";")
        return self._make_doc(
            id=article.id,
            source=article.source,
            url=article.url,
            published=article.published,
            names=_names(article.source, article.url, article.extra.get("site_name")),
            own_credits=wires + credits,
            text=article.text,
            current=current,
        )

    def _make_doc(self, text: str, hashes: Mapping[str, Any] | None = None, **fields: Any) -> _Doc:
        """A document with its words, word pairs and MinHashes (from `hashes` when loaded)."""
        words = word_spans(text)[: self.opts["max_words"]]
        tokens = [w.text for w in words]
        pairs = _word_pairs(tokens, self.opts["pair_min_chars"])
        if hashes is None:
            minhash = self._minhash(_shingles(tokens, self.opts["shingle_words"]))
            pair_minhash = self._minhash(set(pairs))
        else:
            minhash = self._minhash(hashvalues=hashes["hashvalues"], scheme=hashes["scheme"])
            pair_minhash = self._minhash(
                hashvalues=hashes["pair_hashvalues"], scheme=hashes["scheme"]
            )
        return _Doc(
            text=text,
            words=words,
            tokens=tokens,
            minhash=minhash,
            pairs=pairs,
            pair_minhash=pair_minhash,
            **fields,
        )

    def _minhash(self, items: Iterable[str] = (), **stored: Any) -> MinHash:
        from datasketch import MinHash

        mh = MinHash(num_perm=self.opts["num_perm"], seed=1, **stored)
        if not stored:
            mh.update_batch([s.encode("utf-8") for s in sorted(items)])
        return mh

    def _compare(self, article: Article, d: _Doc, other: _Doc) -> list[Output]:
        """Findings on `d` for the text it shares with `other`, if the pair counts."""
        direction = _direction(d.published, other.published)
        if direction == "earlier":
            return []  # d is the original of the pair
        blocks: list[Any] | None = None
        passages: list[Any] = []
        if self._may_share_passages(d, other):
            blocks = _blocks(d.tokens, other.tokens)
            passages = [blk for blk in blocks if blk.size >= self.opts["min_passage_words"]]
        shared = sum(blk.size for blk in passages)
        shorter = max(min(len(d.tokens), len(other.tokens)), 1)
        if shared >= self.opts["min_shared_words"] or shared / shorter >= self.opts["min_coverage"]:
            return self._passage_findings(article, d, other, direction, passages, shared, shorter)
        ordered = self._ordered_pairs(d, other)
        if (
            ordered < self.opts["min_ordered_pairs"]
            or ordered / max(len(d.pairs), 1) < self.opts["min_ordered_overlap"]
        ):
            return []
        if blocks is None:
            blocks = _blocks(d.tokens, other.tokens)
        # the longest shared phrases as evidence: three words or more, else word pairs
        longest = sorted(blocks, key=lambda blk: (-blk.size, blk.a))
        phrases = [blk for blk in longest if blk.size >= 3] or [
            blk for blk in longest if blk.size >= 2
        ]
        phrases = phrases[: self.opts["max_passages"]]
        overlap = round(ordered / len(d.pairs), 3)
        credited = self._credits(d, other, direction)
        why = (
            f"possible paraphrased rewrite of {self._about(other)}: {overlap:.0%} of this "
            f"text's word pairs occur there in the same order, "
            f"{'with' if credited else 'without'} credit"
        )
        reuse = self._reuse(other, direction, credited, "paraphrase", ordered, overlap)
        return [
            self.finding(
                article,
                d.words[blk.a].start,
                d.words[blk.a + blk.size - 1].end,
                f"{why}; shared phrase of {blk.size} words",
                severity=Severity.INFO,
                reuse=reuse,
            )
            for blk in sorted(phrases, key=lambda blk: blk.a)
        ]

    def _may_share_passages(self, d: _Doc, other: _Doc) -> bool:
        """Cheap bound before the alignment: passages of at least k words sharing S words in
        all hold at least S / k shared k-grams, so fewer shared k-grams cannot qualify."""
        k = self.opts["min_passage_words"]
        shorter = max(min(len(d.words), len(other.words)), 1)
        needed = min(self.opts["min_shared_words"], self.opts["min_coverage"] * shorter)
        return len(_grams(d, k) & _grams(other, k)) >= needed / k

    def _ordered_pairs(self, d: _Doc, other: _Doc) -> int:
        """How many of d's word pairs occur in `other` in the same order: the longest
        strictly increasing sequence of their positions in `other` (patience sorting)."""
        mine, positions = _positions(d), _positions(other)
        # bound first: the run cannot be longer than the occurrences of shared pairs
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

    def _credits(self, d: _Doc, other: _Doc, direction: str) -> bool:
        """Does d credit `other` (in its text or its page's credits), or, with no dates,
        credit a wire or original of its own?"""
        credits_other = any(
            _mentions(where, other.names + other.own_credits, other.url)
            for where in (d.text, " ; ".join(d.own_credits))
        )
        return credits_other or (direction == "unknown" and bool(d.own_credits))

    @staticmethod
    def _about(other: _Doc) -> str:
        about = f"{other.id} ({other.source})"
        if other.own_credits:
            about += f", which credits {', '.join(other.own_credits)}"
        return about

    @staticmethod
    def _reuse(
        other: _Doc, direction: str, credited: bool, kind: str, shared: int, coverage: float
    ) -> dict[str, Any]:
        return {
            "other": other.id,
            "other_source": other.source,
            "kind": kind,
            "shared_words" if kind == "passages" else "ordered_pairs": shared,
            "coverage": coverage,
            "direction": direction,
            "credited": credited,
        }

    def _passage_findings(
        self,
        article: Article,
        d: _Doc,
        other: _Doc,
        direction: str,
        blocks: list[Any],
        shared: int,
        shorter: int,
    ) -> list[Output]:
        credited = self._credits(d, other, direction)
        severity = Severity.INFO if credited else Severity.WARNING
        about = self._about(other)
        if credited:
            why = "credited repost: shares text with " + about
        else:
            why = f"shares text with {about} without crediting it"
        if direction == "unknown":
            why += " (no publication dates: direction unknown)"
        reuse = self._reuse(
            other, direction, credited, "passages", shared, round(shared / shorter, 3)
        )
        findings: list[Output] = []
        for blk in blocks[: self.opts["max_passages"]]:
            start = d.words[blk.a].start
            end = d.words[blk.a + blk.size - 1].end
            findings.append(
                self.finding(
                    article,
                    start,
                    end,
                    f"{why}; passage of {blk.size} words",
                    severity=severity,
                    reuse=reuse,
                )
            )
        return findings

    def _load_index(self, path: Path, current_ids: set[str]) -> list[_Doc]:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != INDEX_VERSION or data.get("options") != self._index_options():
            raise ValueError(f"{path}: index built with other settings; rebuild it")
        return [
            self._make_doc(
                text=e["text"],
                hashes={**e, "scheme": data["scheme"]},
                id=e["id"],
                source=e["source"],
                url=e["url"],
                published=e["published"],
                names=e["names"],
                own_credits=e["own_credits"],
                current=False,
            )
            for e in data["articles"]
            if e["id"] not in current_ids
        ]

    def _save_index(self, path: Path, docs: list[_Doc]) -> None:
        entries = [
            {
                "id": d.id,
                "source": d.source,
                "url": d.url,
                "published": d.published,
                "names": d.names,
                "own_credits": d.own_credits,
                "text": d.text,
                "hashvalues": [int(h) for h in d.minhash.hashvalues],
                "pair_hashvalues": [int(h) for h in d.pair_minhash.hashvalues],
            }
            for d in sorted(docs, key=lambda d: d.id)
        ]
        doc = {
            "version": INDEX_VERSION,
            "options": self._index_options(),
            "scheme": docs[0].minhash.scheme if docs else "affine32",
            "articles": entries,
        }
        write_atomic(path, json.dumps(doc, ensure_ascii=False).encode("utf-8"))

    def _index_options(self) -> dict[str, Any]:
        return {
            k: self.opts[k] for k in ("shingle_words", "num_perm", "max_words", "pair_min_chars")
        }


def _blocks(a: list[str], b: list[str]) -> list[Any]:
    """Word-by-word alignment: the matching blocks of a in b, in order."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [blk for blk in matcher.get_matching_blocks() if blk.size]


def _shingles(tokens: list[str], k: int) -> set[str]:
    return {" ".join(tokens[i : i + k]) for i in range(max(len(tokens) - k + 1, 0))}


def _word_pairs(tokens: list[str], min_chars: int) -> list[str]:
    """Adjacent lower-cased word pairs in which at least one word has `min_chars` characters."""
    low = [t.lower() for t in tokens]
    return [
        f"{x} {y}"
        for x, y in zip(low, low[1:], strict=False)
        if len(x) >= min_chars or len(y) >= min_chars
    ]


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


def _names(source: str, url: str | None, site_name: Any = None) -> list[str]:
    """What crediting an article would mention: its source, domain and site name."""
    names = [source] if source and source != "unknown" else []
    if url:
        from auditor.ingest import registered_domain

        names.append(registered_domain(url) or "")
    if isinstance(site_name, str):
        names.append(site_name.strip())
    return [n for n in dict.fromkeys(names) if n]


def _same_source(a: _Doc, b: _Doc) -> bool:
    return a.source != "unknown" and a.source == b.source


def _mentions(text: str, names: list[str], url: str | None) -> bool:
    if url and url in text:
        return True
    lowered = text.lower()
    for name in names:
        stem = name.lower().rsplit(".", 1)[0] if "." in name else name.lower()
        for candidate in {name.lower(), stem}:
            if len(candidate) >= 2 and re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", lowered):
                return True
    return False


def _direction(mine: str | None, other: str | None) -> str:
    """ "later" when this article was published after the other, "earlier" when before,
    "unknown" without both dates (ISO-8601 strings compare in time order)."""
    if not mine or not other or mine == other:
        return "unknown"
    return "later" if mine > other else "earlier"
