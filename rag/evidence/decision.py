"""Answer, qualify or refuse: a decision learned from many questions, read from data.

For a question and its evidence (the named signals of rag.evidence.signals), a fitted model (boosted
trees or a multinomial logistic) gives the chance of each outcome:
- answer: the evidence answers the question;
- qualify: the evidence holds an answer of the asked kind, but for another party or period, or a
  plan where an actual figure is asked: the answer quotes it and says so;
- refuse: the documents do not answer it.
Its weights are data (`rag/data/fitted/decision.json`, written by `python -m eval.tune.decision`),
fitted on CMRC 2018 questions, the same questions asked with their paragraph hidden or about another
subject or year, and the article's development set. `class_offsets` move the boundary towards
answering: a wrong refusal hides an answer the documents have.

    decision = DecisionModel().decide(signals)     # Decision(kind="answer", p={"answer": 0.93, ...})
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from rag.evidence.signals import EvidenceSignals
from rag.fitted import read_fitted
from rag.forest import forest_from

ANSWER, QUALIFY, REFUSE = "answer", "qualify", "refuse"


@dataclass(frozen=True)
class Decision:
    kind: str  # ANSWER, QUALIFY or REFUSE
    p: dict[str, float]  # probability of each outcome

    @property
    def refused(self) -> bool:
        return self.kind == REFUSE

    @property
    def qualified(self) -> bool:
        return self.kind == QUALIFY


@dataclass(frozen=True)
class DecisionModel:
    """One score per outcome from the named signals, either linear (standardised features, "coef") or
    boosted trees ("trees", one forest per outcome, rag.forest); softmax gives the probabilities. The
    largest score plus its class offset wins, except that "answer" is not an option while a veto signal
    fires: a constraint check (rag.evidence.constraints) the tuner found almost never failing on an
    answerable question. `fitted`: the model's numbers, read from rag/data/fitted/decision.json when
    first used."""

    fitted: dict | None = None
    _loaded: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def data(self) -> dict:
        if not self._loaded:
            d = dict(self.fitted if self.fitted is not None else read_fitted("decision"))
            n = len(d["features"])
            if "trees" in d:
                forests = {c: forest_from(d["trees"][c]) for c in d["classes"]}
                if any(len(f.feature) and int(f.feature.max()) >= n for f in forests.values()):
                    raise ValueError("decision model: a tree splits on a feature the model does not name")
                d["_forests"] = forests
            elif len(d["mean"]) != n or len(d["scale"]) != n or any(len(row) != n for row in d["coef"]):
                raise ValueError("decision model: features, mean, scale and coef disagree in length")
            unknown = set(d.get("vetoes", ())) - set(d["features"])
            if unknown:
                raise ValueError(f"decision model: vetoes {sorted(unknown)} are not among its features")
            self._loaded.update(d)
        return self._loaded

    @property
    def classes(self) -> list[str]:
        return list(self.data["classes"])

    def scores(self, features: dict[str, float]) -> dict[str, float]:
        d = self.data
        missing = [name for name in d["features"] if name not in features]
        if missing:
            raise ValueError(f"the decision model reads signals that are not computed: {missing}")
        if "_forests" in d:
            row = np.array([[float(features[name]) for name in d["features"]]])
            return {c: float(d["_forests"][c].predict(row)[0]) for c in d["classes"]}
        x = [(features[name] - m) / s for name, m, s in zip(d["features"], d["mean"], d["scale"])]
        return {c: b + sum(w * v for w, v in zip(row, x)) for c, row, b in zip(d["classes"], d["coef"], d["intercept"])}

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        return softmax(self.scores(features))

    def decide(self, signals: EvidenceSignals, exclude: tuple[str, ...] = ()) -> Decision:
        """The outcome with the largest score plus offset among those allowed (`exclude`: not these)."""
        features = signals.features()
        scores = self.scores(features)
        offsets = self.data.get("class_offsets", {})
        options = [c for c in scores if c not in exclude and not (c == ANSWER and self.vetoed(features))]
        if not options:  # everything but answering excluded, and a veto fires
            return Decision(REFUSE, softmax(scores))
        kind = max(options, key=lambda c: scores[c] + offsets.get(c, 0.0))
        return Decision(kind, softmax(scores))

    def vetoed(self, features: dict[str, float]) -> bool:
        """Whether a veto signal fires, so that the evidence cannot be given as the answer."""
        return any(features[name] > 0 for name in self.data.get("vetoes", ()))


def softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exp = {c: math.exp(v - top) for c, v in scores.items()}
    total = sum(exp.values())
    return {c: v / total for c, v in exp.items()}
