"""Decide when the corpus does not contain the answer, from several signals, not one cosine.

A cosine threshold alone cannot separate the cases (unanswerable questions about the article's own
topic score as high as answerable ones), so the decision combines:
- missing terms: question words that occur nowhere in the corpus, weighted by how specific they are
  (a rare word or name such as 昇腾 or 定价 weighs much more than a common one such as 钱);
- coverage: the IDF-weighted share of the question's corpus words found in the best sentence's passage;
- the answer-type cue: a number with the asked unit (几纳米 needs "N纳米"), a year, a reason...;
- meaning: the best sentence's cosine with the question, relative to the passages' spread.
The weights form a logistic score calibrated on labelled questions (`rag eval --calibrate-refusal`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rag.lexical import BM25Index
from rag.question import QuestionInfo

_LATIN = re.compile(r"[a-z]")


@lru_cache(maxsize=65536)
def general_frequency(word: str) -> int:
    """How common a word is in general Chinese (jieba's dictionary count; 0 when unknown)."""
    import jieba

    return int(jieba.get_FREQ(word) or 0)


def specificity(term: str) -> float:
    """0..1: how much a term's absence from the corpus says the question is about something else."""
    if _LATIN.search(term):
        return 0.9 if len(term) >= 3 else 0.3
    if len(term) < 2:
        return 0.1
    freq = general_frequency(term)
    return 1.0 / (1.0 + math.log1p(freq) / 4.0) if freq else 1.0


@dataclass(frozen=True)
class RefusalSignals:
    missing: tuple[str, ...]  # question terms absent from the corpus
    missing_weight: float  # sum of their specificity
    coverage: float  # IDF-weighted share of corpus terms found in the best passage
    sentence_coverage: float  # the same, in the best sentence
    cue_met: float  # 1 when a candidate sentence has the expected answer type
    best_cosine: float  # best candidate sentence's cosine with the question
    cross_lingual: bool  # the question's script differs from the corpus's

    def features(self) -> list[float]:
        return [self.missing_weight, self.coverage, self.sentence_coverage, self.cue_met,
                self.best_cosine, float(self.cross_lingual)]


@dataclass(frozen=True)
class RefusalModel:
    """A logistic score over RefusalSignals.features(); refuse when P(unanswerable) >= threshold."""

    weights: tuple[float, ...] = (2.2, -3.0, -1.5, -1.0, -30.0, 0.0)
    bias: float = 26.0
    threshold: float = 0.5

    def probability(self, s: RefusalSignals) -> float:
        z = self.bias + sum(w * f for w, f in zip(self.weights, s.features()))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def refuse(self, s: RefusalSignals) -> bool:
        return self.probability(s) >= self.threshold


def missing_terms(info: QuestionInfo, lexical: BM25Index, cross_lingual: bool) -> tuple[str, ...]:
    """Question terms the corpus never uses. Across languages only terms with digits (model names,
    years) can be checked: an English word may be the translation of a Chinese one that is there."""
    return tuple(t for t in info.terms if t not in lexical.doc_freq and (not cross_lingual or re.search(r"\d", t)))
