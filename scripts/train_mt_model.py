"""Train the document-level machine-translation signal (TRN007) on dev splits only.

    pip install '.[train]' && python scripts/train_mt_model.py [--corpora ../shared/corpora]

Data (dev splits only, never test): positives are the machine translations of corpora/mt;
negatives are its human translations and English-original news: attribution/polnear (US
political news), sources (version 2, articles from rated and unrated outlets), readability
(OneStopEnglish, English records) and attribution (GUM news). Each text is cut into windows
of about 500 words (`rules/translation/mt_features.py`); English originals give at most
`--windows-per-original` windows each.

Features (the rule's own featuriser, imported, so training and run time agree): typography
normalised; function words kept, other words reduced to their shape; reporting verbs masked;
uni- to trigrams of that sequence as sublinear TF-IDF (l2) plus five standardised document
statistics (at a small scale). Learner: an l2 logistic regression (scikit-learn); human
translations weigh as much as the machine translations, English originals a tenth (SHARE).

Calibration and threshold, on out-of-fold predictions (5 folds grouped by source document, so
a document's human and machine versions, or an original's windows, never straddle folds): a
document's score is the mean logit of its windows; a Platt (logistic) fit on those scores
with the dev documents' natural mix makes it a probability. The threshold is the lowest
probability whose out-of-fold false-positive rate is at most `--max-fpr-originals` on
English originals and `--max-fpr-human` on human translations.

Writes rules/translation/data/mt_model.json: lexicon, vocabulary, idf, coefficients, the
statistics' means and spreads, the calibration, the threshold, the data's hashes and the
out-of-fold figures (AUC, Brier score, a reliability table, and the Spearman correlation of
the probability with "said" per 1,000 words on the English originals). The rule applies it
with no scikit-learn at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from scipy.stats import spearmanr
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import GroupKFold

from auditor.evaluation.corpora import corpora_root, read_records
from auditor.rules.translation import mt_features as F

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "rules" / "translation" / "data"
OUT = DATA / "mt_model.json"
_LOWER_WORD = re.compile(r"(?<![\w'])[a-z]+(?![\w'])")
_SAID = re.compile(r"\bsaid\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
MODEL_VERSION = 2

# (name, path under corpora, filter) of the English-original corpora, dev split.
ORIGINALS = [
    ("polnear", "attribution/polnear", lambda r: True),
    ("sources", "sources", lambda r: True),
    ("onestopenglish", "readability", lambda r: r.get("lang") == "en"),
    ("gum", "attribution", lambda r: True),
]


def _words(name: str) -> frozenset[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return frozenset(
        w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")
    )


def lexicon(docs: list[dict] | None = None, common: int = 0) -> F.Lexicon:
    """The featuriser's word lists; with `docs`, also the `common` lower-case words found in
    the most English-original documents (dev only), which the featuriser keeps as words."""
    function, masked = _words("mt_function_words_en.txt"), _words("mt_masked_words_en.txt")
    df: Counter[str] = Counter()
    for d in docs or []:
        if d["kind"] == "original":
            df.update({w for w in _LOWER_WORD.findall(F.normalise_typography(d["text"]))})
    ranked = [w for w, _ in df.most_common() if w not in masked and w not in function]
    return F.Lexicon(function, masked, frozenset(ranked[:common]))


def load_dev(root: Path, split: str = "dev") -> Iterator[dict]:
    """Every dev document as {text, y (1 = MT), kind, group, pair, system}."""
    for r in read_records(root / "mt" / f"{split}.jsonl"):
        mt = r["label"] == "mt"
        yield {
            "text": r["text"],
            "y": int(mt),
            "kind": "mt" if mt else "human",
            "group": r["doc_id"],
            "pair": r["lang_pair"],
            "system": r["system"],
        }
    for name, sub, keep in ORIGINALS:
        path = root / sub / f"{split}.jsonl"
        for r in read_records(path):
            if keep(r) and len(r.get("text") or "") >= 200:
                yield {
                    "text": r["text"],
                    "y": 0,
                    "kind": "original",
                    "group": f"{name}:{r.get('doc_id') or r['id']}",
                    "pair": name,
                    "system": name,
                }


def make_model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000)


class Featuriser:
    """Fits the vocabulary, idf and the statistics' scaling on training windows."""

    def __init__(self, min_df: int, max_features: int, dense_scale: float) -> None:
        self.min_df, self.max_features, self.dense_scale = min_df, max_features, dense_scale

    def fit(self, grams: list[dict], dense: np.ndarray) -> Featuriser:
        df: dict[str, int] = {}
        for g in grams:
            for k in g:
                df[k] = df.get(k, 0) + 1
        keep = sorted((k for k, v in df.items() if v >= self.min_df), key=lambda k: (-df[k], k))
        self.vocab = sorted(keep[: self.max_features])
        self.dv = DictVectorizer(sparse=True)
        self.dv.fit([{k: 1 for k in self.vocab}])
        self.tfidf = TfidfTransformer(sublinear_tf=True).fit(self.dv.transform(grams))
        self.mu = dense.mean(axis=0)
        self.sd = dense.std(axis=0) + 1e-9
        return self

    def transform(self, grams: list[dict], dense: np.ndarray) -> csr_matrix:
        sparse = self.tfidf.transform(self.dv.transform(grams))
        scaled = (dense - self.mu) / self.sd * self.dense_scale
        return hstack([sparse, csr_matrix(scaled)]).tocsr()


