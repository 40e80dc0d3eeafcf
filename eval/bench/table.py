"""The rows and the one table `rag bench` prints."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

COLUMNS = ("corpus", "pipeline", "chunks", "build s", "chunks/s", "hit@1", "MRR", "facts", "embed p50", "search p50",
           "fuse p50", "answer p50", "total p50", "total p95", "x floor", "repeat p50", "recall@10", "cold s", "RSS MB")


@dataclass
class Row:
    corpus: str
    pipeline: str
    cells: dict = field(default_factory=dict)

    def values(self) -> list[str]:
        return [self.corpus, self.pipeline] + [fmt(self.cells.get(c)) for c in COLUMNS[2:]]


def fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 1 else f"{v:.1f}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v)


def p(values, q: float) -> float | None:
    values = [v for v in values if v is not None]
    return float(np.percentile(values, q)) if values else None


# ---- corpora through whole pipelines ------------------------------------------------------------


def table(rows: list[Row]) -> str:
    grid = [list(COLUMNS)] + [r.values() for r in rows]
    widths = [max(len(line[i]) for line in grid) for i in range(len(COLUMNS))]
    fmt = lambda line: "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |"  # noqa: E731
    return "\n".join([fmt(grid[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [fmt(r) for r in grid[1:]])
