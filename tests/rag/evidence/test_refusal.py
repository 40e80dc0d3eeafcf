"""The refusal decision over named signals: hard evidence first, then the fitted logistic model."""

from __future__ import annotations

import dataclasses

import pytest

from rag.evidence.refusal import RefusalModel
from rag.evidence.signals import RefusalSignals
from rag.fitted import read_fitted

ANSWERABLE = RefusalSignals(missing=(), subject_missing=0.0, focus_missing=0.0, numbers_missing=0.0, missing_weight=0.0,
                            coverage=1.0, sentence_coverage=1.0, focus_coverage=1.0, cue_met=1.0, best_cosine=0.9,
                            cosine_margin=0.05, cross_lingual=False)
HOPELESS = dataclasses.replace(ANSWERABLE, subject_missing=1.0, focus_missing=1.0, coverage=0.0, sentence_coverage=0.0,
                               focus_coverage=0.0, cue_met=0.0, best_cosine=0.7, cosine_margin=0.0)


def test_the_fitted_file_is_what_the_model_reads():
    data, model = read_fitted("refusal"), RefusalModel()
    assert model.weights == data["weights"] and model.bias == data["bias"] and model.threshold == data["threshold"]
    assert set(model.weights) == set(ANSWERABLE.features())  # every weight names a computed signal


def test_good_evidence_is_answered_and_none_is_refused():
    model = RefusalModel()
    assert model.probability(ANSWERABLE) < 0.5 < model.probability(HOPELESS)
    assert not model.refuse(ANSWERABLE) and model.refuse(HOPELESS)


@pytest.mark.parametrize("flag", ["subject_absent", "scope_missing", "quantity_missing", "subject_quantity_missing",
                                  "attribution_missing", "count_missing", "subject_conflict"])
def test_hard_evidence_refuses_whatever_the_score(flag):
    assert RefusalModel().refuse(dataclasses.replace(ANSWERABLE, **{flag: True}))


def test_a_cross_lingual_question_is_refused_only_on_hard_evidence():
    model = RefusalModel()
    cross = dataclasses.replace(HOPELESS, cross_lingual=True, top_cosine=0.9, content_terms=3)
    assert not model.refuse(cross)  # word overlap says nothing across languages
    assert model.refuse(dataclasses.replace(cross, numbers_missing=1.0))
    assert model.refuse(dataclasses.replace(cross, top_cosine=model.cross_lingual_min_cosine - 0.01))
    assert model.refuse(dataclasses.replace(cross, content_terms=1))


def test_weights_are_read_by_name_not_position():
    weights = {"cue_met": -4.0, "coverage": -4.0}
    shuffled = RefusalModel(weights=dict(reversed(list(weights.items()))), bias=3.0, threshold=0.5)
    assert RefusalModel(weights=weights, bias=3.0, threshold=0.5).probability(HOPELESS) == shuffled.probability(HOPELESS)
    assert RefusalModel(weights=weights, bias=3.0, threshold=0.5).refuse(HOPELESS)
    assert not RefusalModel(weights=weights, bias=3.0, threshold=0.5).refuse(ANSWERABLE)


def test_a_weight_for_a_signal_nobody_computes_is_an_error():
    with pytest.raises(ValueError, match="not computed.*'no_such_signal'"):
        RefusalModel(weights={"no_such_signal": 1.0}).probability(ANSWERABLE)
