"""report.md: the report of one run as Markdown tables (metrics with 95% CIs, latency, breakdowns,
ablations side by side, failed questions)."""

from __future__ import annotations

from collections.abc import Sequence

from eval.metrics import METRIC_KEYS
from eval.report.build import DESCRIPTIONS, METRIC_GROUPS, failure_reason, fmt, fmt_ci, fmt_diff

# the columns of the per-type / per-language tables (those scored in the run)
BREAKDOWN_KEYS = ("hit@5", "mrr@10", "key_fact_accuracy", "answer_containment", "cmrc_f1",
                  "citation_precision", "refused_correctly", "false_refusal")  # fmt: skip


def cell(text: object, limit: int = 0) -> str:
    """Text safe inside a Markdown table cell, optionally cut to `limit` characters."""
    s = " ".join(str(text).split()).replace("|", "\\|")
    return s if not limit or len(s) <= limit else s[: limit - 1] + "…"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def metrics_table(metrics: dict, judged: bool = False) -> list[str]:
    rows = []
    groups = {"judged (LLM)": tuple(metrics)} if judged else METRIC_GROUPS
    for group, keys in groups.items():
        for key in keys:
            m = metrics.get(key)
            if m and m.get("n"):
                rows.append([group, key, fmt(m["mean"]), f"[{fmt(m['lo'])}, {fmt(m['hi'])}]", str(m["n"]),
                             DESCRIPTIONS.get(key, "")])
    return _table(["group", "metric", "mean", "95% CI", "n", "meaning"], rows)


def latency_table(latency: dict) -> list[str]:
    rows = [[s, fmt(v["p50"], 1), fmt(v["p95"], 1), fmt(v["mean"], 1), fmt(v["max"], 1), str(v["n"])]
            for s, v in latency.items()]
    return _table(["stage", "p50 ms", "p95 ms", "mean ms", "max ms", "n"], rows)


def breakdown_table(groups: dict, scored: Sequence[str]) -> list[str]:
    keys = [k for k in BREAKDOWN_KEYS if k in scored]
    rows = []
    for name, metrics in groups.items():
        n = max((m["n"] for m in metrics.values()), default=0)
        rows.append([cell(name), str(n)] + [fmt_ci(metrics.get(k), 2) for k in keys])
    return _table(["group", "n"] + keys, rows)


def ablation_tables(full: dict, ablations: dict) -> list[str]:
    """Two tables: every metric per variant (mean [95% CI]), then each variant minus full (paired)."""
    names = list(ablations)
    keys = [k for k in METRIC_KEYS if (full.get(k) or {}).get("n")]
    values = [[k, fmt_ci(full.get(k))] + [fmt_ci(ablations[n]["metrics"].get(k)) for n in names] for k in keys]
    deltas = [[k] + [fmt_diff(ablations[n]["delta_vs_full"].get(k)) for n in names] for k in keys]
    return (
        _table(["metric", "full"] + names, values)
        + ["", "Variant minus full pipeline, paired on question ids (95% CI; * = CI excludes zero):", ""]
        + _table(["metric"] + names, deltas)
    )


def failures_table(records: Sequence[dict], limit: int = 200) -> list[str]:
    rows = []
    for r in records:
        reason = failure_reason(r)
        if not reason:
            continue
        facts = " / ".join("|".join(g) for g in r.get("key_facts") or []) or r.get("reference_answer", "")
        rows.append([f"`{r.get('id')}`", cell(r.get("type", "")), reason, cell(r.get("question", ""), 80),
                     cell(facts, 60), cell(r.get("answer", ""), 120)])
    shown = _table(["id", "type", "why", "question", "expected", "answer"], rows[:limit])
    return shown + (["", f"({len(rows) - limit} more in results.jsonl)"] if len(rows) > limit else [])


def render_markdown(report: dict, records: Sequence[dict]) -> str:
    cfg, run = report.get("config") or {}, report.get("run") or {}
    scored = [k for k, m in report["metrics"].items() if m.get("n")]
    lines = [
        "# Evaluation report",
        "",
        f"- dataset: `{report.get('dataset', '')}` ({report['n_questions']} questions, "
        f"{report['n_answerable']} answerable)",
        f"- pipeline: answerer `{cfg.get('answerer', '?')}`, retrieval `{cfg.get('retrieval', '?')}`, "
        f"embedder `{cfg.get('embedder', '?')}`, corpus `{', '.join(cfg.get('corpus') or ()) or 'bundled article'}`",
    ]
    if run:
        lines.append("- run: " + ", ".join(f"{k} {v}" for k, v in run.items()))
    lines += ["- 95% CIs: percentile bootstrap over questions (2,000 resamples); n counts the questions a metric applies to",
              "", "## Metrics", ""] + metrics_table(report["metrics"])
    if report.get("judged"):
        judge = run.get("judge_model", "")
        lines += ["", f"## Judged metrics (LLM judge {judge}, RAGAS-style; not exact-match scores)", ""]
        lines += metrics_table(report["judged"], judged=True)
    lines += ["", "## Latency per stage", ""] + latency_table(report["latency_ms"])
    for key, title in (("type", "By question type"), ("lang", "By language")):
        lines += ["", f"## {title}", ""] + breakdown_table(report["breakdown"][key], scored)
    if report.get("decisions"):
        lines += ["", "## Answered, qualified, refused", "", "| type | answer | qualified | refused |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| {cell(t)} | {d['answer']} | {d['qualified']} | {d['refused']} |" for t, d in report["decisions"].items()]
    if report.get("ablations"):
        lines += ["", "## Ablations", ""] + ablation_tables(report["metrics"], report["ablations"])
    lines += ["", f"## Failed questions ({len(report['failures'])})", ""] + failures_table(records)
    if report.get("errors"):
        lines += ["", "## Questions the pipeline rejected", ""]
        lines += [f"- `{e['id']}`: {cell(e['error'])}" for e in report["errors"]]
    return "\n".join(lines) + "\n"
