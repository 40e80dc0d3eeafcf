"""The span ranker, read from `rag/data/fitted/span.json`: a linear shortlist, then a small tree ensemble.

A linear score over the named features keeps the `shortlist` best spans (cheap on the hundred or so
spans of a sentence); a boosted tree ensemble (LambdaRank, fitted by `python -m eval.tune.span`)
orders those. The trees are stored (one line of numbers per tree) as complete binary trees of one depth in heap order (node k has
children 2k+1 and 2k+2; a leaf reached early is repeated down to the last level), so all trees are
walked together with a few array operations per level: plain JSON and numpy, no pickles, no
LightGBM at answer time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from rag.answer.span.features import FEATURES
from rag.fitted import read_fitted


@dataclass(frozen=True, eq=False)
class Forest:
    depth: int
    feature: np.ndarray  # trees x (2**depth - 1) feature index of each split
    threshold: np.ndarray  # trees x (2**depth - 1): go left when x <= threshold
    value: np.ndarray  # trees x 2**depth leaf values

    def predict(self, x: np.ndarray) -> np.ndarray:
        trees, inner = self.feature.shape
        if not trees or not len(x):
            return np.zeros(len(x))
        feature, threshold, value = self.feature.ravel(), self.threshold.ravel(), self.value.ravel()
        node = np.zeros((trees, len(x)), dtype=np.int64)
        tree_base = (np.arange(trees) * inner)[:, None]
        row_base = (np.arange(len(x)) * x.shape[1])[None, :]
        flat = x.ravel()
        for _ in range(self.depth):
            k = tree_base + node
            node = 2 * node + 1 + (flat[row_base + feature[k]] > threshold[k])
        leaf = (np.arange(trees) * (inner + 1))[:, None] + node - inner
        return value[leaf].sum(axis=0)


@dataclass(frozen=True, eq=False)
class SpanModel:
    weights: np.ndarray  # linear shortlist weights, in FEATURES order
    shortlist: int
    forest: Forest
    threshold: float  # below this best score there is no short answer

    def score(self, x: np.ndarray) -> np.ndarray:
        """Scores of every row; rows outside the shortlist get -inf."""
        out = np.full(len(x), -np.inf)
        if not len(x):
            return out
        linear = x @ self.weights
        keep = np.argsort(-linear, kind="stable")[: self.shortlist]
        out[keep] = self.forest.predict(x[keep])
        return out


def model_from(data: dict[str, Any]) -> SpanModel:
    """A model from the fitted file's contents; a file naming other features than FEATURES is refused."""
    names = data["features"]
    if list(names) != list(FEATURES) or set(data["linear"]) != set(FEATURES):
        raise ValueError(f"rag/data/fitted/span.json names features {sorted(set(names) ^ set(FEATURES))} the span "
                         "ranker does not compute (or misses some it does): refit with python -m eval.tune.span")
    trees = data["trees"]

    def rows(name: str, dtype) -> np.ndarray:  # one line of numbers per tree
        return np.array([line.split() for line in trees[name]], dtype=np.float64).astype(dtype).reshape(len(trees[name]), -1)

    forest = Forest(int(trees["depth"]), rows("feature", np.int64), rows("threshold", np.float64), rows("value", np.float64))
    weights = np.array([data["linear"][name] for name in FEATURES], dtype=np.float64)
    return SpanModel(weights, int(data["shortlist"]), forest, float(data["threshold"]))


@cache
def fitted_model() -> SpanModel:
    return model_from(read_fitted("span"))
