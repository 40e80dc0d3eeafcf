"""Synthetic scale points for `rag bench`: FAISS at 10k-1M vectors that look like e5's, BM25 over
recombined corpus sentences."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from eval.bench.table import Row, fmt, p


def synthetic_vectors(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    """Unit vectors with multilingual-e5-small's neighbour statistics, not uniform noise.

    Real e5 vectors share a large common direction and cluster by topic: over the CMRC trial corpus
    (914 chunks) a random pair has cosine 0.82, the nearest neighbour 0.94, the tenth 0.87. Here a
    vector is a common direction, plus a blend of two "atoms" (about five vectors per atom; atoms
    grouped around sqrt(#atoms) topics), plus isotropic noise; at n=914 this gives 0.82 / 0.95 /
    0.88. (Uniformly random unit vectors have no neighbours worth the name: every cosine is ~0,
    and no index, exact or not, ranks them meaningfully.)"""
    rng = np.random.default_rng(seed)
    unit = lambda x: (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)  # noqa: E731
    k = max(16, n // 5)
    topics = unit(rng.standard_normal((max(4, int(np.sqrt(k))), dim), dtype=np.float32))
    atoms = unit(topics[rng.integers(0, len(topics), k)] + 1.2 * unit(rng.standard_normal((k, dim), dtype=np.float32)))
    common = unit(rng.standard_normal(dim, dtype=np.float32))
    out = np.empty((n, dim), dtype=np.float32)
    for s in range(0, n, 100_000):
        m = min(n, s + 100_000) - s
        u = rng.uniform(0.5, 1.0, (m, 1)).astype(np.float32)
        blend = unit(u * atoms[rng.integers(0, k, m)] + (1 - u) * atoms[rng.integers(0, k, m)])
        noise = unit(rng.standard_normal((m, dim), dtype=np.float32))
        out[s : s + m] = unit(0.88 * common + 0.38 * blend + 0.2 * noise)
    return out


def neighbour_stats(vectors: np.ndarray) -> tuple[float, float, float]:
    """(mean cosine of a random pair, of the nearest neighbour, of the tenth) over at most 2,000 rows."""
    v = np.asarray(vectors[:2000], dtype=np.float32)
    g = v @ v.T
    np.fill_diagonal(g, -2)
    top = -np.sort(-g, axis=1)
    return float(g[g > -2].mean()), float(top[:, 0].mean()), float(top[:, 9].mean())


def synthetic_texts(n: int, sentences: list[str], seed: int = 0, chars: int = 180) -> list[str]:
    """`n` chunk-sized texts, each a run of randomly drawn real sentences (about `chars` characters)."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(sentences), size=(n, 64))
    out = []
    for row in picks:
        parts, size = [], 0
        for i in row:
            parts.append(sentences[i])
            size += len(sentences[i])
            if size >= chars:
                break
        out.append("".join(parts))
    return out


def scale_rows(n: int, sentences: list[str], questions: list[str], work: Path, with_bm25: bool) -> list[Row]:
    from index import ann
    from rag.retrieve.bm25 import BM25Index, query_terms

    name = f"synthetic {n // 1000}k" if n < 10**6 else f"synthetic {n // 10**6}M"
    data = synthetic_vectors(n + 200)
    vectors, queries = data[:n], data[n:]  # queries: held out, same distribution
    del data
    t = [time.perf_counter()]
    exact = []
    for q in queries:
        exact.append([r for r, _ in ann.search(None, vectors, q, 10)])
        t.append(time.perf_counter())
    flat_p50 = float(np.median(np.diff(t))) * 1000
    rows = [Row(name, "dense flat (exact)", {"chunks": n, "search p50": flat_p50, "recall@10": 1.0})]
    kind = ann.choose("auto", n)
    if kind != "flat":
        path = work / f"scale-{n}.faiss"
        t0 = time.perf_counter()
        spec = ann.build(vectors, kind, path)
        seconds = time.perf_counter() - t0
        index = ann.load(work, spec)
        found, t = [], [time.perf_counter()]
        for q in queries:
            found.append([r for r, _ in ann.search(index, vectors, q, 10)])
            t.append(time.perf_counter())
        rows.append(Row(name, f"dense {kind} (auto)", {"chunks": n, "build s": seconds, "chunks/s": n / seconds,
                        "search p50": float(np.median(np.diff(t))) * 1000,
                        "recall@10": ann.recall_at(np.array(exact), np.array(found), 10)}))
        del index
        path.unlink()
    del vectors
    if with_bm25:
        texts = synthetic_texts(n, sentences)
        t0 = time.perf_counter()
        bm25 = BM25Index.build(texts)
        seconds = time.perf_counter() - t0
        terms = [query_terms(q) for q in questions]
        times = []
        for ts in terms:
            t1 = time.perf_counter()
            bm25.search(ts, 50)
            times.append((time.perf_counter() - t1) * 1000)
        rows.append(Row(name, "bm25", {"chunks": n, "build s": seconds, "chunks/s": n / seconds,
                                       "search p50": p(times, 50)}))
    for r in rows:
        print(f"rag bench: {name}/{r.pipeline}: search p50 {fmt(r.cells.get('search p50'))} ms", file=sys.stderr)
    return rows


# ---- the command --------------------------------------------------------------------------------


def corpus_sentences(paths: list[Path]) -> list[str]:
    from rag.ingest.corpus import load_corpus
    from rag.text.sentences import split_sentences

    docs = load_corpus([str(p) for p in paths] or None).documents
    return [s for d in docs for s in split_sentences(d.text) if len(s) >= 8]


def _project_vectors(work: Path) -> np.ndarray:
    from index.store import FaissStore

    store = FaissStore.open(work / "project", verify=False)
    return np.concatenate([store.vectors, store.sentence_vectors])
