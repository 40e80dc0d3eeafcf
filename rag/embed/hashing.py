"""A deterministic embedder with no model: hashed character n-grams, for tests and dry runs.

It captures surface overlap only, never meaning; use it where meaning does not matter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from rag.embed.protocol import normalise_rows


class HashEmbedder:
    name = "hash-ngram"

    def __init__(self, dim: int = 256, max_tokens: int = 512):
        self._dim = dim
        self._max_tokens = max_tokens

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self._dim, dtype=np.float32)
        for n in (1, 2):
            for i in range(len(text) - n + 1):
                h = int.from_bytes(hashlib.blake2b(text[i : i + n].encode(), digest_size=4).digest(), "little")
                v[h % self._dim] += 1.0 if (h >> 31) & 1 else -1.0
        if not v.any():
            v[0] = 1.0
        return v

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return normalise_rows(np.stack([self._vector(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return normalise_rows(self._vector(text))

    def count_tokens(self, text: str) -> int:
        return len(text) + 2  # one token per character plus two specials
