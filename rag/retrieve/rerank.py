"""Optional cross-encoder reranking (sentence-transformers `CrossEncoder`), off unless configured."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag.embed.protocol import EmbedderUnavailable
from rag.embed.st import OFFLINE_HINT, hub_reachable


class CrossEncoderReranker:
    def __init__(self, model: str):
        self.model_ref = model
        self._model = None

    def _load(self):
        if self._model is None:
            try:
                from sentence_transformers import CrossEncoder
            except ImportError as e:
                raise EmbedderUnavailable("reranking needs sentence-transformers: pip install 'fullstack-rag[st]'") from e
            local = Path(self.model_ref).expanduser()
            if not local.exists() and not hub_reachable():
                raise EmbedderUnavailable(f"reranker `{self.model_ref}` is not a local path and the model hub cannot be "
                                          f"reached; pass a local CrossEncoder folder or leave the reranker off. {OFFLINE_HINT}")
            self._model = CrossEncoder(str(local) if local.exists() else self.model_ref, device="cpu")
        return self._model

    def score(self, question: str, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self._load().predict([(question, t) for t in texts], show_progress_bar=False), dtype=np.float32)
