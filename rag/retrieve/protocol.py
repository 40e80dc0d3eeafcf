"""What retrieval reads from an index, and what it gives back: the `ChunkStore`, `Retriever` and
`Reranker` protocols and the `Retrieval` record.

`index.store.FaissStore` is the embedded store; any other store (a database) provides the same names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from rag.retrieve.bm25 import BM25Index
from rag.types import Chunk, Document, Hit, Sentence


class ChunkStore(Protocol):
    """Everything retrieval, evidence scoring and answering read from an index."""

    documents: dict[str, Document]  # doc id -> cleaned document (citations quote from its text)
    chunks: list[Chunk]  # row -> chunk
    vectors: np.ndarray  # (rows, dim) L2-normalised chunk vectors
    sentences: list[Sentence]  # every sentence of every chunk, in chunk order
    sentence_vectors: np.ndarray  # (sentences, dim) L2-normalised
    lexical: BM25Index | None  # BM25 over the chunks (None when built without it)
    row_of: dict[str, int]  # chunk id -> row

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(chunk row, inner product) of the k nearest chunks, best first."""

    def search_sentences(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(sentence row, inner product) of the k nearest sentences, best first."""

    def sentences_of(self, row: int) -> range:
        """Rows in `sentences` of chunk `row`'s sentences."""


class Reranker(Protocol):
    def score(self, question: str, texts: Sequence[str]) -> np.ndarray:
        """One relevance score per text, higher is better."""


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]
    query_vector: np.ndarray | None
    timings_ms: dict[str, float] = field(default_factory=dict)
    rows: tuple[int, ...] = ()  # store rows of the hits, same order
    translated: dict[str, tuple[str, ...]] = field(default_factory=dict)  # question phrase -> corpus words (rag.text.bridge)


class Retriever(Protocol):
    def retrieve(self, question: str, k: int, context: str = "") -> Retrieval:
        """The k best passages for `question`, best first; `context`: the earlier question a follow-up
        goes on from, searched with it."""
