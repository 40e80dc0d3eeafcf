"""Latency percentiles per stage from per-question timings."""

from __future__ import annotations

import pytest

from eval.latency import latency_summary, stage_values, stages


def rec(**timings) -> dict:
    return {"timings_ms": timings}


def test_main_stages_come_first_then_the_rest_sorted():
    records = [rec(total=3.0, fuse=1.0, retrieve=1.0), rec(answer=1.0, embed_query=2.0)]
    assert stages(records) == ["retrieve", "answer", "total", "embed_query", "fuse"]


def test_percentiles_of_each_stage():
    records = [rec(total=float(v), retrieve=float(v) / 2) for v in range(1, 101)]
    summary = latency_summary(records)
    assert summary["total"]["p50"] == pytest.approx(50.5)
    assert summary["total"]["p95"] == pytest.approx(95.05)
    assert summary["retrieve"]["p95"] == pytest.approx(95.05 / 2)
    assert summary["total"]["n"] == 100 and summary["total"]["max"] == 100.0


def test_records_without_timings_are_left_out_not_counted_as_zero():
    records = [rec(total=10.0), {"timings_ms": {}}, {"error": "the question is empty"}, rec(total=float("nan"))]
    assert stage_values(records, "total") == [10.0]
    assert latency_summary(records)["total"]["p50"] == 10.0


def test_no_timings_no_rows():
    assert latency_summary([{"timings_ms": {}}]) == {}
