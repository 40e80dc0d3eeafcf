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

from rag.retrieve.bm25 import BM25Index
from rag.text.tokenize import general_frequency
from rag.question.analyse import QuestionInfo

_LATIN = re.compile(r"[a-z]")


_NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "eng", "j", "vn", "l")


def word_tags(question: str) -> dict[str, str]:
    """jieba part-of-speech tag of every word of the question (sub-words inherit their word's tag)."""
    import jieba.posseg as pseg

    from rag.text.tokenize import _ensure_jieba

    _ensure_jieba()
    return {w.word.lower(): w.flag for w in pseg.cut(question)}


def specificity(term: str, tags: dict[str, str] | None = None) -> float:
    """0..1: how much a term's absence from the corpus says the question is about something else.
    Names and nouns weigh most, rare ones more than common ones; verbs, adverbs and particles
    (砸, 一共, 打算) barely count: a paraphrase uses words of its own."""
    if _LATIN.search(term):
        return 0.9 if len(term) >= 3 else 0.3
    if len(term) < 2:
        return 0.1
    if tags is not None:
        tag = tags.get(term) or next((f for w, f in tags.items() if term in w), "x")
        if not tag.startswith(_NOUN_TAGS):
            return 0.05
    freq = general_frequency(term)
    return 1.0 / (1.0 + math.log1p(freq) / 4.0) if freq else 1.0


@dataclass(frozen=True)
class RefusalSignals:
    missing: tuple[str, ...]  # question terms absent from the corpus
    subject_missing: float  # the question's subject (its first name-like phrase) is not in the corpus
    focus_missing: float  # specificity of missing terms right next to the question word
    numbers_missing: float  # share of the question's numbers/model names (2024, P800) absent from the best passage
    missing_weight: float  # specificity of the other missing terms
    coverage: float  # IDF-weighted share of corpus terms found in the best passage
    sentence_coverage: float  # the same, in the best sentence
    focus_coverage: float  # share of the terms next to the question word found in the best passage
    cue_met: float  # 1 when a candidate sentence has the expected answer type
    best_cosine: float  # best candidate sentence's cosine with the question
    cosine_margin: float  # how far the best sentence stands above the average of the next ones
    cross_lingual: bool  # the question's script differs from the corpus's
    subject_absent: bool = False
    content_terms: int = 2  # how many content words the question has
    top_cosine: float = 1.0  # the highest cosine of any candidate sentence
    scope_missing: bool = False  # the question names a year no answer-bearing sentence is about (rag.evidence.constraints)
    quantity_missing: bool = False  # the thing asked about is named only without a quantity (rag.evidence.constraints)
    subject_quantity_missing: bool = False  # the asked quantity is told only of others (rag.evidence.constraints)
    attribution_missing: bool = False  # the figure is not the subject's own (rag.evidence.constraints)
    count_missing: bool = False  # the counted thing is named without a figure next to it (rag.evidence.constraints)
    subject_conflict: bool = False  # the best evidence is about another named party (rag.evidence.constraints)

    def features(self) -> list[float]:
        return [self.subject_missing, self.focus_missing, self.numbers_missing, self.missing_weight, self.coverage,
                self.sentence_coverage, self.focus_coverage, self.cue_met, self.best_cosine, self.cosine_margin * 10]


@dataclass(frozen=True)
class RefusalModel:
    """A logistic score over RefusalSignals.features(); refuse when P(unanswerable) >= threshold.

    Fitted on same-language questions. Across languages word overlap says nothing and a small
    embedding model cannot tell a missing English name from a translated one, so a cross-lingual
    question is refused only on hard evidence: its numbers or model names are not there, or no
    sentence comes close in meaning."""

    # fitted by eval/tune_refusal.py (article dev set + CMRC trial with gold paragraphs hidden);
    # the threshold favours answering: a wrong refusal hides an answer the corpus has
    weights: tuple[float, ...] = (3.545, 5.582, 0.749, 0.27, -2.979, 0.653, -0.625, -2.448, -2.013, -2.512)
    bias: float = 6.444
    threshold: float = 0.7
    cross_lingual_min_cosine: float = 0.74

    def probability(self, s: RefusalSignals) -> float:
        z = self.bias + sum(w * f for w, f in zip(self.weights, s.features()))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def refuse(self, s: RefusalSignals) -> bool:
        if s.subject_absent:
            return True  # a question about a name the corpus never mentions cannot be answered from it
        if (s.scope_missing or s.subject_conflict or s.quantity_missing or s.subject_quantity_missing
                or s.attribution_missing or s.count_missing):
            return True  # the best evidence is about another year or another party
        if s.cross_lingual:
            return (s.numbers_missing > 0 or s.top_cosine < self.cross_lingual_min_cosine
                    or s.content_terms < 2)  # "hello" is not a question about the corpus
        return self.probability(s) >= self.threshold


_PROPER = ("nr", "ns", "nt", "nz", "nrt", "nrfg", "eng")


def subject_absent(subject: str, lexical: BM25Index, tags: dict[str, str]) -> bool:
    """True when the question is about a name the corpus never mentions: a Latin name that is not
    there, or a Han name (a proper noun, or a word jieba does not know) whose character pairs
    mostly occur in no passage (腾讯云, 华为). Generic phrases (科技大厂) do not count."""
    from rag.text.tokenize import han_bigrams

    subject = subject.lower().strip()
    if len(subject) < 2:
        return False
    if not re.search(r"[\u4e00-\u9fff]", subject):
        return not any(lexical.has(w) for w in re.findall(r"[a-z0-9][a-z0-9.+&-]*", subject))
    pairs = han_bigrams(subject)
    if not pairs or sum(1 for p in pairs if lexical.doc_freq.get(p, 0) == 0) < 0.6 * len(pairs):
        return False
    words = [w for w in tags if w and w in subject and len(w) >= 2]
    absent = [w for w in words if not lexical.has(w)]
    if len(absent) >= 2 and len(absent) == len(words):
        return True  # a name made of several words the corpus never uses (字节跳动火山引擎)
    return any(tags[w].startswith(_PROPER) or not general_frequency(w) for w in absent)


def missing_terms(info: QuestionInfo, lexical: BM25Index, cross_lingual: bool) -> tuple[str, ...]:
    """Question terms the corpus never uses. Across languages only terms with digits (model names,
    years) can be checked: an English word may be the translation of a Chinese one that is there."""
    return tuple(t for t in info.terms if not lexical.has(t) and (not cross_lingual or re.search(r"\d", t)))
