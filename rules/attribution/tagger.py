"""Learned attribution tagger (a helper, not a rule): source, cue and content spans from a
linear-chain CRF over tokens, linked into relations.

The model (`data/attribution_model.crfsuite`, trained by `scripts/train_attribution_model.py`
on PolNeAR and GUM; see `data/attribution_model.md`) holds parameters only: weights over
lower-cased tokens, token pairs, word shapes, affixes, cue-lexicon memberships, positions and
quote state. No sentence or span of the training texts is stored.

Text is cut into chunks (a paragraph, or at most MAX_CHUNK tokens of it), each tagged with
BIO labels for SRC, CUE and CON. Spans are linked per chunk: every cue opens a relation; a
source or content span joins the nearest cue of its sentence (else of its chunk); content in a
chunk without a cue continues the previous relation when that relation ends the chunk before
("He said:" and the quotation in the next paragraph). A relation needs a cue and content.
Source kind (named / anonymous / none) comes from `relations.source_kind`, as for the rules.
Everything is linear in the length of the text: one tokenising pass, chunks of bounded size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from auditor.rules.helpers import load_words

MODEL_FILE = "attribution_model.crfsuite"
MAX_CHUNK = 160  # tokens; longer paragraphs are cut at sentence ends (or hard at the limit)
MAX_TOKEN_CHARS = 40
# Texts longer than this (about 15,000 words) are left to the patterns by relations.extract:
# tagging is linear but costs about 15 microseconds a character on a loaded machine.
MAX_TEXT_CHARS = 100_000
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_OPEN_Q = frozenset("“‘«„")
_CLOSE_Q = frozenset("”’»")
_STRAIGHT_Q = frozenset('"')
_ENDS = frozenset(".!?")
_SENTENCE_OPENERS = _OPEN_Q | _STRAIGHT_Q
LABELS = ("SRC", "CUE", "CON")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    sent: int  # sentence number in the document


@cache
def lexicons(lang: str = "en") -> tuple[frozenset[str], frozenset[str]]:
    """Single-word reporting verbs and anonymous head nouns of the rules' data files."""
    verbs = frozenset(
        w for w in load_words(__package__, f"reporting_verbs_{lang}.txt") if " " not in w
    )
    return verbs, load_words(__package__, f"anonymous_heads_{lang}.txt")


def tokenize(text: str) -> list[list[Token]]:
    """Chunks of tokens: one per paragraph (lines), cut at sentence ends to MAX_CHUNK."""
    chunks: list[list[Token]] = []
    current: list[Token] = []
    append = current.append
    sent = 0
    pos = 0
    new_sentence = False
    find = text.find
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        if start > pos and current and find("\n", pos, start) >= 0:
            chunks.append(current)
            current = []
            append = current.append
            sent += 1
            new_sentence = False
        elif new_sentence and (word[0].isupper() or word[0] in _SENTENCE_OPENERS):
            sent += 1
            new_sentence = False
            if len(current) >= MAX_CHUNK // 2:
                chunks.append(current)
                current = []
                append = current.append
        if len(current) >= MAX_CHUNK:
            chunks.append(current)
            current = []
            append = current.append
            sent += 1
        pos = end
        append(Token(start, end, word, sent))
        if word in _ENDS:
            new_sentence = True
        elif new_sentence and not (word in _CLOSE_Q or word in _STRAIGHT_Q or word == ")"):
            new_sentence = False
    if current:
        chunks.append(current)
    return chunks


