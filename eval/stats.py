"""Aggregates of per-question metrics: means with bootstrap confidence intervals, paired comparisons
of two runs, latency percentiles and per-group breakdowns.

None marks a metric that does not apply to a question; it is left out, never counted as zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

_MAX_CELLS = 4_000_000  # resample in blocks so memory stays bounded for large datasets


def _present(values: Iterable[float | None]) -> np.ndarray:
    return np.array([v for v in values if v is not None], dtype=float)


def _resampled_means(x: np.ndarray, n_resamples: int, seed: int) -> np.ndarray:
    """Means of `n_resamples` samples of x drawn with replacement (same seed, same numbers)."""
    rng = np.random.default_rng(seed)
    rows = max(1, _MAX_CELLS // len(x))
    blocks = []
    for start in range(0, n_resamples, rows):
        idx = rng.integers(0, len(x), size=(min(rows, n_resamples - start), len(x)))
        blocks.append(x[idx].mean(axis=1))
    return np.concatenate(blocks)


def bootstrap_ci(
    values: Iterable[float | None], n_resamples: int = 2000, seed: int = 0, alpha: float = 0.05
) -> tuple[float, float, float]:
    """(mean, lo, hi): the mean of the present values and its percentile-bootstrap 1-alpha interval.

    The interval is widened to include the mean if rounding in the resampled means would exclude it.
    (nan, nan, nan) when no value is present.
    """
    x = _present(values)
    if x.size == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    lo, hi = np.quantile(_resampled_means(x, n_resamples, seed), [alpha / 2, 1 - alpha / 2])
    return (mean, min(float(lo), mean), max(float(hi), mean))


def aggregate(
    records: Sequence[dict], metric_keys: Iterable[str], n_resamples: int = 2000, seed: int = 0
) -> dict[str, dict[str, float]]:
    """{key: {"mean", "lo", "hi", "n"}} over the records' "metrics" dicts; n counts present values."""
    out = {}
    for key in metric_keys:
        values = [r.get("metrics", {}).get(key) for r in records]
        mean, lo, hi = bootstrap_ci(values, n_resamples=n_resamples, seed=seed)
        out[key] = {"mean": mean, "lo": lo, "hi": hi, "n": sum(v is not None for v in values)}
    return out


def paired_bootstrap(
    a: Sequence[float | None],
    b: Sequence[float | None],
    n_resamples: int = 2000,
    seed: int = 0,
    alpha: float = 0.05,
) -> dict[str, float]:
    """How much run b beats run a on the same questions (b minus a), over positions both scored.

    The p-value is the two-sided percentile-bootstrap approximation: twice the smaller share of
    resampled mean differences on either side of zero, capped at 1.
    """
    if len(a) != len(b):
        raise ValueError(f"paired lists differ in length: {len(a)} != {len(b)}")
    d = np.array([y - x for x, y in zip(a, b) if x is not None and y is not None], dtype=float)
    if d.size == 0:
        nan = math.nan
        return {"mean_diff": nan, "lo": nan, "hi": nan, "p_value_two_sided_approx": nan, "n": 0}
    mean = float(d.mean())
    means = _resampled_means(d, n_resamples, seed)
    lo, hi = np.quantile(means, [alpha / 2, 1 - alpha / 2])
    p = min(1.0, 2 * min(float(np.mean(means <= 0)), float(np.mean(means >= 0))))
    return {
        "mean_diff": mean,
        "lo": min(float(lo), mean),
        "hi": max(float(hi), mean),
        "p_value_two_sided_approx": p,
        "n": int(d.size),
    }


def percentiles(values: Iterable[float | None], qs: Sequence[float] = (50, 95)) -> dict[str, float]:
    """{"p50": ..., "p95": ...} of the present values (nan when there are none)."""
    x = _present(values)
    return {f"p{q:g}": float(np.percentile(x, q)) if x.size else math.nan for q in qs}


def breakdown(
    records: Sequence[dict], key: str, metric_keys: Iterable[str], n_resamples: int = 2000, seed: int = 0
) -> dict[str, dict[str, dict[str, float]]]:
    """aggregate() per value of record[key] (e.g. "type" or "lang"); a missing key groups as "unknown"."""
    metric_keys = list(metric_keys)
    groups: dict[str, list[dict]] = {}
    for r in records:
        groups.setdefault(str(r.get(key, "unknown")), []).append(r)
    return {
        g: aggregate(groups[g], metric_keys, n_resamples=n_resamples, seed=seed) for g in sorted(groups)
    }
