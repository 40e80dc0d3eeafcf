"""Boosted trees as data: complete binary trees of one depth, walked with numpy.

The fitted models that use trees (the short-answer span ranker, the answer / qualify / refuse
decision) store them in their JSON file, one line of numbers per tree and array, as complete binary
trees in heap order (node k has children 2k+1 and 2k+2; a leaf reached early is repeated down to the
last level). All trees are walked together with a few array operations per level: plain JSON and
numpy, no pickles, no LightGBM at answer time. The tuners write them (eval.tune.forest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, eq=False)
class Forest:
    depth: int
    feature: np.ndarray  # trees x (2**depth - 1) feature index of each split
    threshold: np.ndarray  # trees x (2**depth - 1): go left when x <= threshold
    value: np.ndarray  # trees x 2**depth leaf values

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The sum of the trees' leaf values for each row of `x` (rows x features)."""
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


def forest_from(trees: dict[str, Any]) -> Forest:
    """A forest from its JSON form: {"depth": d, "feature": [line per tree], "threshold": [...], "value": [...]}."""
    def rows(name: str, dtype) -> np.ndarray:  # one line of numbers per tree
        lines = trees[name]
        return np.array([line.split() for line in lines], dtype=np.float64).astype(dtype).reshape(len(lines), -1)

    depth = int(trees["depth"])
    forest = Forest(depth, rows("feature", np.int64), rows("threshold", np.float64), rows("value", np.float64))
    if len(forest.feature) and (forest.feature.shape[1] != 2**depth - 1 or forest.value.shape[1] != 2**depth):
        raise ValueError(f"trees of depth {depth} need {2**depth - 1} splits and {2**depth} leaves per line")
    return forest
