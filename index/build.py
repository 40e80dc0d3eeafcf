"""Build an index from a corpus, atomically; open it, rebuilding when it no longer matches.

corpus -> clean -> chunk -> embed chunks and their sentences -> write files + manifest -> publish.
Embeddings come from the cache (index/embed_cache.py) when the same text was embedded before, so a
rebuild or an added document embeds only new text. The FAISS structure follows the size (index/ann.py).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from index import ann
from index.atomic import new_build_dir, publish
from index.embed_cache import FILE_NAME as CACHE_FILE
from index.embed_cache import EmbeddingCache, embed_cached
from index.manifest import FORMAT_VERSION, IndexError_, Manifest, file_checksum
from index.store import FaissStore
from rag.config import Config
from rag.embed.protocol import Embedder
from rag.ingest.chunk import ChunkSettings, chunk_document, embed_text
from rag.ingest.corpus import LoadedCorpus, fingerprint, load_corpus, read_sources
from rag.retrieve.bm25 import BM25Index
from rag.text.sentences import sentence_spans
from rag.types import Chunk

EMBED_BATCH = 32


@dataclass(frozen=True)
class BuildSummary:
    documents: int
    chunks: int
    sentences: int
    seconds: float
    folder: Path | str  # the version folder, or where in the database it was published
    embedded_chunks: int = -1  # embedded by this build; the rest came from the embedding cache
    embedded_sentences: int = -1

    def line(self) -> str:
        fresh = (f"; embedded {self.embedded_chunks} new chunk and {self.embedded_sentences} new sentence texts"
                 if self.embedded_chunks >= 0 else "")
        return (f"indexed {self.documents} document(s) into {self.chunks} chunks "
                f"({self.sentences} sentences) in {self.seconds:.1f} s{fresh} -> {self.folder}")


def chunk_settings(cfg: Config) -> ChunkSettings:
    return ChunkSettings(chunk_tokens=cfg.chunk_tokens, overlap_tokens=cfg.overlap_tokens, splitter=cfg.splitter)


def chunker_record(cfg: Config) -> dict:
    from rag.ingest import clean
    from rag.retrieve import bm25 as lexical
    from rag.text import sentences

    return {**asdict(chunk_settings(cfg)), "clean": cfg.clean, "clean_version": clean.VERSION,
            "lexical_version": lexical.VERSION, "sentences_version": sentences.VERSION}


def open_cache(cfg: Config, embedder: Embedder) -> EmbeddingCache | None:
    if not cfg.embed_cache:
        return None
    return EmbeddingCache(Path(cfg.index_dir) / CACHE_FILE, embedder.name, embedder.dim)


def _sentence_table(chunks: list[Chunk]) -> tuple[np.ndarray, np.ndarray]:
    """(rows of (chunk row, start, end) for every sentence of every chunk, each chunk's [first, end) row)."""
    rows, bounds = [], np.zeros((len(chunks), 2), dtype=np.int64)
    for i, c in enumerate(chunks):
        bounds[i, 0] = len(rows)
        for s, e in sentence_spans(c.text, base=c.start):
            rows.append((i, s, e))
        bounds[i, 1] = len(rows)
    return np.array(rows, dtype=np.int64).reshape(-1, 3), bounds


@dataclass(frozen=True)
class Prepared:
    """A corpus chunked and embedded, ready to be written by a store (FAISS files or PostgreSQL tables)."""

    corpus: LoadedCorpus
    chunks: list[Chunk]
    vectors: np.ndarray  # (chunks, dim) L2-normalised
    sentence_rows: np.ndarray  # (sentences, 3): chunk row, start, end
    chunk_sentences: np.ndarray  # (chunks, 2): [first, end) sentence row of each chunk
    sentence_vectors: np.ndarray  # (sentences, dim)
    embedded_chunks: int  # embedded by this build; the rest came from the embedding cache
    embedded_sentences: int


def prepare(cfg: Config, embedder: Embedder, corpus: LoadedCorpus | None = None, progress: bool = True) -> Prepared:
    """corpus -> clean -> chunk -> embed chunks and their sentences (through the embedding cache)."""
    corpus = corpus or load_corpus(list(cfg.corpus), clean=cfg.clean)
    settings = chunk_settings(cfg)
    chunks: list[Chunk] = []
    for doc in corpus.documents:
        chunks.extend(chunk_document(doc, embedder.count_tokens, embedder.max_tokens, settings))
    if not chunks:
        raise IndexError_("the corpus has no text to index")
    docs = {d.id: d for d in corpus.documents}
    cache = open_cache(cfg, embedder)
    try:
        vectors, new_chunks = embed_cached(embedder.embed_documents, [embed_text(c) for c in chunks], embedder.dim,
                                           cache, EMBED_BATCH, "chunks", progress)
        sent_rows, bounds = _sentence_table(chunks)
        sent_texts = [docs[chunks[r].doc_id].text[s:e] for r, s, e in sent_rows]
        sent_vecs, new_sents = embed_cached(embedder.embed_documents, sent_texts, embedder.dim, cache, EMBED_BATCH,
                                            "sentences", progress)
    finally:
        if cache is not None:
            cache.close()
    return Prepared(corpus, chunks, vectors, sent_rows, bounds, sent_vecs, new_chunks, new_sents)


def manifest_for(cfg: Config, embedder: Embedder, p: Prepared, vector_search: dict, files: dict, seconds: float) -> Manifest:
    return Manifest(
        format_version=FORMAT_VERSION,
        created_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        embedder={"name": embedder.name, "dim": embedder.dim, "max_tokens": embedder.max_tokens},
        corpus={"fingerprint": p.corpus.fingerprint, "documents": len(p.corpus.documents), "chunks": len(p.chunks),
                "sentences": len(p.sentence_rows), "paths": [str(Path(x).resolve()) for x in cfg.corpus],
                "embedded": {"chunks": p.embedded_chunks, "sentences": p.embedded_sentences}},
        chunker=chunker_record(cfg),
        faiss=vector_search,
        files=files,
        build_seconds=round(seconds, 3),
    )


def build_index(cfg: Config, embedder: Embedder, corpus: LoadedCorpus | None = None, progress: bool = True) -> BuildSummary:
    """Build and publish the index of `cfg`'s corpus in the store `cfg.store` names."""
    if cfg.store == "postgres":
        from index.pg.build import build_pg_index

        return build_pg_index(cfg, embedder, corpus, progress)
    t0 = time.perf_counter()
    p = prepare(cfg, embedder, corpus, progress)
    chunks, vectors, sent_rows, sent_vecs = p.chunks, p.vectors, p.sentence_rows, p.sentence_vectors
    root = Path(cfg.index_dir)
    build = new_build_dir(root)
    with open(build / "documents.jsonl", "w", encoding="utf-8") as f:
        for d in p.corpus.documents:
            rec = asdict(d)
            rec["paragraphs"] = [list(asdict(x).values()) for x in d.paragraphs]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(build / "chunks.jsonl", "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    np.save(build / "vectors.npy", vectors)
    np.save(build / "sentences.npy", sent_rows)
    np.save(build / "sentence_vectors.npy", sent_vecs)
    np.save(build / "chunk_sentences.npy", p.chunk_sentences)
    chunk_ann = ann.build(vectors, ann.choose(cfg.faiss_index, len(vectors)), build / "index.faiss")
    sentence_ann = ann.build(sent_vecs, ann.choose(cfg.faiss_index, len(sent_vecs)), build / "sentences.faiss")
    BM25Index.build([embed_text(c) for c in chunks], [c.text for c in chunks]).save(build / "bm25")
    manifest = manifest_for(
        cfg, embedder, p,
        {"type": chunk_ann.type, "metric": "inner_product", "requested": cfg.faiss_index,
         "chunks": chunk_ann.record(), "sentences": sentence_ann.record()},
        {x.relative_to(build).as_posix(): file_checksum(x) for x in sorted(build.rglob("*")) if x.is_file()},
        time.perf_counter() - t0)
    manifest.write(build)
    folder = publish(root, build)
    return BuildSummary(len(p.corpus.documents), len(chunks), len(sent_rows), time.perf_counter() - t0, folder,
                        p.embedded_chunks, p.embedded_sentences)


def open_store(cfg: Config, verify: bool = True):
    """The published index `cfg` names, opened from its store (raises IndexError_ when there is none)."""
    if cfg.store == "postgres":
        from index.pg.store import PgStore

        return PgStore.open(cfg, verify=verify)
    return FaissStore.open(cfg.index_dir, verify=verify)


def add_to_index(cfg: Config, embedder: Embedder, paths: Sequence[str], progress: bool = True) -> tuple[BuildSummary, Config]:
    """Add the documents at `paths` to the index at `cfg.index_dir`: a new version holding the old
    corpus and the new documents. Only the new text is embedded (the rest comes from the cache).
    Returns the summary and the configuration whose `corpus` names the whole collection, which is
    what `rag ask --corpus ...` must be given from now on."""
    store = open_store(cfg, verify=False)
    old = tuple(store.manifest.corpus.get("paths") or ())
    if not old:
        raise IndexError_(f"the index at {cfg.index_dir} holds the bundled article (or was built before paths were "
                          "recorded); documents are added to an index built from files: `rag index PATH ...`")
    new = tuple(str(Path(p).resolve()) for p in paths)
    full = cfg.with_overrides(corpus=old + tuple(p for p in new if p not in old))
    return build_index(full, embedder, progress=progress), full


def ann_mismatch(cfg: Config, store) -> list[str]:
    want = ann.choose(cfg.faiss_index, len(store.chunks))
    have = (store.manifest.faiss.get("chunks") or {"type": "flat"}).get("type", "flat")
    return [] if want == have else [f"built with {have} vector search, asked for {want} (faiss_index={cfg.faiss_index})"]


def open_index(cfg: Config, embedder: Embedder, rebuild: bool = True, progress: bool = True):
    """Open the index for `cfg` (FaissStore or PgStore, as `cfg.store` says); build it when missing or
    stale if `rebuild`, else explain how."""
    root = Path(cfg.index_dir) if cfg.store != "postgres" else f"the database index {cfg.db_index!r}"
    sources = read_sources(list(cfg.corpus)) if cfg.corpus else None  # a missing file is reported first
    try:
        store = open_store(cfg)
    except IndexError_ as e:
        store, problems = None, [str(e)]
    if store is not None:
        recorded = tuple(store.manifest.corpus.get("paths") or ())
        if not cfg.corpus and recorded:
            # no corpus named: the index's own (built from the user's files), not the bundled article
            if not all(Path(p).exists() for p in recorded):
                if progress:
                    print("note: the files this index was built from are gone; using it as built", file=sys.stderr)
                return store
            cfg = replace(cfg, corpus=recorded)
            sources = read_sources(list(cfg.corpus))
        want_fp = fingerprint(sources if sources is not None else read_sources([]), cfg.clean)
        problems = store.manifest.mismatches(embedder.name, want_fp, chunker_record(cfg)) + ann_mismatch(cfg, store)
    if not problems:
        return store
    if not rebuild:
        raise IndexError_(f"index at {root} cannot be used: {'; '.join(problems)}; rebuild it with `rag index`")
    if progress:
        print(f"building the index ({'; '.join(problems)})", file=sys.stderr)
    summary = build_index(cfg, embedder, progress=progress)
    if progress:
        print(summary.line(), file=sys.stderr)
    return open_store(cfg)


