"""The embedding cache: an unchanged rebuild embeds nothing, an added document only its own text."""

import numpy as np
import pytest

from index.build import add_to_index, build_index, open_index
from index.embed_cache import FILE_NAME, EmbeddingCache, embed_cached
from index.manifest import IndexError_
from index.store import FaissStore
from rag.config import Config
from rag.embed.hashing import HashEmbedder


class CountingEmbedder(HashEmbedder):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.embedded: list[str] = []

    def embed_documents(self, texts):
        self.embedded.extend(texts)
        return super().embed_documents(texts)


@pytest.fixture
def docs(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("第一篇文章讲百度的研发投入。百度近十年累计投入超过1800亿元。\n\n第二段讲阿里云的投资计划。", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("第二篇文章讲火山引擎的市场份额。它的收入增长很快。", encoding="utf-8")
    return a, b


def test_cache_returns_what_was_put_and_only_for_its_model(tmp_path):
    cache = EmbeddingCache(tmp_path / FILE_NAME, "model-a", 4)
    vecs = np.eye(4, dtype=np.float32)[:2]
    cache.put(["x", "y"], vecs)
    got = cache.get(["y", "z", "x", "y"])
    assert sorted(got) == [0, 2, 3] and np.array_equal(got[0], vecs[1]) and np.array_equal(got[2], vecs[0])
    assert EmbeddingCache(tmp_path / FILE_NAME, "model-b", 4).get(["x"]) == {}
    assert EmbeddingCache(tmp_path / FILE_NAME, "model-a", 8).get(["x"]) == {}  # other dimension: stale
    assert len(cache) == 2


def test_each_distinct_text_is_embedded_once(tmp_path):
    emb = CountingEmbedder()
    cache = EmbeddingCache(tmp_path / FILE_NAME, emb.name, emb.dim)
    texts = ["b", "a", "b", "ccc", "a"]
    out, fresh = embed_cached(emb.embed_documents, texts, emb.dim, cache, batch=2)
    assert fresh == 3 and sorted(emb.embedded) == ["a", "b", "ccc"]
    np.testing.assert_array_equal(out, HashEmbedder().embed_documents(texts))
    again, fresh = embed_cached(emb.embed_documents, texts, emb.dim, cache)
    assert fresh == 0 and len(emb.embedded) == 3 and np.array_equal(out, again)


def test_unchanged_rebuild_embeds_nothing_and_gives_the_same_index(tmp_path, docs):
    emb = CountingEmbedder()
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash", corpus=(str(docs[0]),))
    first = build_index(cfg, emb, progress=False)
    assert first.embedded_chunks == first.chunks and emb.embedded
    before = FaissStore.open(cfg.index_dir)
    vectors, sentence_vectors = np.array(before.vectors), np.array(before.sentence_vectors)
    emb.embedded.clear()
    second = build_index(cfg, emb, progress=False)
    assert emb.embedded == [] and (second.embedded_chunks, second.embedded_sentences) == (0, 0)
    after = FaissStore.open(cfg.index_dir)
    assert after.folder != before.folder and after.manifest.corpus["embedded"] == {"chunks": 0, "sentences": 0}
    np.testing.assert_array_equal(after.vectors, vectors)
    np.testing.assert_array_equal(after.sentence_vectors, sentence_vectors)
    assert (tmp_path / "idx" / FILE_NAME).is_file()


def test_added_documents_embed_only_their_own_text(tmp_path, docs):
    a, b = docs
    emb = CountingEmbedder()
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash", corpus=(str(a),))
    build_index(cfg, emb, progress=False)
    emb.embedded.clear()
    summary, full = add_to_index(cfg, emb, [str(b)], progress=False)
    assert emb.embedded and all(t in b.read_text(encoding="utf-8") or "第二篇" in t for t in emb.embedded)
    assert summary.documents == 2 and full.corpus == (str(a.resolve()), str(b.resolve()))
    store = open_index(full, emb, rebuild=False)  # the manifest names the whole collection
    assert sorted(store.documents) == ["a", "b"] and store.manifest.corpus["paths"] == list(full.corpus)
    emb.embedded.clear()
    assert open_index(Config(index_dir=cfg.index_dir, embedder="hash", corpus=(str(a), str(b))), emb).folder == store.folder
    assert emb.embedded == []


def test_adding_to_the_bundled_article_is_refused_with_what_to_do(tmp_path, docs):
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash")
    build_index(cfg, HashEmbedder(), progress=False)
    with pytest.raises(IndexError_, match="bundled article.*rag index PATH"):
        add_to_index(cfg, HashEmbedder(), [str(docs[1])], progress=False)


def test_cache_can_be_turned_off(tmp_path, docs):
    emb = CountingEmbedder()
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash", corpus=(str(docs[0]),), embed_cache=False)
    build_index(cfg, emb, progress=False)
    n = len(emb.embedded)
    build_index(cfg, emb, progress=False)
    assert len(emb.embedded) == 2 * n and not (tmp_path / "idx" / FILE_NAME).exists()
