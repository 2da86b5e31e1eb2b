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
LABELS = ("SRC", "CUE", "CON")


@dataclass(frozen=True)
class Token:
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
    sent = 0
    pos = 0
    new_sentence = False
    for m in _TOKEN.finditer(text):
        gap = text[pos : m.start()]
        pos = m.end()
        if "\n" in gap and current:
            chunks.append(current)
            current = []
            sent += 1
            new_sentence = False
        elif new_sentence and (m.group()[0].isupper() or m.group()[0] in _OPEN_Q | _STRAIGHT_Q):
            sent += 1
            new_sentence = False
            if len(current) >= MAX_CHUNK // 2:
                chunks.append(current)
                current = []
        if len(current) >= MAX_CHUNK:
            chunks.append(current)
            current = []
            sent += 1
        word = m.group()
        current.append(Token(m.start(), m.end(), word, sent))
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


def features(chunk: list[Token], lang: str = "en") -> list[list[str]]:
    """Feature strings for each token of a chunk (single tokens, neighbour pairs, shapes,
    lexicon memberships, positions and quote state)."""
    verbs, anonymous = lexicons(lang)
    n = len(chunk)
    low = [_encodable(t.text[:MAX_TOKEN_CHARS].lower()) for t in chunk]
    shape = [_encodable(_shape(t.text)) for t in chunk]
    cue = [w in verbs for w in low]
    # quote state: inside a quotation (straight quotes toggle)
    inq = []
    state = False
    for t in chunk:
        w = t.text
        if w in _OPEN_Q or (w in _STRAIGHT_Q and not state):
            inq.append("qo")
            state = True
        elif w in _CLOSE_Q or (w in _STRAIGHT_Q and state):
            inq.append("qc")
            state = False
        else:
            inq.append("in" if state else "out")
    # positions in the sentence; cues before and after in the sentence
    first = [0] * n
    last = [0] * n
    for i in range(n):
        first[i] = i if i == 0 or chunk[i].sent != chunk[i - 1].sent else first[i - 1]
    for i in range(n - 1, -1, -1):
        last[i] = i if i == n - 1 or chunk[i].sent != chunk[i + 1].sent else last[i + 1]
    cue_before = [False] * n
    seen = False
    for i in range(n):
        if i == first[i]:
            seen = False
        cue_before[i] = seen
        seen = seen or cue[i]
    cue_after = [False] * n
    seen = False
    for i in range(n - 1, -1, -1):
        if i == last[i]:
            seen = False
        cue_after[i] = seen
        seen = seen or cue[i]

    # signed distance to the nearest lexicon cue of the sentence
    near = [0] * n
    last_cue = None
    for i in range(n):
        if i == first[i]:
            last_cue = None
        if cue[i]:
            last_cue = i
        near[i] = i - last_cue if last_cue is not None else 99
    next_cue = None
    for i in range(n - 1, -1, -1):
        if i == last[i]:
            next_cue = None
        if cue[i]:
            next_cue = i
        if next_cue is not None and next_cue - i < abs(near[i]):
            near[i] = i - next_cue
    sent_cue: dict[int, bool] = {}
    for i in range(n):
        sent_cue[chunk[i].sent] = sent_cue.get(chunk[i].sent, False) or cue[i]

    pad = ["<s>", "<s>", *low, "</s>", "</s>"]  # pad[i + 2] is token i
    spad = ["<s>", *shape, "</s>"]
    qpad = ["<s>", *inq]
    cpad = [False, False, *cue, False, False]
    out = []
    for i in range(n):
        lw = low[i]
        prev, nxt = pad[i + 1], pad[i + 3]
        s_i = chunk[i].sent
        f = [
            "b",
            "w=" + lw,
            "s=" + shape[i],
            "p3=" + lw[:3],
            "x3=" + lw[-3:],
            "x2=" + lw[-2:],
            "q=" + inq[i],
            "sp=" + _bucket(i - first[i]),
            "se=" + _bucket(last[i] - i),
            "w-1=" + prev,
            "w-2=" + pad[i],
            "w+1=" + nxt,
            "w+2=" + pad[i + 4],
            "w-1|w=" + prev + "|" + lw,
            "w|w+1=" + lw + "|" + nxt,
            "s-1=" + spad[i],
            "s+1=" + spad[i + 2],
            f"cb={cue_before[i]:d}{cue_after[i]:d}",
            "q-1=" + qpad[i],
            "dc=" + _signed(near[i]),
            "fw=" + low[first[i]],
            f"cps={sent_cue.get(s_i - 1, False):d}{sent_cue.get(s_i + 1, False):d}",
        ]
        if cpad[i + 1]:
            f.append("after_cue=" + lw)
        if cue[i]:
            f.append("cue")
        if lw in anonymous:
            f.append("anon")
        if cpad[i]:
            f.append("cue-2")
        if cpad[i + 1]:
            f.append("cue-1")
        if cpad[i + 3]:
            f.append("cue+1")
        if cpad[i + 4]:
            f.append("cue+2")
        if i == 0:
            f.append("chunk_start")
        out.append(f)
    return out


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
    chunks: list[list[Token]], lang: str = "en", path: str | None = None
) -> list[tuple[list[str], dict[int, float]]]:
    """BIO labels for each chunk, with the marginal probability of each cue token's label."""
    tagger = _tagger(path or str(model_path()))
    out = []
    for c in chunks:
        labels = tagger.tag(features(c, lang))
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


@lru_cache(maxsize=64)
def predict(text: str, lang: str = "en") -> tuple[Linked, ...]:
    """Linked relations of `text` (cached: several rules read them)."""
    chunks = tokenize(text)
    if not chunks:
        return ()
    return tuple(link(chunks, tag(chunks, lang)))
