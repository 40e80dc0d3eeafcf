"""Refuse on hard evidence or a fitted missing-words score: the refusal the learned decision has not yet beaten.

Hard evidence refuses at once: the question is about a name the corpus never mentions, or a constraint
check (rag.evidence.constraints) finds the best evidence about another year or another party. Across
languages word overlap says nothing, so a cross-lingual question is refused only when its numbers are
absent, no sentence comes close in meaning, it has no content words, or none of the words the
dictionary translates is in the corpus in any of its translations (`What was OpenAI's net loss?`).
Otherwise a logistic score over the graded signals (missing words weighted by how specific they are,
coverage, the answer-type cue, meaning) gives P(unanswerable); its weights, bias and threshold are data
(`rag/data/fitted/refusal.json`).

The three-way learned model (rag.evidence.decision) is measured beside it on every article set; with
`decision = "rules"` (the default) these rules decide refusal and the learned model may only add a
qualification that names what differs (another party, or a plan). See the README, "How an answer is made".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rag.evidence.signals import CONSTRAINTS, EvidenceSignals
from rag.fitted import read_fitted


def _fitted(key: str):
    return lambda: read_fitted("refusal")[key]


@dataclass(frozen=True)
class RefusalRules:
    weights: dict[str, float] = field(default_factory=_fitted("weights"))  # signal name -> weight
    bias: float = field(default_factory=_fitted("bias"))
    threshold: float = field(default_factory=_fitted("threshold"))
    cross_lingual_min_cosine: float = field(default_factory=_fitted("cross_lingual_min_cosine"))
    cross_lingual_max_untranslated: float = field(default_factory=_fitted("cross_lingual_max_untranslated"))
    reworded_min: float = field(default_factory=_fitted("reworded_min"))

    def probability(self, s: EvidenceSignals) -> float:
        """P(unanswerable) from the graded signals."""
        return self.score(s.features())

    def score(self, features: dict[str, float]) -> float:
        """P(unanswerable) from the signals by name (EvidenceSignals.features)."""
        unknown = set(self.weights) - set(features)
        if unknown:
            raise ValueError(f"the refusal weights name signals that are not computed: {sorted(unknown)}")
        z = self.bias + sum(w * features[name] for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def refuse(self, s: EvidenceSignals) -> bool:
        if s.subject_absent:
            return True  # a question about a name the corpus never mentions cannot be answered from it
        if any(getattr(s, name) for name in CONSTRAINTS):
            return True  # the best evidence is about another year or another party (rag.evidence.constraints)
        if s.cross_lingual:
            return (s.numbers_missing > 0 or s.top_cosine < self.cross_lingual_min_cosine
                    or s.content_terms < 2  # "hello" is not a question about the corpus
                    # every word the dictionary translates has translations the corpus never uses (net loss)
                    or s.untranslated_share >= self.cross_lingual_max_untranslated)
        if s.reworded >= self.reworded_min:
            return False  # the missing words are the question's own wording of what the best sentence says
        return self.probability(s) >= self.threshold
