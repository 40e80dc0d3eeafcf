"""The `rag` command: one subcommand per job, each a thin call into the library.

    rag clean FILE            cleaned text to stdout, what was removed to stderr
    rag index [PATH ...]      build the FAISS index of a corpus (default: the bundled article)
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


def _config(args: argparse.Namespace, **extra):
    return load_config(
        args.config, index_dir=args.index_dir, embedder=args.embedder, threads=args.threads, **extra
    )


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (ConfigError, OSError, ValueError, RuntimeError) as e:
        print(f"rag {args.command}: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
