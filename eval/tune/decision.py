"""Fit the answer / qualify / refuse decision (rag.evidence.decision) on many labelled questions.

    python -m eval.tune.decision --fit $CMRC_FIT/qa.jsonl=$CMRC_FIT/corpus.jsonl \\
        --fit eval/datasets/article.jsonl --check $CMRC_TRIAL/qa.jsonl=$CMRC_TRIAL/corpus.jsonl

Every answerable question of a fitting set is asked as written, with its gold paragraph hidden, and
about another subject, number or attribute (eval.tune.examples); the pipeline's signals for each
(rag.evidence.signals) are the features. Boosted trees (LightGBM, exported to JSON; or with --model
logistic a scikit-learn logistic regression), class-balanced, are chosen by 5-fold cross-validation
grouped by source question; the constraint checks that almost never fail on answerable questions
become vetoes (no "answer" while one fires); and the
offset of "answer" is set so that at most --max-false-refusal of the answerable questions are
refused or qualified in cross-validation (the mean of each dataset's own rate). The model is
written to rag/data/fitted/decision.json (unless --dry-run); the check sets are only reported.
`DATASET=CORPUS` pairs a dataset with its corpus; a bare dataset uses the bundled article.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

from eval.dataset import load_dataset
from eval.tune.examples import (
    ANSWER,
    QUALIFY,
    REFUSE,
    Example,
    corpus_nouns,
    corpus_parties,
    holds_gold,
    swap_attribute,
    swap_number,
    swap_party,
    swap_period,
    swap_subject,
)
from eval.tune.forest import export_forest, forest_json
from rag.config import Config
from rag.evidence.signals import CONSTRAINTS
from rag.fitted import write_fitted
from rag.forest import Forest

CLASSES = (ANSWER, QUALIFY, REFUSE)
TREE_DEPTH = 3  # depth of each boosted tree (8 leaves): interactions of three signals at most
VETO_CANDIDATES = CONSTRAINTS  # a check that almost never fails on answerable questions may veto answering
MIN_FIRINGS = 5  # a constraint seen fewer times than this is left to the model


def open_spec(spec: str, root: str):
    """(config, store, embedder, items) of DATASET[=CORPUS], the index kept under `root` between runs."""
    from index.build import open_index
    from rag.factory import make_embedder

    dataset, _, corpus = spec.partition("=")
    name = (Path(corpus).parent.name or "article") + "-" + hashlib.sha1(corpus.encode()).hexdigest()[:8]
    # refusal off: the tuners read the signals, they do not need a decision (nor the model being fitted)
    cfg = Config(corpus=(corpus,) if corpus else (), index_dir=str(Path(root) / name), refusal=False)
    embedder = make_embedder(cfg)
    store = open_index(cfg, embedder, progress=True)
    return cfg, store, embedder, [i for i in load_dataset(dataset) if i.question.strip()]


def collect(spec: str, root: str, every: int = 1, seed: int = 0, variants: bool = True,
            gold_only: bool = True) -> list[Example]:
    """Labelled examples of one dataset (see eval.tune.examples); an answerable question as asked is
    kept only when its evidence holds the gold answer, unless not `gold_only` (as `rag eval` counts)."""
    from tqdm import tqdm

    from eval.tune.hidden import HiddenDocStore
    from rag.factory import make_pipeline

    cfg, store, embedder, items = open_spec(spec, root)
    pipeline = make_pipeline(cfg, store, embedder)
    rng = random.Random(seed)
    titles = {d.id: d.title for d in store.documents.values()}
    texts = {d.id: d.text for d in store.documents.values()}
    nouns = corpus_nouns(texts.values()) if variants else []
    sentences = [s.text for s in store.sentences]
    parties = corpus_parties(sentences, pipeline.names.names_in) if variants else []
    hidden: dict[str, object] = {}
    out: list[Example] = []

    def ask(p, item, question, variant, label_of):
        ins = p.inspect(question, item.history)
        if ins.signals is not None:
            label = label_of(ins.candidates)
            if label:
                out.append(Example(item.id, variant, question, label, ins.signals.features()))

    for item in tqdm(items[::every], desc=Path(spec.split("=")[0]).name, unit="q", file=sys.stderr):
        if not item.answerable:
            ask(pipeline, item, item.question, "unanswerable", lambda c: REFUSE)
            continue
        ask(pipeline, item, item.question, "asked",
            lambda c, item=item: ANSWER if holds_gold(c, item) or not gold_only else None)
        if not variants or not item.doc_ids:
            continue
        gold = " ".join(texts.get(d, "") for d in item.doc_ids)
        near = lambda c, item=item: QUALIFY if holds_gold(c, item, depth=1) else REFUSE  # noqa: E731
        if len(store.documents) > 1:
            key = "|".join(item.doc_ids)
            if key not in hidden:
                hidden[key] = make_pipeline(cfg, HiddenDocStore(store, set(item.doc_ids)), embedder)
            ask(hidden[key], item, item.question, "hidden", lambda c: REFUSE)
            other = swap_subject(item, titles, texts, rng)
            if other:
                ask(pipeline, item, other, "subject", near)
        other = swap_number(item, gold, rng)
        if other:
            ask(pipeline, item, other, "number", near)
        other = swap_attribute(item, gold, nouns, rng)
        if other:
            ask(pipeline, item, other, "attribute", lambda c: REFUSE)
        other = swap_period(item, gold, rng)
        if other:
            ask(pipeline, item, other, "period", near)
        other = swap_party(item, parties, sentences, rng)
        if other:
            ask(pipeline, item, other, "party", near)
    return out


def cached(spec: str, args, make) -> list[Example]:
    """The examples of `spec`, read from --examples when kept there, else collected (and kept)."""
    import json
    from dataclasses import asdict

    source = Path(spec.split("=")[0]).name
    if not args.examples:
        return [replace(e, source=source) for e in make(spec)]
    path = Path(args.examples) / (hashlib.sha1(f"{spec}|{args.every}".encode()).hexdigest()[:12] + ".jsonl")
    if path.exists():
        return [Example(**{**json.loads(line), "source": source}) for line in path.read_text(encoding="utf-8").splitlines()]
    examples = [replace(e, source=source) for e in make(spec)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in examples), encoding="utf-8")
    return examples


def matrix(examples: list[Example], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[e.features[n] for n in names] for e in examples], dtype=np.float64)
    y = np.array([CLASSES.index(e.label) for e in examples])
    return x, y


def fit_model(x: np.ndarray, y: np.ndarray, c: float, weight: np.ndarray | None = None, kind: str = "trees"):
    """A fitted classifier with decision scores (`scores(model, x)`): LightGBM trees of depth TREE_DEPTH
    (`c` = number of trees) or a scikit-learn logistic regression (`c` = its C), class-balanced."""
    if kind == "trees":
        import lightgbm as lgb

        model = lgb.LGBMClassifier(objective="multiclass", n_estimators=int(c), learning_rate=0.05, max_depth=TREE_DEPTH,
                                   num_leaves=2**TREE_DEPTH, min_child_samples=20, subsample=0.8, subsample_freq=1,
                                   colsample_bytree=0.8, class_weight="balanced", random_state=0, n_jobs=1,
                                   deterministic=True, verbose=-1)
        return model.fit(x, y, sample_weight=weight)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(C=c, class_weight="balanced", max_iter=2000))
    return model.fit(x, y, logisticregression__sample_weight=weight)


def scores(model, x: np.ndarray) -> np.ndarray:
    """One score per class (rows x classes): the trees' raw sums or the logistic's linear scores."""
    if hasattr(model, "booster_"):
        return model.predict(x, raw_score=True)
    return model.decision_function(x)


def vetoes(x: np.ndarray, y: np.ndarray, names: list[str], most: float) -> list[str]:
    """The constraint signals (VETO_CANDIDATES) that fire at least MIN_FIRINGS times and on answerable
    questions at most `most` of those times: while one fires, the evidence is not given as the answer."""
    answerable = y == CLASSES.index(ANSWER)
    out = []
    for name in VETO_CANDIDATES:
        fires = x[:, names.index(name)] > 0
        if fires.sum() >= MIN_FIRINGS and (fires & answerable).sum() <= most * fires.sum():
            out.append(name)
    return out


def apply_vetoes(s: np.ndarray, x: np.ndarray, names: list[str], veto: list[str]) -> np.ndarray:
    """Scores with "answer" out of reach where a veto fires."""
    s = s.copy()
    if veto:
        fires = (x[:, [names.index(v) for v in veto]] > 0).any(axis=1)
        s[fires, CLASSES.index(ANSWER)] = -1e9
    return s


def weights(examples: list[Example]) -> np.ndarray:
    """Per example, so that every dataset weighs the same in total (a few dozen article questions
    against thousands of CMRC ones), with a mean of 1."""
    sizes = Counter(e.source for e in examples)
    w = np.array([len(examples) / (len(sizes) * sizes[e.source]) for e in examples])
    return w / w.mean()


def decisions(scores: np.ndarray, answer_offset: float) -> np.ndarray:
    shifted = scores.copy()
    shifted[:, CLASSES.index(ANSWER)] += answer_offset
    return shifted.argmax(axis=1)


def cross_validated_scores(x, y, groups, c: float, weight=None, folds: int = 5, kind: str = "trees") -> np.ndarray:
    """Out-of-fold decision scores (one row per example, one column per class)."""
    from sklearn.model_selection import GroupKFold

    out = np.zeros((len(y), len(CLASSES)))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        w = None if weight is None else weight[train]
        out[test] = scores(fit_model(x[train], y[train], c, w, kind), x[test])
    return out


def rates(pred: np.ndarray, y: np.ndarray, sources: np.ndarray | None = None) -> dict[str, float]:
    """False refusals (answerable refused or qualified), refusals of the rest, qualify precision.
    With `sources`, each rate is the mean of the datasets' own rates: a few dozen article questions
    count as much as thousands of CMRC ones."""
    if sources is not None and len(set(sources)) > 1:
        per = [rates(pred[sources == s], y[sources == s]) for s in sorted(set(sources))]
        return {k: float(np.nanmean([r[k] for r in per])) for k in per[0]}
    a = y == CLASSES.index(ANSWER)
    neg = ~a
    q = pred == CLASSES.index(QUALIFY)
    return {"false_refusal": float((pred[a] != CLASSES.index(ANSWER)).mean()) if a.any() else float("nan"),
            "refused_or_qualified": float((pred[neg] != CLASSES.index(ANSWER)).mean()) if neg.any() else float("nan"),
            "qualify_right": float((y[q] == CLASSES.index(QUALIFY)).mean()) if q.any() else float("nan")}


def offset_for(scores: np.ndarray, y: np.ndarray, max_false_refusal: float, sources: np.ndarray | None = None) -> float:
    """The smallest answer offset (>= 0) whose false-refusal rate (mean over datasets) is at most the target."""
    for offset in np.arange(0.0, 6.01, 0.05):
        if rates(decisions(scores, offset), y, sources)["false_refusal"] <= max_false_refusal:
            return float(round(offset, 2))
    return 6.0


def report(name: str, examples: list[Example], pred: np.ndarray, y: np.ndarray) -> None:
    print(f"{name}: {len(examples)} examples {dict(Counter(e.label for e in examples))}", rates(pred, y))
    for source in sorted({e.source for e in examples}):
        idx = np.array([i for i, e in enumerate(examples) if e.source == source])
        print(f"  dataset {source}: {len(idx)} examples", rates(pred[idx], y[idx]))
    for variant in sorted({e.variant for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.variant == variant]
        got = Counter(CLASSES[p] for p in pred[idx])
        print(f"  {variant:12s} n={len(idx):5d} -> " + ", ".join(f"{k} {got[k] / len(idx):.3f}" for k in CLASSES))


def model_data(model, kind: str, names: list[str], veto: list[str], offset: float, c: float, cv: dict) -> dict:
    """The fitted file's contents for `model`."""
    common = {
        "part": "answer / qualify / refuse decision (rag.evidence.decision): a fitted model over named signals",
        "classes": list(CLASSES), "features": names, "vetoes": veto, "class_offsets": {ANSWER: offset},
        "cross_validated": {k: round(v, 4) for k, v in cv.items()},
    }
    if kind == "trees":
        forest = export_forest(model.booster_, TREE_DEPTH)
        k = len(CLASSES)  # LightGBM keeps one tree per class and round, round after round
        per_class = {cls: Forest(forest.depth, forest.feature[i::k], forest.threshold[i::k], forest.value[i::k])
                     for i, cls in enumerate(CLASSES)}
        return {**common, "fitted_by": "python -m eval.tune.decision (LightGBM multiclass trees, class-balanced, "
                                       "grouped 5-fold CV; trees exported to JSON)",
                "trees_and_depth": [int(c), TREE_DEPTH],
                "trees": {cls: forest_json(f) for cls, f in per_class.items()}}
    scaler, logistic = model.steps[0][1], model.steps[1][1]
    return {**common, "fitted_by": "python -m eval.tune.decision (scikit-learn LogisticRegression, class-balanced, "
                                   "grouped 5-fold CV)",
            "regularisation_C": c,
            "mean": [round(float(v), 6) for v in scaler.mean_], "scale": [round(float(v), 6) for v in scaler.scale_],
            "coef": [[round(float(v), 6) for v in row] for row in logistic.coef_],
            "intercept": [round(float(v), 6) for v in logistic.intercept_]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", action="append", required=True, help="DATASET[=CORPUS] to fit on")
    ap.add_argument("--check", action="append", default=[], help="DATASET[=CORPUS], reported only")
    ap.add_argument("--index-root", default=str(Path(tempfile.gettempdir()) / "rag-tune"), help="indexes kept here")
    ap.add_argument("--every", type=int, default=1, help="use every N-th question (faster)")
    ap.add_argument("--max-false-refusal", type=float, default=0.03)
    ap.add_argument("--model", choices=("trees", "logistic"), default="trees")
    ap.add_argument("--veto-most", type=float, default=0.02,
                    help="a constraint becomes a veto when at most this share of its firings are on answerable questions")
    ap.add_argument("--dry-run", action="store_true", help="report, do not write the model")
    ap.add_argument("--examples", help="folder to keep the collected examples in (reused when present)")
    args = ap.parse_args(argv)

    fit = [e for spec in args.fit for e in cached(spec, args, lambda s: collect(s, args.index_root, args.every))]
    names = list(fit[0].features)
    x, y = matrix(fit, names)
    groups = np.array([e.group for e in fit])
    sources = np.array([e.source for e in fit])
    weight = weights(fit)
    veto = vetoes(x, y, names, args.veto_most)
    print(f"vetoes: {veto}")
    best = None
    for c in ((100, 200, 400) if args.model == "trees" else (0.03, 0.1, 0.3, 1.0, 3.0)):
        cv_scores = apply_vetoes(cross_validated_scores(x, y, groups, c, weight, kind=args.model), x, names, veto)
        offset = offset_for(cv_scores, y, args.max_false_refusal, sources)
        r = rates(decisions(cv_scores, offset), y, sources)
        print(f"{args.model} {c}: answer offset {offset}, cross-validated {r}")
        if best is None or r["refused_or_qualified"] > best[2]["refused_or_qualified"]:
            best = (c, offset, r, cv_scores)
    c, offset, cv, cv_scores = best
    report(f"cross-validated ({args.model} {c}, answer offset {offset})", fit, decisions(cv_scores, offset), y)
    model = fit_model(x, y, c, weight, args.model)
    data = model_data(model, args.model, names, veto, offset, c, cv)
    data["fitted_on"] = [s.split("=")[0].rsplit("/", 2)[-2] + "/" + Path(s.split("=")[0]).name if "/" in s else s
                         for s in args.fit]
    if args.model == "trees":  # the JSON trees must give what LightGBM gives
        from rag.evidence.decision import DecisionModel

        walked = DecisionModel(data)
        gap = max(abs(walked.scores(dict(zip(names, row)))[cls] - raw[i]) for row, raw in zip(x[:500], scores(model, x[:500]))
                  for i, cls in enumerate(CLASSES))
        print(f"JSON trees against LightGBM: largest score difference {gap:.2e}")
    for spec in args.check:
        examples = cached(spec, args, lambda s: collect(s, args.index_root))
        xc, yc = matrix(examples, names)
        report(f"check {Path(spec.split('=')[0]).name}", examples,
               decisions(apply_vetoes(scores(model, xc), xc, names, veto), offset), yc)
    if not args.dry_run:
        print(f"wrote {write_fitted('decision', data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
