"""The span ranker, read from `rag/data/fitted/span.json`: a linear shortlist, then a small tree ensemble.

A linear score over the named features keeps the `shortlist` best spans (cheap on the hundred or so
spans of a sentence); a boosted tree ensemble (LambdaRank, fitted by `python -m eval.tune.span`)
orders those. The trees are data, walked with numpy (rag.forest).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from rag.answer.span.features import FEATURES
from rag.fitted import read_fitted
from rag.forest import Forest, forest_from


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
    forest = forest_from(data["trees"])
    weights = np.array([data["linear"][name] for name in FEATURES], dtype=np.float64)
    return SpanModel(weights, int(data["shortlist"]), forest, float(data["threshold"]))


@cache
def fitted_model() -> SpanModel:
    return model_from(read_fitted("span"))
