"""The `rag` command: one subcommand per job, each a thin call into the library.

    rag clean FILE            cleaned text to stdout, what was removed to stderr
    rag index [PATH ...]      build the FAISS index of a corpus (default: the bundled article)
    rag ask "QUESTION"        answer with citations (--json for the machine-readable object)
    rag eval --dataset FILE   score a dataset of questions (see eval/)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rag.config import ConfigError, load_config


def _config_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="TOML file with settings (see `rag config`)")
    p.add_argument("--index-dir", help="index folder (default: the user cache)")
    p.add_argument("--embedder", help="'bundled' (default, offline), or a sentence-transformers model id or local path")
    p.add_argument("--threads", type=int, help="embedding threads (default: all cores)")


def _pipeline_args(p: argparse.ArgumentParser) -> None:
    _config_args(p)
    p.add_argument("--corpus", nargs="+", help="files or folders to ask about (default: the bundled article)")
    p.add_argument("--answerer", help="extractive (default, offline), openai or transformers")
    p.add_argument("--retrieval", help="hybrid (default), dense or bm25")
    p.add_argument("--top-k", type=int, help="passages returned with the answer")
    p.add_argument("--llm-model", help="model name at the endpoint, or a transformers model folder")
    p.add_argument("--llm-base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1")
    p.add_argument("--reranker", help="CrossEncoder model id or folder (off by default)")
    p.add_argument("--no-refusal", action="store_true", help="always answer, even when the corpus seems not to say")


def _config(args: argparse.Namespace, **extra):
    get = lambda name: getattr(args, name, None)  # noqa: E731
    corpus = tuple(get("corpus")) if get("corpus") else None
    return load_config(
        args.config, index_dir=args.index_dir, embedder=args.embedder, threads=args.threads,
        answerer=get("answerer"), retrieval=get("retrieval"), top_k=get("top_k"), llm_model=get("llm_model"),
        llm_base_url=get("llm_base_url"), reranker=get("reranker"), refusal=False if get("no_refusal") else None,
        **({"corpus": corpus} if corpus else {}), **extra,
    )


def cmd_ask(args: argparse.Namespace) -> int:
    import json

    from index.pipeline import load_pipeline

    cfg = _config(args)
    pipeline = load_pipeline(cfg, progress=not args.json)
    answer = pipeline.ask(args.question, args.history or [])
    if args.json:
        print(json.dumps(answer.to_json(cfg.top_k), ensure_ascii=False, indent=2))
        return 0
    if answer.resolved_question != answer.question:
        print(f"(understood as: {answer.resolved_question})")
    print(answer.text)
    if answer.notice:
        print(f"note: {answer.notice}")
    for c in answer.citations:
        doc_text = pipeline.documents(c.doc_id)
        print(f"  [{c.n}] {c.title} {c.start}-{c.end}: {doc_text[c.quote_start:c.quote_end]}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.cli import run_eval

    return run_eval(args, _config)


def cmd_clean(args: argparse.Namespace) -> int:
    from rag.clean import clean_text
    from rag.decode import decode_bytes

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    text, encoding = decode_bytes(data, args.file)
    result = clean_text(text)
    sys.stdout.write(result.text + "\n")
    c = result.report.counts
    print(f"{args.file} ({encoding}): {result.report.summary()}; "
          f"{c['paragraphs']} paragraphs, {c['headings']} headings, {c['characters_in']} -> {c['characters_out']} characters",
          file=sys.stderr)
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from index.build import build_index
    from rag.factory import make_embedder

    cfg = _config(args, corpus=tuple(args.paths) or None)
    summary = build_index(cfg, make_embedder(cfg), progress=not args.quiet)
    print(summary.line())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Ask questions about documents; answers cite their passages.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("clean", help="clean a text file (pinyin glosses, lost-character '?', whitespace)")
    p.add_argument("file", help="a text file, or - for stdin")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("index", help="build the index of a corpus (default: the bundled article)")
    p.add_argument("paths", nargs="*", help=".txt/.md files, folders of them, or .jsonl of {id,title,text}")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _config_args(p)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--history", action="append", help="an earlier question (repeat, oldest first)")
    p.add_argument("--json", action="store_true", help="print the answer object as JSON")
    _pipeline_args(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="score a dataset of questions; writes DIR/results.jsonl and reports")
    from eval.cli import add_eval_args

    add_eval_args(p)
    _pipeline_args(p)
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (ConfigError, OSError, ValueError, RuntimeError) as e:  # includes index, corpus and question errors
        print(f"rag {args.command}: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
