"""FaissStore: an opened index — documents, chunks, their vectors and the FAISS search over them.

Vectors live in `vectors.npy` (memory-mapped, never copied); a flat index searches them with
`faiss.knn`, larger ones use the FAISS structure saved in `index.faiss`. Sentences of each chunk,
split and embedded at build time, serve the extractive answerer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.atomic import current_version
from index.manifest import IndexError_, Manifest, verify_files
from rag.lexical import BM25Index
from rag.types import Chunk, Document, Paragraph, Sentence

REBUILD_HINT = "rebuild it with `rag index` (add the same corpus paths and --embedder you use to ask)"


@dataclass
class FaissStore:
    folder: Path
    manifest: Manifest
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: np.ndarray  # (n_chunks, dim) float32, memory-mapped
    sentences: list[Sentence]
    sentence_vectors: np.ndarray  # (n_sentences, dim)
    chunk_sentences: np.ndarray  # (n_chunks, 2): [first, last) sentence row of each chunk
    lexical: BM25Index | None = None
    ann: faiss.Index | None = None  # None for flat search

    def __post_init__(self) -> None:
        self.row_of = {c.id: i for i, c in enumerate(self.chunks)}

    @property
    def dim(self) -> int:
        return int(self.manifest.embedder["dim"])

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(chunk row, cosine) of the `k` nearest chunks, best first."""
        k = min(k, len(self.chunks))
        if k <= 0:
            return []
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if self.ann is not None:
            scores, rows = self.ann.search(q, k)
        else:
            scores, rows = faiss.knn(q, self.vectors, k, metric=faiss.METRIC_INNER_PRODUCT)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def search_sentences(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(sentence row, cosine) of the `k` nearest sentences, best first."""
        k = min(k, len(self.sentences))
        if k <= 0:
            return []
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        scores, rows = faiss.knn(q, self.sentence_vectors, k, metric=faiss.METRIC_INNER_PRODUCT)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def sentences_of(self, row: int) -> range:
        lo, hi = self.chunk_sentences[row]
        return range(int(lo), int(hi))

    @classmethod
    def open(cls, root: str | Path, verify: bool = True) -> "FaissStore":
        root = Path(root)
        folder = current_version(root)
        if folder is None:
            raise IndexError_(f"no index at {root}; build one with `rag index --index-dir {root}`")
        manifest = Manifest.read(folder)
        if verify:
            bad = verify_files(folder, manifest)
            if bad:
                raise IndexError_(f"index at {root} is damaged: {'; '.join(bad)}; {REBUILD_HINT}")
        try:
            return cls._read(folder, manifest)
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            raise IndexError_(f"index at {root} cannot be read ({e}); {REBUILD_HINT}") from e

    @classmethod
    def _read(cls, folder: Path, manifest: Manifest) -> "FaissStore":
        documents = {}
        with open(folder / "documents.jsonl", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                paras = tuple(Paragraph(*p) for p in d.pop("paragraphs"))
                documents[d["id"]] = Document(paragraphs=paras, **d)
        chunks = []
        with open(folder / "chunks.jsonl", encoding="utf-8") as f:
            for line in f:
                chunks.append(Chunk(**json.loads(line)))
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        sent_rows = np.load(folder / "sentences.npy", mmap_mode="r")
        sentences = []
        for chunk_row, start, end in sent_rows:
            doc = documents[chunks[chunk_row].doc_id]
            sentences.append(Sentence(int(chunk_row), int(start), int(end), doc.text[start:end]))
        ann = faiss.read_index(str(folder / "index.faiss")) if (folder / "index.faiss").exists() else None
        if vectors.shape[0] != len(chunks):
            raise ValueError(f"{len(chunks)} chunks but {vectors.shape[0]} vectors")
        return cls(
            folder=folder, manifest=manifest, documents=documents, chunks=chunks, vectors=vectors,
            sentences=sentences, sentence_vectors=np.load(folder / "sentence_vectors.npy", mmap_mode="r"),
            chunk_sentences=np.load(folder / "chunk_sentences.npy"), ann=ann,
            lexical=BM25Index.load(folder / "bm25") if (folder / "bm25").is_dir() else None,
        )
