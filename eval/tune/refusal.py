"""Fit the refusal model (rag/refusal.py) on labelled answerable and unanswerable questions.

Unanswerable examples come from datasets that have them (the article's) and, for datasets without
them (CMRC), from answerable questions asked of the corpus with their gold document hidden: its
passages are dropped from retrieval and its words from the corpus vocabulary. A logistic model is
fitted (class-balanced, per-dataset balanced, L2); the weights and bias are written to
`rag/data/fitted/refusal.json` (unless --dry-run, threshold kept) and the refusal rate / false-refusal
rate are printed per dataset for a range of thresholds.

    python -m eval.tune.refusal --data eval/datasets/article.jsonl \
        --data CMRC/qa.jsonl=CMRC/corpus.jsonl --hide-gold 300
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile

import numpy as np

from eval.dataset import load_dataset
from rag.config import Config
from rag.evidence.refusal import RefusalModel
from rag.fitted import read_fitted, write_fitted


class HiddenDocStore:
    """A view of a store in which some documents do not exist."""

    def __init__(self, store, hidden: set[str]):
        self._s = store
        self.hidden = hidden
        self.lexical = HiddenLexical(store, hidden) if store.lexical is not None else None

    def __getattr__(self, name):
        return getattr(self._s, name)

    def _keep(self, row: int) -> bool:
        return self._s.chunks[row].doc_id not in self.hidden

    def search(self, q, k):
        return [(r, s) for r, s in self._s.search(q, k + 20) if self._keep(r)][:k]

    def search_sentences(self, q, k):
        return [(r, s) for r, s in self._s.search_sentences(q, k + 40) if self._keep(self._s.sentences[r].chunk_index)][:k]


class HiddenLexical:
    def __init__(self, store, hidden):
        from rag.retrieve.bm25 import index_terms

        self._l = store.lexical
        self._store = store
        self.hidden = hidden
        self.n_docs = self._l.n_docs
        self._minus: dict[str, int] = {}
        for c in store.chunks:
            if c.doc_id in hidden:
                for t in set(index_terms(c.context + c.text)):
                    self._minus[t] = self._minus.get(t, 0) + 1
        self.doc_freq = {t: n - self._minus.get(t, 0) for t, n in self._l.doc_freq.items() if n - self._minus.get(t, 0) > 0}

    # the index's own methods, reading this view's document frequencies
    df = lambda self, term: type(self._l).df(self, term)  # noqa: E731
    has = lambda self, term: self.df(term) > 0  # noqa: E731
    idf = lambda self, term: type(self._l).idf(self, term)  # noqa: E731
    absent_share = lambda self, term: type(self._l).absent_share(self, term)  # noqa: E731

    def search(self, terms, k):
        return [(r, s) for r, s in self._l.search(terms, k + 20) if self._store.chunks[r].doc_id not in self.hidden][:k]


def collect(spec: str, root: str, hide_gold: int) -> tuple[list, list]:
    from index.build import open_index
    from rag.factory import make_embedder, make_pipeline

    dataset, _, corpus = spec.partition("=")
    cfg = Config(corpus=(corpus,) if corpus else (), index_dir=f"{root}/{hashlib.sha1(corpus.encode()).hexdigest()[:12]}")
    embedder = make_embedder(cfg)
    store = open_index(cfg, embedder, progress=True)
    items = [i for i in load_dataset(dataset) if i.question.strip()]
    x, y = [], []
    pipeline = make_pipeline(cfg, store, embedder)
    for item in items:
        ins = pipeline.inspect(item.question, item.history)
        if ins.signals is not None and not ins.signals.cross_lingual:
            x.append(list(ins.signals.features().values()))
            y.append(0.0 if item.answerable else 1.0)
    if hide_gold:
        for item in [i for i in items if i.answerable and i.doc_ids][:: max(1, len(items) // hide_gold)][:hide_gold]:
            view = HiddenDocStore(store, set(item.doc_ids))
            ins = make_pipeline(cfg, view, embedder).inspect(item.question, item.history)
            if ins.signals is not None and not ins.signals.cross_lingual:
                x.append(list(ins.signals.features().values()))
                y.append(1.0)
    return x, y


def fit(groups, l2: float = 0.1, init: RefusalModel | None = None) -> RefusalModel:
    from scipy.optimize import minimize

    init = init or RefusalModel()
    names = list(init.weights)
    xs = [np.array(x, dtype=np.float64) for x, _ in groups]
    ys = [np.array(y, dtype=np.float64) for _, y in groups]
    w0 = np.array([init.weights[n] for n in names] + [init.bias])

    def loss(w):
        total, grad = 0.5 * l2 * np.sum(w[:-1] ** 2), np.concatenate([l2 * w[:-1], [0.0]])
        for x, y in zip(xs, ys):
            z = x @ w[:-1] + w[-1]
            p = 1 / (1 + np.exp(-np.clip(z, -50, 50)))
            weight = np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum())) / len(xs)
            total -= float(np.sum(weight * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))))
            g = weight * (p - y)
            grad = grad + np.concatenate([x.T @ g, [g.sum()]])
        return total, grad

    w = minimize(loss, w0, jac=True, method="L-BFGS-B").x
    return RefusalModel({n: round(float(v), 3) for n, v in zip(names, w[:-1])}, round(float(w[-1]), 3), init.threshold,
                        init.cross_lingual_min_cosine)


def report(name: str, x, y, model: RefusalModel) -> None:
    y = np.array(y)
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        p = np.array([_prob(model, f) for f in x])
        refuse = p >= t
        rr = refuse[y == 1].mean() if (y == 1).any() else float("nan")
        fr = refuse[y == 0].mean() if (y == 0).any() else float("nan")
        print(f"  {name:40s} threshold {t:.1f}: refused unanswerable {rr:.3f}, false refusals {fr:.3f}")


def _prob(model: RefusalModel, f) -> float:
    z = model.bias + sum(w * v for w, v in zip(model.weights.values(), f))
    return 1 / (1 + np.exp(-np.clip(z, -50, 50)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", action="append", required=True, help="DATASET or DATASET=CORPUS")
    ap.add_argument("--check", action="append", default=[], help="held-out DATASET[=CORPUS], reported only")
    ap.add_argument("--hide-gold", type=int, default=0, help="unanswerable examples made by hiding gold documents")
    ap.add_argument("--l2", type=float, default=0.001)
    ap.add_argument("--dry-run", action="store_true", help="print the weights, do not write them")
    args = ap.parse_args(argv)
    root = f"{tempfile.gettempdir()}/rag-tune-evidence"
    data = {spec: collect(spec, root, args.hide_gold if "=" in spec else 0) for spec in args.data}
    model = fit(list(data.values()), l2=args.l2)
    print(f"weights {model.weights}, bias {model.bias}")
    if not args.dry_run:
        data = {**read_fitted("refusal"), "weights": model.weights, "bias": model.bias,
                "fitted_on": [s.split("=")[0] for s in args.data]}
        print(f"wrote {write_fitted('refusal', data)}")
    for spec, (x, y) in data.items():
        report(spec.split("=")[0][-40:], x, y, model)
    for spec in args.check:
        x, y = collect(spec, root, args.hide_gold if "=" in spec else 0)
        report("held-out " + spec.split("=")[0][-30:], x, y, model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
