"""Compare two runs of the same questions: the paired bootstrap CI of every metric's difference
(run B minus run A, on question ids both runs answered), the questions that flipped between
right and wrong, by key-fact accuracy and by refusal correctness, and every question whose
answer changed at all (its text, refusal, cited quotes or passages): a change meant to alter
nothing must show none.
"""

from __future__ import annotations

from collections.abc import Sequence

from eval.latency import latency_summary
from eval.metrics import METRIC_KEYS
from eval.report.build import JUDGED_KEYS, LOWER_IS_BETTER, fmt, fmt_diff, present_keys
from eval.stats import paired_bootstrap


def refusal_ok(record: dict) -> float | None:
    """1.0 when the refusal decision was right: refused an unanswerable question, or answered an
    answerable one; None when neither refusal metric applies."""
    m = record.get("metrics") or {}
    if m.get("refused_correctly") is not None:
        return m["refused_correctly"]
    if m.get("false_refusal") is not None:
        return 1.0 - m["false_refusal"]
    return None


def _brief(record: dict) -> dict:
    return {"id": record.get("id"), "type": record.get("type", ""), "question": record.get("question", "")}


def flips(a: Sequence[dict], b: Sequence[dict], score) -> dict[str, list[dict]]:
    """Paired records whose score went 1 -> 0 ("right_to_wrong") or 0 -> 1 ("wrong_to_right")."""
    out: dict[str, list[dict]] = {"right_to_wrong": [], "wrong_to_right": []}
    for ra, rb in zip(a, b):
        sa, sb = score(ra), score(rb)
        if sa is None or sb is None or sa == sb:
            continue
        if sa >= 0.5 > sb:
            out["right_to_wrong"].append(_brief(rb))
        elif sb >= 0.5 > sa:
            out["wrong_to_right"].append(_brief(rb))
    return out


def answer_of(record: dict) -> dict:
    """What a user sees of one answer: text, refusal, the quoted ranges and the passages in order."""
    return {
        "answer": record.get("answer", ""),
        "refused": bool(record.get("refused")),
        "quotes": [(c.get("doc_id"), c.get("quote_start"), c.get("quote_end")) for c in record.get("citations") or ()],
        "passages": [p.get("chunk_id") for p in record.get("passages") or ()],
    }


def changes(a: Sequence[dict], b: Sequence[dict]) -> list[dict]:
    """Paired records whose answer differs, with the parts that changed."""
    out = []
    for ra, rb in zip(a, b):
        xa, xb = answer_of(ra), answer_of(rb)
        parts = [k for k in xa if xa[k] != xb[k]]
        if parts:
            out.append({**_brief(rb), "changed": parts, "a": ra.get("answer", ""), "b": rb.get("answer", "")})
    return out


def verdict(key: str, diff: dict) -> str:
    """"better" / "worse" when the CI of B - A excludes zero, else "no clear change"."""
    if not diff.get("n") or diff["lo"] is None or not (diff["lo"] > 0 or diff["hi"] < 0):
        return "no clear change"
    up = diff["lo"] > 0
    return "better" if up != (key in LOWER_IS_BETTER) else "worse"


def compare_runs(a: Sequence[dict], b: Sequence[dict], n_resamples: int = 2000, seed: int = 0) -> dict:
    """The comparison of run B against run A (records as in results.jsonl)."""
    by_id_b = {r.get("id"): r for r in b}
    ids_a = [r.get("id") for r in a]
    common = [i for i in ids_a if i in by_id_b]
    pa = [r for r in a if r.get("id") in by_id_b]
    pb = [by_id_b[i] for i in common]
    keys = present_keys(pa, METRIC_KEYS + JUDGED_KEYS)
    metrics = {}
    for key in keys:
        va = [(r.get("metrics") or {}).get(key) for r in pa]
        vb = [(r.get("metrics") or {}).get(key) for r in pb]
        both = [(x, y) for x, y in zip(va, vb) if x is not None and y is not None]
        diff = paired_bootstrap(va, vb, n_resamples=n_resamples, seed=seed)
        metrics[key] = {
            "a": sum(x for x, _ in both) / len(both) if both else None,
            "b": sum(y for _, y in both) / len(both) if both else None,
            **diff,
            "verdict": verdict(key, diff),
        }
    set_a = set(ids_a)
    return {
        "n_a": len(a),
        "n_b": len(b),
        "n_common": len(common),
        "only_in_a": [i for i in ids_a if i not in by_id_b],
        "only_in_b": [r.get("id") for r in b if r.get("id") not in set_a],
        "metrics": metrics,
        "latency_ms": {"a": latency_summary(pa), "b": latency_summary(pb)},
        "flips": {
            "key_fact_accuracy": flips(pa, pb, lambda r: (r.get("metrics") or {}).get("key_fact_accuracy")),
            "refusal": flips(pa, pb, refusal_ok),
        },
        "changed": changes(pa, pb),
    }


def compare_markdown(result: dict, label_a: str = "A", label_b: str = "B") -> str:
    """The comparison as Markdown: metric table, latency, and the flipped questions."""
    lines = [
        f"# Comparison: B = {label_b} vs A = {label_a}",
        "",
        f"{result['n_common']} questions in both runs (A has {result['n_a']}, B has {result['n_b']}). "
        "A and B are means over the questions both runs scored (n); differences are B - A with "
        "paired-bootstrap 95% CIs; * marks a CI that excludes zero.",
        "",
        "| metric | A | B | B - A [95% CI] | n | verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for key, m in result["metrics"].items():
        name = f"{key} (judged)" if key in JUDGED_KEYS else key
        lines.append(f"| {name} | {fmt(m['a'])} | {fmt(m['b'])} | {fmt_diff(m)} | {m['n']} | {m['verdict']} |")
    lat_a, lat_b = result["latency_ms"]["a"], result["latency_ms"]["b"]
    stages = [s for s in lat_a if s in lat_b]
    if stages:
        lines += ["", "| latency (ms) | A p50 | B p50 | A p95 | B p95 |", "| --- | --- | --- | --- | --- |"]
        for s in stages:
            lines.append(f"| {s} | {fmt(lat_a[s]['p50'], 1)} | {fmt(lat_b[s]['p50'], 1)} | "
                         f"{fmt(lat_a[s]['p95'], 1)} | {fmt(lat_b[s]['p95'], 1)} |")
    for what, title in (("key_fact_accuracy", "key-fact accuracy"), ("refusal", "refusal correctness")):
        for direction in ("right_to_wrong", "wrong_to_right"):
            items = result["flips"][what][direction]
            lines += ["", f"## {title}: {direction.replace('_', ' ')} ({len(items)})", ""]
            lines += [f"- `{q['id']}` ({q['type']}) {q['question']}" for q in items] or ["(none)"]
    changed = result.get("changed", [])
    lines += ["", f"## answers that changed ({len(changed)})", ""]
    for q in changed:
        lines.append(f"- `{q['id']}` ({', '.join(q['changed'])}) {q['question']}")
        if "answer" in q["changed"] or "refused" in q["changed"]:
            lines += [f"  - A: {q['a']}", f"  - B: {q['b']}"]
    if not changed:
        lines.append("(none: the same text, refusals, quotes and passages for every question)")
    for side in ("only_in_a", "only_in_b"):
        if result[side]:
            lines += ["", f"Only in {side[-1].upper()}: " + ", ".join(f"`{i}`" for i in result[side])]
    return "\n".join(lines) + "\n"
