"""The one place that turns configuration into concrete parts (embedder, retriever, answerer...)."""

from __future__ import annotations

from rag.config import Config
from rag.embed import Embedder


def make_embedder(cfg: Config) -> Embedder:
    name = cfg.embedder.strip()
    if name in ("", "bundled", "e5", "multilingual-e5-small-q4"):
        from rag.embed_e5 import BundledE5Embedder

        return BundledE5Embedder(threads=cfg.threads or None)
    if name == "hash":
        from rag.embed_hash import HashEmbedder

        return HashEmbedder()
    from rag.embed_st import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(name)
