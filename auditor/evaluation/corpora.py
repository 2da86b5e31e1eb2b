"""Where the labelled corpora are, and how to read them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from auditor.errors import UsageError

# corpus name -> folder under the corpora root
# corpora without dev/test files: the one file the evaluation starts from (it reads the rest)
SINGLE_FILE = {"reuse-en": "pairs.jsonl"}
CORPUS_FOLDERS = {
    "attribution": "attribution",
    "polnear": "attribution/polnear",
    "mt": "mt",
    "boilerplate": "boilerplate",
    "reuse": "reuse",
    "reuse-en": "reuse-en",
    "readability": "readability",
    "sources": "sources",
}


def corpora_root(explicit: str | None = None) -> Path | None:
    """The corpora folder: --corpora, else $AUDITOR_CORPORA, else ../shared/corpora or
    ./shared/corpora from the working directory. None when none exists."""
    candidates = [explicit, os.environ.get("AUDITOR_CORPORA")]
    cwd = Path.cwd()
    candidates += [str(p / "shared" / "corpora") for p in (cwd.parent, cwd)]
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return None


def resolve(corpus_or_path: str, split: str, root: Path | None) -> tuple[str, Path]:
    """(kind, jsonl path) for a corpus name or a JSONL file in one corpus's format.

    A path's kind is the corpus whose folder holds it (e.g. .../corpora/mt/x.jsonl is `mt`).
    """
    if corpus_or_path in CORPUS_FOLDERS:
        if root is None:
            raise UsageError(
                "corpora folder not found: pass --corpora DIR or set AUDITOR_CORPORA "
                "(expected ../shared/corpora)"
            )
        name = SINGLE_FILE.get(corpus_or_path, f"{split}.jsonl")
        return corpus_or_path, root / CORPUS_FOLDERS[corpus_or_path] / name
    path = Path(corpus_or_path)
    if not path.is_file():
        raise UsageError(f"{corpus_or_path}: neither a corpus name nor a file")
    parent = path.resolve().parent
    for kind, folder in sorted(CORPUS_FOLDERS.items(), key=lambda kv: -len(kv[1])):
        if parent.as_posix().endswith(folder):
            return kind, path
    raise UsageError(
        f"{corpus_or_path}: cannot tell the corpus format from its folder; use --kind "
        f"({', '.join(CORPUS_FOLDERS)})"
    )


def read_records(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The JSON objects of a corpus file, in order."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield json.loads(line)