def _encodable(word: str) -> str:
    """`word` as crfsuite can take it: UTF-8, so a lone surrogate (untrusted text can hold
    one) becomes '?' instead of making the tagger raise."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return word.encode("utf-8", "replace").decode("utf-8")
    return word


def _shape(word: str) -> str:
    out = []
    for ch in word[:MAX_TOKEN_CHARS]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:5]


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8-15" if n < 16 else "16+"


def _signed(d: int) -> str:
    if d == 99:
        return "none"
    return ("-" if d < 0 else "+") + _bucket(abs(d))


# Feature groups beyond the base set, chosen on held-out data by
# scripts/train_attribution_model.py and listed in data/attribution_model.json (`features`):
# "lex": membership of the token and its neighbours in the cue lexicon learned from the
# training counts (data/attribution_cues_en.txt) and the signed distance to the nearest such
# word; "lemma": the token with its inflection stripped; "w3": the tokens at -3 and +3;
# "quote": quote depth and the signed distance to the nearest quotation mark; "para": the
# sentence's number in its paragraph.
EXTRA_GROUPS = ("lex", "lemma", "w3", "quote", "para")
_PAD = 2  # padding tokens on each side


# Tokens longer than this are described afresh each time instead of cached: a hostile run of
# distinct 20,000-letter "words" would otherwise keep every one of them alive in the cache.
_CACHED_TOKEN_CHARS = 64


def _word(text: str) -> tuple:
    """`_word_of(text)`, cached for tokens of ordinary length."""
    return _word_of(text) if len(text) > _CACHED_TOKEN_CHARS else _cached_word(text)


def _word_of(text: str) -> tuple:
    """Everything about one token that does not depend on its neighbours (computed once per
    distinct token): its lower-cased form, shape, base feature strings and the strings it
    contributes to its neighbours' features."""
    lw = _encodable(text[:MAX_TOKEN_CHARS].lower())
    sh = _encodable(_shape(text))
    return _word_strings(lw, sh, _lemma(lw))


# Each cached token holds about 20 strings (some 1.5 KB): 65,536 entries made every worker grow
# by 90 MB over its first 3,000 articles. With 8,192 (the words of news are Zipfian) 87% of
# look-ups still hit against 96%, at the same time per article (30.5 ms against 30.3, in
# process, 2,500 benchmark articles) and 167 MB of RSS after them against 256.
WORD_CACHE = 1 << 13
_cached_word = lru_cache(maxsize=WORD_CACHE)(_word_of)


def _word_strings(lw: str, sh: str, lemma: str) -> tuple:
    return (
        lw,  # 0
        sh,  # 1
        ("w=" + lw, "s=" + sh, "p3=" + lw[:3], "x3=" + lw[-3:], "x2=" + lw[-2:]),  # 2
        "w-1=" + lw,  # 3
        "w-2=" + lw,  # 4
        "w+1=" + lw,  # 5
        "w+2=" + lw,  # 6
        "s-1=" + sh,  # 7
        "s+1=" + sh,  # 8
        "after_cue=" + lw,  # 9
        "fw=" + lw,  # 10
        "lem=" + lemma,  # 11
        "w-3=" + lw,  # 12
        "w+3=" + lw,  # 13
    )


_START = _word_strings("<s>", "<s>", "<s>")
_END = _word_strings("</s>", "</s>", "</s>")
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s")


