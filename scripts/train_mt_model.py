"""Train the document-level machine-translation signal (TRN007) on the dev split of corpora/mt.

    pip install '.[train]' && python scripts/train_mt_model.py [--corpora ../shared/corpora]

A logistic regression over TF-IDF word and punctuation uni- and bigrams (sublinear tf, l2
norm), class-balanced. The probability threshold is chosen on out-of-fold predictions (5-fold,
grouped by source document so a document's human and machine versions never straddle folds)
as the lowest threshold whose false-positive rate on human translations is at most
--max-fpr. Writes rules/translation/data/mt_model.json: the vocabulary, idf weights,
coefficients, intercept and threshold, which the rule applies with no scikit-learn at run
time. Never reads the test split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.model_selection import GroupKFold

from auditor.evaluation.corpora import corpora_root, read_records

# Keep in step with rules/translation/statistical.py, which re-implements the transform.
TOKEN_PATTERN = r"(?u)\b\w+\b|[^\w\s]"
MODEL_VERSION = 1
OUT = Path(__file__).resolve().parents[1] / "rules" / "translation" / "data" / "mt_model.json"


def make_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=3,
        max_features=20000,
        sublinear_tf=True,
        lowercase=False,
        token_pattern=TOKEN_PATTERN,
    )


def make_model() -> LogisticRegression:
    return LogisticRegression(C=3.0, max_iter=5000, class_weight="balanced")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=None)
    # 0.05, not the 0.10 the product promises: across the five dev folds the false-positive
    # rate at an 8% cross-validated threshold ranged from 0% to 10.8%, so 5% leaves room for
    # that spread on unseen documents (measured on dev only).
    parser.add_argument("--max-fpr", type=float, default=0.05)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    root = corpora_root(args.corpora)
    if root is None:
        raise SystemExit("corpora folder not found: pass --corpora DIR")
    path = root / "mt" / "dev.jsonl"
    records = list(read_records(path))
    texts = [r["text"] for r in records]
    y = np.array([r["label"] == "mt" for r in records])
    groups = [r["doc_id"] for r in records]

    oof = np.zeros(len(texts))
    for train, held in GroupKFold(n_splits=5).split(texts, y, groups):
        vec = make_vectorizer()
        model = make_model().fit(vec.fit_transform([texts[i] for i in train]), y[train])
        oof[held] = model.predict_proba(vec.transform([texts[i] for i in held]))[:, 1]
    fpr, tpr, thresholds = roc_curve(y, oof)
    ok = [(t, r) for f, r, t in zip(fpr, tpr, thresholds, strict=True) if f <= args.max_fpr]
    threshold, recall = min(ok, key=lambda tr: tr[0])

    vec = make_vectorizer()
    model = make_model().fit(vec.fit_transform(texts), y)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    data = {
        "version": MODEL_VERSION,
        "trained_on": {
            "file": "corpora/mt/dev.jsonl",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "documents": len(texts),
        },
        "token_pattern": TOKEN_PATTERN,
        "ngram_range": [1, 2],
        "threshold": round(float(threshold), 6),
        "cv": {
            "roc_auc": round(float(roc_auc_score(y, oof)), 4),
            "recall_at_threshold": round(float(recall), 4),
            "max_fpr": args.max_fpr,
        },
        "intercept": float(model.intercept_[0]),
        "features": vocab,
        "idf": [round(float(v), 6) for v in vec.idf_],
        "coef": [round(float(v), 6) for v in model.coef_[0]],
    }
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {len(vocab)} features, threshold {threshold:.4f}, "
        f"out-of-fold ROC AUC {data['cv']['roc_auc']}, recall {recall:.3f} at FPR <= "
        f"{args.max_fpr}"
    )


if __name__ == "__main__":
    main()
