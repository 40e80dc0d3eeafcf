"""The CI gate: the article dev set through the real pipeline (bundled model, real FAISS index
built in a temporary folder) must meet the floors in eval/floors.json. About 20-60 s."""

from __future__ import annotations

import json

import pytest

from eval.gate import FLOORS_PATH, check_floors, load_floors
from eval.metrics import METRIC_KEYS


def test_floors_file_is_sane():
    data = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
    floors = load_floors()
    assert data["_comment"] and set(floors) >= {"hit@5", "key_fact_accuracy", "refused_correctly", "false_refusal",
                                                "citation_precision"}
    for key, bound in floors.items():
        assert key in METRIC_KEYS
        if "min" in bound:  # just under what was measured, and not trivially zero
            assert 0.3 < bound["min"] < bound["measured"]
        else:
            assert bound["measured"] < bound["max"] < 0.2


def test_check_floors_reports_each_broken_bound():
    floors = {"hit@5": {"min": 0.9}, "false_refusal": {"max": 0.1}, "cmrc_f1": {"min": 0.1}}
    metrics = {"hit@5": {"mean": 0.8}, "false_refusal": {"mean": 0.2}, "cmrc_f1": {"mean": float("nan")}}
    assert check_floors(metrics, floors) == [
        "hit@5: 0.800 is below the floor 0.900",
        "false_refusal: 0.200 is above the ceiling 0.100",
        "cmrc_f1: not scored",
    ]
    assert check_floors({"hit@5": {"mean": 0.95}}, {"hit@5": {"min": 0.9}}) == []


@pytest.mark.slow
def test_article_dev_set_meets_the_floors(article_records):
    from eval.stats import aggregate

    floors = load_floors()
    assert json.loads(FLOORS_PATH.read_text(encoding="utf-8"))["dataset"] == "eval/datasets/article.jsonl"
    records = article_records
    metrics = aggregate(records, list(floors), n_resamples=200)
    measured = ", ".join(f"{k} {m['mean']:.3f}" for k, m in metrics.items())
    problems = check_floors(metrics, floors)
    assert not problems, "answers regressed: " + "; ".join(problems) + f" (measured: {measured})"
