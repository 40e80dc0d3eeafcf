"""One evaluation run from start to finish: load the pipeline, answer every question, optionally
judge the answers and run the ablations, then write results.jsonl, config.json and the reports.

    DIR/results.jsonl             one record per question (the `rag ask --json` object + labels + metrics)
    DIR/config.json               the Config used (dataclasses.asdict) and the fitted weights ("fitted")
    DIR/config.toml               the same settings for `--config DIR/config.toml`
    DIR/report.json|md|html       aggregates with 95% CIs, latency, breakdowns, ablations, failures
    DIR/ablations/NAME/...        results.jsonl and config.json of each ablation variant
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from eval.ablate import ablation_report, run_ablations
from eval.dataset import EvalItem
from eval.report.build import build_report, write_json
from eval.report.html import render_html
from eval.report.md import render_markdown
from eval.run import run_dataset, stamp, write_results
from rag.config import Config
from rag.fitted import all_fitted


def code_version() -> dict:
    """The git commit of the code that ran, and whether tracked files differed from it ({} outside git)."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"commit": commit, "modified_files": len(dirty.splitlines())}


def _seconds(t0: float) -> float:
    return round(time.perf_counter() - t0, 1)


def config_toml(cfg: Config) -> str:
    """The settings as a TOML [rag] table that `--config` reads back into the same Config."""
    lines = ["# settings of this run: rag eval --config config.toml ... repeats it", "[rag]"]
    for key, value in asdict(cfg).items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (int, float)):
            text = repr(value)
        elif isinstance(value, (list, tuple)):
            text = "[" + ", ".join(json.dumps(str(v), ensure_ascii=False) for v in value) + "]"
        else:
            text = json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string
        lines.append(f"{key} = {text}")
    return "\n".join(lines) + "\n"


def write_run(out: Path, cfg: Config, records: Sequence[dict]) -> None:
    write_results(out, records)
    # the settings, and the fitted weights that made these answers (rag/data/fitted/*.json)
    write_json(out / "config.json", {**asdict(cfg.redacted()), "fitted": all_fitted()})
    (out / "config.toml").write_text(config_toml(cfg.redacted()), encoding="utf-8")


def evaluate(
    cfg: Config,
    items: Sequence[EvalItem],
    out_dir: str | Path,
    *,
    dataset: str = "",
    workers: int = 1,
    progress: bool = True,
    ablations: Sequence[str] = (),
    judge=None,
    judge_workers: int = 4,
    n_resamples: int = 2000,
    load: Callable | None = None,
) -> dict:
    """Run everything and write every file; returns the report (as in report.json).

    `load(cfg, progress=...)` builds the pipeline (index.load.load_pipeline unless given).
    """
    if load is None:
        from index.load import load_pipeline as load
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    run: dict = {"started": stamp(), "workers": workers, **code_version()}
    t0 = time.perf_counter()
    pipeline = load(cfg, progress=progress)
    run["seconds_load"] = _seconds(t0)
    t1 = time.perf_counter()
    records = run_dataset(pipeline, items, workers=workers, progress=progress)
    run["seconds_questions"] = _seconds(t1)
    del pipeline  # free the index before the ablations load theirs
    if judge is not None:
        from eval.judge import judge_records

        t2 = time.perf_counter()
        records = judge_records(records, judge, workers=judge_workers, progress=progress)
        run["judge_model"] = f"{judge.model} at {judge.base_url}"
        run["seconds_judge"] = _seconds(t2)
    write_run(out, cfg, records)

    variants = {}
    if ablations:
        seconds: dict[str, float] = {}

        def run_variant(name: str, variant: Config) -> list[dict]:
            started = time.perf_counter()
            recs = run_dataset(load(variant, progress=progress), items, workers=workers, progress=progress,
                               label=name)
            seconds[name] = _seconds(started)
            write_run(out / "ablations" / name, variant, recs)
            return recs

        variants = run_ablations(cfg, ablations, run_variant)
        run["seconds_ablations"] = seconds
    run["seconds_total"] = _seconds(t0)

    report = build_report(records, dataset=dataset, config=asdict(cfg.redacted()), run=run, n_resamples=n_resamples)
    if variants:
        report["ablations"] = ablation_report(records, variants, n_resamples=n_resamples)
    write_reports(out, report, records)
    return report


def write_reports(out: Path, report: dict, records: Sequence[dict]) -> None:
    write_json(out / "report.json", report)
    (out / "report.md").write_text(render_markdown(report, records), encoding="utf-8")
    (out / "report.html").write_text(render_html(report, records), encoding="utf-8")


def _config(data: dict) -> Config:
    return Config().with_overrides(**{k: v for k, v in data.items() if k in asdict(Config())})


def rewrite_reports(out_dir: str | Path, n_resamples: int = 2000) -> dict:
    """Rebuild report.json/md/html of a finished run from its results.jsonl and config.json files
    (and those under ablations/), e.g. after hand-correcting labels or changing the report code."""
    from eval.report.build import read_json
    from eval.run import read_results

    out = Path(out_dir)
    records = read_results(out)
    old = read_json(out / "report.json") if (out / "report.json").exists() else {}
    config = read_json(out / "config.json")
    report = build_report(records, dataset=old.get("dataset", ""), config=config, run=old.get("run"),
                          n_resamples=n_resamples)
    variants = {}
    for folder in sorted((out / "ablations").glob("*/")) if (out / "ablations").is_dir() else []:
        if (folder / "results.jsonl").exists():
            variants[folder.name] = (_config(read_json(folder / "config.json")), read_results(folder))
    if variants:
        from eval.ablate import VARIANTS

        order = [n for n in VARIANTS if n in variants] + [n for n in variants if n not in VARIANTS]
        report["ablations"] = ablation_report(records, {n: variants[n] for n in order}, n_resamples=n_resamples)
    write_reports(out, report, records)
    return report
