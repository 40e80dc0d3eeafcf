"""Fit the answer / qualify / refuse decision (rag.evidence.decision) on many labelled questions.

    python -m eval.tune.decision --fit $CMRC_FIT/qa.jsonl=$CMRC_FIT/corpus.jsonl \\
        --fit eval/datasets/article.jsonl --check $CMRC_TRIAL/qa.jsonl=$CMRC_TRIAL/corpus.jsonl

Every answerable question of a fitting set is asked as written, with its gold paragraph hidden, and
about another subject, number or attribute (eval.tune.examples); the pipeline's signals for each
(rag.evidence.signals) are the features. A multinomial logistic regression (scikit-learn, standardised
features, class-balanced) is chosen by 5-fold cross-validation grouped by source question, and the
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
from rag.config import Config
from rag.fitted import read_fitted, write_fitted

CLASSES = (ANSWER, QUALIFY, REFUSE)


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


def collect(spec: str, root: str, every: int = 1, seed: int = 0, variants: bool = True) -> list[Example]:
    """Labelled examples of one dataset (see eval.tune.examples)."""
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
        ask(pipeline, item, item.question, "asked", lambda c, item=item: ANSWER if holds_gold(c, item) else None)
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


def fit_model(x: np.ndarray, y: np.ndarray, c: float, weight: np.ndarray | None = None):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(C=c, class_weight="balanced", max_iter=2000))
    return model.fit(x, y, logisticregression__sample_weight=weight)


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


def cross_validated_scores(x, y, groups, c: float, weight=None, folds: int = 5) -> np.ndarray:
    """Out-of-fold decision scores (one row per example, one column per class)."""
    from sklearn.model_selection import GroupKFold

    scores = np.zeros((len(y), len(CLASSES)))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        w = None if weight is None else weight[train]
        scores[test] = fit_model(x[train], y[train], c, w).decision_function(x[test])
    return scores


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", action="append", required=True, help="DATASET[=CORPUS] to fit on")
    ap.add_argument("--check", action="append", default=[], help="DATASET[=CORPUS], reported only")
    ap.add_argument("--index-root", default=str(Path(tempfile.gettempdir()) / "rag-tune"), help="indexes kept here")
    ap.add_argument("--every", type=int, default=1, help="use every N-th question (faster)")
    ap.add_argument("--max-false-refusal", type=float, default=0.02)
    ap.add_argument("--dry-run", action="store_true", help="report, do not write the model")
    ap.add_argument("--examples", help="folder to keep the collected examples in (reused when present)")
    args = ap.parse_args(argv)

    fit = [e for spec in args.fit for e in cached(spec, args, lambda s: collect(s, args.index_root, args.every))]
    names = list(fit[0].features)
    x, y = matrix(fit, names)
    groups = np.array([e.group for e in fit])
    sources = np.array([e.source for e in fit])
    weight = weights(fit)
    best = None
    for c in (0.03, 0.1, 0.3, 1.0, 3.0):
        scores = cross_validated_scores(x, y, groups, c, weight)
        offset = offset_for(scores, y, args.max_false_refusal, sources)
        r = rates(decisions(scores, offset), y, sources)
        print(f"C={c}: answer offset {offset}, cross-validated {r}")
        if best is None or r["refused_or_qualified"] > best[2]["refused_or_qualified"]:
            best = (c, offset, r, scores)
    c, offset, cv, scores = best
    report(f"cross-validated (C={c}, answer offset {offset})", fit, decisions(scores, offset), y)
    model = fit_model(x, y, c, weight)
    scaler, logistic = model.steps[0][1], model.steps[1][1]
    data = {
        **{k: v for k, v in read_fitted("decision").items() if k in ("part",)},
        "part": "answer / qualify / refuse decision (rag.evidence.decision): multinomial logistic over named signals",
        "fitted_by": "python -m eval.tune.decision (scikit-learn LogisticRegression, class-balanced, grouped 5-fold CV)",
        "fitted_on": [s.split("=")[0].rsplit("/", 2)[-2] + "/" + Path(s.split("=")[0]).name if "/" in s else s
                      for s in args.fit],
        "classes": list(CLASSES), "features": names,
        "mean": [round(float(v), 6) for v in scaler.mean_], "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [[round(float(v), 6) for v in row] for row in logistic.coef_],
        "intercept": [round(float(v), 6) for v in logistic.intercept_],
        "class_offsets": {ANSWER: offset},
        "regularisation_C": c,
        "cross_validated": {k: round(v, 4) for k, v in cv.items()},
    }
    for spec in args.check:
        examples = cached(spec, args, lambda s: collect(s, args.index_root))
        xc, yc = matrix(examples, names)
        report(f"check {Path(spec.split('=')[0]).name}", examples, decisions(model.decision_function(xc), offset), yc)
    if not args.dry_run:
        print(f"wrote {write_fitted('decision', data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
