"""The span tuner's pieces: the listwise shortlist, the trees LightGBM fits as the numpy walk reads them, the threshold."""

from __future__ import annotations

import numpy as np
import pytest

from eval.tune.span import best_threshold
from eval.tune.span_fit import Group, export_forest, fit_linear, fit_trees, relevance


def synthetic_groups(n: int = 60, spans: int = 12, seed: int = 0) -> list[Group]:
    """Questions whose right span has the largest first feature; the other features are noise."""
    rng = np.random.default_rng(seed)
    groups = []
    for _ in range(n):
        x = rng.normal(size=(spans, 4))
        right = int(np.argmax(x[:, 0]))
        em = np.zeros(spans)
        em[right] = 1.0
        f1 = em.copy()
        f1[int(np.argsort(x[:, 0])[-2])] = 0.6
        groups.append(Group(x, em, f1))
    return groups


def test_the_listwise_shortlist_learns_which_feature_matters():
    groups = synthetic_groups()
    w = fit_linear(groups)
    assert int(np.argmax(np.abs(w))) == 0 and w[0] > 0
    assert np.mean([int(np.argmax(g.x @ w)) == int(np.argmax(g.em)) for g in groups]) > 0.9


def test_relevance_grades_exact_then_f1():
    g = Group(np.zeros((4, 1)), np.array([1.0, 0, 0, 0]), np.array([1.0, 0.9, 0.6, 0.1]))
    assert relevance(g).tolist() == [3, 2, 1, 0]


@pytest.mark.slow
def test_exported_trees_score_as_lightgbm_does():
    groups = synthetic_groups(n=80)
    w = fit_linear(groups)
    booster = fit_trees(groups, w, k=12, trees=20, depth=3)
    forest = export_forest(booster, 3)
    x = np.concatenate([g.x for g in groups])
    assert np.allclose(forest.predict(x), booster.predict(x), atol=1e-6)


def test_the_threshold_keeps_spans_where_they_beat_the_sentence():
    # (score, span F1, whole-sentence F1): low-scoring spans are worse than their sentence
    scored = [(0.1, 0.0, 0.5), (0.2, 0.1, 0.5), (0.8, 1.0, 0.3), (0.9, 0.9, 0.2)]
    assert best_threshold(scored) == 0.8
    assert best_threshold([(0.5, 1.0, 0.2)]) < 0.5  # spans always better: never withheld
