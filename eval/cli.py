"""`rag eval`: score a dataset against the configured pipeline, compare two runs, or turn chat
feedback into a dataset skeleton.

    rag eval --dataset FILE --out DIR [--corpus PATH ...] [--config FILE | flags] [--ablate] [--judge-model M]
    rag eval compare DIR_A DIR_B [--out DIR]
    rag eval report DIR
    rag eval from-feedback FEEDBACK.jsonl --out DATASET.jsonl
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eval.dataset import DatasetError, load_dataset

EPILOG = """other commands:
  rag eval compare DIR_A DIR_B [--out DIR]        paired comparison of two runs (B minus A)
  rag eval report DIR                             rebuild the reports of a run from its results.jsonl
  rag eval from-feedback FEEDBACK.jsonl --out DATASET.jsonl
                                                  chat feedback -> dataset skeleton for review"""


def add_eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", required=True, help="JSONL of questions (see eval/datasets/README.md)")
    p.add_argument("--out", required=True, help="folder for results.jsonl, config.json and the reports")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--workers", type=int, default=1, help="questions answered in parallel")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="any Config setting (repeatable), e.g. --set mmr_lambda=0.7")
    p.add_argument("--ablate", nargs="?", const="all", metavar="NAMES",
                   help="also run the variants (all, or a comma-separated list of: no-clean, "
                        "langchain-splitter, dense-only, bm25-only, no-refusal)")
    p.add_argument("--judge-model", help="LLM judge model: adds judged faithfulness and answer relevance")
    p.add_argument("--judge-base-url", help="OpenAI-compatible endpoint of the judge (default: llm_base_url); "
                                            "API key from RAG_JUDGE_API_KEY or OPENAI_API_KEY")
    p.add_argument("--judge-timeout", type=float, default=120.0, help="seconds per judge request")
    p.add_argument("--judge-workers", type=int, default=4, help="judge requests in parallel")
    p.add_argument("--floors", help="JSON of metric floors (eval/floors.json); exit 1 when one is broken")
    p.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples for the 95%% CIs")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def parse_sets(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--set takes KEY=VALUE, not {pair!r}")
        out[key.strip().replace("-", "_")] = value.strip()
    return out


def run_eval(args: argparse.Namespace) -> int:
    from eval.ablate import parse_names
    from eval.evaluate import evaluate
    from eval.gate import check_floors, load_floors
    from eval.report.summary import format_summary
    from rag.flags import config_from_args

    items = load_dataset(args.dataset)
    if args.limit:
        items = items[: args.limit]
    cfg = config_from_args(args).with_overrides(**parse_sets(args.set))
    ablations = parse_names(args.ablate) if args.ablate else []
    floors = load_floors(args.floors) if args.floors else None
    judge = None
    if args.judge_base_url and not args.judge_model:
        raise ValueError("--judge-base-url needs --judge-model")
    if args.judge_model:
        from eval.judge import Judge

        judge = Judge(args.judge_base_url or cfg.llm_base_url, args.judge_model, timeout=args.judge_timeout)
    report = evaluate(cfg, items, args.out, dataset=args.dataset, workers=args.workers, progress=not args.quiet,
                      ablations=ablations, judge=judge, judge_workers=args.judge_workers, n_resamples=args.resamples)
    print(format_summary(report))
    print(f"\nwrote {Path(args.out) / 'results.jsonl'}, report.json, report.md, report.html, config.json")
    if floors is not None:
        problems = check_floors(report["metrics"], floors)
        for p in problems:
            print(f"floor broken: {p}", file=sys.stderr)
        return 1 if problems else 0
    return 0


def compare_main(argv: list[str]) -> int:
    from eval.compare import compare_markdown, compare_runs
    from eval.report.build import write_json
    from eval.run import read_results

    p = argparse.ArgumentParser(prog="rag eval compare", description="Paired comparison of two runs: B minus A.")
    p.add_argument("dir_a", help="run A (a folder with results.jsonl, or the file)")
    p.add_argument("dir_b", help="run B")
    p.add_argument("--out", help="also write compare.json and compare.md here")
    p.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples")
    args = p.parse_args(argv)
    result = compare_runs(read_results(args.dir_a), read_results(args.dir_b), n_resamples=args.resamples)
    text = compare_markdown(result, args.dir_a, args.dir_b)
    print(text)
    if args.out:
        write_json(Path(args.out) / "compare.json", result)
        (Path(args.out) / "compare.md").write_text(text, encoding="utf-8")
    return 0


def report_main(argv: list[str]) -> int:
    from eval.evaluate import rewrite_reports
    from eval.report.summary import format_summary

    p = argparse.ArgumentParser(prog="rag eval report", description="Rebuild a run's reports from its records.")
    p.add_argument("dir", help="a run folder (results.jsonl, config.json, ablations/)")
    p.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples")
    args = p.parse_args(argv)
    print(format_summary(rewrite_reports(args.dir, n_resamples=args.resamples)))
    return 0


def feedback_main(argv: list[str]) -> int:
    from eval.feedback import dataset_text, feedback_to_dataset, usable_feedback
    from rag.feedback import parse_feedback

    p = argparse.ArgumentParser(prog="rag eval from-feedback", description="Chat feedback -> dataset skeleton.")
    p.add_argument("feedback", help="the chat page's feedback JSONL")
    p.add_argument("--out", required=True, help="dataset JSONL to write")
    args = p.parse_args(argv)
    records, broken = parse_feedback(Path(args.feedback).read_bytes())
    records, problems = usable_feedback(records)
    for problem in sorted(broken + problems, key=lambda p: int(p.split(":")[0].split()[-1])):
        print(f"skipped {args.feedback} {problem}", file=sys.stderr)
    if not records:
        raise ValueError(f"{args.feedback}: no usable feedback records")
    items = feedback_to_dataset(records)
    Path(args.out).write_text(dataset_text(items), encoding="utf-8")
    up = sum(i["type"] == "feedback-up" for i in items)
    print(f"wrote {len(items)} items to {args.out} ({up} thumbs-up with a reference answer, "
          f"{len(items) - up} thumbs-down to review)")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = argv[0] if argv else ""
    try:
        if command == "compare":
            return compare_main(argv[1:])
        if command == "from-feedback":
            return feedback_main(argv[1:])
        if command == "report":
            return report_main(argv[1:])
        from rag.flags import add_pipeline_flags

        p = argparse.ArgumentParser(prog="rag eval", description="Score a dataset of questions against the pipeline.",
                                    epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        add_eval_args(p)
        add_pipeline_flags(p)
        return run_eval(p.parse_args(argv))
    except DatasetError as e:
        print(f"rag eval: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError, RuntimeError) as e:  # config, index, corpus, judge and file errors
        print(f"rag eval: error: {e}", file=sys.stderr)
        return 2
