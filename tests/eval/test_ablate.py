"""Ablation variants: their configs, index folders, and the side-by-side report (fake pipelines)."""

from __future__ import annotations

import pytest

from eval.ablate import VARIANTS, ablation_report, applicable, parse_names, run_ablations, variant_config
from rag.config import Config
from tests.eval.synthetic import make_run


def test_variants_switch_what_they_say():
    base = Config(index_dir="/x/idx")
    assert variant_config(base, "no-clean").clean is False
    assert variant_config(base, "langchain-splitter").splitter == "langchain-default"
    assert variant_config(base, "dense-only").retrieval == "dense"
    assert variant_config(base, "bm25-only").retrieval == "bm25"
    assert variant_config(base, "no-refusal").refusal is False


def test_index_changing_variants_get_their_own_folder():
    base = Config(index_dir="/x/idx/")
    assert variant_config(base, "no-clean").index_dir == "/x/idx-ablate-no-clean"
    assert variant_config(base, "langchain-splitter").index_dir == "/x/idx-ablate-langchain-splitter"
    for name in ("dense-only", "bm25-only", "no-refusal"):  # query-time only: the same index
        assert variant_config(base, name).index_dir == "/x/idx/"


def test_names_and_applicability():
    assert parse_names("all") == list(VARIANTS) == parse_names(None)
    assert parse_names("bm25-only, no-refusal") == ["bm25-only", "no-refusal"]
    with pytest.raises(ValueError, match="unknown ablation"):
        parse_names("no-such")
    assert "dense-only" not in applicable(Config(retrieval="dense"), list(VARIANTS))


def test_run_ablations_calls_each_variant_with_its_config():
    seen = []

    def run_variant(name, cfg):
        seen.append((name, cfg.retrieval, cfg.clean))
        return make_run(10)

    out = run_ablations(Config(index_dir="/i"), ["no-clean", "bm25-only"], run_variant)
    assert seen == [("no-clean", "hybrid", False), ("bm25-only", "bm25", True)]
    assert list(out) == ["no-clean", "bm25-only"]


def test_report_pairs_each_variant_with_the_full_run():
    full = make_run(60, accuracy=0.9, seed=0)
    worse = make_run(60, accuracy=0.2, seed=5)
    report = ablation_report(full, {"bm25-only": (Config(retrieval="bm25"), worse)}, n_resamples=300)
    entry = report["bm25-only"]
    assert entry["overrides"] == {"retrieval": "bm25"}
    assert entry["config"]["retrieval"] == "bm25"
    delta = entry["delta_vs_full"]["key_fact_accuracy"]
    assert delta["n"] == 48 and delta["hi"] < 0
    assert entry["metrics"]["key_fact_accuracy"]["mean"] < 0.5
    assert entry["latency_ms"]["total"]["n"] == 60
