"""Fit the refusal rules' score (rag.evidence.rules) on the decision tuner's examples.

    python -m eval.tune.rules --fit $CMRC_FIT/qa.jsonl=$CMRC_FIT/corpus.jsonl --fit eval/datasets/article.jsonl \\
        --examples DIR

The rules refuse on hard evidence first; what they leave is scored by a logistic regression over the
graded signals named in rag/data/fitted/refusal.json (missing words, coverage, cue, meaning), fitted
(scikit-learn, class-balanced, every dataset weighing the same) on the examples of eval.tune.decision
that no hard rule decides and that are asked in the corpus's language: answerable as asked vs. the
rest (paragraph hidden, another subject, party, period, number or attribute). The threshold is the
lowest whose cross-validated false refusals (mean over the datasets) are at most --max-false-refusal.

    python -m eval.tune.rules --threshold-only --fit $CMRC_FIT/qa.jsonl=$CMRC_FIT/corpus.jsonl \
        --fit eval/datasets/article.jsonl

keeps the weights and bias and sets only the threshold: the lowest at which, on every dataset, at most
--max-false-refusal of the answerable questions asked as they are are refused, by a hard rule or by the
score (the false refusals `rag eval` reports). Only the questions as asked are needed (minutes, not the
decision tuner's variants).
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


def refused_as_asked(examples, rules: RefusalRules, threshold: float) -> float:
    """Share of answerable-as-asked examples the rules refuse at `threshold`: a broken constraint
    refuses whatever the score (rag.evidence.rules); cross-lingual ones are decided by other rules."""
    same = [e for e in examples if not e.features["cross_lingual"]]
    return sum(1 for e in same if any(e.features[h] > 0 for h in CONSTRAINTS)
               or rules.score(e.features) >= threshold) / max(1, len(same))


def dataset_name(spec: str) -> str:
    """cmrc2018-fit/qa.jsonl for `.../cmrc2018-fit/qa.jsonl=.../corpus.jsonl`: the folder says which."""
    path = spec.split("=")[0]
    return path.rsplit("/", 2)[-2] + "/" + Path(path).name if "/" in path else path


def fit_threshold(args) -> int:
    from eval.tune.decision import collect

    rules = RefusalRules()
    by_source = {dataset_name(spec): [e for e in collect(spec, args.index_root, args.every, variants=False,
                                                                         gold_only=False)
                                                 if e.label == ANSWER] for spec in args.fit}
    threshold = next((float(round(t, 2)) for t in np.arange(0.5, 1.0, 0.01)
                      if all(refused_as_asked(xs, rules, t) <= args.max_false_refusal for xs in by_source.values())),
                     None)
    if threshold is None:
        print(f"no threshold below 1 keeps false refusals at most {args.max_false_refusal}")
        return 1
    for source, xs in by_source.items():
        print(f"{source}: {len(xs)} answerable questions as asked; refused at {rules.threshold} (now): "
              f"{refused_as_asked(xs, rules, rules.threshold):.3f}, at {threshold}: {refused_as_asked(xs, rules, threshold):.3f}")
    data = {**read_fitted("refusal"), "threshold": threshold,
            "threshold_note": f"python -m eval.tune.rules --threshold-only: the lowest at which at most "
                              f"{args.max_false_refusal:.0%} of each fitted dataset's answerable questions (as asked) "
                              f"are refused; fitted on "
                              + ", ".join(by_source)}
    if not args.dry_run:
        print(f"wrote {write_fitted('refusal', data)}")
    return 0


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
    ap.add_argument("--threshold-only", action="store_true", help="keep the weights and bias, set the threshold")
    args = ap.parse_args(argv)
    if args.threshold_only:
        return fit_threshold(args)

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
            "fitted_on": [dataset_name(s) for s in args.fit],
            "weights": {n: round(float(v), 4) for n, v in zip(names, model.coef_[0])},
            "bias": round(float(model.intercept_[0]), 4), "threshold": threshold}
    data.pop("threshold_note", None)
    print(data["weights"], data["bias"])
    if not args.dry_run:
        print(f"wrote {write_fitted('refusal', data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
