"""Latency per pipeline stage: p50/p95 (and mean, max) of each key of the records' `timings_ms`.

The pipeline reports `retrieve`, `answer` and `total`, plus whatever its parts add (e.g. `dense`,
`bm25`, `rerank`); every key present in any record gets a row, the three main stages first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from eval.stats import percentiles

MAIN_STAGES = ("retrieve", "answer", "total")


def stages(records: Sequence[dict]) -> list[str]:
    """Stage names present in the records: retrieve, answer, total first, then the rest sorted."""
    seen = {k for r in records for k in (r.get("timings_ms") or {})}
    return [s for s in MAIN_STAGES if s in seen] + sorted(seen - set(MAIN_STAGES))


def stage_values(records: Sequence[dict], stage: str) -> list[float]:
    """Milliseconds of one stage over the records that timed it (questions that failed have none)."""
    out = []
    for r in records:
        v = (r.get("timings_ms") or {}).get(stage)
        if isinstance(v, (int, float)) and math.isfinite(v):
            out.append(float(v))
    return out


def latency_summary(records: Sequence[dict]) -> dict[str, dict[str, float]]:
    """{stage: {"p50", "p95", "mean", "max", "n"}} in milliseconds."""
    out = {}
    for stage in stages(records):
        values = stage_values(records, stage)
        if not values:
            continue
        out[stage] = {
            **percentiles(values, (50, 95)),
            "mean": sum(values) / len(values),
            "max": max(values),
            "n": len(values),
        }
    return out
