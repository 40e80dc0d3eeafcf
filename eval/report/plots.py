"""Plots for report.html, each returned as a base64 PNG so the page needs no external files.

matplotlib is imported lazily with the Agg backend (no display needed).
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence

from eval.latency import stage_values
from eval.stats import percentiles

COLORS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    _pyplot().close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _usable(agg: dict | None) -> bool:
    return bool(agg and agg.get("n") and agg.get("mean") is not None and math.isfinite(agg["mean"]))


def ci_bars(labels: Sequence[str], series: dict[str, Sequence[dict | None]], title: str = "") -> str:
    """Horizontal bars of aggregate means with their 95% CI as error bars; one colour per series,
    one row per label. Missing aggregates leave a gap."""
    plt = _pyplot()
    n_series = max(1, len(series))
    height = 0.8 / n_series
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(labels) * max(1, n_series * 0.6) + 1.2))
    for s, (name, aggs) in enumerate(series.items()):
        ys, means, errs = [], [], [[], []]
        for i, agg in enumerate(aggs):
            if not _usable(agg):
                continue
            ys.append(i + (s - (n_series - 1) / 2) * height)
            means.append(agg["mean"])
            errs[0].append(max(0.0, agg["mean"] - agg["lo"]))
            errs[1].append(max(0.0, agg["hi"] - agg["mean"]))
        ax.barh(ys, means, height=height, xerr=errs, capsize=2, color=COLORS[s % len(COLORS)], label=name)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.grid(axis="x", alpha=0.3)
    if title:
        ax.set_title(title)
    if len(series) > 1:
        ax.legend(loc="lower right", fontsize="small")
    return _png(fig)


def metrics_plot(metrics: dict, keys: Sequence[str]) -> str:
    """Every scored metric with its 95% CI."""
    keys = [k for k in keys if _usable(metrics.get(k))]
    return ci_bars(keys, {"mean, 95% CI": [metrics[k] for k in keys]}, "metrics (95% bootstrap CI)")


def breakdown_plot(groups: dict, keys: Sequence[str]) -> str:
    """One row per group (type or language), one bar per metric."""
    names = list(groups)
    return ci_bars(names, {k: [groups[g].get(k) for g in names] for k in keys}, "by group (95% CI)")


def ablation_plot(full: dict, ablations: dict, keys: Sequence[str]) -> str:
    """One row per metric, one bar per variant (the full pipeline first)."""
    series = {"full": [full.get(k) for k in keys]}
    series.update({name: [a["metrics"].get(k) for k in keys] for name, a in ablations.items()})
    return ci_bars(list(keys), series, "ablations (95% CI)")


def latency_plot(records: Sequence[dict], stages: Sequence[str] = ("retrieve", "answer", "total")) -> str:
    """Histogram of per-question milliseconds for each stage, with p50/p95 of the total marked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    present = [(s, stage_values(records, s)) for s in stages]
    present = [(s, v) for s, v in present if v]
    top = max((max(v) for _, v in present), default=1.0)
    bins = [top * i / 40 for i in range(41)] if top > 0 else 10
    for i, (stage, values) in enumerate(present):
        ax.hist(values, bins=bins, histtype="step", linewidth=1.5, color=COLORS[i % len(COLORS)], label=stage)
    totals = dict(present).get("total", [])
    if totals:
        marks = percentiles(totals, (50, 95))
        for q, style in (("p50", "--"), ("p95", ":")):
            ax.axvline(marks[q], color="black", linestyle=style, linewidth=1, label=f"total {q}")
    ax.set_xlabel("milliseconds per question")
    ax.set_ylabel("questions")
    ax.set_title("latency per stage")
    if present:
        ax.legend(fontsize="small")
    return _png(fig)
