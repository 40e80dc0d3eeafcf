"""The one-screen summary `rag eval` prints at the end: metric, mean, 95% CI, n; latency; ablations."""

from __future__ import annotations

from eval.metrics import METRIC_KEYS
from eval.report.build import fmt

HEADLINE = ("hit@5", "mrr@10", "key_fact_accuracy", "answer_containment", "cmrc_f1", "citation_precision",
            "refused_correctly", "false_refusal")  # fmt: skip


def _rows(metrics: dict, suffix: str = "") -> list[str]:
    out = []
    for key, m in metrics.items():
        if m.get("n"):
            ci = f"[{fmt(m['lo'])}, {fmt(m['hi'])}]"
            out.append(f"{key + suffix:32s} {fmt(m['mean']):>6s}  {ci:16s} {m['n']:>5d}")
    return out


def format_summary(report: dict) -> str:
    run = report.get("run") or {}
    head = f"{report.get('dataset', '')}: {report['n_questions']} questions ({report['n_answerable']} answerable)"
    if "seconds_questions" in run:
        head += f", answered in {run['seconds_questions']} s"
    lines = [head, "", f"{'metric':32s} {'mean':>6s}  {'95% CI':16s} {'n':>5s}"]
    lines += _rows({k: report["metrics"][k] for k in METRIC_KEYS if k in report["metrics"]})
    lines += _rows(report.get("judged") or {}, " (judged)")
    lat = report.get("latency_ms") or {}
    main = [s for s in ("retrieve", "answer", "total") if s in lat]
    if main:
        lines += ["", "latency p50 / p95 ms: " + ", ".join(f"{s} {fmt(lat[s]['p50'], 1)} / {fmt(lat[s]['p95'], 1)}"
                                                         for s in main)]
    ablations = report.get("ablations") or {}
    if ablations:
        keys = [k for k in HEADLINE if (report["metrics"].get(k) or {}).get("n")]
        lines += ["", "ablations (mean; * = paired 95% CI of the change excludes zero):",
                  f"{'variant':20s}" + "".join(f"{k[:11]:>12s}" for k in keys)]
        lines.append(f"{'full':20s}" + "".join(f"{fmt(report['metrics'][k]['mean']):>12s}" for k in keys))
        for name, a in ablations.items():
            cells = []
            for k in keys:
                d = a["delta_vs_full"].get(k) or {}
                star = "*" if d.get("n") and (d["lo"] > 0 or d["hi"] < 0) else " "
                cells.append(f"{fmt(a['metrics'][k]['mean']) + star:>12s}")
            lines.append(f"{name:20s}" + "".join(cells))
    decided = report.get("decisions") or {}
    if decided:
        lines += ["", f"{'answer / qualified / refused':32s}"]
        lines += [f"  {t:30s} {d['answer']:>4d} {d['qualified']:>4d} {d['refused']:>4d}" for t, d in decided.items()]
    lines += ["", f"failed questions: {len(report.get('failures') or [])}"]
    return "\n".join(lines)
