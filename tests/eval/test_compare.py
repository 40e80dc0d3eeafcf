"""Paired comparison of two runs: differences with CIs, verdicts, and flipped questions."""

from __future__ import annotations

from eval.compare import compare_markdown, compare_runs, refusal_ok, verdict
from tests.eval.synthetic import make_record, make_run


def test_identical_runs_show_no_change_and_no_flips():
    run = make_run(30)
    result = compare_runs(run, run, n_resamples=200)
    m = result["metrics"]["key_fact_accuracy"]
    assert m["mean_diff"] == 0 and m["verdict"] == "no clear change"
    assert all(not v for f in result["flips"].values() for v in f.values())
    assert result["n_common"] == 30 and not result["only_in_a"] and not result["only_in_b"]
    assert result["changed"] == [] and "answers that changed (0)" in compare_markdown(result)


def test_any_change_in_what_a_user_sees_is_listed_even_without_a_flip():
    a = make_run(10)
    b = [dict(r) for r in a]
    b[3] = {**b[3], "answer": b[3]["answer"].replace("42", "42.0")}  # still right: no flip
    b[5] = {**b[5], "passages": [{"chunk_id": "other"}]}
    b[7] = {**b[7], "citations": [{**c, "quote_start": 1} for c in b[7]["citations"]] or [{"quote_start": 1}]}
    result = compare_runs(a, b, n_resamples=50)
    changed = {q["id"]: q["changed"] for q in result["changed"]}
    assert changed == {"q003": ["answer"], "q005": ["passages"], "q007": ["quotes"]}
    assert not result["flips"]["key_fact_accuracy"]["right_to_wrong"]
    text = compare_markdown(result)
    assert "answers that changed (" in text and "`q003` (answer)" in text


def test_a_clear_improvement_is_better_and_lists_the_flips():
    a = [make_record(i, right=i < 10) for i in range(40)]
    b = [make_record(i, right=i < 35) for i in range(40)]
    b[0] = make_record(0, right=False)  # one question went the other way
    result = compare_runs(a, b, n_resamples=500)
    m = result["metrics"]["key_fact_accuracy"]
    assert m["a"] == 0.25 and m["b"] == 34 / 40
    assert m["lo"] > 0 and m["verdict"] == "better"
    flips = result["flips"]["key_fact_accuracy"]
    assert [q["id"] for q in flips["right_to_wrong"]] == ["q000"]
    assert len(flips["wrong_to_right"]) == 25


def test_false_refusal_going_up_is_worse():
    a = [make_record(i) for i in range(40)]
    b = [make_record(i, refused=i < 30) for i in range(40)]
    result = compare_runs(a, b, n_resamples=300)
    assert result["metrics"]["false_refusal"]["verdict"] == "worse"
    assert len(result["flips"]["refusal"]["right_to_wrong"]) == 30


def test_refusal_correctness_covers_both_kinds_of_question():
    assert refusal_ok(make_record(1, answerable=False, refused=True)) == 1.0
    assert refusal_ok(make_record(1, answerable=False, refused=False)) == 0.0
    assert refusal_ok(make_record(1, refused=True)) == 0.0
    assert refusal_ok(make_record(1)) == 1.0
    assert refusal_ok({"metrics": {}}) is None


def test_runs_are_paired_by_id_not_position():
    a = make_run(20)
    b = list(reversed(a))[:15] + [make_record(500)]
    result = compare_runs(a, b, n_resamples=100)
    assert result["n_common"] == 15
    assert result["metrics"]["key_fact_accuracy"]["mean_diff"] == 0
    assert len(result["only_in_a"]) == 5 and result["only_in_b"] == ["q500"]


def test_verdict_needs_a_ci_that_excludes_zero():
    assert verdict("hit@5", {"n": 5, "lo": -0.1, "hi": 0.2}) == "no clear change"
    assert verdict("hit@5", {"n": 5, "lo": -0.3, "hi": -0.1}) == "worse"
    assert verdict("false_refusal", {"n": 5, "lo": -0.3, "hi": -0.1}) == "better"


def test_markdown_lists_metrics_latency_and_flips():
    a = [make_record(i, right=i < 10) for i in range(20)]
    b = [make_record(i, right=i >= 5) for i in range(20)]
    md = compare_markdown(compare_runs(a, b, n_resamples=100), "runs/a", "runs/b")
    assert "B = runs/b vs A = runs/a" in md
    assert "| key_fact_accuracy |" in md and "| total |" in md
    assert "## key-fact accuracy: right to wrong (5)" in md and "`q000`" in md
