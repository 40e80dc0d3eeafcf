"""BM25 over `rag.text.tokenize` words, as a sparse matrix (bm25s): a query costs a few column sums.

Built with the index and saved beside it; loaded memory-mapped when large. Also answers "does this term occur
in the corpus at all?" (document frequency), which refusal uses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag.text.tokenize import DERIVED_FROM, STOPWORDS, content_terms, english_lemma, english_stems, han_bigrams, tokens

MAP_FROM_BYTES = 64 << 20  # BM25 files at least this large are memory-mapped, not read
VERSION = 4  # bump when tokenisation changes: indexes built before are rebuilt (4: English possessives)


def index_terms(text: str) -> list[str]:
    """Document side: words (no stopwords) and every Han character pair."""
    return [t for t in tokens(text) if t not in STOPWORDS] + han_bigrams(text) or ["<empty>"]


def query_terms(text: str) -> list[str]:
    """Question side: content words and the character pairs inside them (not those of 是多少...)."""
    words = content_terms(text)
    return words + [b for w in words for b in han_bigrams(w)]


_ALPHABETIC = re.compile(r"[a-z\u00df-\u024f]{4,}")  # a lower-cased Latin word of four letters or more: one to stem


class BM25Index:
    def __init__(self, model, doc_freq: dict[str, int], n_docs: int):
        self._model = model
        self.doc_freq = doc_freq
        self.n_docs = n_docs
        self._pair_df: dict[str, int] = {}  # df of words judged by their character pairs, once each
        self._has: dict[str, bool] = {}  # has(), once per word: a question asks it of its words ~100 times
        self._stems: frozenset[str] | None = None  # stems of the corpus's alphabetic words, made when first asked
        self._lemmas: frozenset[str] = frozenset()  # their lemmas, made just before the stems
        self._words: list[str] = []  # the alphabetic words themselves, sorted (for words derived from a stem)

    @classmethod
    def build(cls, texts: Sequence[str], bodies: Sequence[str] | None = None) -> BM25Index:
        """Index `texts` (what a query is matched against, e.g. title + heading + text). Document
        frequencies, which say how rare a word is, come from `bodies` (the texts without the
        title repeated in every chunk) when given."""
        import bm25s

        corpus = [index_terms(t) for t in texts]
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index(corpus, show_progress=False)
        df: dict[str, int] = {}
        for doc in corpus if bodies is None else (index_terms(b) for b in bodies):
            for term in set(doc):
                df[term] = df.get(term, 0) + 1
        return cls(model, df, len(texts))

    def save(self, folder: Path) -> None:
        import json

        folder.mkdir(parents=True, exist_ok=True)
        self._model.save(str(folder))
        data = json.dumps({"n_docs": self.n_docs, "df": self.doc_freq}, ensure_ascii=False)
        (folder / "doc_freq.json").write_text(data, encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        import json

        import bm25s

        data = json.loads((folder / "doc_freq.json").read_text(encoding="utf-8"))
        # memory-mapped when large; a small index is read whole (a mapped array costs ~5 us a slice)
        size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
        return cls(bm25s.BM25.load(str(folder), mmap=size > MAP_FROM_BYTES), data["df"], data["n_docs"])

    def df(self, term: str) -> int:
        """Documents holding `term`; a Han word jieba never produced is judged by its character pairs."""
        found = self.doc_freq.get(term)
        if found is not None:
            return found
        found = self._pair_df.get(term)
        if found is None:
            pairs = han_bigrams(term)
            found = min(self.doc_freq.get(p, 0) for p in pairs) if pairs and len(pairs) == len(term) - 1 else 0
            if len(self._pair_df) >= 50_000:
                self._pair_df.clear()
            self._pair_df[term] = found
        return found

    def absent_share(self, term: str) -> float:
        """0 when the corpus has `term`; else the share of its Han character pairs it never uses (1 for others)."""
        if self.df(term) > 0:
            return 0.0
        pairs = han_bigrams(term)
        if not pairs or len(pairs) != len(term) - 1:
            return 1.0
        return sum(1 for p in pairs if self.doc_freq.get(p, 0) == 0) / len(pairs)

    def has(self, term: str) -> bool:
        """The corpus uses the word, or another form of an alphabetic word (opened for open)."""
        found = self._has.get(term)
        if found is None:
            found = self.df(term) > 0 or self.has_form_of(term)
            if len(self._has) >= 50_000:
                self._has.clear()
            self._has[term] = found
        return found

    def load_word_forms(self) -> None:
        """Make the stems, lemmas and sorted list of the corpus's alphabetic words, once (an English
        corpus's first question would otherwise wait for them and for the lemmatizer's lexicon)."""
        if self._stems is None:
            words = [w for w in self.doc_freq if _ALPHABETIC.fullmatch(w)]
            self._words = sorted(words)
            self._lemmas = frozenset(english_lemma(w) for w in words)
            self._stems = frozenset(english_stems(words))

    def has_form_of(self, term: str) -> bool:
        """The corpus writes a word of letters with the same English stem (opened, opening for open;
        auctions for auctioned), the same lemma (built for build, took for take) or one derived from its
        stem (sponsorship for sponsors): a question's inflection is no word the corpus lacks."""
        if not _ALPHABETIC.fullmatch(term):
            return False
        self.load_word_forms()
        stem = english_stems([term])[0]
        if stem in self._stems or english_lemma(term) in self._lemmas:
            return True
        # a word derived from it (sponsor -> sponsorship, invest -> investment): a stem of five letters or more
        at = bisect.bisect_left(self._words, stem)
        return len(stem) >= DERIVED_FROM and at < len(self._words) and self._words[at].startswith(stem)

    def idf(self, term: str) -> float:
        df = self.df(term)
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
