"""The offline default answerer: quote the one to three sentences that answer the question.

Sentences were split and embedded when the index was built; at question time `rag.evidence` scores
each sentence of the top passages (meaning, lexical overlap, the question's subject and answer-type
cue). The best sentence leads; more are added only when they cover terms the first misses.
Long sentences are trimmed to the clauses that carry the match. Every word is quoted, so the answer
is faithful by construction.
"""

from __future__ import annotations

import re
from typing import Iterator

from rag.answer import AnswerRequest, Draft, refusal_text, stream_in_pieces
from rag.embed import Embedder
from rag.evidence import END_PUNCT, Candidate, EvidenceScorer, SentenceStore, cue_score
from rag.question import QuestionInfo, analyse

_CLAUSE = re.compile(r"[,，;；:：]")


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, store: SentenceStore, embedder: Embedder, max_sentences: int = 3, add_margin: float = 1.0):
        self.store = store
        self.scorer = EvidenceScorer(store, embedder)
        self.max_sentences = max_sentences
        self.add_margin = add_margin  # extra sentences must score within this of the best

    def candidates(self, request: AnswerRequest, info: QuestionInfo) -> list[Candidate]:
        return self.scorer.candidates(request, info, info.subject)

    def select(self, request: AnswerRequest, info: QuestionInfo, cands: list[Candidate] | None = None) -> list[Candidate]:
        cands = self.candidates(request, info) if cands is None else cands
        if not cands:
            return []
        best = cands[0]
        chosen = [best]
        covered = set(best.matched)
        margin = self.add_margin * (2 if info.kind in ("list", "compare", "reason") else 1)
        for c in cands[1:12]:
            if len(chosen) >= self.max_sentences or best.score - c.score > margin:
                break
            if any(self.scorer.idf(t) > 1.0 for t in c.matched - covered):  # adds something the others miss
                chosen.append(c)
                covered |= c.matched
        return chosen

    def answer(self, request: AnswerRequest, cands: list[Candidate] | None = None) -> Draft:
        info = analyse(request.question)
        chosen = self.select(request, info, cands)
        if not chosen:
            return Draft(refusal_text(request.lang), refused=True)
        lead_doc = request.hits[chosen[0].hit_n - 1].chunk.doc_id
        chosen.sort(key=lambda c: (request.hits[c.hit_n - 1].chunk.doc_id != lead_doc, c.start))
        parts, quotes = [], {}
        for c in chosen:
            s, e = trim_to_clauses(c.text, info, c.matched)
            text = c.text[s:e]
            end_punct = ""
            while text and text[-1] in END_PUNCT + "”’\"":
                if text[-1] in END_PUNCT:
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


def trim_to_clauses(sentence: str, info: QuestionInfo, matched: frozenset[str]) -> tuple[int, int]:
    """(start, end) within `sentence` of the clauses that carry the match; the whole when unsafe.

    Only answers that are a number or a date are trimmed, and only when the clause holding it is
    kept: for other questions the answer often lies in the clause after the matched words."""
    if len(sentence) <= 60 or not matched or info.kind not in ("number", "time", "date") or cue_score(info, sentence) < 1:
        return 0, len(sentence)
    bounds, start = [], 0
    for m in _CLAUSE.finditer(sentence):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(sentence)))
    low = sentence.lower()
    keep = [i for i, (s, e) in enumerate(bounds) if any(t in low[s:e] for t in matched) or cue_score(info, sentence[s:e]) >= 1.0]
    if not keep:
        return 0, len(sentence)
    lo, hi = bounds[min(keep)][0], bounds[max(keep)][1]
    if hi - lo > 0.8 * len(sentence) or hi - lo < 8 or cue_score(info, sentence[lo:hi]) < 1:
        return 0, len(sentence)
    return lo, hi
