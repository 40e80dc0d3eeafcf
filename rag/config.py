"""One frozen configuration: defaults here, then a TOML file, then `RAG_*` variables, then flags.

Every field is documented where it is declared. `load_config(path, overrides)` applies the layers
in that order; `RAG_TOP_K=5` overrides `top_k`, and list fields take comma-separated values.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints


def default_index_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "fullstack-rag", "index")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    # corpus and index
    corpus: tuple[str, ...] = ()  # files or folders (.txt, .md, .jsonl); empty = the bundled article
    index_dir: str = field(default_factory=default_index_dir)  # where the index lives
    clean: bool = True  # remove pinyin glosses and lost-character `?` (off only for ablations)
    embedder: str = "bundled"  # "bundled" (multilingual-e5-small, offline), "hash", or a sentence-transformers id/path
    threads: int = 0  # embedding threads; 0 = all cores
    chunk_tokens: int = 160  # chunk size in embedder tokens (title/heading context included)
    overlap_tokens: int = 24  # overlap between neighbouring chunks, in tokens
    splitter: str = "sentence"  # "sentence" or "langchain-default" (500/50 characters, for ablations)
    faiss_index: str = "auto"  # "auto" (flat when small, HNSW when large), "flat", "hnsw", "ivf"
    # where the index and the shared state live (README, "Beyond one machine")
    store: str = "faiss"  # "faiss" (files in index_dir) or "postgres" (PostgreSQL + pgvector at db_url)
    db_url: str = ""  # postgresql://user[:password]@host:port/db, the primary (RAG_DB_URL; password also from PGPASSWORD)
    db_read_urls: tuple[str, ...] = ()  # streaming replicas that serve reads (the primary when none answers)
    db_index: str = "main"  # the index's name in the database (uploaded sets are "uploads/<hash>")
    # caches (performance): an answer should cost about one query embedding
    embed_cache: bool = True  # remember document embeddings (INDEX_DIR/embed-cache.sqlite): rebuilds embed only new text
    query_cache: int = 256  # recent question embeddings kept in memory (0 = off)

    # retrieval
    retrieval: str = "hybrid"  # "hybrid", "dense" or "bm25"
    fusion: str = "weighted"  # "weighted" (normalised score blend; best on the article set) or "rrf" (reciprocal rank)
    rrf_k: int = 60  # reciprocal-rank-fusion constant
    dense_weight: float = 0.6  # weight of the dense score in "weighted" fusion (when adaptive_fusion is off)
    adaptive_fusion: bool = True  # the dense weight follows the share of the question's words the corpus uses (fitted)
    sentence_search: bool = True  # dense search also over single sentences; a chunk ranks by its best one
    candidates: int = 50  # candidates taken from each retriever before fusion
    top_k: int = 10  # passages returned with an answer
    mmr_lambda: float = 0.85  # relevance vs. novelty when picking passages (1 = no redundancy control)
    reranker: str = ""  # sentence-transformers CrossEncoder id or path; empty = off
    bridge: bool = True  # an English question on a Chinese corpus (or the reverse) also searches BM25 with translations
    bridged_dense_weight: float = 0.8  # dense weight in the fusion for such questions, when the bridge found words
    cross_lingual_dense_weight: float = 0.9  # ... and when it found none (or is off): lean on meaning

    # answering
    answerer: str = "extractive"  # "extractive", "openai" (any OpenAI-compatible endpoint) or "transformers"
    answer_passages: int = 5  # passages the answerer reads
    max_sentences: int = 3  # extractive: at most this many sentences
    overview_sentences: int = 5  # a question about the documents as a whole: at most this many sentences
    refusal: bool = True  # say so when the corpus does not contain the answer
    decision: str = "rules"  # "rules": rag.evidence.rules refuses, the learned model only qualifies; "learned": it decides all
    llm_base_url: str = "http://127.0.0.1:11434/v1"  # OpenAI-compatible endpoint (Ollama's default)
    llm_model: str = ""  # model name at the endpoint, or transformers id/path
    llm_api_key: str = ""  # read from RAG_LLM_API_KEY or OPENAI_API_KEY when empty
    llm_timeout: float = 30.0  # seconds before falling back to the extractive answer
    llm_max_tokens: int = 512
    max_question_chars: int = 2000  # longer questions are cut here, with a notice

    def redacted(self) -> Config:
        """This configuration without secrets (API key, database passwords): what a run may write down."""
        from rag.secrets import redact_url

        return replace(self, llm_api_key="", db_url=redact_url(self.db_url),
                       db_read_urls=tuple(redact_url(u) for u in self.db_read_urls))

    def with_overrides(self, **changes: Any) -> Config:
        known = {f.name for f in fields(self)}
        bad = sorted(set(changes) - known)
        if bad:
            raise ConfigError(f"unknown setting(s): {', '.join(bad)}")
        return replace(self, **{k: _coerce(k, v) for k, v in changes.items() if v is not None})


_HINTS: dict[str, Any] = {}


def _coerce(name: str, value: Any) -> Any:
    if not _HINTS:
        _HINTS.update(get_type_hints(Config))
    hint = _HINTS[name]
    try:
        if hint is bool:
            if isinstance(value, str):
                if value.lower() in ("1", "true", "yes", "on"):
                    return True
                if value.lower() in ("0", "false", "no", "off"):
                    return False
                raise ValueError(value)
            return bool(value)
        if hint is int:
            return int(value)
        if hint is float:
            return float(value)
        if hint == tuple[str, ...]:
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"setting {name}: cannot use {value!r} ({hint})") from e


def load_config(path: str | Path | None = None, environ: dict[str, str] | None = None, **overrides: Any) -> Config:
    """Defaults <- TOML file <- RAG_* environment <- keyword overrides (None values are skipped)."""
    cfg = Config()
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"config file {path}: {e}") from e
        cfg = cfg.with_overrides(**data.get("rag", data))
    env = os.environ if environ is None else environ
    from_env = {f.name: env[f"RAG_{f.name.upper()}"] for f in fields(Config) if f"RAG_{f.name.upper()}" in env}
    cfg = cfg.with_overrides(**from_env)
    return cfg.with_overrides(**overrides)


def describe() -> list[tuple[str, Any]]:
    """(name, default) of every setting, for `rag config`."""
    out = []
    for f in fields(Config):
        default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[misc]
        out.append((f.name, default))
    return out
