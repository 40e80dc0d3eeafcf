"""From a question to passages: BM25, dense search, fusion (weighted | rrf), MMR, optional reranking."""
