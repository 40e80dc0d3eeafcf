"""Fit the extractive answerer's sentence-scoring weights on labelled questions.

For each answerable question, every candidate sentence the pipeline considers is labelled by whether
it contains a key fact; a listwise softmax model (per question, the chance that each candidate is the
answer) is fitted by gradient descent, with L2 regularisation towards the current weights. Writes
the weights to `rag/data/fitted/evidence.json` (unless --dry-run) and prints the top-1 accuracy
before and after, on the fitting and the held-out questions.

    python -m eval.tune.evidence --train FIT/qa.jsonl=FIT/corpus.jsonl --train eval/datasets/article.jsonl \
        --heldout TRIAL/qa.jsonl=TRIAL/corpus.jsonl --hold subject,subject_passage --l2 0.03
(`DATASET=CORPUS` pairs a dataset with its corpus; a bare dataset uses the bundled article.)
"""

from __future__ import annotations

import argparse
import tempfile

import numpy as np

from eval.dataset import load_dataset
from eval.normalize import contains
from rag.answer.protocol import AnswerRequest
from rag.config import Config
from rag.evidence.score import FEATURES, fitted_weights
from rag.fitted import read_fitted, write_fitted
from rag.question.analyse import analyse


def collect(spec: str, index_root: str, every: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, labels) per answerable question with at least one positive candidate."""
    from index.load import load_pipeline

    dataset, _, corpus = spec.partition("=")
    import hashlib

    cfg = Config(corpus=(corpus,) if corpus else (), index_dir=f"{index_root}/{hashlib.sha1(corpus.encode()).hexdigest()[:12]}")
    pipeline = load_pipeline(cfg, progress=True)
    groups = []
    for item in load_dataset(dataset)[::every]:
        if not item.answerable or not item.key_facts or not item.question.strip():
            continue
        _, resolved, _ = pipeline.prepare(item.question, item.history)
        retrieval = pipeline.retriever.retrieve(resolved, cfg.answer_passages)
        info = analyse(resolved)
        request = AnswerRequest(resolved, retrieval.hits[: cfg.answer_passages], info.lang, retrieval.query_vector)
        cands = pipeline.extractive.candidates(request, info)
        facts = [f for group in item.key_facts for f in group]
        labels = np.array([any(contains(c.text, f) for f in facts) for c in cands], dtype=np.float32)
        if len(cands) and labels.any():
            groups.append((np.stack([c.features for c in cands]), labels))
    return groups


def top1(groups, w: np.ndarray) -> float:
    return float(np.mean([labels[int(np.argmax(x @ w))] for x, labels in groups])) if groups else float("nan")


def fit(groups, w0: np.ndarray, l2: float = 0.01, held: frozenset[str] = frozenset()) -> np.ndarray:
    """Maximise the mean log-probability of the positive candidates (softmax per question), L-BFGS; the
    features named in `held` keep their current weights."""
    from scipy.optimize import minimize

    def loss(w):
        total, grad = 0.5 * l2 * np.sum((w - w0) ** 2), l2 * (w - w0)
        for x, labels in groups:
            z = x @ w
            z = z - z.max()
            p = np.exp(z) / np.exp(z).sum()
            target = labels / labels.sum()
            total -= float(np.dot(target, np.log(p + 1e-12))) / len(groups)
            grad = grad + x.T @ (p - target) / len(groups)
        return total, grad

    bounds = [(float(w0[i]), float(w0[i])) if name in held else (None, None) for i, name in enumerate(FEATURES)]
    result = minimize(loss, w0.astype(np.float64), jac=True, method="L-BFGS-B", bounds=bounds)
    return result.x.astype(np.float32)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", action="append", required=True)
    ap.add_argument("--heldout", action="append", default=[])
    ap.add_argument("--every", type=int, default=1, help="use every N-th question (faster)")
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--hold", default="", help="features whose weights stay as they are, comma-separated "
                    "(subject,subject_passage: CMRC paragraphs are about one entity and cannot teach them)")
    ap.add_argument("--dry-run", action="store_true", help="print the weights, do not write them")
    args = ap.parse_args(argv)
    root = f"{tempfile.gettempdir()}/rag-tune-evidence"  # indexes are reused between runs
    train = {spec: collect(spec, root, args.every) for spec in args.train}
    held = {spec: collect(spec, root) for spec in args.heldout}
    # every training set weighs the same, however many questions it has
    pooled = [g for gs in train.values() for g in gs * max(1, round(max(map(len, train.values())) / max(1, len(gs))))]
    current = fitted_weights()
    held = frozenset(h for h in args.hold.split(",") if h)
    unknown = held - set(FEATURES)
    if unknown:
        ap.error(f"--hold names no feature: {sorted(unknown)}")
    w = fit(pooled, current, l2=args.l2, held=held)
    for name, sets in (("train", train), ("held-out", held)):
        for spec, groups in sets.items():
            print(f"{name} {spec.split('=')[0]} ({len(groups)} q): top-1 current {top1(groups, current):.3f}, "
                  f"fitted {top1(groups, w):.3f}")
    weights = {name: round(float(v), 2) for name, v in zip(FEATURES, w)}
    print(weights)
    if not args.dry_run:
        data = {**read_fitted("evidence"), "weights": weights, "fitted_on": [s.split("=")[0] for s in args.train],
                "checked_on": [s.split("=")[0] for s in args.heldout]}
        print(f"wrote {write_fitted('evidence', data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
