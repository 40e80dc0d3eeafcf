"""A view of an index in which some documents do not exist: how a tuner asks a question whose gold
paragraph is gone (the way reading-comprehension datasets make unanswerable questions)."""

from __future__ import annotations


class HiddenDocStore:
    """A view of a store in which some documents do not exist."""

    def __init__(self, store, hidden: set[str]):
        self._s = store
        self.hidden = hidden
        self.lexical = HiddenLexical(store, hidden) if store.lexical is not None else None

    def __getattr__(self, name):
        return getattr(self._s, name)

    def _keep(self, row: int) -> bool:
        return self._s.chunks[row].doc_id not in self.hidden

    def search(self, q, k):
        return [(r, s) for r, s in self._s.search(q, k + 20) if self._keep(r)][:k]

    def search_sentences(self, q, k):
        return [(r, s) for r, s in self._s.search_sentences(q, k + 40) if self._keep(self._s.sentences[r].chunk_index)][:k]


class HiddenLexical:
    def __init__(self, store, hidden):
        from rag.retrieve.bm25 import index_terms

        self._l = store.lexical
        self._store = store
        self.hidden = hidden
        self.n_docs = self._l.n_docs
        self._minus: dict[str, int] = {}
        for c in store.chunks:
            if c.doc_id in hidden:
                for t in set(index_terms(c.context + c.text)):
                    self._minus[t] = self._minus.get(t, 0) + 1
        self.doc_freq = {t: n - self._minus.get(t, 0) for t, n in self._l.doc_freq.items() if n - self._minus.get(t, 0) > 0}

    # the index's own methods, reading this view's document frequencies
    df = lambda self, term: type(self._l).df(self, term)  # noqa: E731
    has = lambda self, term: self.df(term) > 0  # noqa: E731
    idf = lambda self, term: type(self._l).idf(self, term)  # noqa: E731
    absent_share = lambda self, term: type(self._l).absent_share(self, term)  # noqa: E731

    def search(self, terms, k):
        return [(r, s) for r, s in self._l.search(terms, k + 20) if self._store.chunks[r].doc_id not in self.hidden][:k]
