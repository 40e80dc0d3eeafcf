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

from rag.config import ConfigError
from rag.flags import add_index_flags, add_pipeline_flags, config_from_args


def argument_text(value: str) -> str:
    """A command-line argument as text. Python turns bytes that are not UTF-8 into lone surrogates:
    a question typed in a GBK terminal is read as GB18030; other stray bytes are left for the
    pipeline to drop."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    import os

    from rag.ingest.decode import DecodeError, decode_bytes

    try:
        text, encoding = decode_bytes(os.fsencode(value), "the question")
    except (DecodeError, UnicodeError):
        return value
    return text if encoding == "gb18030" else value


def cmd_ask(args: argparse.Namespace) -> int:
    import json

    from index.load import load_pipeline
    from rag.pipeline import check_question

    cfg = config_from_args(args)
    question = argument_text(args.question)
    history = [argument_text(h) for h in args.history or []]
    check_question(question, cfg.max_question_chars)  # before a possibly long index build
    pipeline = load_pipeline(cfg, progress=not args.json)
    answer = pipeline.ask(question, history)
    if args.json:
        print(json.dumps(answer.to_json(cfg.top_k), ensure_ascii=False, indent=2))
        return 0
    if answer.resolved_question != answer.question:
        print(f"(understood as: {answer.resolved_question})")
    if answer.short:
        print(f"{answer.short_en} ({answer.short})" if answer.short_en else answer.short)
    print(answer.text)
    if answer.notice:
        print(f"note: {answer.notice}")
    for c in answer.citations:
        doc_text = pipeline.documents(c.doc_id)
        print(f"  [{c.n}] {c.title} {c.start}-{c.end}: {doc_text[c.quote_start:c.quote_end]}")
    return 0


# subcommands that own their flags: `rag NAME ...` hands the rest of the line to MODULE.main(argv)
DELEGATED = {
    "eval": ("eval.cli", "score a dataset of questions, compare runs (rag eval --help)"),
    "chat": ("ui.app", "the chat page in the browser: answers whose citations open their passage (rag chat --help)"),
    "db": ("ui.db", "the postgres store's database: migrate the schema, show what it holds (rag db --help)"),
    "bench": ("eval.bench.run", "quality next to speed, one table: pipelines, baselines, scale points (rag bench --help)"),
}


def cmd_clean(args: argparse.Namespace) -> int:
    from rag.ingest.clean import clean_text
    from rag.ingest.corpus import DOCUMENT_SUFFIXES
    from rag.ingest.decode import decode_bytes

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    if args.file.lower().endswith(DOCUMENT_SUFFIXES):  # a PDF, Word file or web page: its reader, then the cleaner
        from rag.ingest.assemble import assemble
        from rag.ingest.formats import read_bytes

        extracted = read_bytes(data, args.file)
        doc, report = assemble(Path(args.file).stem, None, extracted, args.file)
        text, encoding = doc.text, extracted.format
    else:
        text, encoding = decode_bytes(data, args.file)
        result = clean_text(text)
        text, report = result.text, result.report
    sys.stdout.write(text + "\n")
    c = report.counts
    print(f"{args.file} ({encoding}): {report.summary()}; "
          f"{c['paragraphs']} paragraphs, {c['headings']} headings, {c['characters_in']} -> {c['characters_out']} characters",
          file=sys.stderr)
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from index.build import build_index
    from rag.factory import check_choices, make_embedder

    check_choices(config_from_args(args))  # a wrong store or a missing database URL, before any embedding
    if args.add:
        from index.build import add_to_index

        cfg = config_from_args(args)
        summary, full = add_to_index(cfg, make_embedder(cfg), args.add, progress=not args.quiet)
        print(summary.line())
        print("ask it with: --corpus " + " ".join(full.corpus))
        return 0
    cfg = config_from_args(args, corpus=tuple(args.paths) or None)
    summary = build_index(cfg, make_embedder(cfg), progress=not args.quiet)
    print(summary.line())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Ask questions about documents; answers cite their passages.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("clean", help="clean a text file (pinyin glosses, lost-character '?', whitespace)")
    p.add_argument("file", help="a text file, a PDF, .docx or .html file (its extracted text), or - for stdin")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("index", help="build the index of a corpus (default: the bundled article)")
    p.add_argument("paths", nargs="*", help="PDF, .docx, .html, .txt or .md files, folders of them, or .jsonl of {id,title,text}")
    p.add_argument("--add", nargs="+", metavar="PATH",
                   help="add these documents to the existing index (only their text is embedded)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_index_flags(p)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--history", action="append", help="an earlier question (repeat, oldest first)")
    p.add_argument("--json", action="store_true", help="print the answer object as JSON")
    add_pipeline_flags(p)
    p.set_defaults(func=cmd_ask)

    for name, (_, help_text) in DELEGATED.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DELEGATED:
        import importlib

        return importlib.import_module(DELEGATED[argv[0]][0]).main(argv[1:])
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
