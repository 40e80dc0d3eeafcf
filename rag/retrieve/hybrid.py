"""Hybrid retrieval: dense (FAISS) and BM25 candidates, fused, optionally reranked, de-duplicated.

Dense search runs over chunks and over single sentences (a chunk ranks by its best-matching
sentence); BM25 over the question's words, plus their dictionary translations for a question in the
corpus's other language (rag.text.bridge). The two lists are fused (rag.retrieve.fusion: `weighted`
or `rrf`), optionally reranked by a cross-encoder, and maximal marginal relevance picks passages
that are not near-copies.

    retriever = HybridRetriever(store, embedder, fusion="weighted")
    retriever.retrieve("百度近十年研发投入多少？", k=5).hits
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from rag.embed.protocol import Embedder
from rag.retrieve.bm25 import query_terms
from rag.retrieve.fusion import Ranked, fuse, mmr
from rag.retrieve.protocol import ChunkStore, Reranker, Retrieval
from rag.text.bridge import Bridge
from rag.text.lang import detect_lang
from rag.text.tokenize import content_terms, han_bigrams
from rag.types import Hit

SENTENCE_CANDIDATES_FACTOR = 2  # sentences searched per chunk candidate (a chunk holds several)


@dataclass(frozen=True)
class Candidates:
    """What dense and lexical search found for a question, before fusion."""

    query_vector: np.ndarray | None
    dense: Ranked
    lexical: Ranked
    translated: dict[str, tuple[str, ...]]  # question phrase -> corpus words (rag.text.bridge)
    cross: bool  # the question is in the corpus's other language
    coverage: float  # share of the question's content words the corpus uses
    timings_ms: dict[str, float]


@dataclass
class HybridRetriever:
    store: ChunkStore
    embedder: Embedder
    mode: str = "hybrid"  # hybrid, dense or bm25
    fusion: str = "rrf"  # a name in rag.retrieve.fusion.METHODS
    rrf_k: int = 60
    dense_weight: float = 0.6
    candidates: int = 50
    mmr_lambda: float = 0.85
    reranker: Reranker | None = None
    sentence_search: bool = True  # a chunk also ranks by its best-matching sentence
    corpus_lang: str = ""  # "zh"/"en": a question in another language leans on meaning, not shared words
    cross_lingual_dense_weight: float = 0.9  # dense weight for a question in the corpus's other language
    bridge: Bridge | None = None  # question words -> corpus words of the other language (rag.text.bridge)
    bridged_dense_weight: float = 0.8  # cross-lingual weight of the dense score when the bridge found words
    # (dense weight when none of the question's words is in the corpus, when all are); None: dense_weight always
    coverage_weights: tuple[float, float] | None = None

    def retrieve(self, question: str, k: int, context: str = "") -> Retrieval:
        found = self.gather(question, context)
        return self.rank(found, k, question)

    def gather(self, question: str, context: str = "") -> Candidates:
        """Dense and lexical candidates of a question, before they are fused. `context` is the earlier
        question a follow-up goes on from: passages are searched with both (the dense side with the two
        as one text, the lexical side with the earlier one's words added); the query vector that scores
        sentences stays the question's own."""
        timings: dict[str, float] = {}
        t = time.perf_counter()
        qv = None
        dense: Ranked = []
        if self.mode in ("hybrid", "dense"):
            qv = self.embedder.embed_query(question)
            search_v = self.embedder.embed_query(f"{context} {question}") if context else qv
            timings["embed_query"] = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            dense = self.store.search(search_v, self.candidates)
            if self.sentence_search:
                dense = self._with_sentences(dense, search_v)
            timings["search_dense"] = (time.perf_counter() - t) * 1000
        lexical: Ranked = []
        translated: dict[str, tuple[str, ...]] = {}
        cross = bool(self.corpus_lang) and detect_lang(question) != self.corpus_lang
        coverage = 1.0
        if self.mode in ("hybrid", "bm25") and self.store.lexical is not None:
            t = time.perf_counter()
            terms = query_terms(question)
            terms += [w for w in query_terms(context) if w not in terms]
            words = content_terms(question)
            coverage = sum(1.0 for w in words if self.store.lexical.has(w)) / len(words) if words else 1.0
            if cross and self.bridge is not None:
                translated = self.bridge.translate(question, self.store.lexical.has)
                bridged = [w for ws in translated.values() for w in ws]
                if bridged:
                    terms += query_terms(" ".join(bridged))
                    # a bridged word's own character pairs too: a compound (算力税) is searched joined, not
                    # only as the words jieba splits it into (算力, 税)
                    terms += [b for b in dict.fromkeys(b for w in bridged for b in han_bigrams(w)) if b not in terms]
            lexical = self.store.lexical.search(terms, self.candidates)
            timings["search_bm25"] = (time.perf_counter() - t) * 1000
        return Candidates(qv, dense, lexical, translated, cross, coverage, timings)

    def weight_of(self, found: Candidates) -> float:
        """The dense score's weight in the fusion for this question."""
        if found.cross:
            return self.bridged_dense_weight if found.translated else self.cross_lingual_dense_weight
        if self.coverage_weights is None:
            return self.dense_weight
        uncovered, covered = self.coverage_weights  # lean on meaning when the corpus lacks the question's words
        return uncovered + (covered - uncovered) * found.coverage

    def rank(self, found: Candidates, k: int, question: str = "") -> Retrieval:
        """The k best passages from the gathered candidates: fused, reranked when configured, MMR."""
        t = time.perf_counter()
        fused = fuse(self.fusion, found.dense, found.lexical, self.weight_of(found), self.rrf_k)
        if self.reranker is not None and fused:
            fused = self._rerank(question, fused)
        rows = mmr(fused, self.store.vectors, k, self.mmr_lambda)
        dense_of, lex_of, fused_of = dict(found.dense), dict(found.lexical), dict(fused)
        hits = []
        for rank, row in enumerate(rows, 1):
            cos = dense_of.get(row)
            if cos is None and found.query_vector is not None:
                cos = float(np.dot(self.store.vectors[row], found.query_vector))
            hits.append(Hit(self.store.chunks[row], fused_of[row], rank, cos, lex_of.get(row)))
        timings = {**found.timings_ms, "fuse": (time.perf_counter() - t) * 1000}
        return Retrieval(tuple(hits), found.query_vector, timings, tuple(rows), found.translated)

    def _with_sentences(self, dense: Ranked, qv: np.ndarray) -> Ranked:
        """Let a chunk that holds a closely matching sentence rank by that sentence."""
        best: dict[int, float] = {}
        for srow, score in self.store.search_sentences(qv, self.candidates * SENTENCE_CANDIDATES_FACTOR):
            chunk = self.store.sentences[srow].chunk_index
            best[chunk] = max(best.get(chunk, -1.0), score)
        merged = dict(dense)
        for row, score in best.items():
            merged[row] = max(merged.get(row, -1.0), score)
        return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[: self.candidates]

    def _rerank(self, question: str, fused: Ranked) -> Ranked:
        head = fused[: self.candidates]
        texts = [self.store.chunks[row].text for row, _ in head]
        scores = np.asarray(self.reranker.score(question, texts), dtype=np.float32)
        order = np.argsort(-scores, kind="stable")
        return [(head[i][0], float(scores[i])) for i in order]
