"""Score the sentences of retrieved passages as evidence for a question.

Each candidate sentence gets a small feature vector — meaning (cosine with the question, absolute and
relative to the best), lexical overlap (IDF-weighted share of the question's terms, an English word in any of
its forms, in the sentence and together with the sentence before it, and of the terms outside the subject's
name: what is asked), whether it names the question's subject, whether it has
the kind of answer asked for (rag.evidence.cues), the rank of its passage, and whether it is itself a
question. A linear model over these features ranks them; its weights are data
(`rag/data/fitted/evidence.json`, written by `python -m eval.tune.evidence`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rag.answer.protocol import AnswerRequest
from rag.embed.protocol import Embedder
from rag.evidence.cues import OPENS_WITH_PRONOUN, cue_score, is_heading_like
from rag.fitted import read_fitted
from rag.question.analyse import QuestionInfo
from rag.retrieve.bm25 import BM25Index
from rag.text.tokenize import writes_form
from rag.types import Chunk, Sentence

SHORTLIST = 12  # the best candidates, in score order, that may take the lead or join the answer
COVER_SHORTLIST = 15  # how far down a comparison or list looks for a sentence covering a missing side

FEATURES = ("dense", "dense_rel", "lexical", "lexical_ctx", "focus", "subject", "subject_passage", "cue", "rank",
            "question_like", "length", "asked")


def fitted_weights() -> np.ndarray:
    """The fitted weights in FEATURES order; a file naming other features is refused."""
    weights = read_fitted("evidence")["weights"]
    if set(weights) != set(FEATURES):
        raise ValueError(f"rag/data/fitted/evidence.json names {sorted(weights)}, the scorer computes {sorted(FEATURES)}")
    return np.array([weights[name] for name in FEATURES], dtype=np.float32)


class SentenceStore(Protocol):
    chunks: list[Chunk]
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    lexical: BM25Index | None
    row_of: dict[str, int]

    def sentences_of(self, row: int) -> range: ...


@dataclass
class Candidate:
    hit_n: int  # 1-based number of the passage it comes from
    start: int  # document offsets
    end: int
    text: str
    features: np.ndarray
    matched: frozenset[str]  # question terms it contains
    score: float = 0.0
    off_subject: bool = False  # names another party, not the question's subject (rag.evidence.constraints.subject_first)


class EvidenceScorer:
    def __init__(self, store: SentenceStore, embedder: Embedder, weights: np.ndarray | None = None):
        self.store = store
        self.embedder = embedder
        self.weights = fitted_weights() if weights is None else weights

    def idf(self, term: str) -> float:
        lex = self.store.lexical
        return lex.idf(term) if lex is not None else 1.0

    def candidates(self, request: AnswerRequest, info: QuestionInfo, subject: str = "") -> list[Candidate]:
        """Candidate sentences of the request's passages, best first."""
        qv = request.query_vector if request.query_vector is not None else self.embedder.embed_query(request.question)
        lex = self.store.lexical
        terms = [t for t in info.terms if lex is None or lex.has(t)]
        weights = {t: self.idf(t) for t in terms}
        total = sum(weights.values()) or 1.0
        subject = subject.lower()
        # the words of what is asked, outside the subject's name (黄鳍紫鱼主要以什么为食: 主要, 为食): the name is in
        # most sentences about it, so only these tell its sentences apart
        asked = [t for t in terms if not (subject and t in subject)]
        asked_total = sum(weights[t] for t in asked)
        focus = [t for t in info.focus if lex is None or lex.has(t)]
        # a word of letters is matched in any of its forms; any other term (a Chinese word, a number) as it is written
        words = [t for t in terms if t[:1] <= "\u024f" and t.isalpha()]
        written = [t for t in terms if t not in words]
        focus_words = [t for t in focus if t in words]
        focus_written = [t for t in focus if t not in words]
        out: list[Candidate] = []
        seen: set[tuple[int, int]] = set()
        for n, hit in enumerate(request.hits, 1):
            row = self.store.row_of.get(hit.chunk.id)
            if row is None:
                continue
            previous = ""
            seen_subject = bool(subject) and subject in hit.chunk.heading.lower()
            in_passage = (1.0 if subject in (hit.chunk.context + hit.chunk.text).lower() else 0.0) if subject else 0.5
            rows = self.store.sentences_of(row)
            cosines = self.store.sentence_vectors[rows.start : rows.stop] @ qv  # one product per passage
            for i, cosine in zip(rows, cosines):
                s = self.store.sentences[i]
                low = s.text.lower()
                if (s.start, s.end) in seen or is_heading_like(s.text, hit.chunk):
                    previous = low
                    continue
                seen.add((s.start, s.end))
                matched = frozenset(t for t in written if t in low)
                ctx = sum(weights[t] for t in written if t in low or t in previous)
                hits = sum(1.0 for t in focus_written if t in low)
                if words:
                    matched |= frozenset(t for t in words if writes_form(low, t))
                    ctx += sum(weights[t] for t in words if t in matched or writes_form(previous, t))
                    hits += sum(1.0 for t in focus_words if t in matched or writes_form(low, t))
                lexical = sum(weights[t] for t in matched) / total
                ctx /= total
                feats = np.array([
                    float(cosine),
                    0.0,  # filled below, relative to the best
                    lexical,
                    ctx,
                    hits / len(focus) if focus else 0.0,
                    (1.0 if subject in low or subject in previous or (seen_subject and OPENS_WITH_PRONOUN.match(low))
                     else 0.0) if subject else 0.5,
                    in_passage,
                    cue_score(info, s.text),
                    1.0 / n,
                    1.0 if s.text.rstrip("”’\"")[-1:] in "?？" else 0.0,
                    min(len(s.text), 200) / 200,
                    sum(weights[t] for t in asked if t in matched) / asked_total if asked_total else 0.0,
                ], dtype=np.float32)
                out.append(Candidate(n, s.start, s.end, s.text, feats, matched))
                previous = low
                seen_subject = seen_subject or (bool(subject) and subject in low)
        if out:
            best = max(c.features[0] for c in out)
            for c in out:
                c.features[1] = c.features[0] - best
                c.score = float(np.dot(self.weights, c.features))
        return sorted(out, key=lambda c: -c.score)
