"""Small, standard metrics: precision/recall/F1, ROC AUC, Spearman correlation."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int | None]:
    """Precision, recall and F1 with their counts; None where undefined (0/0)."""
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else (0.0 if precision is not None and recall is not None else None)
    )
    return {
        "precision": _r(precision),
        "recall": _r(recall),
        "f1": _r(f1),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def roc_auc(scores: Sequence[float], positives: Sequence[bool]) -> float | None:
    """ROC AUC of `scores` ranking positives above negatives (Mann-Whitney U, ties count 1/2)."""
    frame = pd.DataFrame({"s": list(scores), "y": list(positives)})
    n_pos = int(frame["y"].sum())
    n_neg = len(frame) - n_pos
    if not n_pos or not n_neg:
        return None
    ranks = frame["s"].rank(method="average")
    u = ranks[frame["y"]].sum() - n_pos * (n_pos + 1) / 2
    return _r(u / (n_pos * n_neg))


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman rank correlation; None with fewer than 3 pairs or no variance."""
    frame = pd.DataFrame({"x": list(x), "y": list(y)}).dropna()
    if len(frame) < 3 or frame["x"].nunique() < 2 or frame["y"].nunique() < 2:
        return None
    return _r(frame["x"].rank().corr(frame["y"].rank()))


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)
