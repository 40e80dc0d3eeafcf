"""Fit the refusal rules' score (rag.evidence.rules) on the decision tuner's examples.

    python -m eval.tune.rules --fit $CMRC_FIT/qa.jsonl=$CMRC_FIT/corpus.jsonl --fit eval/datasets/article.jsonl \\
        --examples DIR

The rules refuse on hard evidence first; what they leave is scored by a logistic regression over the
graded signals named in rag/data/fitted/refusal.json (missing words, coverage, cue, meaning), fitted
(scikit-learn, class-balanced, every dataset weighing the same) on the examples of eval.tune.decision
that no hard rule decides and that are asked in the corpus's language: answerable as asked vs. the
rest (paragraph hidden, another subject, party, period, number or attribute). The threshold is the
lowest whose cross-validated false refusals (mean over the datasets) are at most --max-false-refusal.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from eval.tune.decision import cached, collect, weights
from eval.tune.examples import ANSWER
from rag.evidence.rules import RefusalRules
from rag.evidence.signals import CONSTRAINTS
from rag.fitted import read_fitted, write_fitted

HARD = CONSTRAINTS + ("cross_lingual",)  # decided before the score (rag.evidence.rules)


def false_refusals(p: np.ndarray, answerable: np.ndarray, sources: np.ndarray, threshold: float) -> float:
    """Mean over datasets of the share of answerable questions scored at or above `threshold`."""
    rates = [float((p[(sources == s) & answerable] >= threshold).mean()) for s in sorted(set(sources))
             if ((sources == s) & answerable).any()]
    return float(np.mean(rates))


def main(argv=None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", action="append", required=True, help="DATASET[=CORPUS] to fit on")
    ap.add_argument("--index-root", default=str(Path(tempfile.gettempdir()) / "rag-tune"), help="indexes kept here")
    ap.add_argument("--examples", help="folder the decision tuner keeps its examples in (reused when present)")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--max-false-refusal", type=float, default=0.03)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)

    examples = [e for spec in args.fit for e in cached(spec, args, lambda s: collect(s, args.index_root, args.every))]
    examples = [e for e in examples if not any(e.features[h] > 0 for h in HARD)]
    names = list(RefusalRules().weights)
    x = np.array([[e.features[n] for n in names] for e in examples])
    y = np.array([e.label != ANSWER for e in examples], dtype=int)  # 1: should not be answered as it stands
    groups = np.array([e.group for e in examples])
    sources = np.array([e.source for e in examples])
    w = weights(examples)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
    p = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        p[test] = model.fit(x[train], y[train], sample_weight=w[train]).predict_proba(x[test])[:, 1]
    threshold = next(float(round(t, 2)) for t in np.arange(0.3, 1.0, 0.01)
                     if false_refusals(p, y == 0, sources, t) <= args.max_false_refusal)
    for s in sorted(set(sources)):
        k = sources == s
        print(f"{s}: {k.sum()} examples, cross-validated at threshold {threshold}: false refusals "
              f"{(p[k & (y == 0)] >= threshold).mean():.3f}, refused {(p[k & (y == 1)] >= threshold).mean():.3f}")
    model.fit(x, y, sample_weight=w)
    data = {**read_fitted("refusal"),
            "fitted_by": "python -m eval.tune.rules (scikit-learn logistic regression, class-balanced, every dataset "
                         "weighing the same; threshold at the cross-validated false-refusal target)",
            "fitted_on": [s.split("=")[0].rsplit("/", 2)[-2] + "/" + Path(s.split("=")[0]).name if "/" in s else s
                          for s in args.fit],
            "weights": {n: round(float(v), 4) for n, v in zip(names, model.coef_[0])},
            "bias": round(float(model.intercept_[0]), 4), "threshold": threshold}
    data.pop("threshold_note", None)
    print(data["weights"], data["bias"])
    if not args.dry_run:
        print(f"wrote {write_fitted('refusal', data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