def _lemma(lw: str) -> str:
    """A crude lemma: the word without a common inflection ("claimed", "claims", "claiming"
    -> "claim"); words of five letters or fewer are kept."""
    if len(lw) > 5 and lw.isalpha():
        for suffix in _SUFFIXES:
            if lw.endswith(suffix):
                return lw[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return lw


def _table(prefix: str, fn) -> tuple[str, ...]:  # noqa: ANN001
    return tuple(prefix + fn(n) for n in range(17))


_SP = _table("sp=", _bucket)
_SE = _table("se=", _bucket)
_Q = {k: "q=" + k for k in ("qo", "qc", "in", "out")}
_Q1 = {k: "q-1=" + k for k in ("<s>", "qo", "qc", "in", "out")}
_CB = ("cb=00", "cb=01", "cb=10", "cb=11")
_CPS = ("cps=00", "cps=01", "cps=10", "cps=11")


def _nearest(flags: list[bool], first: list[int], last: list[int]) -> list[int]:
    """Signed distance of each token to the nearest flagged token of its sentence (99: none)."""
    n = len(flags)
    near = [99] * n
    at = None
    for i in range(n):
        if i == first[i]:
            at = None
        if flags[i]:
            at = i
        if at is not None:
            near[i] = i - at
    at = None
    for i in range(n - 1, -1, -1):
        if i == last[i]:
            at = None
        if flags[i]:
            at = i
        if at is not None and at - i < abs(near[i]):
            near[i] = i - at
    return near


def features(
    chunk: list[Token],
    lang: str = "en",
    extra: frozenset[str] | None = None,
    learned: frozenset[str] | None = None,
) -> list[list[str]]:
    """Feature strings for each token of a chunk (single tokens, neighbour pairs, shapes,
    lexicon memberships, positions and quote state; plus the `extra` groups, by default those
    the shipped model was trained with). A token's own strings and those it gives its
    neighbours are computed once per distinct token (`_word`); the rest are table lookups,
    so that a chunk costs little more than list indexing."""
    verbs, anonymous = lexicons(lang)
    if extra is None:
        extra = shipped_groups()
    if learned is None:
        learned = learned_cues(lang) if "lex" in extra else frozenset()
    n = len(chunk)
    W = [_word(t.text) for t in chunk]
    low = [w[0] for w in W]
    cue = [w in verbs for w in low]
    sents = [t.sent for t in chunk]
    # quote state: inside a quotation (straight quotes toggle); depth for nested curly quotes
    inq = []
    depth = []
    state = False
    d = 0
    for w in low:
        if w in _OPEN_Q or (w in _STRAIGHT_Q and not state):
            inq.append("qo")
            state = True
            d += 1
        elif w in _CLOSE_Q or (w in _STRAIGHT_Q and state):
            inq.append("qc")
            state = False
            d = max(d - 1, 0)
        else:
            inq.append("in" if state else "out")
        depth.append(d)
    # positions in the sentence; cues before and after in the sentence
    first = [0] * n
    last = [0] * n
    cue_before = [False] * n
    seen = False
    for i in range(n):
        if i and sents[i] == sents[i - 1]:
            first[i] = first[i - 1]
        else:
            first[i] = i
            seen = False
        cue_before[i] = seen
        seen = seen or cue[i]
    cue_after = [False] * n
    seen = False
    for i in range(n - 1, -1, -1):
        if i < n - 1 and sents[i] == sents[i + 1]:
            last[i] = last[i + 1]
        else:
            last[i] = i
            seen = False
        cue_after[i] = seen
        seen = seen or cue[i]
    near = _nearest(cue, first, last)
    cue_sents = {sents[i] for i in range(n) if cue[i]}
    use_lex, use_lemma, use_w3 = "lex" in extra, "lemma" in extra, "w3" in extra
    use_quote, use_para = "quote" in extra, "para" in extra
    if use_lex:
        lex = [w in learned for w in low]
        lpad = [False, *lex, False]
        lnear = _nearest(lex, first, last)
    if use_quote:
        marks = [x == "qo" or x == "qc" for x in inq]
        qnear = _nearest(marks, [0] * n, [n - 1] * n)
    pad = [_START, _START, _START, *W, _END, _END, _END]  # pad[i + 3] is token i
    cpad = [False, False, *cue, False, False]  # cpad[i + 2] is token i
    dc, sp, se, qs, q1 = _DC, _SP, _SE, _Q, _Q1
    s0 = sents[0] if n else 0
    out = []
    for i in range(n):
        w = W[i]
        lw = w[0]
        prev = pad[i + 2]
        nxt = pad[i + 4]
        fi = first[i]
        s_i = sents[i]
        f = [
            *w[2],
            prev[3],
            pad[i + 1][4],
            nxt[5],
            pad[i + 5][6],
            prev[7],
            nxt[8],
            W[fi][10],
            "b",
            qs[inq[i]],
            sp[min(i - fi, 16)],
            se[min(last[i] - i, 16)],
            "w-1|w=" + prev[0] + "|" + lw,
            "w|w+1=" + lw + "|" + nxt[0],
            _CB[2 * cue_before[i] + cue_after[i]],
            q1[inq[i - 1]] if i else q1["<s>"],
            dc[near[i] + _DOFF],
            _CPS[2 * ((s_i - 1) in cue_sents) + ((s_i + 1) in cue_sents)],
        ]
        if cpad[i + 1]:
            f.append(w[9])
            f.append("cue-1")
        if cue[i]:
            f.append("cue")
        if lw in anonymous:
            f.append("anon")
        if cpad[i]:
            f.append("cue-2")
        if cpad[i + 3]:
            f.append("cue+1")
        if cpad[i + 4]:
            f.append("cue+2")
        if i == 0:
            f.append("chunk_start")
        if use_lemma:
            f.append(w[11])
        if use_w3:
            f.append(pad[i][12])
            f.append(pad[i + 6][13])
        if use_lex:
            if lex[i]:
                f.append("lx")
            if lpad[i]:
                f.append("lx-1")
            if lpad[i + 2]:
                f.append("lx+1")
            f.append(_DL[lnear[i] + _DOFF])
        if use_quote:
            f.append(_QD[min(depth[i], 2)])
            f.append(_DQ[qnear[i] + _DOFF])
        if use_para:
            f.append(_PARA[min(s_i - s0, 3)])
        out.append(f)
    return out


# signed distances (to a cue, a learned cue, a quotation mark) as strings, indexed by
# distance + _DOFF; a chunk holds at most MAX_CHUNK tokens, and 99 means none
_DOFF = MAX_CHUNK + 1
_DC = tuple("dc=" + _signed(d) for d in range(-_DOFF, _DOFF + 1))
_DL = tuple("dl=" + _signed(d) for d in range(-_DOFF, _DOFF + 1))
_DQ = tuple("dq=" + _signed(d) for d in range(-_DOFF, _DOFF + 1))
_QD = ("qd=0", "qd=1", "qd=2+")
_PARA = ("si=0", "si=1", "si=2", "si=3+")


def learned_cues_path(model: Path | None = None) -> Path:
    """The cue lexicon learned with a model (beside it)."""
    return (model or model_path()).parent / "attribution_cues_en.txt"


@cache
def learned_cues(lang: str = "en") -> frozenset[str]:
    """Words the training data labels as cues often enough (data/attribution_cues_en.txt,
    written by scripts/train_attribution_model.py from training counts)."""
    path = learned_cues_path()
    if lang != "en" or not path.is_file():
        return frozenset()
    return read_lexicon(path)


def read_lexicon(path: Path) -> frozenset[str]:
    text = path.read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@cache
def shipped_groups() -> frozenset[str]:
    """The extra feature groups the shipped model was trained with."""
    import json

    path = model_path().with_suffix(".json")
    try:
        return frozenset(json.loads(path.read_text(encoding="utf-8")).get("features", ()))
    except (OSError, ValueError):
        return frozenset()


@cache
def _tagger(path: str):  # noqa: ANN202
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def model_path() -> Path:
    return Path(str(resources.files(__package__).joinpath("data", MODEL_FILE)))


def available() -> bool:
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return False
    return model_path().is_file()


def tag(
    chunks: list[list[Token]],
    lang: str = "en",
    path: str | None = None,
    extra: frozenset[str] | None = None,
    learned: frozenset[str] | None = None,
) -> list[tuple[list[str], dict[int, float]]]:
    """BIO labels for each chunk, with the marginal probability of each cue token's label
    (`path`, `extra` and `learned`: another model, its feature groups and cue lexicon)."""
    tagger = _tagger(path or str(model_path()))
    out = []
    for c in chunks:
        labels = tagger.tag(features(c, lang, extra, learned))
        probs = {i: tagger.marginal(y, i) for i, y in enumerate(labels) if y.endswith("CUE")}
        out.append((labels, probs))
    return out


def spans(chunk: list[Token], labels: list[str]) -> list[tuple[str, int, int]]:
    """(role, first token, last token + 1) runs of a labelled chunk."""
    out: list[tuple[str, int, int]] = []
    for i, label in enumerate(labels):
        if label == "O":
            continue
        bio, role = label.split("-", 1)
        if bio == "I" and out and out[-1][0] == role and out[-1][2] == i:
            out[-1] = (role, out[-1][1], i + 1)
        else:
            out.append((role, i, i + 1))
    return out


@dataclass
class Linked:
    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    sent: int
    last_token: tuple[int, int]  # (chunk, token) of its last piece
    confidence: float  # mean marginal probability of the cue's labels


def link(
    chunks: list[list[Token]], tagged: list[tuple[list[str], dict[int, float]]]
) -> list[Linked]:
    """Relations from the tagged chunks (see the module docstring)."""
    out: list[Linked] = []
    previous: Linked | None = None  # the last relation, for content continued in a new chunk
    for ci, (chunk, (lab, probs)) in enumerate(zip(chunks, tagged, strict=True)):
        runs = spans(chunk, lab)
        cues = [r for r in runs if r[0] == "CUE"]
        rels = [
            Linked(
                (chunk[a].start, chunk[b - 1].end),
                None,
                [],
                chunk[a].sent,
                (ci, b),
                sum(probs.get(i, 0.0) for i in range(a, b)) / (b - a),
            )
            for _, a, b in cues
        ]
        for role, a, b in runs:
            if role == "CUE":
                continue
            span = (chunk[a].start, chunk[b - 1].end)
            if not rels:
                if role == "CON" and previous is not None and previous.content:
                    pc, pt = previous.last_token
                    if pc == ci - 1 and pt >= len(chunks[pc]) - 2:
                        previous.content.append(span)
                        previous.last_token = (ci, b)
                continue
            sent = chunk[a].sent
            pool = [(i, r) for i, r in enumerate(rels) if r.sent == sent] or list(enumerate(rels))
            if role == "SRC":
                free = [(i, r) for i, r in pool if r.source is None] or pool
                _, best = min(free, key=lambda ir: _distance(cues[ir[0]], a, b))
                if best.source is None:
                    best.source = span
            else:
                _, best = min(pool, key=lambda ir: _distance(cues[ir[0]], a, b))
                best.content.append(span)
                best.last_token = max(best.last_token, (ci, b))
        for r, (_, a, b) in zip(rels, cues, strict=True):
            if not r.content and r.source is not None:
                _rest_of_sentence(chunk, ci, r, a, b)
        done = [r for r in rels if r.content]
        out.extend(done)
        if done:
            previous = max(done, key=lambda r: r.last_token)
    return out


_PUNCT = frozenset(",.;:!?\"“”'’()—–-")


def _rest_of_sentence(chunk: list[Token], ci: int, rel: Linked, a: int, b: int) -> None:
    """A cue with a source but no tagged content takes the rest of its sentence: before the
    source when the cue ends the sentence ("Nobody can interfere with that, he added."),
    else what follows the cue."""
    sent = chunk[a].sent
    lo = a
    while lo > 0 and chunk[lo - 1].sent == sent:
        lo -= 1
    hi = b
    while hi < len(chunk) and chunk[hi].sent == sent:
        hi += 1
    if not chunk[lo].start <= rel.source[0] < chunk[hi - 1].end:
        return  # the source lies in another sentence
    src_start = next(i for i in range(lo, hi) if chunk[i].end > rel.source[0])
    before = [i for i in range(lo, min(src_start, a)) if chunk[i].text not in _PUNCT]
    after = [i for i in range(b, hi) if chunk[i].text not in _PUNCT]
    if len(after) <= 3 and len(before) >= 3:
        rel.content.append((chunk[before[0]].start, chunk[before[-1]].end))
        rel.last_token = (ci, before[-1] + 1)
    elif len(after) >= 3 and rel.source[1] <= chunk[a].start:
        rel.content.append((chunk[after[0]].start, chunk[after[-1]].end))
        rel.last_token = (ci, after[-1] + 1)


def _distance(cue: tuple[str, int, int], a: int, b: int) -> int:
    _, ca, cb = cue
    return a - cb if a >= cb else ca - b if b <= ca else 0


@lru_cache(maxsize=8)  # one article's relations, read by several rules in turn
def predict(text: str, lang: str = "en") -> tuple[Linked, ...]:
    """Linked relations of `text` (cached: several rules read them)."""
    chunks = tokenize(text)
    if not chunks:
        return ()
    return tuple(link(chunks, tag(chunks, lang)))
