"""The report of one run, built from its per-question records: aggregates with bootstrap 95% CIs,
latency per stage, per-type and per-language breakdowns, the failed questions, and (when present)
LLM-judged metrics and ablations. `report.json` is this dict; report.md and report.html render it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.latency import latency_summary
from eval.metrics import METRIC_KEYS
from eval.stats import aggregate, breakdown

JUDGED_KEYS = ("judged_faithfulness", "judged_relevance")

# Sections of the metrics table; every key of METRIC_KEYS sits in exactly one.
METRIC_GROUPS = {
    "retrieval": ("hit@1", "hit@3", "hit@5", "recall@5", "recall@10", "mrr@10", "ndcg@10"),
    "answer": ("key_fact_accuracy", "cmrc_em", "cmrc_f1", "answer_containment"),
    "short answer": ("short_em", "short_f1", "short_key_fact_accuracy", "short_given"),
    "citations": ("citation_precision", "citation_coverage", "numeric_faithfulness"),
    "refusal": ("refused_correctly", "false_refusal"),
}
LOWER_IS_BETTER = frozenset({"false_refusal"})

# What each metric means, one line, for the tables.
DESCRIPTIONS = {
    "hit@1": "a gold passage ranks first",
    "hit@3": "a gold passage in the top 3",
    "hit@5": "a gold passage in the top 5",
    "recall@5": "share of support strings found in the top 5",
    "recall@10": "share of support strings found in the top 10",
    "mrr@10": "1 / rank of the first gold passage",
    "ndcg@10": "binary-relevance nDCG of the top 10",
    "key_fact_accuracy": "answer holds every key fact",
    "cmrc_em": "CMRC 2018 exact match",
    "cmrc_f1": "CMRC 2018 token F1",
    "answer_containment": "answer contains the reference answer",
    "short_em": "CMRC exact match of the short answer (the answer when none)",
    "short_f1": "CMRC token F1 of the short answer (the answer when none)",
    "short_key_fact_accuracy": "the short answer alone holds every key fact (questions that got one)",
    "short_given": "share of answered questions with a short answer",
    "citation_precision": "cited passages holding a gold string",
    "citation_coverage": "answer sentences carrying a valid [n]",
    "numeric_faithfulness": "every number is in a cited passage",
    "refused_correctly": "refused or qualified, on unanswerable questions",
    "false_refusal": "refused or qualified, on answerable questions (lower is better)",
    "judged_faithfulness": "JUDGED: share of claims the cited passages support",
    "judged_relevance": "JUDGED: the answer addresses the question",
}


def failure_reason(record: dict) -> str:
    """Why a question counts as failed ("" when it did not fail)."""
    m = record.get("metrics") or {}
    if m.get("refused_correctly") == 0.0:
        return "answered an unanswerable question"
    if m.get("false_refusal") == 1.0:
        return "refused an answerable question"
    if m.get("key_fact_accuracy") == 0.0:
        return "key facts missing from the answer"
    return ""


def failures(records: Sequence[dict]) -> list[dict]:
    """{"id", "type", "lang", "reason"} of every failed question, in dataset order."""
    return [
        {"id": r.get("id"), "type": r.get("type"), "lang": r.get("lang"), "reason": failure_reason(r)}
        for r in records
        if failure_reason(r)
    ]


def present_keys(records: Sequence[dict], keys: Sequence[str]) -> list[str]:
    """The keys that at least one record scored."""
    return [k for k in keys if any((r.get("metrics") or {}).get(k) is not None for r in records)]


def decisions(records: Sequence[dict]) -> dict[str, dict[str, int]]:
    """How many questions of each type (and in all) were answered, qualified or refused."""
    from eval.metrics import decision

    out: dict[str, dict[str, int]] = {}
    for r in records:
        for key in ("all", r.get("type") or "unknown"):
            row = out.setdefault(key, {"answer": 0, "qualified": 0, "refused": 0})
            row[decision(r)] += 1
    return out


def build_report(
    records: Sequence[dict], *, dataset: str = "", config: dict | None = None, run: dict | None = None,
    n_resamples: int = 2000, seed: int = 0,
) -> dict[str, Any]:
    """Everything report.json holds, from the records alone (plus the labels passed in)."""
    judged = present_keys(records, JUDGED_KEYS)
    report: dict[str, Any] = {
        "dataset": dataset,
        "n_questions": len(records),
        "n_answerable": sum(1 for r in records if r.get("answerable", True)),
        "run": run or {},
        "config": config or {},
        "confidence": {"method": "percentile bootstrap", "level": 0.95, "resamples": n_resamples, "seed": seed},
        "metrics": aggregate(records, METRIC_KEYS, n_resamples=n_resamples, seed=seed),
        "latency_ms": latency_summary(records),
        "breakdown": {
            key: breakdown(records, key, METRIC_KEYS + tuple(judged), n_resamples=n_resamples, seed=seed)
            for key in ("type", "lang")
        },
        "decisions": decisions(records),
        "failures": failures(records),
        "errors": [{"id": r.get("id"), "error": r["error"]} for r in records if r.get("error")],
    }
    if judged:
        report["judged"] = aggregate(records, judged, n_resamples=n_resamples, seed=seed)
    return report


def _finite(value: Any) -> Any:
    """NaN and infinities as None, recursively: report.json stays strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def write_json(path: str | Path, data: Any) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_finite(data), ensure_ascii=False, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return path


def read_json(path: str | Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for a table cell; "-" when missing or NaN."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    return f"{value:.{digits}f}"


def fmt_ci(agg: dict | None, digits: int = 3) -> str:
    """"0.837 [0.773, 0.899]" from an aggregate() entry; "-" when nothing was scored."""
    if not agg or not agg.get("n"):
        return "-"
    return f"{fmt(agg['mean'], digits)} [{fmt(agg['lo'], digits)}, {fmt(agg['hi'], digits)}]"


def fmt_diff(diff: dict | None, digits: int = 3) -> str:
    """"+0.021 [-0.010, +0.050]" from a paired_bootstrap() result, "*" when the CI excludes zero."""
    if not diff or not diff.get("n") or diff.get("mean_diff") is None or not math.isfinite(diff["mean_diff"]):
        return "-"
    star = "*" if diff["lo"] > 0 or diff["hi"] < 0 else ""
    return f"{diff['mean_diff']:+.{digits}f} [{diff['lo']:+.{digits}f}, {diff['hi']:+.{digits}f}]{star}"
