"""Fitted numbers are data files: read by the parts, written by the tuners, recorded with every run."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rag import fitted
from rag.evidence.score import FEATURES, fitted_weights


def test_every_fitted_file_names_its_part_and_how_it_was_fitted():
    files = fitted.all_fitted()
    assert {"evidence", "decision"} <= set(files)
    for name, data in files.items():
        assert data["part"] and data["fitted_by"].startswith("python -m eval.tune."), name


def test_the_evidence_scorer_reads_its_weights_by_feature_name():
    weights = fitted.read_fitted("evidence")["weights"]
    assert np.allclose(fitted_weights(), [weights[n] for n in FEATURES])


def test_a_file_naming_other_features_is_refused(monkeypatch):
    monkeypatch.setattr("rag.evidence.score.read_fitted", lambda name: {"weights": {"dense": 1.0}})
    with pytest.raises(ValueError, match="evidence.json names"):
        fitted_weights()


def test_write_then_read_round_trips(tmp_path, monkeypatch):
    monkeypatch.setattr(fitted, "fitted_path", lambda name: tmp_path / f"{name}.json")
    fitted.write_fitted("demo", {"weights": {"a": 0.5}})
    assert fitted.read_fitted("demo") == {"weights": {"a": 0.5}}
    fitted.write_fitted("demo", {"weights": {"a": 0.25}})  # a new fit is read at once, not a cached copy
    assert fitted.read_fitted("demo")["weights"]["a"] == 0.25
    assert json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))["weights"] == {"a": 0.25}


def test_a_missing_file_names_the_command_that_writes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(fitted, "fitted_path", lambda name: tmp_path / f"{name}.json")
    with pytest.raises(FileNotFoundError, match="python -m eval.tune.nothing"):
        fitted.read_fitted("nothing")
