"""A hub model id with no network fails at once with a message naming the offline options."""


import pytest

from rag.config import Config
from rag.embed.protocol import EmbedderUnavailable
from rag.embed.st import SentenceTransformerEmbedder
from rag.factory import make_embedder


@pytest.mark.timeout(120)
def test_hub_id_fails_fast_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = SentenceTransformerEmbedder("someone/not-cached-model-xyz")
    with pytest.raises(EmbedderUnavailable) as err:  # never hangs: the test's timeout marker fails it if it does
        emb.embed_query("hello")
    assert "multilingual-e5-small-q4" in str(err.value) and "--embedder PATH" in str(err.value)


def test_unreachable_hub_is_detected_without_hanging(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "https://127.0.0.1:9")  # nothing listens on the discard port
    emb = SentenceTransformerEmbedder("someone/not-cached-model-xyz")
    with pytest.raises(EmbedderUnavailable, match="cannot be reached"):
        emb.embed_query("hello")


def test_missing_local_path_is_named():
    with pytest.raises(EmbedderUnavailable, match="does not exist"):
        SentenceTransformerEmbedder("./no/such/model").embed_query("x")


def test_factory_picks_by_name():
    assert make_embedder(Config(embedder="bundled")).name == "multilingual-e5-small-q4"
    assert make_embedder(Config(embedder="hash")).name == "hash-ngram"
    assert make_embedder(Config(embedder="org/model")).name == "st:org/model"