def featurise(docs: list[dict], lex: F.Lexicon, per_original: int):
    """Windows of every document: n-gram counts, statistics, labels, weights, doc index."""
    grams, dense, doc_of = [], [], []
    for i, d in enumerate(docs):
        wins = F.windows(d["text"], lex)
        if d["kind"] == "original":
            wins = wins[:per_original]
        for w in wins:
            grams.append(dict(w.ngrams()))
            dense.append([w.dense()[k] for k in F.DENSE])
            doc_of.append(i)
    return grams, np.array(dense), np.array(doc_of)


# Total weight of each kind's windows, relative to the machine translations. Human translations
# weigh as much as machine ones (they are the hard negatives); English originals are easy to
# tell from translations and at 0.5 they pulled the model off the human-vs-MT boundary (dev
# out-of-fold AUC human vs MT 0.71 at 0.5, 0.76 at 0.1, with no rise in false positives on
# originals).
SHARE = {"mt": 1.0, "human": 1.0, "original": 0.1}


def window_weights(docs: list[dict], doc_of: np.ndarray) -> np.ndarray:
    """Window weights giving each kind of document its SHARE of the total."""
    kinds = np.array([docs[i]["kind"] for i in doc_of])
    w = np.zeros(len(kinds))
    share = SHARE
    for k, s in share.items():
        n = (kinds == k).sum()
        if n:
            w[kinds == k] = s * len(kinds) / (2 * n)
    return w


def doc_scores(logits: np.ndarray, doc_of: np.ndarray, n_docs: int) -> np.ndarray:
    total, count = np.zeros(n_docs), np.zeros(n_docs)
    np.add.at(total, doc_of, logits)
    np.add.at(count, doc_of, 1)
    return np.where(count > 0, total / np.maximum(count, 1), -10.0)


def out_of_fold(docs, grams, dense, doc_of, args) -> np.ndarray:
    y_win = np.array([docs[i]["y"] for i in doc_of])
    groups = np.array([docs[i]["group"] for i in doc_of])
    weights = window_weights(docs, doc_of)
    logits = np.zeros(len(doc_of))
    for train, held in GroupKFold(n_splits=5).split(doc_of, y_win, groups):
        feat = Featuriser(args.min_df, args.max_features, args.dense_scale).fit(
            [grams[i] for i in train], dense[train]
        )
        model = make_model(args.C).fit(
            feat.transform([grams[i] for i in train], dense[train]),
            y_win[train],
            sample_weight=weights[train],
        )
        logits[held] = model.decision_function(
            feat.transform([grams[i] for i in held], dense[held])
        )
    return doc_scores(logits, doc_of, len(docs))


def platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict]:
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = (p >= lo) & ((p < hi) if b < bins - 1 else (p <= hi))
        if sel.any():
            rows.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "documents": int(sel.sum()),
                    "mean_probability": round(float(p[sel].mean()), 4),
                    "share_mt": round(float(y[sel].mean()), 4),
                }
            )
    return rows


def choose_threshold(p, docs, max_orig, max_human) -> float:
    kinds = np.array([d["kind"] for d in docs])
    for t in np.unique(np.round(p, 6)):
        flagged = p >= t
        fpr_o = flagged[kinds == "original"].mean()
        fpr_h = flagged[kinds == "human"].mean()
        if fpr_o <= max_orig and fpr_h <= max_human:
            return float(t)
    return 1.0


def _said_rate(text: str) -> float:
    return 1000 * len(_SAID.findall(text)) / max(len(_WORD.findall(text)), 1)


