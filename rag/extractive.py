"""The offline default answerer: quote the one to three sentences that answer the question.

Sentences were split and embedded when the index was built; at question time each sentence of the
top passages is scored by meaning (cosine with the question), lexical overlap (IDF-weighted share of
the question's terms it contains) and the question's type cue (a number with the asked unit, a year,
a reason...). The best sentence leads; more are added only when they cover terms the first misses.
Long sentences are trimmed to the clauses that carry the match. Every word is quoted, so the answer
is faithful by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Protocol

import numpy as np

from rag.answer import AnswerRequest, Draft, refusal_text, stream_in_pieces
from rag.embed import Embedder
from rag.lexical import BM25Index
from rag.question import QuestionInfo, analyse
from rag.types import Chunk, Sentence

_NUM = r"\d+(?:[.,]\d+)*|[一二三四五六七八九十百千万亿两]+"
_HAS_NUMBER = re.compile(rf"(?:{_NUM})\s*(?:多|余|个|%|％|亿|万|倍|年|月|元|美元|人|家|块|项)?")
_YEAR = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|\d{4}[-/]\d{1,2}|(?:19|20)\d{2}\b")
_REASON = re.compile(r"因为|由于|原因|为了|倒逼|因此|所以|目的|在于|导致|驱动|是因|意味着|背后")
_LIST = re.compile(r"、|；|;|一是|二是|首先|其次|包括|以及")
_NAME = re.compile(r"[A-Z][A-Za-z0-9]+|《[^》]+》|“[^”]{2,12}”|[\u4e00-\u9fff]{2,6}(?:公司|集团|银行|云|研|机构|平台)")
_CLAUSE = re.compile(r"[,，;；:：]")
_END_PUNCT = "。！？!?；;…."


class SentenceStore(Protocol):
    chunks: list[Chunk]
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    lexical: BM25Index | None
    row_of: dict[str, int]

    def sentences_of(self, row: int) -> range: ...


@dataclass(frozen=True)
class Weights:
    dense: float = 1.0  # per 0.05 of cosine above the weakest candidate
    lexical: float = 1.0
    cue: float = 0.35
    rank: float = 0.15
    add_margin: float = 0.45  # extra sentences must score within this of the best


@dataclass
class Candidate:
    hit_n: int  # 1-based source number
    start: int
    end: int
    text: str
    score: float
    matched: frozenset[str]


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, store: SentenceStore, embedder: Embedder, max_sentences: int = 3, weights: Weights = Weights()):
        self.store = store
        self.embedder = embedder
        self.max_sentences = max_sentences
        self.weights = weights

    # ---- scoring -------------------------------------------------------------------------
    def _idf(self, term: str) -> float:
        lex = self.store.lexical
        return lex.idf(term) if lex is not None else 1.0

    def candidates(self, request: AnswerRequest, info: QuestionInfo) -> list[Candidate]:
        qv = request.query_vector
        if qv is None:
            qv = self.embedder.embed_query(request.question)
        lex = self.store.lexical
        terms = [t for t in info.terms if lex is None or t in lex.doc_freq] or list(info.terms)
        weights = {t: self._idf(t) for t in terms}
        total = sum(weights.values()) or 1.0
        cands: list[Candidate] = []
        seen: set[tuple[int, int]] = set()
        for n, hit in enumerate(request.hits, 1):
            row = self.store.row_of.get(hit.chunk.id)
            if row is None:
                continue
            for i in self.store.sentences_of(row):
                s = self.store.sentences[i]
                if (s.start, s.end) in seen or _is_heading_like(s.text, hit.chunk):
                    continue
                seen.add((s.start, s.end))
                low = s.text.lower()
                matched = frozenset(t for t in terms if t in low)
                lexical = sum(weights[t] for t in matched) / total
                cue = _cue(info, s.text)
                dense = float(np.dot(self.store.sentence_vectors[i], qv))
                score = (self.weights.dense * dense * 20 + self.weights.lexical * lexical
                         + self.weights.cue * cue + self.weights.rank / n)
                cands.append(Candidate(n, s.start, s.end, s.text, score, matched))
        return sorted(cands, key=lambda c: -c.score)

    # ---- answering -----------------------------------------------------------------------
    def select(self, request: AnswerRequest, info: QuestionInfo) -> list[Candidate]:
        cands = self.candidates(request, info)
        if not cands:
            return []
        best = cands[0]
        chosen = [best]
        covered = set(best.matched)
        want_more = info.kind in ("list", "compare", "reason")
        for c in cands[1 : 12]:
            if len(chosen) >= self.max_sentences:
                break
            if best.score - c.score > self.weights.add_margin * (2 if want_more else 1):
                break
            if any(self._idf(t) > 1.0 for t in c.matched - covered):  # adds something the others miss
                chosen.append(c)
                covered |= c.matched
        return chosen

    def answer(self, request: AnswerRequest) -> Draft:
        info = analyse(request.question)
        chosen = self.select(request, info)
        if not chosen:
            return Draft(refusal_text(request.lang), refused=True)
        lead_doc = request.hits[chosen[0].hit_n - 1].chunk.doc_id
        chosen.sort(key=lambda c: (request.hits[c.hit_n - 1].chunk.doc_id != lead_doc, c.start))
        parts, quotes = [], {}
        for c in chosen:
            s, e = trim_to_clauses(c.text, info, c.matched)
            text = c.text[s:e]
            end_punct = ""
            while text and text[-1] in _END_PUNCT + "”’\"":
                if text[-1] in _END_PUNCT:
                    end_punct = text[-1] + end_punct
                    text = text[:-1]
                else:
                    break
            start, stop = c.start + s, c.start + s + len(text)
            quotes.setdefault(c.hit_n, []).append((start, stop))
            sep = " " if parts and request.lang == "en" else ""
            parts.append(f"{sep}{text}[{c.hit_n}]{end_punct or '。'}")
        return Draft("".join(parts), refused=False, quotes={n: tuple(v) for n, v in quotes.items()})

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        return stream_in_pieces(self.answer(request))


def _is_heading_like(text: str, chunk: Chunk) -> bool:
    return len(text) < 4 or (text == chunk.heading) or (len(text) <= 40 and text[-1] not in _END_PUNCT + "”’\"")


def _cue(info: QuestionInfo, text: str) -> float:
    if info.kind in ("number", "compare"):
        if info.unit:
            return 1.0 if re.search(rf"(?:{_NUM})\s*(?:多|余)?\s*{re.escape(info.unit)}", text) else 0.0
        return 1.0 if re.search(r"\d", text) else (0.5 if _HAS_NUMBER.search(text) else 0.0)
    if info.kind == "time":
        return 1.0 if _YEAR.search(text) else 0.0
    if info.kind == "reason":
        return 1.0 if _REASON.search(text) else 0.0
    if info.kind == "list":
        return 1.0 if _LIST.search(text) else 0.0
    if info.kind == "name":
        return 1.0 if _NAME.search(text) else 0.0
    return 0.0


def trim_to_clauses(sentence: str, info: QuestionInfo, matched: frozenset[str]) -> tuple[int, int]:
    """(start, end) within `sentence` of the clauses that carry the match; the whole when unsafe."""
    if len(sentence) <= 60 or not matched:
        return 0, len(sentence)
    bounds, start = [], 0
    for m in _CLAUSE.finditer(sentence):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(sentence)))
    low = sentence.lower()
    keep = [i for i, (s, e) in enumerate(bounds) if any(t in low[s:e] for t in matched) or _cue(info, sentence[s:e]) >= 1.0]
    if not keep:
        return 0, len(sentence)
    lo, hi = bounds[min(keep)][0], bounds[max(keep)][1]
    if hi - lo > 0.8 * len(sentence) or hi - lo < 8:
        return 0, len(sentence)
    # a kept span must hold every matched term the whole sentence holds
    if any(t not in low[lo:hi] for t in matched):
        return 0, len(sentence)
    return lo, hi
