"""report.json from synthetic records: aggregates, breakdowns, failures, strict JSON."""

from __future__ import annotations

import json
import math

from eval.metrics import METRIC_KEYS
from eval.report.build import METRIC_GROUPS, build_report, failure_reason, fmt_ci, fmt_diff, write_json
from tests.eval.synthetic import make_record, make_run


def test_every_metric_key_sits_in_one_group():
    grouped = [k for keys in METRIC_GROUPS.values() for k in keys]
    assert sorted(grouped) == sorted(METRIC_KEYS)


def test_report_aggregates_with_cis_and_counts():
    records = make_run(50)
    report = build_report(records, dataset="d.jsonl", n_resamples=300)
    kfa = report["metrics"]["key_fact_accuracy"]
    values = [r["metrics"]["key_fact_accuracy"] for r in records if r["answerable"]]
    assert kfa["n"] == len(values) == report["n_answerable"]
    assert kfa["mean"] == sum(values) / len(values)
    assert kfa["lo"] <= kfa["mean"] <= kfa["hi"] and kfa["hi"] - kfa["lo"] > 0
    assert report["metrics"]["refused_correctly"]["n"] == 10
    assert set(report["breakdown"]["type"]) == {"name", "number", "unanswerable"}
    assert set(report["breakdown"]["lang"]) == {"en", "zh"}
    assert report["latency_ms"]["total"]["n"] == 50
    assert "judged" not in report


def test_failures_name_the_reason():
    wrong = make_record(1, right=False)
    refused = make_record(2, refused=True)
    leaked = make_record(3, answerable=False, refused=False)
    good = make_record(4)
    assert failure_reason(wrong) == "key facts missing from the answer"
    assert failure_reason(refused) == "refused an answerable question"
    assert failure_reason(leaked) == "answered an unanswerable question"
    assert failure_reason(good) == ""
    report = build_report([wrong, refused, leaked, good], n_resamples=50)
    assert [f["id"] for f in report["failures"]] == ["q001", "q002", "q003"]


def test_judged_metrics_appear_only_when_scored():
    records = make_run(10)
    for r in records:
        r["metrics"]["judged_faithfulness"] = 1.0 if r["answerable"] else None
    report = build_report(records, n_resamples=50)
    assert list(report["judged"]) == ["judged_faithfulness"]
    assert report["judged"]["judged_faithfulness"]["n"] == 8


def test_report_json_is_strict_json_with_nan_as_null(tmp_path):
    report = build_report([make_record(1)], n_resamples=20)
    assert math.isnan(report["metrics"]["refused_correctly"]["mean"])
    path = write_json(tmp_path / "r.json", report)
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text
    assert json.loads(text)["metrics"]["refused_correctly"]["mean"] is None


def test_formatting_of_cis_and_differences():
    assert fmt_ci({"mean": 0.5, "lo": 0.25, "hi": 0.75, "n": 4}) == "0.500 [0.250, 0.750]"
    assert fmt_ci({"mean": math.nan, "lo": math.nan, "hi": math.nan, "n": 0}) == "-"
    assert fmt_diff({"mean_diff": 0.1, "lo": 0.05, "hi": 0.2, "n": 9}) == "+0.100 [+0.050, +0.200]*"
    assert fmt_diff({"mean_diff": 0.1, "lo": -0.05, "hi": 0.2, "n": 9}) == "+0.100 [-0.050, +0.200]"
    assert fmt_diff({"mean_diff": math.nan, "lo": math.nan, "hi": math.nan, "n": 0}) == "-"
