"""Fit how much the fusion leans on meaning, by how many of a question's words the corpus uses.

    python -m eval.tune.fusion --fit $CMRC_FIT/qa.jsonl=$CMRC_FIT/corpus.jsonl --fit eval/datasets/article.jsonl

A question in its corpus's own words is served well by BM25; a colloquial one (大厂, 蛋糕, 花架子)
shares few words with the corpus, and BM25 then ranks passages on the one or two words it has. The dense
weight is a line from `uncovered` (no content word in the corpus) to `covered` (all of them); both ends
are chosen by grid search for the best mean MRR@10 over the fitting sets (each set weighing the same),
and written to rag/data/fitted/fusion.json (unless --dry-run). `--check` sets are only reported.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

from eval.normalize import contains
from eval.tune.decision import open_spec
from eval.tune.rules import dataset_name
from rag.fitted import write_fitted

GRID = [round(v, 2) for v in np.arange(0.3, 1.001, 0.05)]
DEPTH = 10


def gathered(spec: str, root: str, every: int = 1):
    """(retriever, [(candidates, relevant rows)]) for the answerable questions of a dataset."""
    from tqdm import tqdm

    from rag.factory import make_pipeline

    cfg, store, embedder, items = open_spec(spec, root)
    retriever = make_pipeline(cfg, store, embedder).retriever
    out = []
    for item in tqdm(items[::every], desc=Path(spec.split("=")[0]).name, unit="q", file=sys.stderr):
        if not item.answerable or not item.support or item.history:
            continue
        relevant = {row for row, c in enumerate(store.chunks)
                    if (not item.doc_ids or c.doc_id in item.doc_ids) and any(contains(c.text, s) for s in item.support)}
        if relevant:
            out.append((retriever.gather(item.question), relevant))
    return retriever, out


def scores(retriever, questions, weights: tuple[float, float]) -> tuple[float, float]:
    """(MRR@10, hit@1) with the given (uncovered, covered) dense weights."""
    from dataclasses import replace

    r = replace(retriever, coverage_weights=weights)
    rr, hit1 = [], []
    for found, relevant in questions:
        rows = list(r.rank(found, DEPTH).rows)
        first = next((i for i, row in enumerate(rows, 1) if row in relevant), None)
        rr.append(1.0 / first if first else 0.0)
        hit1.append(1.0 if first == 1 else 0.0)
    return float(np.mean(rr)), float(np.mean(hit1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", action="append", required=True, help="DATASET[=CORPUS]")
    ap.add_argument("--check", action="append", default=[], help="DATASET[=CORPUS], reported only")
    ap.add_argument("--index-root", default=str(Path(tempfile.gettempdir()) / "rag-tune"))
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    fit = {spec: gathered(spec, args.index_root, args.every) for spec in args.fit}
    check = {spec: gathered(spec, args.index_root) for spec in args.check}
    table = {}
    for lo in GRID:
        for hi in GRID:
            table[(lo, hi)] = {spec: scores(r, qs, (lo, hi)) for spec, (r, qs) in fit.items()}
    best = max(table, key=lambda w: np.mean([m for m, _ in table[w].values()]))
    fixed = {spec: scores(r, qs, (r.dense_weight, r.dense_weight)) for spec, (r, qs) in fit.items()}
    for spec in fit:
        print(f"fit {dataset_name(spec)}: MRR/hit@1 fixed {fixed[spec]} -> fitted {best} {table[best][spec]}")
    for spec, (r, qs) in check.items():
        print(f"check {dataset_name(spec)}: fixed {scores(r, qs, (r.dense_weight, r.dense_weight))} "
              f"-> fitted {scores(r, qs, best)}")
    if not args.dry_run:
        data = {"part": "fusion weights (rag.retrieve.hybrid): dense weight from no question word in the corpus to all",
                "fitted_by": "python -m eval.tune.fusion (grid search, best mean MRR@10 over the fitting sets)",
                "fitted_on": [dataset_name(s) for s in args.fit],
                "coverage_weights": {"uncovered": best[0], "covered": best[1]},
                "mrr_at_10": {dataset_name(s): round(table[best][s][0], 4) for s in fit}}
        print(f"wrote {write_fitted('fusion', data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
