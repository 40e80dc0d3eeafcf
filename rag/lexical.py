"""BM25 over `rag.tokenize` words, as a sparse matrix (bm25s): a query costs a few column sums.

Built with the index and saved beside it; loaded memory-mapped. Also answers "does this term occur
in the corpus at all?" (document frequency), which refusal uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from rag.tokenize import STOPWORDS, tokens


def index_terms(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS] or ["<empty>"]


class BM25Index:
    def __init__(self, model, doc_freq: dict[str, int], n_docs: int):
        self._model = model
        self.doc_freq = doc_freq
        self.n_docs = n_docs

    @classmethod
    def build(cls, texts: Sequence[str]) -> "BM25Index":
        import bm25s

        corpus = [index_terms(t) for t in texts]
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index(corpus, show_progress=False)
        df: dict[str, int] = {}
        for doc in corpus:
            for term in set(doc):
                df[term] = df.get(term, 0) + 1
        return cls(model, df, len(texts))

    def save(self, folder: Path) -> None:
        import json

        folder.mkdir(parents=True, exist_ok=True)
        self._model.save(str(folder))
        (folder / "doc_freq.json").write_text(json.dumps({"n_docs": self.n_docs, "df": self.doc_freq}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        import json

        import bm25s

        data = json.loads((folder / "doc_freq.json").read_text(encoding="utf-8"))
        return cls(bm25s.BM25.load(str(folder), mmap=True), data["df"], data["n_docs"])

    def idf(self, term: str) -> float:
        df = self.doc_freq.get(term, 0)
        return float(np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5)))

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        known = [t for t in terms if t in self.doc_freq]
        if not known:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)

    def search(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """(row, score) of the `k` best rows with a positive score, best first."""
        scores = self.scores(terms)
        k = min(k, len(scores))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
