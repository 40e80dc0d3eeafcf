"""The one place that turns configuration into concrete parts: embedder, retriever, answerer, pipeline.

Every concrete class is chosen here, from `Config`; the rest of the code sees the protocols
(Embedder, Retriever, Reranker, Answerer, Bridge). Imports are lazy, so choosing the bundled
embedder never imports torch.
"""

from __future__ import annotations

from rag.config import Config, ConfigError
from rag.embed.protocol import Embedder


def make_embedder(cfg: Config) -> Embedder:
    embedder = _model_embedder(cfg)
    if cfg.query_cache > 0:  # repeated questions cost no model call (rag/embed/cache.py)
        from rag.embed.cache import CachedEmbedder

        return CachedEmbedder(embedder, cfg.query_cache)
    return embedder


def _model_embedder(cfg: Config) -> Embedder:
    name = cfg.embedder.strip()
    if name in ("", "bundled", "e5", "multilingual-e5-small-q4"):
        from rag.embed.e5 import BundledE5Embedder

        return BundledE5Embedder(threads=cfg.threads or None)
    if name == "hash":
        from rag.embed.hashing import HashEmbedder

        return HashEmbedder()
    from rag.embed.st import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(name)


def check_choices(cfg: Config) -> None:
    """Refuse a setting naming no retriever, fusion or answerer before anything slow (an index build) runs."""
    if cfg.retrieval not in ("hybrid", "dense", "bm25"):
        raise ConfigError(f"retrieval must be hybrid, dense or bm25, not {cfg.retrieval!r}")
    from rag.retrieve.fusion import METHODS

    if cfg.fusion not in METHODS:
        raise ConfigError(f"fusion must be {' or '.join(METHODS)}, not {cfg.fusion!r}")
    if cfg.store not in ("faiss", "postgres"):
        raise ConfigError(f"store must be faiss or postgres, not {cfg.store!r}")
    if cfg.store == "postgres" and not cfg.db_url:
        raise ConfigError("the postgres store needs db_url (--db-url postgresql://user@host:port/db or RAG_DB_URL)")
    if cfg.decision not in ("rules", "learned"):
        raise ConfigError(f"decision must be rules or learned, not {cfg.decision!r}")
    if cfg.answerer not in ("extractive", "openai", "transformers"):
        raise ConfigError(f"answerer must be extractive, openai or transformers, not {cfg.answerer!r}")
    if cfg.answerer != "extractive" and not cfg.llm_model:
        example = "e.g. --llm-model qwen2.5:7b" if cfg.answerer == "openai" else "a local model folder or id"
        raise ConfigError(f"answerer {cfg.answerer!r} needs llm_model ({example})")


def make_reranker(cfg: Config):
    if not cfg.reranker:
        return None
    from rag.retrieve.rerank import CrossEncoderReranker

    return CrossEncoderReranker(cfg.reranker)


def make_retriever(cfg: Config, store, embedder: Embedder, corpus_lang: str = ""):
    from rag.retrieve.hybrid import HybridRetriever

    check_choices(cfg)
    return HybridRetriever(
        store, embedder, mode=cfg.retrieval, fusion=cfg.fusion, rrf_k=cfg.rrf_k, dense_weight=cfg.dense_weight,
        candidates=cfg.candidates, sentence_search=cfg.sentence_search, mmr_lambda=cfg.mmr_lambda, reranker=make_reranker(cfg),
        corpus_lang=corpus_lang, bridge=make_bridge(cfg, corpus_lang),
        bridged_dense_weight=cfg.bridged_dense_weight, cross_lingual_dense_weight=cfg.cross_lingual_dense_weight,
        coverage_weights=fitted_coverage_weights() if cfg.adaptive_fusion else None,
    )


def fitted_coverage_weights() -> tuple[float, float] | None:
    """(dense weight with no question word in the corpus, with all of them), from rag/data/fitted/fusion.json."""
    from rag.fitted import fitted_path, read_fitted

    if not fitted_path("fusion").exists():
        return None
    w = read_fitted("fusion")["coverage_weights"]
    return float(w["uncovered"]), float(w["covered"])


def make_answerer(cfg: Config, extractive):
    """The configured answerer; LLM answerers fall back to `extractive` when they fail."""
    check_choices(cfg)
    if cfg.answerer == "extractive":
        return extractive
    if cfg.answerer == "openai":
        import os

        from rag.answer.openai_compatible import OpenAICompatibleAnswerer

        key = cfg.llm_api_key or os.environ.get("RAG_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY", "")
        primary = OpenAICompatibleAnswerer(cfg.llm_base_url, cfg.llm_model, api_key=key, timeout=cfg.llm_timeout,
                                           max_tokens=cfg.llm_max_tokens)
    else:
        from rag.answer.transformers_local import TransformersAnswerer

        primary = TransformersAnswerer(cfg.llm_model, max_new_tokens=cfg.llm_max_tokens)
    return with_fallback(primary, extractive)


def with_fallback(primary, extractive):
    """`primary` (an LLM answerer), answered by `extractive` with a notice whenever it fails."""
    from rag.answer.fallback import FallbackAnswerer

    return FallbackAnswerer(primary, extractive)


def make_bridge(cfg: Config, corpus_lang: str):
    """The English-Chinese dictionary bridge (one per process), unless turned off."""
    from rag.text.bridge import shared_bridge

    return shared_bridge() if cfg.bridge and corpus_lang in ("zh", "en") else None


def make_pipeline(cfg: Config, store, embedder: Embedder):
    """The pipeline over an opened store (index.load.load_pipeline opens it from the configuration)."""
    from rag.answer.extractive import ExtractiveAnswerer
    from rag.answer.refusal import ARTICLE, DOCUMENTS
    from rag.pipeline import Pipeline
    from rag.text.lang import corpus_language

    extractive = ExtractiveAnswerer(store, embedder, max_sentences=cfg.max_sentences)
    answerer = make_answerer(cfg, extractive)
    primary = getattr(answerer, "primary", None)
    corpus_lang = corpus_language(d.text for d in store.documents.values())
    return Pipeline(
        cfg=cfg,
        retriever=make_retriever(cfg, store, embedder, corpus_lang),
        answerer=answerer,
        extractive=extractive,
        documents=lambda doc_id: store.documents[doc_id].text,
        corpus_lang=corpus_lang,
        rewrite=getattr(primary, "rewrite", None),
        bridge=make_bridge(cfg, corpus_lang),
        scope=DOCUMENTS if cfg.corpus else ARTICLE,
    )
