"""Fitting the span ranker's two stages, and writing the trees in the form `rag.answer.span.model` reads.

Stage one, the shortlist: a linear listwise model (softmax over a question's spans, fitted by L-BFGS)
whose target puts the mass on the spans closest to the gold (exact match first, then F1). Stage two:
LightGBM's LambdaRank over the shortlisted spans (graded relevance: exact 3, F1 >= 0.8 2, >= 0.5 1),
trees of a fixed depth, exported as complete binary trees in heap order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eval.tune.forest import export_forest
from rag.answer.span.model import SpanModel


@dataclass(frozen=True, eq=False)
class Group:
    """The spans of one question over the sentences given to the ranker, with their labels."""

    x: np.ndarray  # spans x FEATURES
    em: np.ndarray  # exact match of each span with the gold (any acceptable answer)
    f1: np.ndarray  # CMRC character F1


def _target(g: Group) -> np.ndarray:
    t = 2 * g.em + g.f1
    t = np.exp(3.0 * (t - t.max()))
    t[t < 0.05] = 0.0
    return t / t.sum()


def relevance(g: Group) -> np.ndarray:
    return np.where(g.em > 0, 3, np.where(g.f1 >= 0.8, 2, np.where(g.f1 >= 0.5, 1, 0)))


def fit_linear(groups: list[Group], l2: float = 1e-3) -> np.ndarray:
    """Weights of the listwise linear shortlist (in the features' own units)."""
    from scipy.optimize import minimize

    x_all = np.concatenate([g.x for g in groups])
    mu, sd = x_all.mean(axis=0), x_all.std(axis=0) + 1e-6
    x_all = (x_all - mu) / sd
    target = np.concatenate([_target(g) for g in groups])
    sizes = np.array([len(g.x) for g in groups])
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    owner = np.repeat(np.arange(len(groups)), sizes)

    def loss(w):  # the softmax of every question at once: segment sums over its rows
        z = x_all @ w
        z = z - np.maximum.reduceat(z, first)[owner]
        e = np.exp(z)
        p = e / np.add.reduceat(e, first)[owner]
        total = 0.5 * l2 * float(w @ w) - float(target @ np.log(p + 1e-12)) / len(groups)
        return total, l2 * w + x_all.T @ (p - target) / len(groups)

    w = minimize(loss, np.zeros(x_all.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 300}).x
    return w / sd


def shortlist(g: Group, weights: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-(g.x @ weights), kind="stable")[:k]


def fit_trees(groups: list[Group], weights: np.ndarray, k: int, trees: int, depth: int, seed: int = 0):
    """A LightGBM LambdaRank booster over each question's shortlist."""
    import lightgbm as lgb

    xs, ys, sizes = [], [], []
    for g in groups:
        keep = shortlist(g, weights, k)
        xs.append(g.x[keep])
        ys.append(relevance(g)[keep])
        sizes.append(len(keep))
    params = {"objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 2**depth, "max_depth": depth,
              "min_data_in_leaf": 20, "feature_fraction": 0.8, "bagging_seed": seed, "feature_fraction_seed": seed,
              "lambdarank_truncation_level": 10, "verbose": -1, "num_threads": 1, "seed": seed, "deterministic": True}
    data = lgb.Dataset(np.concatenate(xs), np.concatenate(ys), group=sizes)
    return lgb.train(params, data, trees)


def fit_model(groups: list[Group], k: int, trees: int, depth: int, threshold: float = -np.inf) -> tuple[SpanModel, object]:
    weights = fit_linear(groups)
    booster = fit_trees(groups, weights, k, trees, depth)
    return SpanModel(weights, k, export_forest(booster, depth), threshold), booster
