"""Bootstrap intervals, paired comparisons, percentiles and breakdowns."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eval.stats import aggregate, bootstrap_ci, breakdown, paired_bootstrap, percentiles


def test_bootstrap_ci_ignores_none_and_brackets_the_mean():
    mean, lo, hi = bootstrap_ci([1.0, None, 0.0, 1.0, 1.0, None])
    assert mean == 0.75
    assert 0.0 <= lo < mean < hi <= 1.0


def test_bootstrap_ci_of_nothing_is_nan():
    assert all(math.isnan(v) for v in bootstrap_ci([None, None]))
    assert all(math.isnan(v) for v in bootstrap_ci([]))


def test_bootstrap_ci_is_reproducible_and_depends_on_the_seed():
    values = list(np.random.default_rng(1).random(50))
    assert bootstrap_ci(values, seed=3) == bootstrap_ci(values, seed=3)
    assert bootstrap_ci(values, seed=3) != bootstrap_ci(values, seed=4)


def test_bootstrap_ci_shrinks_with_more_data():
    rng = np.random.default_rng(0)
    small = rng.integers(0, 2, 40).astype(float)
    large = np.tile(small, 25)  # same mean, 25 times the data: about a fifth of the width
    _, lo_s, hi_s = bootstrap_ci(list(small))
    _, lo_l, hi_l = bootstrap_ci(list(large))
    assert (hi_l - lo_l) < 0.3 * (hi_s - lo_s)


def test_bootstrap_ci_of_a_binary_metric_is_close_to_the_normal_approximation():
    values = [1.0] * 300 + [0.0] * 700
    _, lo, hi = bootstrap_ci(values)
    half = 1.96 * math.sqrt(0.3 * 0.7 / 1000)
    assert lo == pytest.approx(0.3 - half, abs=0.006)
    assert hi == pytest.approx(0.3 + half, abs=0.006)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1) | st.none(), max_size=40))
def test_bootstrap_ci_always_contains_the_mean(values):
    mean, lo, hi = bootstrap_ci(values, n_resamples=200)
    if any(v is not None for v in values):
        assert lo <= mean <= hi
        assert mean == pytest.approx(np.mean([v for v in values if v is not None]))


def test_aggregate_reports_mean_interval_and_count_per_metric():
    records = [{"metrics": {"em": 1.0, "f1": None}}, {"metrics": {"em": 0.0, "f1": 0.5}}, {"metrics": {}}]
    out = aggregate(records, ["em", "f1"])
    assert out["em"]["mean"] == 0.5 and out["em"]["n"] == 2
    assert out["f1"]["mean"] == 0.5 and out["f1"]["n"] == 1
    assert out["f1"]["lo"] == out["f1"]["hi"] == 0.5
    assert out["em"]["lo"] <= 0.5 <= out["em"]["hi"]


def test_paired_bootstrap_of_identical_runs_finds_no_difference():
    a = [1.0, 0.0, None, 0.5, 1.0]
    out = paired_bootstrap(a, list(a))
    assert out["mean_diff"] == 0.0 and out["lo"] == 0.0 and out["hi"] == 0.0
    assert out["p_value_two_sided_approx"] == 1.0
    assert out["n"] == 4


def test_paired_bootstrap_is_b_minus_a_over_positions_both_scored():
    a = [0.0, 0.0, 1.0, None, 0.0] * 40
    b = [1.0, 0.0, 1.0, 1.0, None] * 40
    out = paired_bootstrap(a, b)
    assert out["n"] == 120
    assert out["mean_diff"] == pytest.approx(1 / 3)
    assert 0 < out["lo"] < out["mean_diff"] < out["hi"]
    assert out["p_value_two_sided_approx"] < 0.01
    assert paired_bootstrap(b, a)["mean_diff"] == pytest.approx(-1 / 3)


def test_paired_bootstrap_rejects_unpaired_lists_and_handles_no_overlap():
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 0.0])
    out = paired_bootstrap([None, 1.0], [1.0, None])
    assert out["n"] == 0 and math.isnan(out["mean_diff"])


def test_percentiles():
    values = [float(v) for v in range(1, 101)] + [None]
    out = percentiles(values)
    assert out == {"p50": pytest.approx(50.5), "p95": pytest.approx(95.05)}
    assert set(percentiles(values, qs=(99.9,))) == {"p99.9"}
    assert math.isnan(percentiles([])["p50"])


def test_breakdown_aggregates_each_group():
    records = [
        {"type": "span", "metrics": {"em": 1.0}},
        {"type": "span", "metrics": {"em": 0.0}},
        {"type": "numeric", "metrics": {"em": 1.0}},
        {"metrics": {"em": 0.0}},
    ]
    out = breakdown(records, "type", ["em"])
    assert list(out) == ["numeric", "span", "unknown"]
    assert out["span"]["em"]["mean"] == 0.5 and out["span"]["em"]["n"] == 2
    assert out["numeric"]["em"]["mean"] == 1.0