def summary(p, docs, threshold) -> dict:
    y = np.array([d["y"] for d in docs])
    kinds = np.array([d["kind"] for d in docs])
    flagged = p >= threshold
    trans = kinds != "original"
    out = {
        "roc_auc_mt_vs_human": round(float(roc_auc_score(y[trans], p[trans])), 4),
        "roc_auc_mt_vs_all": round(float(roc_auc_score(y, p)), 4),
        "recall_at_threshold": round(float(flagged[kinds == "mt"].mean()), 4),
        "fpr_human_at_threshold": round(float(flagged[kinds == "human"].mean()), 4),
        "fpr_originals_at_threshold": round(float(flagged[kinds == "original"].mean()), 4),
        "brier": round(float(brier_score_loss(y, p)), 4),
        # should be near 0: the probability must not follow the rate of "said" (issue #15)
        "spearman_p_vs_said_per_1000_words_originals": round(
            float(
                spearmanr(
                    p[kinds == "original"],
                    [_said_rate(d["text"]) for d in docs if d["kind"] == "original"],
                )[0]
            ),
            4,
        ),
        "reliability": reliability(p, y),
        "by_pair": {},
    }
    for pair in sorted({d["pair"] for d in docs}):
        sel = np.array([d["pair"] == pair for d in docs])
        row = {"documents": int(sel.sum()), "flagged": round(float(flagged[sel].mean()), 4)}
        if len(set(y[sel])) == 2:
            row["roc_auc"] = round(float(roc_auc_score(y[sel], p[sel])), 4)
        out["by_pair"][pair] = row
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=None)
    parser.add_argument("--C", type=float, default=3.0)
    parser.add_argument("--min-df", type=int, default=3)
    parser.add_argument("--max-features", type=int, default=30000)
    parser.add_argument("--common-words", type=int, default=5000)
    # The statistics enter at a small scale: at unit scale beside l2-normalised n-grams they
    # drowned the n-grams (dev AUC human vs MT 0.72 against 0.82 at 0.03).
    parser.add_argument("--dense-scale", type=float, default=0.03)
    parser.add_argument("--windows-per-original", type=int, default=3)
    # 0.5% and 4%: margins under the 1% and 5% the family aims for on unseen text, since
    # out-of-fold rates on dev spread between folds.
    parser.add_argument("--max-fpr-originals", type=float, default=0.005)
    parser.add_argument("--max-fpr-human", type=float, default=0.04)
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--dry-run", action="store_true", help="report figures, write nothing")
    args = parser.parse_args()
    root = corpora_root(args.corpora)
    if root is None:
        raise SystemExit("corpora folder not found: pass --corpora DIR")
    docs = list(load_dev(root))
    lex = lexicon(docs, args.common_words)
    grams, dense, doc_of = featurise(docs, lex, args.windows_per_original)
    y = np.array([d["y"] for d in docs])

    oof = out_of_fold(docs, grams, dense, doc_of, args)
    a, b = platt(oof, y)
    p = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    threshold = choose_threshold(p, docs, args.max_fpr_originals, args.max_fpr_human)
    cv = summary(p, docs, threshold)
    print(json.dumps({k: v for k, v in cv.items() if k != "reliability"}, indent=1))
    for row in cv["reliability"]:
        print(row)
    print(f"threshold {threshold:.4f}")
    if args.dry_run:
        return

    y_win = np.array([docs[i]["y"] for i in doc_of])
    feat = Featuriser(args.min_df, args.max_features, args.dense_scale).fit(grams, dense)
    model = make_model(args.C).fit(
        feat.transform(grams, dense), y_win, sample_weight=window_weights(docs, doc_of)
    )
    n_sparse = len(feat.dv.feature_names_)
    names = list(feat.dv.feature_names_)
    coef = model.coef_[0]
    files = sorted({root / sub / "dev.jsonl" for _, sub, _ in ORIGINALS} | {root / "mt/dev.jsonl"})
    data = {
        "version": MODEL_VERSION,
        "date": date.today().isoformat(),
        "trained_on": {
            str(f.relative_to(root)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files
        },
        "documents": {
            k: int(sum(d["kind"] == k for d in docs)) for k in ("mt", "human", "original")
        },
        "windows": int(len(doc_of)),
        "settings": {
            "C": args.C,
            "min_df": args.min_df,
            "max_features": args.max_features,
            "windows_per_original": args.windows_per_original,
            "common_words": args.common_words,
            "dense_scale": args.dense_scale,
            "max_fpr_originals": args.max_fpr_originals,
            "max_fpr_human": args.max_fpr_human,
        },
        "window_words": F.WINDOW_WORDS,
        "ngram_max": F.NGRAM_MAX,
        "function_words": sorted(lex.function_words),
        "masked_words": sorted(lex.masked_words),
        "common_words": sorted(lex.common_words),
        "threshold": round(threshold, 6),
        "calibration": {"a": a, "b": b},
        "cv": cv,
        "intercept": float(model.intercept_[0]),
        "features": names,
        "idf": [round(float(v), 6) for v in feat.tfidf.idf_],
        "coef": [round(float(v), 6) for v in coef[:n_sparse]],
        "dense_scale": args.dense_scale,
        "dense": [
            {"name": k, "mean": float(m), "sd": float(s), "coef": float(c)}
            for k, m, s, c in zip(F.DENSE, feat.mu, feat.sd, coef[n_sparse:], strict=True)
        ],
    }
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    top = sorted(zip(coef[:n_sparse], names, strict=True))
    print("most human/original:", [n for _, n in top[:15]])
    print("most MT:", [n for _, n in top[-15:]])
    print(f"wrote {args.out}: {n_sparse} n-grams + {len(F.DENSE)} statistics")


if __name__ == "__main__":
    main()
