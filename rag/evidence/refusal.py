"""Decide when the corpus does not contain the answer, from the named signals of rag.evidence.signals.

Hard evidence refuses at once: the question is about a name the corpus never mentions, or an explicit
constraint is broken (the best evidence is about another year or another party). Otherwise a logistic
model over the graded signals gives P(unanswerable); its weights, bias and threshold are data
(`rag/data/fitted/refusal.json`, written by `python -m eval.tune.refusal`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rag.evidence.signals import RefusalSignals
from rag.fitted import read_fitted


def _fitted(key: str):
    return lambda: read_fitted("refusal")[key]


@dataclass(frozen=True)
class RefusalModel:
    """A logistic score over `RefusalSignals.features()`; refuse when P(unanswerable) >= threshold.

    Fitted on same-language questions. Across languages word overlap says nothing and a small
    embedding model cannot tell a missing English name from a translated one, so a cross-lingual
    question is refused only on hard evidence: its numbers or model names are not there, or no
    sentence comes close in meaning."""

    weights: dict[str, float] = field(default_factory=_fitted("weights"))  # signal name -> weight
    bias: float = field(default_factory=_fitted("bias"))
    threshold: float = field(default_factory=_fitted("threshold"))
    cross_lingual_min_cosine: float = field(default_factory=_fitted("cross_lingual_min_cosine"))

    def probability(self, s: RefusalSignals) -> float:
        features = s.features()
        unknown = set(self.weights) - set(features)
        if unknown:
            raise ValueError(f"the refusal weights name signals that are not computed: {sorted(unknown)}")
        z = self.bias + sum(w * features[name] for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def refuse(self, s: RefusalSignals) -> bool:
        if s.subject_absent:
            return True  # a question about a name the corpus never mentions cannot be answered from it
        if s.constraint_broken:
            return True  # the best evidence is about another year or another party
        if s.cross_lingual:
            return (s.numbers_missing > 0 or s.top_cosine < self.cross_lingual_min_cosine
                    or s.content_terms < 2)  # "hello" is not a question about the corpus
        return self.probability(s) >= self.threshold
