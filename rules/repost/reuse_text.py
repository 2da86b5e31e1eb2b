"""REP003's fingerprints: narrative words (outside quotations), sampled word k-gram hashes,
their alignment in linear time, and publication dates normalised to UTC.

Helpers of the uncredited-rewrite rule only (not a rule): kept apart so that the rule module
stays about the decision (who copied whom, with or without credit) and the index store about
storage.
"""

from __future__ import annotations

import bisect
import datetime as dt
import email.utils
import functools
import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from auditor.rules.helpers import Span, quotations, word_matches

Shingle = tuple[int, int]  # (position of the k-gram's first word, 63-bit hash of the k-gram)


class NarrativeWords(NamedTuple):
    """A text's words as parallel lists: offsets, lower-cased texts and whether each lies
    inside a quotation. REP003 stores offsets, not a Span per word (most words never show
    in a finding)."""

    starts: list[int]
    ends: list[int]
    tokens: list[str]
    quoted: list[bool]


def narrative_tokens(text: str, language: str | None, max_words: int) -> NarrativeWords:
    """The text's first `max_words` words and, for each, whether it lies inside a quotation
    (any quotation style the shared helpers know; dash quotations for the languages that use
    them). Quoted words are shared speech, not copied narrative."""
    matches = list(itertools.islice(word_matches(text), max_words))
    starts = [m.start() for m in matches]
    quotes = quotations(text[: matches[-1].end()], language) if matches else []
    return NarrativeWords(
        starts,
        [m.end() for m in matches],
        [m.group().lower() for m in matches],
        _inside(starts, quotes),
    )


def _inside(starts: list[int], quotes: list[Span]) -> list[bool]:
    """For each word start (ascending), whether a quotation holds it: one slice of words per
    quotation, found by bisection, rather than a test per word."""
    inside = [False] * len(starts)
    for q in quotes:
        first, stop = bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)
        inside[first:stop] = [True] * (stop - first)
    return inside


@functools.lru_cache(maxsize=16384)
def _token_hash(token: str) -> int:
    # cached: articles share most of their words (16,384 tokens hit 9 in 10 of an article's
    # distinct words over 1,500 benchmark articles, for about 3 MB)
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def shingles(tokens: Sequence[str], quoted: Sequence[bool], k: int, sample: int) -> list[Shingle]:
    """The word k-grams lying wholly outside quotations whose hash is 0 modulo `sample`, as
    (first word's position, hash) in text order. Sampling by hash value keeps the same k-grams
    in every text, so two texts sharing a passage of n narrative words share about
    (n - k + 1) / sample sampled k-grams; the hash is the same in every run and process.

    The hash of a k-gram is FNV-1a over its words' 64-bit hashes, the top bit cleared; it is
    computed for every k-gram at once (numpy's uint64 arithmetic wraps modulo 2^64, as the
    hash does; numpy is imported here so that listing the rules does not load it)."""
    import numpy as np

    count = len(tokens) - k + 1
    if count <= 0:
        return []
    codes = np.array([_token_hash(t) for t in tokens], dtype=np.uint64)
    h = np.full(count, 1469598103934665603, dtype=np.uint64)
    for j in range(k):
        h = (h ^ codes[j : j + count]) * np.uint64(1099511628211)
    h &= np.uint64((1 << 63) - 1)
    quotes_before = np.concatenate(([0], np.cumsum(np.array(quoted, dtype=np.int64))))
    keep = quotes_before[k:] == quotes_before[:count]  # no quoted word among the k
    if sample != 1:
        keep &= h % np.uint64(sample) == 0
    starts = np.flatnonzero(keep)
    return list(zip(starts.tolist(), h[starts].tolist(), strict=True))


@dataclass(frozen=True)
class Passage:
    """Shared text found by alignment: words [start, end) of this text, [other_start,
    other_end) of the other one, and how many sampled k-grams support it."""

    start: int
    end: int
    other_start: int
    other_end: int
    matches: int


def align(
    mine: Sequence[Shingle],
    other: Sequence[Shingle],
    k: int,
    max_gap: int,
    max_shift: int,
    skip: frozenset[int] = frozenset(),
    max_repeats: int = 3,
) -> list[Passage]:
    """Passages shared by two texts from their sampled k-grams, in linear time: matches
    (position here, position there) are chained while both positions advance by at most
    `max_gap` words and the offset between them moves by at most `max_shift` words (a word
    added, dropped or changed). k-grams in `skip` (common in the run or the index) and k-grams
    repeated more than `max_repeats` times in either text are not evidence."""
    where: dict[int, list[int]] = {}
    for pos, h in other:
        if h not in skip:
            where.setdefault(h, []).append(pos)
    counts: dict[int, int] = {}
    for _, h in mine:
        counts[h] = counts.get(h, 0) + 1
    chains: list[list[int]] = []  # [start, last, other_start, other_last, matches]
    by_offset: dict[int, int] = {}  # offset -> index of the chain that last ended there
    for pos, h in mine:
        found = where.get(h)
        if not found or len(found) > max_repeats or counts[h] > max_repeats:
            continue
        for opos in found:
            offset = pos - opos
            best = None
            for d in range(-max_shift, max_shift + 1):
                c = by_offset.get(offset + d)
                if c is None:
                    continue
                ch = chains[c]
                if 0 < pos - ch[1] <= max_gap and 0 < opos - ch[3] <= max_gap + max_shift:
                    if best is None or ch[1] > chains[best][1]:
                        best = c
            if best is None:
                chains.append([pos, pos, opos, opos, 1])
                best = len(chains) - 1
            else:
                ch = chains[best]
                ch[1], ch[3], ch[4] = pos, opos, ch[4] + 1
            by_offset[offset] = best
    passages = [Passage(c[0], c[1] + k, c[2], c[3] + k, c[4]) for c in chains]
    return _disjoint(passages)


def _disjoint(passages: list[Passage]) -> list[Passage]:
    """Strongest passages first, dropping any that overlaps a stronger one here; text order."""
    kept: list[Passage] = []
    for p in sorted(passages, key=lambda p: (-p.matches, -(p.end - p.start), p.start)):
        if all(p.end <= q.start or p.start >= q.end for q in kept):
            kept.append(p)
    return sorted(kept, key=lambda p: p.start)


def content_key(tokens: Sequence[str]) -> str:
    """What identifies a text whatever its id, file name or source: a hash of its words."""
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()


EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)


def parse_date(value: object, now: dt.datetime | None = None) -> dt.datetime | None:
    """A publication date (ISO 8601 date or date-time, or RFC 2822) in UTC; None when it is
    missing, unparseable, before 1990 or in the future (a date-time without a zone is taken
    as UTC; a date alone as its midnight UTC)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    s = value.strip()
    parsed: dt.datetime | None = None
    try:
        parsed = dt.datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    try:
        parsed = parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None
    now = now or dt.datetime.now(dt.UTC)
    if parsed < EARLIEST or parsed > now + dt.timedelta(days=1):
        return None
    return parsed


def date_only(value: object) -> bool:
    """True for a date without a time of day (two such dates on one day do not say who
    came first)."""
    return isinstance(value, str) and len(value.strip()) == 10
