"""Build an index from a corpus, atomically; open it, rebuilding when it no longer matches.

corpus -> clean -> chunk -> embed chunks and their sentences -> write files + manifest -> publish.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from index.atomic import new_build_dir, publish
from index.manifest import FORMAT_VERSION, IndexError_, Manifest, file_checksum
from index.store import FaissStore
from rag.chunk import ChunkSettings, chunk_document, embed_text
from rag.config import Config
from rag.corpus import LoadedCorpus, fingerprint, load_corpus, read_sources
from rag.embed import Embedder
from rag.lexical import BM25Index
from rag.sentences import sentence_spans
from rag.types import Chunk

EMBED_BATCH = 32


@dataclass(frozen=True)
class BuildSummary:
    documents: int
    chunks: int
    sentences: int
    seconds: float
    folder: Path

    def line(self) -> str:
        return (f"indexed {self.documents} document(s) into {self.chunks} chunks "
                f"({self.sentences} sentences) in {self.seconds:.1f} s -> {self.folder}")


def chunk_settings(cfg: Config) -> ChunkSettings:
    return ChunkSettings(chunk_tokens=cfg.chunk_tokens, overlap_tokens=cfg.overlap_tokens, splitter=cfg.splitter)


def chunker_record(cfg: Config) -> dict:
    from rag import lexical

    from rag import sentences

    return {**asdict(chunk_settings(cfg)), "clean": cfg.clean, "lexical_version": lexical.VERSION,
            "sentences_version": sentences.VERSION}


def embed_all(embedder: Embedder, texts: Sequence[str], label: str, progress: bool) -> np.ndarray:
    from tqdm import tqdm

    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    with tqdm(total=len(texts), desc=f"embedding {label}", unit=label, disable=not progress, file=sys.stderr) as bar:
        for i in range(0, len(texts), EMBED_BATCH):
            batch = texts[i : i + EMBED_BATCH]
            out[i : i + len(batch)] = embedder.embed_documents(batch)
            bar.update(len(batch))
    return out


def _sentence_table(chunks: list[Chunk], docs: dict) -> tuple[np.ndarray, np.ndarray]:
    rows, bounds = [], np.zeros((len(chunks), 2), dtype=np.int64)
    for i, c in enumerate(chunks):
        bounds[i, 0] = len(rows)
        for s, e in sentence_spans(c.text, base=c.start):
            rows.append((i, s, e))
        bounds[i, 1] = len(rows)
    return np.array(rows, dtype=np.int64).reshape(-1, 3), bounds


def build_index(cfg: Config, embedder: Embedder, corpus: LoadedCorpus | None = None, progress: bool = True) -> BuildSummary:
    t0 = time.perf_counter()
    corpus = corpus or load_corpus(list(cfg.corpus), clean=cfg.clean)
    settings = chunk_settings(cfg)
    chunks: list[Chunk] = []
    for doc in corpus.documents:
        chunks.extend(chunk_document(doc, embedder.count_tokens, embedder.max_tokens, settings))
    if not chunks:
        raise IndexError_("the corpus has no text to index")
    docs = {d.id: d for d in corpus.documents}
    vectors = embed_all(embedder, [embed_text(c) for c in chunks], "chunks", progress)
    sent_rows, bounds = _sentence_table(chunks, docs)
    unique: dict[tuple[str, int, int], int] = {}
    for chunk_row, s, e in sent_rows:
        unique.setdefault((chunks[chunk_row].doc_id, int(s), int(e)), len(unique))
    keys = list(unique)
    unique_vecs = embed_all(embedder, [docs[d].text[s:e] for d, s, e in keys], "sentences", progress)
    sent_vecs = unique_vecs[[unique[(chunks[r].doc_id, int(s), int(e))] for r, s, e in sent_rows]]

    root = Path(cfg.index_dir)
    build = new_build_dir(root)
    with open(build / "documents.jsonl", "w", encoding="utf-8") as f:
        for d in corpus.documents:
            rec = asdict(d)
            rec["paragraphs"] = [list(asdict(p).values()) for p in d.paragraphs]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(build / "chunks.jsonl", "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    np.save(build / "vectors.npy", vectors)
    np.save(build / "sentences.npy", sent_rows)
    np.save(build / "sentence_vectors.npy", sent_vecs)
    np.save(build / "chunk_sentences.npy", bounds)
    BM25Index.build([embed_text(c) for c in chunks], [c.text for c in chunks]).save(build / "bm25")
    seconds = time.perf_counter() - t0
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        created_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        embedder={"name": embedder.name, "dim": embedder.dim, "max_tokens": embedder.max_tokens},
        corpus={"fingerprint": corpus.fingerprint, "documents": len(corpus.documents), "chunks": len(chunks),
                "sentences": len(sent_rows)},
        chunker=chunker_record(cfg),
        faiss={"type": "flat", "metric": "inner_product"},
        files={p.relative_to(build).as_posix(): file_checksum(p) for p in sorted(build.rglob("*")) if p.is_file()},
        build_seconds=round(seconds, 3),
    )
    manifest.write(build)
    folder = publish(root, build)
    return BuildSummary(len(corpus.documents), len(chunks), len(sent_rows), time.perf_counter() - t0, folder)


def open_index(cfg: Config, embedder: Embedder, rebuild: bool = True, progress: bool = True) -> FaissStore:
    """Open the index for `cfg`; build it when missing or stale if `rebuild`, else explain how."""
    root = Path(cfg.index_dir)
    want_fp = fingerprint(read_sources(list(cfg.corpus)), cfg.clean)
    try:
        store = FaissStore.open(root)
        problems = store.manifest.mismatches(embedder.name, want_fp, chunker_record(cfg))
    except IndexError_ as e:
        store, problems = None, [str(e)]
    if not problems:
        return store
    if not rebuild:
        raise IndexError_(f"index at {root} cannot be used: {'; '.join(problems)}; rebuild it with `rag index`")
    if progress:
        print(f"building the index ({'; '.join(problems)})", file=sys.stderr)
    summary = build_index(cfg, embedder, progress=progress)
    if progress:
        print(summary.line(), file=sys.stderr)
    return FaissStore.open(root)


