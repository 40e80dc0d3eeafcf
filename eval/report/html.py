"""report.html: one self-contained page (inline CSS, plots as inline base64 PNG, no scripts or
external assets). Every piece of text from questions, answers and passages is HTML-escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from eval.metrics import METRIC_KEYS
from eval.report import plots
from eval.report.build import DESCRIPTIONS, METRIC_GROUPS, failure_reason, fmt, fmt_ci, fmt_diff
from eval.report.md import BREAKDOWN_KEYS

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.judged { background: #fff7e0; }
.fail td { max-width: 28em; overflow-wrap: anywhere; }
.fail td:nth-child(-n+2) { white-space: nowrap; }
details { margin: 2px 0; }
img { max-width: 100%; }
"""


def _img(b64: str, alt: str) -> str:
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{b64}">'


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> str:
    """A table from already-escaped cells; cells of the form ('num', text) are right-aligned."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(f'<td class="num">{c[1]}</td>' if isinstance(c, tuple) else f"<td>{c}</td>" for c in row)
        body.append(f"<tr>{cells}</tr>")
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _metric_rows(metrics: dict, groups: dict) -> list[list]:
    rows = []
    for group, keys in groups.items():
        for key in keys:
            m = metrics.get(key)
            if m and m.get("n"):
                rows.append([escape(group), escape(key), ("num", fmt(m["mean"])),
                             ("num", f"[{fmt(m['lo'])}, {fmt(m['hi'])}]"), ("num", str(m["n"])),
                             escape(DESCRIPTIONS.get(key, ""))])
    return rows


def _breakdown(groups: dict, keys: Sequence[str]) -> str:
    rows = []
    for name, metrics in groups.items():
        n = max((m["n"] for m in metrics.values()), default=0)
        rows.append([escape(name), ("num", str(n))] + [("num", fmt_ci(metrics.get(k), 2)) for k in keys])
    return _table(["group", "n"] + list(keys), rows)


def _ablations(full: dict, ablations: dict) -> str:
    names = list(ablations)
    keys = [k for k in METRIC_KEYS if (full.get(k) or {}).get("n")]
    values = [[escape(k), ("num", fmt_ci(full.get(k)))] + [("num", fmt_ci(ablations[n]["metrics"].get(k))) for n in names]
              for k in keys]
    deltas = [[escape(k)] + [("num", fmt_diff(ablations[n]["delta_vs_full"].get(k))) for n in names] for k in keys]
    switches = [[escape(n), escape(", ".join(f"{k}={v}" for k, v in a["overrides"].items())), escape(a["index_dir"])]
                for n, a in ablations.items()]
    headline = [k for k in ("hit@5", "mrr@10", "key_fact_accuracy", "answer_containment", "cmrc_f1",
                            "refused_correctly", "false_refusal") if k in keys]
    return (
        _table(["variant", "switch", "index folder"], switches)
        + _table(["metric", "full"] + names, values)
        + "<p>Variant minus full pipeline, paired on question ids (95% CI; * = CI excludes zero):</p>"
        + _table(["metric"] + names, deltas)
        + _img(plots.ablation_plot(full, ablations, headline), "ablations")
    )


def _passages(record: dict) -> str:
    parts = []
    for c in record.get("citations") or []:
        text, start = c.get("text", ""), c.get("start") or 0
        quote = text[(c.get("quote_start") or start) - start:(c.get("quote_end") or start + len(text)) - start] or text
        where = escape(f"[{c.get('n')}] {c.get('title', '')} ({c.get('doc_id', '')} {start}-{c.get('end')})")
        parts.append(f"<details><summary>{where}: <q>{escape(quote)}</q></summary>{escape(text)}</details>")
    return "".join(parts) or "<em>none</em>"


def _failures(records: Sequence[dict]) -> str:
    rows = []
    for r in records:
        reason = failure_reason(r)
        if not reason:
            continue
        facts = "<br>".join(escape(" | ".join(g)) for g in r.get("key_facts") or []) or escape(r.get("reference_answer", ""))
        rows.append([escape(str(r.get("id"))), escape(r.get("type", "")), escape(reason), escape(r.get("question", "")),
                     facts, escape(r.get("answer", "")), _passages(r)])
    if not rows:
        return "<p>None.</p>"
    return _table(["id", "type", "why", "question", "expected key facts", "answer", "cited passages"], rows, "fail")


def render_html(report: dict, records: Sequence[dict]) -> str:
    cfg, run = report.get("config") or {}, report.get("run") or {}
    scored = [k for k in METRIC_KEYS if (report["metrics"].get(k) or {}).get("n")]
    bkeys = [k for k in BREAKDOWN_KEYS if k in scored]
    info = [
        f"dataset <code>{escape(str(report.get('dataset', '')))}</code>: {report['n_questions']} questions, "
        f"{report['n_answerable']} answerable",
        "pipeline: " + escape(", ".join(f"{k}={cfg.get(k)}" for k in ("answerer", "retrieval", "embedder", "index_dir"))),
        "run: " + escape(", ".join(f"{k} {v}" for k, v in run.items())),
        "95% CIs: percentile bootstrap over questions; n counts the questions a metric applies to",
    ]
    body = [
        "<h1>Evaluation report</h1><ul>" + "".join(f"<li>{i}</li>" for i in info) + "</ul>",
        "<h2>Metrics</h2>",
        _table(["group", "metric", "mean", "95% CI", "n", "meaning"], _metric_rows(report["metrics"], METRIC_GROUPS)),
        _img(plots.metrics_plot(report["metrics"], scored), "metrics with confidence intervals"),
    ]
    if report.get("judged"):
        body += [
            f'<h2 class="judged">Judged metrics (LLM judge {escape(str(run.get("judge_model", "")))}, RAGAS-style)</h2>',
            "<p>Scored by a language model, not by string matching: read them as estimates.</p>",
            _table(["group", "metric", "mean", "95% CI", "n", "meaning"],
                   _metric_rows(report["judged"], {"judged": tuple(report["judged"])}), "judged"),
        ]
    lat = report["latency_ms"]
    body += [
        "<h2>Latency per stage</h2>",
        _table(["stage", "p50 ms", "p95 ms", "mean ms", "max ms", "n"],
               [[escape(s)] + [("num", fmt(v[q], 1)) for q in ("p50", "p95", "mean", "max")] + [("num", str(v["n"]))]
                for s, v in lat.items()]),
        _img(plots.latency_plot(records), "latency histogram"),
        "<h2>By question type</h2>",
        _breakdown(report["breakdown"]["type"], bkeys),
        _img(plots.breakdown_plot(report["breakdown"]["type"],
                                  [k for k in ("hit@5", "key_fact_accuracy", "refused_correctly") if k in bkeys]),
             "per-type breakdown"),
        "<h2>By language</h2>",
        _breakdown(report["breakdown"]["lang"], bkeys),
    ]
    if report.get("decisions"):
        body += ["<h2>Answered, qualified, refused</h2>",
                 _table(["type", "answer", "qualified", "refused"],
                        [[escape(t)] + [("num", str(d[k])) for k in ("answer", "qualified", "refused")]
                         for t, d in report["decisions"].items()])]
    if report.get("ablations"):
        body += ["<h2>Ablations</h2>", _ablations(report["metrics"], report["ablations"])]
    body += [f"<h2>Failed questions ({len(report['failures'])})</h2>", _failures(records)]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Evaluation report</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
