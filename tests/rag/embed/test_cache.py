"""The query-embedding LRU: a repeated question costs no model call; everything else passes through."""

import threading

import numpy as np
import pytest

from rag.config import Config
from rag.embed.cache import CachedEmbedder
from rag.embed.hashing import HashEmbedder
from rag.embed.protocol import Embedder
from rag.factory import make_embedder


class CountingEmbedder(HashEmbedder):
    def __init__(self):
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text):
        self.queries.append(text)
        return super().embed_query(text)

    def count_query_tokens(self, text):
        return len(text) + 3


def test_repeated_question_is_embedded_once_and_equal():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, size=4)
    a, b = cached.embed_query("研发投入多少？"), cached.embed_query("研发投入多少？")
    assert inner.queries == ["研发投入多少？"] and (cached.hits, cached.misses) == (1, 1)
    np.testing.assert_array_equal(a, inner.embed_query("研发投入多少？"))
    assert a is b and not a.flags.writeable  # shared, so nobody may change it in place
    with pytest.raises(ValueError):
        a[0] = 1.0


def test_least_recently_used_question_is_dropped():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, size=2)
    for q in ("a", "b", "a", "c", "a", "b"):
        cached.embed_query(q)
    assert inner.queries == ["a", "b", "c", "b"]  # "b" was the oldest when "c" came in


def test_it_is_the_same_embedder_for_the_index():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner)
    assert isinstance(cached, Embedder)
    assert (cached.name, cached.dim, cached.max_tokens) == (inner.name, inner.dim, inner.max_tokens)
    np.testing.assert_array_equal(cached.embed_documents(["x", "y"]), inner.embed_documents(["x", "y"]))
    assert cached.count_tokens("abc") == inner.count_tokens("abc") and cached.count_query_tokens("abc") == 6
    assert inner.queries == []


def test_concurrent_callers_get_the_right_vectors():
    cached = CachedEmbedder(HashEmbedder(), size=8)
    questions = [f"问题{i % 12}" for i in range(300)]
    results: dict[int, np.ndarray] = {}

    def ask(i):
        results[i] = cached.embed_query(questions[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ref = HashEmbedder()
    for i, vec in results.items():
        np.testing.assert_array_equal(vec, ref.embed_query(questions[i]))


def test_factory_wraps_unless_turned_off():
    assert isinstance(make_embedder(Config(embedder="hash")), CachedEmbedder)
    assert isinstance(make_embedder(Config(embedder="hash", query_cache=0)), HashEmbedder)
