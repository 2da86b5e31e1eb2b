"""REP003: text shared with another article of the run (or of the saved index) without credit."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasketch import MinHash, MinHashLSH

from auditor.atomic import write_atomic
from auditor.models import Article, Finding, Severity
from auditor.rule import ArticleContext, BatchRule, Output
from auditor.rules.helpers import Span, word_spans

INDEX_VERSION = 1


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
    minhash: MinHash
    current: bool  # in this run (gets findings) or from the saved index
    grams: dict[int, frozenset[str]] = field(default_factory=dict)  # k -> word k-grams


def _grams(doc: _Doc, k: int) -> frozenset[str]:
    """The document's word k-grams, computed once."""
    if k not in doc.grams:
        tokens = [w.text for w in doc.words]
        doc.grams[k] = frozenset(" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1))
    return doc.grams[k]


class UncreditedRewrite(BatchRule):
    """What it does: finds articles that share substantial passages with another article of
    the run (or of a saved index, `index` option / `--index`), from another source. Candidates
    come from MinHash LSH over word `shingle_words`-grams (datasketch; `num_perm`
    permutations, Jaccard `lsh_threshold`), so the run never compares all pairs; each
    candidate pair is then aligned word by word (difflib) to find the shared passages of at
    least `min_passage_words` words. A pair counts when the shared words reach
    `min_shared_words` or `min_coverage` of the shorter article.

    If the later article (by publication date; both sides when dates are unknown) mentions
    neither the other's source, domain, site name or URL, nor a wire the other credits (in its
    text or in the credits of its page, such as a canonical link found by REP004), it gets a warning
    on each shared passage, naming the other article. If it does credit it, or, with no
    dates, credits a wire or original of its own, the passages are an info finding: a
    credited repost. Words are Unicode word characters, so any language works.

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
        "min_coverage": 0.05,
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
        lsh = MinHashLSH(threshold=self.opts["lsh_threshold"], num_perm=self.opts["num_perm"])
        for n, d in enumerate(docs):
            lsh.insert(str(n), d.minhash)
        out: dict[str, list[Output]] = {a.id: [] for a, _ in items}
        for n, d in enumerate(docs):
            if not d.current:
                continue
            for m in sorted(int(k) for k in lsh.query(d.minhash)):
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

    def _doc(self, article: Article, measures: Mapping[str, Any], current: bool) -> _Doc:
        words = word_spans(article.text)[: self.opts["max_words"]]
        wires = _split(measures.get("attribution.wires_credited"), ",")
        credits = _split(measures.get("repost.credits"), ";")
        credits += _split(measures.get("repost.tail_credits"), ";")
        credits += _split(measures.get("repost.page_credits"), ";")
        return _Doc(
            id=article.id,
            source=article.source,
            url=article.url,
            published=article.published,
            names=_names(article.source, article.url, article.extra.get("site_name")),
            own_credits=wires + credits,
            text=article.text,
            words=words,
            minhash=self._minhash([w.text for w in words]),
            current=current,
        )

    def _minhash(self, tokens: list[str]) -> MinHash:
        k = self.opts["shingle_words"]
        mh = MinHash(num_perm=self.opts["num_perm"], seed=1)
        shingles = {" ".join(tokens[i : i + k]) for i in range(max(len(tokens) - k + 1, 0))}
        mh.update_batch([s.encode("utf-8") for s in sorted(shingles)])
        return mh

    def _compare(self, article: Article, d: _Doc, other: _Doc) -> list[Output]:
        """Findings on `d` for the passages it shares with `other`, if the pair counts."""
        a = [w.text for w in d.words]
        b = [w.text for w in other.words]
        shorter = max(min(len(a), len(b)), 1)
        needed = min(self.opts["min_shared_words"], self.opts["min_coverage"] * shorter)
        # Cheap bound before the alignment: passages of at least k words sharing S words in
        # all hold at least S / k shared k-grams, so fewer shared k-grams cannot qualify.
        if (
            len(
                _grams(d, self.opts["min_passage_words"])
                & _grams(other, self.opts["min_passage_words"])
            )
            < needed / self.opts["min_passage_words"]
        ):
            return []
        blocks = [
            blk
            for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
            if blk.size >= self.opts["min_passage_words"]
        ]
        shared = sum(blk.size for blk in blocks)
        if shared < self.opts["min_shared_words"] and shared / shorter < self.opts["min_coverage"]:
            return []
        direction = _direction(d.published, other.published)
        if direction == "earlier":
            return []  # d is the original of the pair
        # credited in the text, or in what the page around it credits (REP004: canonical link)
        credits_other = any(
            _mentions(where, other.names + other.own_credits, other.url)
            for where in (d.text, " ; ".join(d.own_credits))
        )
        credited = credits_other or (direction == "unknown" and bool(d.own_credits))
        severity = Severity.INFO if credited else Severity.WARNING
        about = f"{other.id} ({other.source})"
        if other.own_credits:
            about += f", which credits {', '.join(other.own_credits)}"
        if credited:
            why = "credited repost: shares text with " + about
        else:
            why = f"shares text with {about} without crediting it"
        if direction == "unknown":
            why += " (no publication dates: direction unknown)"
        reuse = {
            "other": other.id,
            "other_source": other.source,
            "shared_words": shared,
            "coverage": round(shared / shorter, 3),
            "direction": direction,
            "credited": credited,
        }
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
        docs = []
        for e in data["articles"]:
            if e["id"] in current_ids:
                continue
            mh = MinHash(
                num_perm=self.opts["num_perm"],
                seed=1,
                hashvalues=e["hashvalues"],
                scheme=data["scheme"],
            )
            words = word_spans(e["text"])[: self.opts["max_words"]]
            docs.append(
                _Doc(
                    e["id"],
                    e["source"],
                    e["url"],
                    e["published"],
                    e["names"],
                    e["own_credits"],
                    e["text"],
                    words,
                    mh,
                    current=False,
                )
            )
        return docs

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
        return {k: self.opts[k] for k in ("shingle_words", "num_perm", "max_words")}


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
