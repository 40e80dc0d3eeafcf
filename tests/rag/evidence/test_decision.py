"""The answer / qualify / refuse decision: a fitted model read from data, by signal name."""

from __future__ import annotations

import dataclasses

import pytest

from rag.evidence.decision import ANSWER, QUALIFY, REFUSE, DecisionModel
from rag.evidence.signals import EvidenceSignals
from rag.fitted import read_fitted

SIGNALS = EvidenceSignals(missing=(), subject_missing=0.0, focus_missing=0.0, numbers_missing=0.0, missing_weight=0.0,
                          coverage=1.0, sentence_coverage=1.0, focus_coverage=1.0, cue_met=1.0, best_cosine=0.9,
                          cosine_margin=0.05, cross_lingual=False)


def toy(offsets=None) -> DecisionModel:
    """Answer when the best sentence names the subject, qualify when it names another party, else refuse."""
    return DecisionModel({"classes": [ANSWER, QUALIFY, REFUSE], "features": ["subject_in_best", "other_party_in_best"],
                          "mean": [0.5, 0.5], "scale": [0.5, 0.5], "coef": [[3.0, -3.0], [-1.0, 3.0], [-2.0, 0.0]],
                          "intercept": [0.0, 0.0, 0.0], "class_offsets": offsets or {}})


def test_the_fitted_model_reads_signals_that_are_computed():
    data = read_fitted("decision")
    assert data["classes"] == [ANSWER, QUALIFY, REFUSE]
    assert set(data["features"]) <= set(SIGNALS.features())
    assert DecisionModel().decide(SIGNALS).kind in (ANSWER, QUALIFY, REFUSE)


def test_each_outcome_follows_its_signals():
    model = toy()
    about_it = dataclasses.replace(SIGNALS, subject_in_best=1.0, other_party_in_best=0.0)
    about_another = dataclasses.replace(SIGNALS, subject_in_best=0.0, other_party_in_best=1.0)
    about_nothing = dataclasses.replace(SIGNALS, subject_in_best=0.0, other_party_in_best=0.0)
    assert model.decide(about_it).kind == ANSWER
    assert model.decide(about_another).kind == QUALIFY and model.decide(about_another).qualified
    assert model.decide(about_nothing).kind == REFUSE and model.decide(about_nothing).refused
    p = model.decide(about_it).p
    assert abs(sum(p.values()) - 1.0) < 1e-9 and p[ANSWER] > p[QUALIFY]


def test_an_offset_moves_the_boundary_towards_answering():
    about_nothing = dataclasses.replace(SIGNALS, subject_in_best=0.0, other_party_in_best=0.0)
    assert toy().decide(about_nothing).kind == REFUSE
    assert toy({ANSWER: 5.0}).decide(about_nothing).kind == ANSWER


def test_a_model_reading_an_unknown_signal_or_of_the_wrong_shape_is_refused():
    bad = dict(toy().data, features=["no_such_signal", "other_party_in_best"])
    with pytest.raises(ValueError, match="no_such_signal"):
        DecisionModel(bad).decide(SIGNALS)
    with pytest.raises(ValueError, match="disagree in length"):
        DecisionModel(dict(toy().data, mean=[0.5])).decide(SIGNALS)


def toy_trees(vetoes=()) -> DecisionModel:
    """The same rule as `toy`, as one depth-1 tree per outcome (rag.forest's JSON form)."""
    def stump(feature: int, left: float, right: float) -> dict:
        return {"depth": 1, "feature": [str(feature)], "threshold": ["0.5"], "value": [f"{left} {right}"]}

    return DecisionModel({"classes": [ANSWER, QUALIFY, REFUSE], "features": ["subject_in_best", "other_party_in_best"],
                          "trees": {ANSWER: stump(0, 0.0, 3.0), QUALIFY: stump(1, 0.0, 2.0), REFUSE: stump(0, 1.0, 0.0)},
                          "vetoes": list(vetoes)})


def test_trees_decide_like_the_rule_they_encode():
    model = toy_trees()
    assert model.decide(dataclasses.replace(SIGNALS, subject_in_best=1.0)).kind == ANSWER
    assert model.decide(dataclasses.replace(SIGNALS, subject_in_best=0.0, other_party_in_best=1.0)).kind == QUALIFY
    assert model.decide(dataclasses.replace(SIGNALS, subject_in_best=0.0, other_party_in_best=0.0)).kind == REFUSE


def test_a_veto_takes_answering_off_the_table_but_leaves_the_rest_to_the_model():
    about_it = dataclasses.replace(SIGNALS, subject_in_best=1.0, other_party_in_best=0.0)
    assert toy_trees().decide(about_it).kind == ANSWER
    vetoed = toy_trees(vetoes=["other_party_in_best"])
    assert vetoed.decide(about_it).kind == ANSWER  # the veto signal does not fire
    both = dataclasses.replace(about_it, other_party_in_best=1.0)
    assert vetoed.decide(both).kind == QUALIFY  # it fires: the best of the other outcomes
    with pytest.raises(ValueError, match="vetoes"):
        DecisionModel(dict(toy_trees().data, vetoes=["no_such_signal"])).decide(SIGNALS)
