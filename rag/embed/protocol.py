"""The Embedder protocol: how text becomes L2-normalised vectors, queries and documents apart.

Asymmetric models (e5 and most retrieval models) embed a question and a passage differently;
implementations apply the model's own prefixes or prompts. `count_tokens` measures a document
exactly as the model will see it, so the chunker can keep every chunk within `max_tokens`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


class EmbedderUnavailable(RuntimeError):
    """The configured model cannot be loaded here; the message says what to use instead."""


@runtime_checkable
class Embedder(Protocol):
    name: str  # stable identifier recorded in the index manifest

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) float32, rows L2-normalised."""

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model consumes for `text` as a document, prefix and special tokens included."""


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
