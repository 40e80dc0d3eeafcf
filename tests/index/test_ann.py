"""Vector search chosen by size: exact while small, HNSW/IVF when large, memory-mapped, in the manifest."""

import json

import numpy as np
import pytest

from index import ann
from index.atomic import current_version
from index.build import build_index, open_index
from index.manifest import IndexError_
from index.store import FaissStore
from rag.config import Config
from rag.embed.hashing import HashEmbedder


def clustered(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(n // 20, 2), dim))
    x = centres[rng.integers(0, len(centres), n)] + 0.3 * rng.standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_auto_is_flat_while_small_and_hnsw_beyond_the_threshold():
    assert ann.choose("auto", 10) == "flat"
    assert ann.choose("auto", ann.AUTO_THRESHOLD) == "flat"
    assert ann.choose("auto", ann.AUTO_THRESHOLD + 1) == "hnsw"
    assert ann.choose("ivf", 10) == "ivf" and ann.choose("flat", 10**7) == "flat"
    with pytest.raises(ValueError, match="faiss_index must be one of"):
        ann.choose("annoy", 10)


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_saved_structure_is_memory_mapped_and_finds_the_exact_neighbours(tmp_path, kind):
    x = clustered(3000)
    spec = ann.build(x, kind, tmp_path / "index.faiss")
    assert spec.type == kind and spec.file == "index.faiss"
    assert ann.AnnSpec.from_record(json.loads(json.dumps(spec.record()))) == spec
    index = ann.load(tmp_path, spec)
    queries = clustered(50, seed=1)
    exact = np.array([[r for r, _ in ann.search(None, x, q, 10)] for q in queries])
    approx = np.array([[r for r, _ in ann.search(index, x, q, 10)] for q in queries])
    assert ann.recall_at(exact, approx, 10) >= 0.95
    row, score = ann.search(index, x, x[7], 1)[0]
    assert row == 7 and score == pytest.approx(1.0, abs=1e-4)


def test_recall_counts_shared_rows():
    assert ann.recall_at(np.array([[1, 2, 3, 4]]), np.array([[4, 3, 9, 8]]), 4) == 0.5


def test_hnsw_index_is_built_checksummed_recorded_and_searched(tmp_path):
    emb = HashEmbedder()
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash", faiss_index="hnsw", embed_cache=False)
    build_index(cfg, emb, progress=False)
    store = FaissStore.open(cfg.index_dir)
    rec = store.manifest.faiss
    assert rec["type"] == "hnsw" and rec["chunks"]["type"] == "hnsw" and rec["sentences"]["type"] == "hnsw"
    assert rec["chunks"]["ef_search"] >= 64 and {"index.faiss", "sentences.faiss"} <= set(store.manifest.files)
    assert store.ann is not None and store.sentence_ann is not None
    q = emb.embed_query("百度的研发投入")
    assert [r for r, _ in store.search(q, 5)] == [r for r, _ in ann.search(None, store.vectors, q, 5)]
    assert [r for r, _ in store.search_sentences(q, 5)] == [r for r, _ in ann.search(None, store.sentence_vectors, q, 5)]
    # asking for another kind of search is a mismatch: refused without rebuild, rebuilt with it
    flat = Config(index_dir=cfg.index_dir, embedder="hash", faiss_index="flat", embed_cache=False)
    with pytest.raises(IndexError_, match="built with hnsw vector search, asked for flat"):
        open_index(flat, emb, rebuild=False)
    assert open_index(flat, emb, progress=False).ann is None


def test_damaged_hnsw_file_is_refused(tmp_path):
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash", faiss_index="hnsw", embed_cache=False)
    build_index(cfg, HashEmbedder(), progress=False)
    path = current_version(tmp_path / "idx") / "index.faiss"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IndexError_, match="index.faiss is corrupted.*rag index"):
        FaissStore.open(cfg.index_dir)


def test_sentences_are_made_on_access(tmp_path, article):
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash", embed_cache=False)
    build_index(cfg, HashEmbedder(), progress=False)
    store = FaissStore.open(cfg.index_dir)
    table = store.sentences
    assert len(table) == store.manifest.corpus["sentences"] == len(list(table))
    assert table[-1] == list(table)[-1] and table[1:3] == [table[1], table[2]]
    for s in table:
        assert article.text[s.start : s.end] == s.text and store.chunks[s.chunk_index].start <= s.start
