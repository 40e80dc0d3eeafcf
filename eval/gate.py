"""Quality floors: the CI gate fails when a metric of a run falls below its floor (or, for
lower-is-better metrics, rises above its ceiling). The floors live in eval/floors.json."""

from __future__ import annotations

import json
from pathlib import Path

FLOORS_PATH = Path(__file__).with_name("floors.json")


def load_floors(path: str | Path = FLOORS_PATH) -> dict[str, dict]:
    """{metric: {"min": x} or {"max": x}} from a floors file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {k: v for k, v in data["floors"].items() if "min" in v or "max" in v}


def check_floors(metrics: dict[str, dict], floors: dict[str, dict]) -> list[str]:
    """One message per metric that breaks its floor or ceiling (a metric not scored breaks it too)."""
    problems = []
    for key, bound in floors.items():
        mean = (metrics.get(key) or {}).get("mean")
        if mean is None or mean != mean:  # missing or NaN
            problems.append(f"{key}: not scored")
        elif "min" in bound and mean < bound["min"]:
            problems.append(f"{key}: {mean:.3f} is below the floor {bound['min']:.3f}")
        elif "max" in bound and mean > bound["max"]:
            problems.append(f"{key}: {mean:.3f} is above the ceiling {bound['max']:.3f}")
    return problems
