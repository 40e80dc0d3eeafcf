"""Any sentence-transformers model, by hub id or local path, with the model's own prompts.

Nothing here waits on a network that is not there: a hub id that is not already cached is only
fetched after a short reachability check, and otherwise fails at once with what to use instead.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from rag.embed.protocol import EmbedderUnavailable, normalise_rows

OFFLINE_HINT = (
    "The bundled default embedder `multilingual-e5-small-q4` works offline; or pass `--embedder PATH` "
    "to a local sentence-transformers model folder."
)


def hub_reachable(timeout: float = 3.0) -> bool:
    if os.environ.get("HF_HUB_OFFLINE", "0") not in ("", "0", "false", "False"):
        return False
    host = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co")).hostname or "huggingface.co"
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


class SentenceTransformerEmbedder:
    """Wraps `SentenceTransformer`; loads on first use."""

    def __init__(self, model: str, batch_size: int = 32):
        self.model_ref = model
        self.name = f"st:{model}"
        self.batch_size = batch_size
        self._model = None
        self._prompts: tuple[str, str] = ("", "")
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._open()
                    self._prompts = self._find_prompts(self._model)
        return self._model

    def _open(self):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderUnavailable(
                f"`{self.model_ref}` needs sentence-transformers: pip install 'fullstack-rag[st]'. {OFFLINE_HINT}"
            ) from e
        if Path(self.model_ref).expanduser().exists():
            return SentenceTransformer(str(Path(self.model_ref).expanduser()), device="cpu")
        if self.model_ref.startswith((".", "/", "~")):
            raise EmbedderUnavailable(f"embedder path {self.model_ref} does not exist. {OFFLINE_HINT}")
        try:
            return SentenceTransformer(self.model_ref, device="cpu", local_files_only=True)
        except Exception:
            pass  # not in the local cache: try the hub only if it answers
        if not hub_reachable():
            raise EmbedderUnavailable(
                f"model `{self.model_ref}` is not a local path, not in the local cache, and the model hub "
                f"cannot be reached. {OFFLINE_HINT}"
            )
        try:
            return SentenceTransformer(self.model_ref, device="cpu")
        except Exception as e:
            raise EmbedderUnavailable(f"could not load `{self.model_ref}`: {e}. {OFFLINE_HINT}") from e

    def _find_prompts(self, model) -> tuple[str, str]:
        prompts = dict(getattr(model, "prompts", None) or {})
        query = prompts.get("query", "")
        doc = prompts.get("document", prompts.get("passage", ""))
        if not query and not doc and "e5" in self.model_ref.lower():
            query, doc = "query: ", "passage: "  # e5 models are trained with these prefixes
        return query, doc

    @property
    def dim(self) -> int:
        m = self._load()
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    @property
    def max_tokens(self) -> int:
        return int(self._load().max_seq_length)

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        vecs = self._load().encode(
            [prompt + t for t in texts], batch_size=self.batch_size, convert_to_numpy=True,
            normalize_embeddings=True, show_progress_bar=False,
        )
        return normalise_rows(vecs)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._load()
        return self._encode(texts, self._prompts[1])

    def embed_query(self, text: str) -> np.ndarray:
        self._load()
        return self._encode([text], self._prompts[0])[0]

    def count_tokens(self, text: str) -> int:
        tokenizer = self._load().tokenizer
        return len(tokenizer(self._prompts[1] + text, add_special_tokens=True, truncation=False)["input_ids"])
