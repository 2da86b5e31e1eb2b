"""Which sentence splitter should the attribution extractor use? Measure, do not guess.

Runs the attribution evaluation (GUM and PolNeAR, `dev` split by default) with the shared
regex splitter (`auditor.rules.helpers.sentences`), pysbd and syntok in turn, and times each
splitter alone on the same texts (characters per second). pysbd and syntok are not
dependencies of auditor: `pip install '.[bench]'` installs them.
Results: docs/sentence-splitting.md.

    python scripts/sentence_splitters.py [--split dev] [--limit N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from auditor.config import Config
from auditor.evaluation import attribution
from auditor.evaluation.corpora import corpora_root, read_records, resolve
from auditor.rules.attribution import relations
from auditor.rules.helpers import Span, sentences

Splitter = Callable[[str], Iterator[Span]]


def _spans(text: str, pieces: Iterator[tuple[int, int]]) -> Iterator[Span]:
    for start, end in pieces:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            s = start + len(chunk) - len(chunk.lstrip())
            yield Span(s, s + len(stripped), stripped)


def pysbd_splitter() -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def split(text: str) -> Iterator[Span]:
        # pysbd works within paragraphs best; keep the paragraph break a boundary
        for para in _paragraph_pieces(text):
            base = para[0]
            chunk = text[para[0] : para[1]]
            yield from _spans(text, ((base + s.start, base + s.end) for s in seg.segment(chunk)))

    return split


def syntok_splitter() -> Splitter:
    from syntok import segmenter

    def split(text: str) -> Iterator[Span]:
        pieces = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                first, last = sentence[0], sentence[-1]
                pieces.append((first.offset, last.offset + len(last.value)))
        yield from _spans(text, iter(pieces))

    return split


def _paragraph_pieces(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    while True:
        i = text.find("\n\n", start)
        if i < 0:
            out.append((start, len(text)))
            return out
        out.append((start, i))
        start = i + 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    root = corpora_root()
    if root is None:
        raise SystemExit("no corpora folder (../shared/corpora or $AUDITOR_CORPORA)")
    corpora = {}
    for name in ("attribution", "polnear"):
        _, path = resolve(name, args.split, root)
        corpora[name] = list(read_records(Path(path), args.limit))
    splitters: dict[str, Splitter] = {
        "regex (shipped)": sentences,
        "pysbd": pysbd_splitter(),
        "syntok": syntok_splitter(),
    }
    print("| splitter | corpus | attribution F1 | source F1 | P | R | chars/s (split only) |")
    print("|---|---|---|---|---|---|---|")
    for label, split in splitters.items():
        relations.sentences = split  # the extractor looks the name up at call time
        for name, records in corpora.items():
            relations.extract.cache_clear()
            result = attribution.evaluate(records, Config(), root, args.split)["metrics"]
            texts = [r["text"] for r in records]
            t0 = time.perf_counter()
            for text in texts:
                for _ in split(text):
                    pass
            rate = sum(map(len, texts)) / (time.perf_counter() - t0)
            print(
                f"| {label} | {name} | {result['attribution']['f1']} | {result['source']['f1']} "
                f"| {result['attribution']['precision']} | {result['attribution']['recall']} "
                f"| {rate:,.0f} |"
            )
    relations.sentences = sentences


if __name__ == "__main__":
    main()
