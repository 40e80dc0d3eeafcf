"""A small LRU of question embeddings around any Embedder: a repeated question costs no model call.

Chat users repeat and refine questions, evaluation runs ask the same set again, and a follow-up is
often resolved to a question already asked. The query embedding is most of an answer's cost, so the
last `size` of them are kept (about 1.5 KB each). Document embeddings pass straight through: the
index build has its own persistent cache (index/embed_cache.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from rag.embed.protocol import Embedder


class CachedEmbedder:
    """Wraps `inner`; same name, dimension and tokenizer, so an index built with either matches."""

    def __init__(self, inner: Embedder, size: int = 256):
        self.inner = inner
        self.name = inner.name
        self.size = size
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # handlers of the chat page call in from several threads
        self.hits = 0
        self.misses = 0

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_documents(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._queries.get(text)
            if vec is not None:
                self._queries.move_to_end(text)
                self.hits += 1
                return vec
        vec = np.asarray(self.inner.embed_query(text), dtype=np.float32).copy()
        vec.flags.writeable = False  # shared by every caller that asks the same question
        with self._lock:
            self.misses += 1
            self._queries[text] = vec
            self._queries.move_to_end(text)
            while len(self._queries) > self.size:
                self._queries.popitem(last=False)
        return vec

    def clear(self) -> None:
        with self._lock:
            self._queries.clear()

    def __getattr__(self, name: str):
        # anything else the wrapped embedder offers (count_query_tokens, model_ref, ...)
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)
