"""Fitted numbers are data: each learned part reads its weights from a JSON file in `rag/data/fitted/`.

A tuner (`python -m eval.tune.<part>`) writes the file with `write_fitted`, recording what it was
fitted on; the part reads it with `read_fitted` when it is built. Every evaluation run copies the
files it used into its `config.json`, so a run says which weights made its answers.

    weights = read_fitted("evidence")["weights"]     # {"dense": 8.07, ...}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

FOLDER = "fitted"


def fitted_path(name: str) -> Path:
    """The file that holds part `name`'s fitted numbers."""
    return Path(str(resources.files("rag") / "data" / FOLDER / f"{name}.json"))


@cache
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def read_fitted(name: str) -> dict[str, Any]:
    """The fitted numbers of part `name` (a fresh dict: callers may not change the shared copy)."""
    path = fitted_path(name)
    try:
        return json.loads(_read(str(path)))
    except FileNotFoundError as e:
        raise FileNotFoundError(f"fitted weights {path} are missing: reinstall the package, or refit with "
                                f"python -m eval.tune.{name}") from e


def write_fitted(name: str, data: Mapping[str, Any], path: str | Path | None = None) -> Path:
    """Write part `name`'s numbers (to its file in the package unless `path` is given)."""
    target = Path(path) if path else fitted_path(name)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _read.cache_clear()
    return target


def all_fitted() -> dict[str, Any]:
    """Every fitted file by part name: what an evaluation run records beside its settings."""
    folder = fitted_path("x").parent
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}
