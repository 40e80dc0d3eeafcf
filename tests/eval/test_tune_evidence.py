"""The evidence tuner's fit: a listwise softmax over each question's candidates; held weights stay."""

from __future__ import annotations

import numpy as np

from eval.tune.evidence import fit, top1
from rag.evidence.score import FEATURES


def _groups() -> list[tuple[np.ndarray, np.ndarray]]:
    # two candidates per question: the answer holds what is asked ("asked" = 1), the other repeats the
    # subject's name ("subject" = 1); the current weights prefer the name
    asked, subject = FEATURES.index("asked"), FEATURES.index("subject")
    groups = []
    for _ in range(20):
        x = np.zeros((2, len(FEATURES)), dtype=np.float32)
        x[0, asked] = 1.0
        x[1, subject] = 1.0
        groups.append((x, np.array([1.0, 0.0], dtype=np.float32)))
    return groups


def test_the_fit_learns_to_prefer_the_answer_and_held_weights_stay():
    w0 = np.zeros(len(FEATURES), dtype=np.float32)
    w0[FEATURES.index("subject")] = 1.0
    groups = _groups()
    assert top1(groups, w0) == 0.0
    free = fit(groups, w0, l2=0.01)
    held = fit(groups, w0, l2=0.01, held=frozenset({"subject"}))
    assert top1(groups, free) == 1.0 and top1(groups, held) == 1.0
    assert free[FEATURES.index("subject")] < 1.0  # free, it gives up the name...
    assert held[FEATURES.index("subject")] == 1.0  # ...held, it keeps it and learns the asked words instead
    assert held[FEATURES.index("asked")] > 1.0
