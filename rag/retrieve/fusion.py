"""Fusing dense and lexical candidates into one ranking, and picking passages that are not near-copies.

Fusion methods are named functions chosen by name (`fuse(method, ...)`):
- `weighted`: dense scores min-max normalised, BM25 scores divided by the best, blended with the
  dense weight (the configured `dense_weight`, or a cross-lingual one);
- `rrf`: reciprocal-rank fusion, sum of 1 / (k + rank) over the two lists (Cormack, Clarke and
  Büttcher 2009, where k = 60).
`mmr` is maximal marginal relevance (Carbonell and Goldstein 1998) over the chunk vectors.

    fuse("weighted", dense=[(3, 0.91), (7, 0.88)], lexical=[(7, 12.1)], dense_weight=0.6)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Ranked = list[tuple[int, float]]  # (store row, score), best first

MMR_POOL_FACTOR = 3  # MMR picks k passages from the best k x this of the fused list
MMR_POOL_MIN = 20  # ... and from at least this many


def _minmax(pairs: Ranked) -> dict[int, float]:
    vals = np.array([s for _, s in pairs], dtype=np.float32)
    lo, span = float(vals.min()), float(np.ptp(vals)) or 1.0
    return {row: (s - lo) / span for row, s in pairs}


def _sorted(scores: dict[int, float]) -> Ranked:
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))  # ties by row: the same order on every run


def weighted(dense: Ranked, lexical: Ranked, dense_weight: float, rrf_k: int = 60) -> Ranked:
    """Normalised dense score x dense_weight + BM25 score / best BM25 score x (1 - dense_weight)."""
    scores: dict[int, float] = {}
    top_lex = max(s for _, s in lexical) or 1.0
    for row, s in _minmax(dense).items():
        scores[row] = scores.get(row, 0) + dense_weight * s
    for row, s in lexical:
        scores[row] = scores.get(row, 0) + (1 - dense_weight) * s / top_lex
    return _sorted(scores)


def rrf(dense: Ranked, lexical: Ranked, dense_weight: float = 0.5, rrf_k: int = 60) -> Ranked:
    """Reciprocal-rank fusion: each list adds 1 / (rrf_k + rank); scores are ignored."""
    scores: dict[int, float] = {}
    for ranked in (dense, lexical):
        for rank, (row, _) in enumerate(ranked, 1):
            scores[row] = scores.get(row, 0) + 1.0 / (rrf_k + rank)
    return _sorted(scores)


METHODS: dict[str, Callable[..., Ranked]] = {"weighted": weighted, "rrf": rrf}


def fuse(method: str, dense: Ranked, lexical: Ranked, dense_weight: float, rrf_k: int = 60) -> Ranked:
    """One ranking from the two; a list that is empty leaves the other as it is."""
    if method not in METHODS:
        raise ValueError(f"fusion must be one of {', '.join(METHODS)}, not {method!r}")
    if not lexical:
        return dense
    if not dense:
        return lexical
    return METHODS[method](dense, lexical, dense_weight, rrf_k)


def mmr(fused: Ranked, vectors: np.ndarray, k: int, lam: float) -> list[int]:
    """k rows picked greedily by lam x relevance - (1 - lam) x the highest similarity to one already picked."""
    if not fused:
        return []
    pool = fused[: max(k * MMR_POOL_FACTOR, MMR_POOL_MIN)]
    if lam >= 1.0 or len(pool) <= 1:
        return [row for row, _ in pool[:k]]
    rows = [row for row, _ in pool]
    rel = np.array([s for _, s in pool], dtype=np.float32)
    rel = (rel - rel.min()) / (np.ptp(rel) or 1.0)
    order = np.argsort(rows)  # memory-mapped rows are read in order, then put back in pool order
    vecs = np.empty((len(rows), vectors.shape[1]), dtype=np.float32)
    vecs[order] = np.asarray(vectors[np.asarray(rows)[order]], dtype=np.float32)
    sims = vecs @ vecs.T
    chosen, taken = [0], np.zeros(len(rows), dtype=bool)
    taken[0] = True
    redundancy = sims[:, 0].copy()  # each row's highest similarity to one already picked, kept as it grows
    relevance, novelty = lam * rel, 1 - lam
    while len(chosen) < min(k, len(rows)):
        value = relevance - novelty * redundancy
        value[taken] = -np.inf
        pick = int(np.argmax(value))
        chosen.append(pick)
        taken[pick] = True
        np.maximum(redundancy, sims[:, pick], out=redundancy)
    return [rows[i] for i in chosen]
