"""Score the sentences of retrieved passages as evidence for a question.

Each candidate sentence gets a small feature vector — meaning (cosine with the question, absolute and
relative to the best), lexical overlap (IDF-weighted share of the question's terms, in the sentence
and together with the sentence before it), whether it names the question's subject, whether it has
the kind of answer asked for (a number with the asked unit, a year, a reason...), the rank of its
passage, and whether it is itself a question. A linear model over these features ranks them; its
weights were fitted on labelled questions (`python -m eval.tune_evidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rag.answer.protocol import AnswerRequest
from rag.embed.protocol import Embedder
from rag.retrieve.bm25 import BM25Index
from rag.question.analyse import MONEY, QuestionInfo
from rag.types import Chunk, Sentence

_NUM = r"\d+(?:[.,]\d+)*|[一二三四五六七八九十百千万亿两]+"
_YEAR = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|\d{4}[-/]\d{1,2}|(?:19|20)\d{2}\b")
_DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b")
_REASON = re.compile(r"因为|由于|原因|为了|倒逼|因此|所以|目的|在于|导致|驱动|是因|意味着|背后|because|due to|reason")
_LIST = re.compile(r"、|；|;|一是|二是|首先|其次|包括|以及")
_NAME = re.compile(r"[A-Z][A-Za-z0-9]+|《[^》]+》|“[^”]{2,12}”|[\u4e00-\u9fff]{2,6}(?:公司|集团|银行|云|研|机构|平台|大学|政府)")
_MONEY = re.compile(r"(?:\d[\d.,]*|[一二三四五六七八九十两数几百千万]+)\s*[十百千万亿]*\s*(?:多|余)?\s*(?:美元|美金|元|港元|港币|欧元|英镑|日元|人民币|块钱?)"
                    r"|[$¥￥€£]\s*\d|\d[\d.,]*\s*(?:[mb]illion|bn|[kmb])?\s*(?:dollars|usd|yuan|rmb|euros?)\b", re.I)
# a sentence that opens with a pronoun is about whoever the passage named before it
OPENS_WITH_PRONOUN = re.compile(r"^(?:而|但|且|并)?(?:双方|其|该公司|该|他们|它们|它|他|她|对方|这家公司|这一|此举|两者)"
                                r"|^(?:its|it|they|their|the company|the firm|he|she|his|her)\b", re.I)
END_PUNCT = "。！？!?；;…."

FEATURES = ("dense", "dense_rel", "lexical", "lexical_ctx", "focus", "subject", "subject_passage", "cue", "rank",
            "question_like", "length")
# fitted by eval/tune_evidence.py on the article dev set and CMRC 2018 trial questions
WEIGHTS = np.array([8.07, 12.07, 0.75, 2.31, 0.34, 1.0, 0.26, 1.59, 1.73, -2.03, 1.06], dtype=np.float32)


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


def _quantity_pattern(info: QuestionInfo) -> re.Pattern[str]:
    """A quantity of the asked unit: a sum of money, N纳米..., or any figure when no unit is asked."""
    if info.unit == MONEY:
        return _MONEY
    if info.unit:
        return re.compile(rf"(?:{_NUM})\s*(?:多|余)?\s*{re.escape(info.unit)}")
    return re.compile(r"\d+(?:[.,]\d+)*")


def quantity_spans(info: QuestionInfo, text: str) -> list[tuple[int, int]]:
    """Where `text` holds a quantity of the kind a number question asks for; a year is not one."""
    return [m.span() for m in _quantity_pattern(info).finditer(text) if not re.fullmatch(r"(?:19|20)\d{2}", m.group(0))]


def cue_score(info: QuestionInfo, text: str) -> float:
    """1 when `text` holds the kind of answer the question asks for, 0 when it does not."""
    if info.kind in ("number", "compare"):
        if info.unit:
            return 1.0 if _quantity_pattern(info).search(text) else 0.0
        return 1.0 if re.search(r"\d", text) else (0.5 if re.search(_NUM, text) else 0.0)
    if info.kind == "time":
        return 1.0 if _YEAR.search(text) else 0.0
    if info.kind == "date":
        return 1.0 if _DATE.search(text) else 0.0
    if info.kind == "reason":
        return 1.0 if _REASON.search(text) else 0.0
    if info.kind == "list":
        return 1.0 if _LIST.search(text) else 0.0
    if info.kind == "name":
        return 1.0 if _NAME.search(text) else 0.0
    return 0.0


def is_heading_like(text: str, chunk: Chunk) -> bool:
    return len(text) < 4 or text == chunk.heading or (len(text) <= 40 and text[-1] not in END_PUNCT + "”’\"")


class EvidenceScorer:
    def __init__(self, store: SentenceStore, embedder: Embedder, weights: np.ndarray = WEIGHTS):
        self.store = store
        self.embedder = embedder
        self.weights = weights

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
        focus = [t for t in info.focus if lex is None or lex.has(t)]
        out: list[Candidate] = []
        seen: set[tuple[int, int]] = set()
        for n, hit in enumerate(request.hits, 1):
            row = self.store.row_of.get(hit.chunk.id)
            if row is None:
                continue
            previous = ""
            seen_subject = bool(subject) and subject in hit.chunk.heading.lower()
            in_passage = (1.0 if subject in (hit.chunk.context + hit.chunk.text).lower() else 0.0) if subject else 0.5
            for i in self.store.sentences_of(row):
                s = self.store.sentences[i]
                low = s.text.lower()
                if (s.start, s.end) in seen or is_heading_like(s.text, hit.chunk):
                    previous = low
                    continue
                seen.add((s.start, s.end))
                matched = frozenset(t for t in terms if t in low)
                lexical = sum(weights[t] for t in matched) / total
                ctx = sum(weights[t] for t in terms if t in low or t in previous) / total
                feats = np.array([
                    float(np.dot(self.store.sentence_vectors[i], qv)),
                    0.0,  # filled below, relative to the best
                    lexical,
                    ctx,
                    sum(1.0 for t in focus if t in low) / len(focus) if focus else 0.0,
                    (1.0 if subject in low or subject in previous or (seen_subject and OPENS_WITH_PRONOUN.match(low))
                     else 0.0) if subject else 0.5,
                    in_passage,
                    cue_score(info, s.text),
                    1.0 / n,
                    1.0 if s.text.rstrip("”’\"")[-1:] in "?？" else 0.0,
                    min(len(s.text), 200) / 200,
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
