"""FaissStore: an opened index — documents, chunks, their vectors and the FAISS search over them.

Vectors live in `vectors.npy` (memory-mapped, never copied); a flat index searches them with
`faiss.knn`, larger ones use the FAISS structure saved in `index.faiss` (memory-mapped too; see
index/ann.py). Sentences of each chunk, split and embedded at build time, serve the extractive
answerer; they are searched the same way (`sentences.faiss`) and materialised only when read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.ann import AnnSpec
from index.ann import load as load_ann
from index.ann import search as search_vectors
from index.atomic import current_version
from index.manifest import IndexError_, Manifest, verify_files
from rag.retrieve.bm25 import BM25Index
from rag.types import Chunk, Document, Paragraph, Sentence

REBUILD_HINT = "rebuild it with `rag index` (add the same corpus paths and --embedder you use to ask)"


class SentenceTable(Sequence[Sentence]):
    """The sentence rows of an index (chunk row, start, end), as Sentences made on access: a large
    index keeps only the memory-mapped rows, never millions of objects."""

    MADE = 20_000  # Sentences kept once made: a question reads the same few dozen several times

    def __init__(self, rows: np.ndarray, chunks: list[Chunk], documents: dict[str, Document]):
        self.rows = np.asarray(rows)  # the same memory-mapped rows, read without np.memmap's per-access cost
        self._chunks = chunks
        self._documents = documents
        self._made: dict[int, Sentence] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        made = self._made.get(i)
        if made is not None:
            return made
        chunk_row, start, end = self.rows[i].tolist()
        text = self._documents[self._chunks[chunk_row].doc_id].text[start:end]
        if len(self._made) >= self.MADE:
            self._made.clear()
        made = self._made[i] = Sentence(chunk_row, start, end, text)
        return made

    def __iter__(self) -> Iterator[Sentence]:
        return (self[i] for i in range(len(self)))


@dataclass
class FaissStore:
    folder: Path
    manifest: Manifest
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: np.ndarray  # (n_chunks, dim) float32, memory-mapped
    sentences: Sequence[Sentence]
    sentence_vectors: np.ndarray  # (n_sentences, dim)
    chunk_sentences: np.ndarray  # (n_chunks, 2): [first, last) sentence row of each chunk
    lexical: BM25Index | None = None
    ann: faiss.Index | None = None  # None for flat search
    sentence_ann: faiss.Index | None = None

    def __post_init__(self) -> None:
        self.row_of = {c.id: i for i, c in enumerate(self.chunks)}

    @property
    def dim(self) -> int:
        return int(self.manifest.embedder["dim"])

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(chunk row, cosine) of the `k` nearest chunks, best first."""
        return search_vectors(self.ann, self.vectors, query, k)

    def search_sentences(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(sentence row, cosine) of the `k` nearest sentences, best first."""
        return search_vectors(self.sentence_ann, self.sentence_vectors, query, k)

    def sentences_of(self, row: int) -> range:
        lo, hi = self.chunk_sentences[row]
        return range(int(lo), int(hi))

    @classmethod
    def open(cls, root: str | Path, verify: bool = True) -> FaissStore:
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
        except (OSError, ValueError, KeyError, RuntimeError, TypeError) as e:  # TypeError: a manifest value of the wrong type
            raise IndexError_(f"index at {root} cannot be read ({e}); {REBUILD_HINT}") from e

    @classmethod
    def _read(cls, folder: Path, manifest: Manifest) -> FaissStore:
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
        # memory-mapped, read through plain array views: np.memmap costs ~5 us on every row it hands out
        vectors = np.asarray(np.load(folder / "vectors.npy", mmap_mode="r"))
        sent_rows = np.load(folder / "sentences.npy", mmap_mode="r")
        if vectors.ndim != 2 or vectors.shape[1] != manifest.embedder.get("dim"):
            raise ValueError(f"vectors of dimension {vectors.shape[1:]}, the manifest says {manifest.embedder.get('dim')!r}")
        if vectors.shape[0] != len(chunks):
            raise ValueError(f"{len(chunks)} chunks but {vectors.shape[0]} vectors")
        if len(sent_rows) and (int(sent_rows[:, 0].max()) >= len(chunks) or int(sent_rows[:, 0].min()) < 0):
            raise ValueError("a sentence names a chunk that does not exist")
        faiss_rec = manifest.faiss or {}
        return cls(
            folder=folder, manifest=manifest, documents=documents, chunks=chunks, vectors=vectors,
            sentences=SentenceTable(sent_rows, chunks, documents),
            sentence_vectors=np.asarray(np.load(folder / "sentence_vectors.npy", mmap_mode="r")),
            chunk_sentences=np.load(folder / "chunk_sentences.npy"),
            ann=load_ann(folder, AnnSpec.from_record(faiss_rec.get("chunks"))),
            sentence_ann=load_ann(folder, AnnSpec.from_record(faiss_rec.get("sentences"))),
            lexical=BM25Index.load(folder / "bm25") if (folder / "bm25").is_dir() else None,
        )
