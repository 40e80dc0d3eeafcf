"""`rag eval`: run a dataset through the configured pipeline and report its metrics."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.dataset import load_dataset
from eval.metrics import METRIC_KEYS
from eval.run import means, run_dataset, write_results


def add_eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", required=True, help="JSONL of questions (see eval/datasets/README.md)")
    p.add_argument("--out", required=True, help="folder for results.jsonl and reports")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--workers", type=int, default=1, help="questions answered in parallel")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def main(argv: list[str] | None = None) -> int:
    from rag.flags import add_pipeline_flags

    p = argparse.ArgumentParser(prog="rag eval", description="Score a dataset of questions against the pipeline.")
    add_eval_args(p)
    add_pipeline_flags(p)
    return run_eval(p.parse_args(argv))


def run_eval(args: argparse.Namespace) -> int:
    from index.pipeline import load_pipeline
    from rag.flags import config_from_args

    items = load_dataset(args.dataset)
    if args.limit:
        items = items[: args.limit]
    cfg = config_from_args(args)
    pipeline = load_pipeline(cfg, progress=not args.quiet)
    records = run_dataset(pipeline, items, workers=args.workers, progress=not args.quiet)
    path = write_results(args.out, records)
    summary = means(records)
    (Path(args.out) / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    for k in METRIC_KEYS:
        v = summary.get(k)
        print(f"{k:22s} {'-' if v is None else f'{v:.3f}'}")
    print(f"wrote {path}", file=sys.stderr)
    return 0
