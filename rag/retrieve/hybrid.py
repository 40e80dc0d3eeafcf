"""Hybrid retrieval: dense (FAISS) and BM25 candidates, fused, optionally reranked, de-duplicated.

Fusion is reciprocal-rank (`rrf`) or a blend of normalised scores (`weighted`). Redundancy control
is maximal marginal relevance over the chunk vectors, so the top passages are not near-copies.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol, Sequence

import numpy as np

from rag.text.bridge import Bridge
from rag.embed.protocol import Embedder
from rag.retrieve.bm25 import BM25Index, query_terms
from rag.question.analyse import detect_lang
from rag.types import Chunk, Hit


class ChunkStore(Protocol):
    """What retrieval needs from an index (index.store.FaissStore provides it)."""

    chunks: list[Chunk]
    vectors: np.ndarray
    lexical: BM25Index | None

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]: ...

    def search_sentences(self, query: np.ndarray, k: int) -> list[tuple[int, float]]: ...


class Reranker(Protocol):
    def score(self, question: str, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Retrieval:
    hits: tuple[Hit, ...]
    query_vector: np.ndarray | None
    timings_ms: dict[str, float] = field(default_factory=dict)
    rows: tuple[int, ...] = ()  # store rows of the hits, same order
    translated: dict[str, tuple[str, ...]] = field(default_factory=dict)  # question phrase -> corpus words (rag.text.bridge)


class Retriever(Protocol):
    def retrieve(self, question: str, k: int) -> Retrieval: ...


@dataclass
class HybridRetriever:
    store: ChunkStore
    embedder: Embedder
    mode: str = "hybrid"  # hybrid, dense or bm25
    fusion: str = "rrf"
    rrf_k: int = 60
    dense_weight: float = 0.6
    candidates: int = 50
    mmr_lambda: float = 0.85
    reranker: Reranker | None = None
    sentence_search: bool = True  # a chunk also ranks by its best-matching sentence
    corpus_lang: str = ""  # "zh"/"en": a question in another language leans on meaning, not shared words
    cross_lingual_dense_weight: float = 0.9
    bridge: Bridge | None = None  # question words -> corpus words of the other language (rag.text.bridge)
    bridged_dense_weight: float = 0.8  # cross-lingual weight of the dense score when the bridge found words

    def retrieve(self, question: str, k: int) -> Retrieval:
        timings: dict[str, float] = {}
        t = time.perf_counter()
        qv = None
        dense: list[tuple[int, float]] = []
        if self.mode in ("hybrid", "dense"):
            qv = self.embedder.embed_query(question)
            timings["embed_query"] = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            dense = self.store.search(qv, self.candidates)
            if self.sentence_search:
                dense = self._with_sentences(dense, qv)
            timings["search_dense"] = (time.perf_counter() - t) * 1000
        lexical: list[tuple[int, float]] = []
        translated: dict[str, tuple[str, ...]] = {}
        cross = bool(self.corpus_lang) and detect_lang(question) != self.corpus_lang
        weight = self.cross_lingual_dense_weight if cross else self.dense_weight
        if self.mode in ("hybrid", "bm25") and self.store.lexical is not None:
            t = time.perf_counter()
            terms = query_terms(question)
            if cross and self.bridge is not None:
                translated = self.bridge.translate(question, self.store.lexical.has)
                words = [w for ws in translated.values() for w in ws]
                if words:
                    terms += query_terms(" ".join(words))
                    weight = self.bridged_dense_weight
            lexical = self.store.lexical.search(terms, self.candidates)
            timings["search_bm25"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        fused = self._fuse(dense, lexical, weight)
        if self.reranker is not None and fused:
            fused = self._rerank(question, fused)
        rows = self._mmr(fused, qv, k)
        dense_of = dict(dense)
        lex_of = dict(lexical)
        fused_of = dict(fused)
        hits = []
        for rank, row in enumerate(rows, 1):
            cos = dense_of.get(row)
            if cos is None and qv is not None:
                cos = float(np.dot(self.store.vectors[row], qv))
            hits.append(Hit(self.store.chunks[row], fused_of[row], rank, cos, lex_of.get(row)))
        timings["fuse"] = (time.perf_counter() - t) * 1000
        return Retrieval(tuple(hits), qv, timings, tuple(rows), translated)

    def _with_sentences(self, dense: list[tuple[int, float]], qv: np.ndarray) -> list[tuple[int, float]]:
        """Let a chunk that holds a closely matching sentence rank by that sentence."""
        best: dict[int, float] = {}
        for srow, score in self.store.search_sentences(qv, self.candidates * 2):
            chunk = self.store.sentences[srow].chunk_index
            best[chunk] = max(best.get(chunk, -1.0), score)
        merged = dict(dense)
        for row, score in best.items():
            merged[row] = max(merged.get(row, -1.0), score)
        return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[: self.candidates]

    def _fuse(self, dense, lexical, dense_weight: float) -> list[tuple[int, float]]:
        if not lexical:
            return dense
        if not dense:
            return lexical
        scores: dict[int, float] = {}
        if self.fusion == "weighted":
            d = _minmax(dense)
            top_lex = max(s for _, s in lexical) or 1.0
            for row, s in d.items():
                scores[row] = scores.get(row, 0) + dense_weight * s
            for row, s in lexical:
                scores[row] = scores.get(row, 0) + (1 - dense_weight) * s / top_lex
        else:
            for ranked in (dense, lexical):
                for rank, (row, _) in enumerate(ranked, 1):
                    scores[row] = scores.get(row, 0) + 1.0 / (self.rrf_k + rank)
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))

    def _rerank(self, question, fused):
        head = fused[: self.candidates]
        texts = [self.store.chunks[row].text for row, _ in head]
        scores = np.asarray(self.reranker.score(question, texts), dtype=np.float32)
        order = np.argsort(-scores, kind="stable")
        return [(head[i][0], float(scores[i])) for i in order]

    def _mmr(self, fused, qv, k) -> list[int]:
        if not fused:
            return []
        pool = fused[: max(k * 3, 20)]
        if self.mmr_lambda >= 1.0 or len(pool) <= 1:
            return [row for row, _ in pool[:k]]
        rows = [row for row, _ in pool]
        rel = np.array([s for _, s in pool], dtype=np.float32)
        rel = (rel - rel.min()) / (np.ptp(rel) or 1.0)
        vecs = np.asarray(self.store.vectors[sorted(rows)], dtype=np.float32)
        vecs = vecs[np.argsort(np.argsort(rows))]  # back to pool order
        sims = vecs @ vecs.T
        chosen = [0]
        while len(chosen) < min(k, len(rows)):
            redundancy = sims[:, chosen].max(axis=1)
            value = self.mmr_lambda * rel - (1 - self.mmr_lambda) * redundancy
            value[chosen] = -np.inf
            chosen.append(int(np.argmax(value)))
        return [rows[i] for i in chosen]


def _minmax(pairs: list[tuple[int, float]]) -> dict[int, float]:
    vals = np.array([s for _, s in pairs], dtype=np.float32)
    lo, span = float(vals.min()), float(np.ptp(vals)) or 1.0
    return {row: (s - lo) / span for row, s in pairs}
