"""Command-line flags that map onto Config fields, shared by every `rag` subcommand."""

from __future__ import annotations

import argparse

from rag.config import Config, load_config


def add_index_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="TOML file with settings (see rag/config.py for every field)")
    p.add_argument("--index-dir", help="index folder (default: the user cache)")
    p.add_argument("--embedder", help="'bundled' (default, offline), or a sentence-transformers model id or local path")
    p.add_argument("--threads", type=int, help="embedding threads (default: all cores)")
    add_store_flags(p)


def add_store_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", help="faiss (default: files in --index-dir) or postgres (PostgreSQL + pgvector at --db-url)")
    p.add_argument("--db-url", help="postgresql://user@host:port/db, the primary (or RAG_DB_URL; password also from PGPASSWORD)")
    p.add_argument("--db-read-url", action="append", help="a read replica (repeat for several); reads fall back to the primary")
    p.add_argument("--db-index", help="the index's name in the database (default: main)")


def add_pipeline_flags(p: argparse.ArgumentParser) -> None:
    add_index_flags(p)
    p.add_argument("--corpus", nargs="+", help="files or folders to ask about (default: the bundled article)")
    p.add_argument("--answerer", help="extractive (default, offline), openai or transformers")
    p.add_argument("--retrieval", help="hybrid (default), dense or bm25")
    p.add_argument("--top-k", type=int, help="passages returned with the answer")
    p.add_argument("--llm-model", help="model name at the endpoint, or a transformers model folder")
    p.add_argument("--llm-base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1")
    p.add_argument("--reranker", help="CrossEncoder model id or folder (off by default)")
    p.add_argument("--no-refusal", action="store_true", help="always answer, even when the corpus seems not to say")


def config_from_args(args: argparse.Namespace, **extra) -> Config:
    """Defaults <- --config file <- RAG_* environment <- the flags given."""
    get = lambda name: getattr(args, name, None)  # noqa: E731
    corpus = tuple(get("corpus")) if get("corpus") else None
    return load_config(
        get("config"), index_dir=get("index_dir"), embedder=get("embedder"), threads=get("threads"),
        answerer=get("answerer"), retrieval=get("retrieval"), top_k=get("top_k"), llm_model=get("llm_model"),
        llm_base_url=get("llm_base_url"), reranker=get("reranker"), refusal=False if get("no_refusal") else None,
        store=get("store"), db_url=get("db_url"), db_read_urls=tuple(get("db_read_url")) if get("db_read_url") else None,
        db_index=get("db_index"),
        **({"corpus": corpus} if corpus else {}), **extra,
    )
