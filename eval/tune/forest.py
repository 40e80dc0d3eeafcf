"""LightGBM boosters written as the JSON trees rag.forest walks (complete binary trees, heap order)."""

from __future__ import annotations

import numpy as np

from rag.forest import Forest


def export_forest(booster, depth: int) -> Forest:
    """The booster's trees as complete binary trees of `depth` levels (heap order)."""
    inner, leaves = 2**depth - 1, 2**depth
    infos = booster.dump_model()["tree_info"]
    feature = np.zeros((len(infos), inner), dtype=np.int64)
    threshold = np.full((len(infos), inner), np.finfo(np.float64).max)
    value = np.zeros((len(infos), leaves))

    def place(t: int, node: dict, h: int, level: int) -> None:
        if "leaf_value" in node or level == depth:
            lo, width = h, 1  # the leaf, repeated under every heap position below h
            while lo < inner:
                lo, width = 2 * lo + 1, width * 2
            value[t, lo - inner : lo - inner + width] = node.get("leaf_value", 0.0)
            return
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')}")
        feature[t, h] = node["split_feature"]
        threshold[t, h] = node["threshold"]
        place(t, node["left_child"], 2 * h + 1, level + 1)
        place(t, node["right_child"], 2 * h + 2, level + 1)

    for t, info in enumerate(infos):
        place(t, info["tree_structure"], 0, 0)
    return Forest(depth, feature, threshold, value)


def forest_json(forest: Forest) -> dict:
    """The trees for the fitted file: one line of numbers per tree and array (split features, thresholds,
    leaf values), so that the file stays small and readable."""
    def rows(a: np.ndarray, fmt: str) -> list[str]:
        return [" ".join(format(v, fmt) for v in row) for row in a.tolist()]

    return {"depth": forest.depth, "feature": rows(forest.feature, "d"), "threshold": rows(forest.threshold, ".8g"),
            "value": rows(forest.value, ".6g")}
