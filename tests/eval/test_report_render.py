"""report.md and report.html rendered from synthetic records, and the plots they embed."""

from __future__ import annotations

import base64
import re

from eval.ablate import ablation_report
from eval.report import plots
from eval.report.build import build_report
from eval.report.html import render_html
from eval.report.md import render_markdown
from eval.report.summary import format_summary
from rag.config import Config
from tests.eval.synthetic import make_record, make_run

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def report_with_ablation(records):
    report = build_report(records, dataset="set.jsonl", n_resamples=100)
    worse = make_run(len(records), accuracy=0.3, seed=1)
    report["ablations"] = ablation_report(records, {"dense-only": (Config(retrieval="dense"), worse)}, n_resamples=100)
    return report


def test_plots_are_png():
    records = make_run(30)
    report = build_report(records, n_resamples=50)
    for b64 in (plots.metrics_plot(report["metrics"], ["hit@5", "key_fact_accuracy", "refused_correctly"]),
                plots.latency_plot(records),
                plots.breakdown_plot(report["breakdown"]["type"], ["hit@5", "key_fact_accuracy"]),
                plots.latency_plot([])):
        assert base64.b64decode(b64).startswith(PNG_MAGIC)


def test_markdown_has_every_section_and_the_ablation_tables():
    records = make_run(30)
    md = render_markdown(report_with_ablation(records), records)
    for heading in ("## Metrics", "## Latency per stage", "## By question type", "## By language", "## Ablations",
                    "## Failed questions"):
        assert heading in md
    row = next(line for line in md.splitlines() if line.startswith("| retrieval | hit@5 |"))
    assert "[1.000, 1.000]" in row and "| 24 |" in row
    assert "| metric | full | dense-only |" in md
    assert "| metric | dense-only |" in md  # the paired-difference table


def test_markdown_cells_cannot_break_the_table():
    bad = make_record(1, right=False, answer="a | b\nc", question="why | not?")
    md = render_markdown(build_report([bad], n_resamples=20), [bad])
    line = next(line for line in md.splitlines() if line.startswith("| `q001`"))
    assert "a \\| b c" in line and "why \\| not?" in line


def test_html_is_self_contained_and_escaped():
    records = make_run(30)
    evil = make_record(99, right=False, answer="<script>alert(1)</script>", question="<b>q</b> & co")
    evil["citations"][0]["text"] = "<img src=x onerror=alert(2)>"
    records.append(evil)
    html = render_html(report_with_ablation(records), records)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;b&gt;q&lt;/b&gt; &amp; co" in html
    sources = re.findall(r'src="([^"]*)"', html)
    assert len(sources) >= 4 and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "http://" not in html and "https://" not in html and "<link" not in html
    assert "Ablations" in html and "dense-only" in html


def test_html_marks_judged_metrics():
    records = make_run(10)
    for r in records:
        r["metrics"]["judged_relevance"] = 1.0
    report = build_report(records, run={"judge_model": "judge-x"}, n_resamples=20)
    html = render_html(report, records)
    assert "Judged metrics (LLM judge judge-x" in html
    assert "judged_relevance (judged)" in format_summary(report)


def test_summary_fits_one_screen():
    records = make_run(40)
    text = format_summary(report_with_ablation(records))
    lines = text.splitlines()
    assert len(lines) <= 40 and max(map(len, lines)) <= 120
    assert any(line.startswith("key_fact_accuracy") and "[" in line for line in lines)
    assert any(line.startswith("dense-only") for line in lines)
