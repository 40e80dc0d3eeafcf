"""Document embeddings remembered by model name and text hash, so a rebuild embeds only new text.

Embedding is nearly all of an index build (about 0.1-0.2 s per passage on two cores); cleaning,
chunking, BM25 and FAISS take seconds. The cache is one SQLite file beside the index versions
(`INDEX_DIR/embed-cache.sqlite`), outside the atomically published folders: a build reads it,
embeds what is missing, and commits each batch, so even a build killed halfway keeps its work.

SQLite keeps no checksums, so each vector is stored with a digest of its bytes, and a vector whose
digest does not match is embedded again. A file SQLite cannot read is set aside (`.damaged`) and
the cache starts empty: it only ever saves time, never fails a build.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

FILE_NAME = "embed-cache.sqlite"
_LOOKUP = 500  # keys per SELECT (SQLite allows 999 parameters)


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """Vectors of one model; `get` returns the cached ones, `put` adds new ones."""

    def __init__(self, path: str | Path, model: str, dim: int):
        self.path = Path(path)
        self.model = model
        self.dim = dim
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as e:
            if not _damaged(e):
                raise
            self._set_aside(e)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=60, check_same_thread=False)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
                       "vector BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID")
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _set_aside(self, error: Exception) -> None:
        damaged = self.path.with_name(self.path.name + ".damaged")
        print(f"embedding cache {self.path} is damaged ({error}); moved to {damaged.name}, starting a new one",
              file=sys.stderr)
        self.path.replace(damaged)
        for extra in ("-journal", "-wal", "-shm"):
            self.path.with_name(self.path.name + extra).unlink(missing_ok=True)

    def _reset(self, error: Exception) -> None:
        """A damaged page found while reading or writing: start over with an empty cache."""
        self._db.close()
        self._set_aside(error)
        self._db = self._open()

    def get(self, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """{position in `texts`: vector} for the texts already embedded by this model."""
        positions: dict[bytes, list[int]] = {}
        for i, t in enumerate(texts):
            positions.setdefault(text_key(t), []).append(i)
        keys = list(positions)
        found: dict[int, np.ndarray] = {}
        try:
            for start in range(0, len(keys), _LOOKUP):
                part = keys[start : start + _LOOKUP]
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({','.join('?' * len(part))})",
                    [self.model, *part],
                ).fetchall()
                for key, blob in rows:
                    vec = _unpack(blob, self.dim)
                    if vec is not None:  # None: stale (another size) or damaged: embed again
                        for i in positions[key]:
                            found[i] = vec
        except sqlite3.DatabaseError as e:
            if not _damaged(e):
                raise
            self._reset(e)
            return {}
        return found

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        rows = [(self.model, text_key(t), _pack(v)) for t, v in zip(texts, vectors)]
        try:
            self._db.executemany("INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)", rows)
            self._db.commit()
        except sqlite3.DatabaseError as e:
            if not _damaged(e):
                raise
            self._reset(e)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM vectors WHERE model = ?", [self.model]).fetchone()[0]

    def close(self) -> None:
        self._db.close()


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """SQLite says the file is corrupt or not a database (not busy, full or read-only)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    return type(error) is sqlite3.DatabaseError


_DIGEST = 8  # bytes of blake2b after each vector


def _pack(vector: np.ndarray) -> bytes:
    data = vector.tobytes()
    return data + hashlib.blake2b(data, digest_size=_DIGEST).digest()


def _unpack(blob: bytes, dim: int) -> np.ndarray | None:
    """The stored vector, or None when it has another size or its digest does not match."""
    data, digest = blob[: 4 * dim], blob[4 * dim :]
    if len(blob) != 4 * dim + _DIGEST or hashlib.blake2b(data, digest_size=_DIGEST).digest() != digest:
        return None
    return np.frombuffer(data, dtype=np.float32)


def embed_cached(embed: Callable[[list[str]], np.ndarray], texts: Sequence[str], dim: int,
                 cache: EmbeddingCache | None, batch: int = 32, label: str = "texts",
                 progress: bool = False) -> tuple[np.ndarray, int]:
    """(vectors of `texts`, how many were embedded now). Each distinct text is embedded once;
    batches group texts of similar length so the engine's threads finish together."""
    from tqdm import tqdm

    out = np.zeros((len(texts), dim), dtype=np.float32)
    known = cache.get(texts) if cache is not None else {}
    for i, vec in known.items():
        out[i] = vec
    todo: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        if i not in known:
            todo.setdefault(t, []).append(i)
    pending = sorted(todo, key=len)
    with tqdm(total=len(pending), desc=f"embedding {label}", unit=label, disable=not progress or not pending,
              file=sys.stderr) as bar:
        for start in range(0, len(pending), batch):
            part = pending[start : start + batch]
            vecs = np.asarray(embed(part), dtype=np.float32)
            for t, v in zip(part, vecs):
                out[todo[t]] = v
            if cache is not None:
                cache.put(part, vecs)
            bar.update(len(part))
    return out, len(pending)
