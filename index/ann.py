"""Nearest-neighbour search over L2-normalised vectors: exact while small, HNSW (or IVF) when large.

Up to `AUTO_THRESHOLD` vectors an exact search (`faiss.knn` over the memory-mapped `.npy`) takes at
most ~2 ms, so no structure is built. Above it, `auto` builds an HNSW graph (IndexHNSWFlat, inner
product); `ivf` (IndexIVFFlat) builds faster but searches slower. Parameters were chosen with
`rag bench` so that recall@10 against exact search stays >= 0.95 up to a million synthetic vectors
whose neighbour statistics match multilingual-e5-small's. Kind and parameters are recorded in the
manifest; the structure is saved next to the vectors and memory-mapped when opened (no load time).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

AUTO_THRESHOLD = 50_000
KINDS = ("auto", "flat", "hnsw", "ivf")


@dataclass(frozen=True)
class AnnSpec:
    """What a vector set is searched with; `file` is "" for exact search."""

    type: str = "flat"
    file: str = ""
    M: int = 0  # HNSW: links per node
    ef_construction: int = 0
    ef_search: int = 0
    nlist: int = 0  # IVF: number of lists
    nprobe: int = 0  # IVF: lists visited per query

    def record(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (0, "")}

    @staticmethod
    def from_record(rec: dict | None) -> AnnSpec:
        return AnnSpec(**{k: v for k, v in (rec or {}).items() if k in AnnSpec.__dataclass_fields__})


# HNSW, tuned with `rag bench`-style synthetic e5 vectors on 2 cores (recall@10 against exact search):
#   efConstruction 80 -> 1M: 0.84 at efSearch 512, 0.93 at 4096 (13 ms): the graph is too coarse;
#   efConstruction 200 -> 300k: 0.977 at efSearch 512; 1M: 0.950 at 512, 0.968 at 1024 (1.9 ms).
# So efSearch doubles past 300k vectors. Building costs about 10 minutes per million vectors on two
# cores; embedding them takes days there.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 512
HNSW_LARGE = 300_000  # efSearch x2 beyond this


def choose(kind: str, n: int) -> str:
    """The structure for `n` vectors when `kind` (the faiss_index setting) is asked for."""
    if kind not in KINDS:
        raise ValueError(f"faiss_index must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "auto":
        return "hnsw" if n > AUTO_THRESHOLD else "flat"
    return kind


def ivf_lists(n: int) -> int:
    return max(1, min(int(4 * np.sqrt(n)), n // 39 or 1))  # faiss wants >= 39 training points per list


def build(vectors: np.ndarray, kind: str, path: Path, seed: int = 0) -> AnnSpec:
    """Build the `kind` structure over `vectors` and write it to `path`; flat writes nothing."""
    n, dim = vectors.shape
    if kind == "flat" or n == 0:
        return AnnSpec("flat")
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        for start in range(0, n, 65536):  # bounded temporary memory
            index.add(x[start : start + 65536])
        ef_search = HNSW_EF_SEARCH * (2 if n > HNSW_LARGE else 1)
        spec = AnnSpec("hnsw", path.name, M=HNSW_M, ef_construction=HNSW_EF_CONSTRUCTION, ef_search=ef_search)
    elif kind == "ivf":
        nlist = ivf_lists(n)
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(seed)
        sample = x if n <= 64 * nlist else x[np.sort(rng.choice(n, 64 * nlist, replace=False))]
        index.train(sample)
        for start in range(0, n, 65536):
            index.add(x[start : start + 65536])
        # 1M synthetic e5 vectors, 4,000 lists: recall@10 0.952 visiting 1/8 of them (21 ms), 0.969 at
        # 1/4 (41 ms); 100k: 0.96 needs about 1/5
        spec = AnnSpec("ivf", path.name, nlist=nlist, nprobe=max(1, nlist // 4))
    else:
        raise ValueError(f"unknown index type {kind!r}")
    faiss.write_index(index, str(path))
    return spec


def load(folder: Path, spec: AnnSpec) -> faiss.Index | None:
    """The saved structure, memory-mapped (vectors and graph stay in the page cache); None for flat."""
    if spec.type == "flat":
        return None
    path = str(folder / spec.file)
    if spec.type == "hnsw":
        index = faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
        index.hnsw.efSearch = max(spec.ef_search, 1)
    elif spec.type == "ivf":
        index = faiss.read_index(path, faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        index.nprobe = max(spec.nprobe, 1)
    else:
        raise ValueError(f"unknown index type {spec.type!r} in the manifest")
    return index


def search(index: faiss.Index | None, vectors: np.ndarray, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(row, inner product) of the `k` nearest rows, best first; exact when `index` is None."""
    k = min(k, len(vectors))
    if k <= 0:
        return []
    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    # One query is fastest on one thread (0.26 vs 0.75 ms over 10k vectors on 2 cores, and no stall
    # when another process holds a core). The OpenMP thread count is per calling thread: restore it.
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        if index is None:
            scores, rows = faiss.knn(q, vectors, k, metric=faiss.METRIC_INNER_PRODUCT)
        else:
            scores, rows = index.search(q, k)
    finally:
        faiss.omp_set_num_threads(threads)
    return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]


def recall_at(exact: np.ndarray, approx: np.ndarray, k: int = 10) -> float:
    """Mean share of the exact top-`k` rows that the approximate search also returns."""
    return float(np.mean([len(set(e[:k]) & set(a[:k])) / k for e, a in zip(exact, approx)]))
