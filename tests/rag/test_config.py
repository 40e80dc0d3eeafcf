"""The one configuration: defaults, then a TOML file, then RAG_* variables, then keyword overrides."""

from __future__ import annotations

import pytest

from rag.config import Config, ConfigError, describe, load_config


def test_layers_later_wins(tmp_path):
    toml = tmp_path / "rag.toml"
    toml.write_text('[rag]\ntop_k = 3\nfusion = "rrf"\ncorpus = ["a.txt", "b.md"]\n', encoding="utf-8")
    env = {"RAG_TOP_K": "4", "RAG_BRIDGE": "off", "RAG_DENSE_WEIGHT": "0.7"}
    cfg = load_config(toml, environ=env, top_k=5, answerer=None)
    assert cfg.top_k == 5  # the override beats the environment, which beat the file
    assert cfg.fusion == "rrf" and cfg.corpus == ("a.txt", "b.md")  # from the file
    assert cfg.bridge is False and cfg.dense_weight == 0.7  # from the environment, typed
    assert cfg.answerer == Config().answerer  # None overrides nothing


def test_list_settings_from_the_environment_are_comma_separated():
    assert load_config(environ={"RAG_CORPUS": "a.txt, docs/ ,"}).corpus == ("a.txt", "docs/")


@pytest.mark.parametrize("changes,message", [
    ({"top_k": "many"}, "setting top_k"), ({"refusal": "perhaps"}, "setting refusal"), ({"no_such": 1}, "unknown setting"),
])
def test_bad_values_and_unknown_names_are_refused(changes, message):
    with pytest.raises(ConfigError, match=message):
        Config().with_overrides(**changes)


def test_a_broken_file_is_a_config_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("top_k = = 3", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_config(bad, environ={})


def test_config_is_frozen_and_every_setting_is_described():
    with pytest.raises(AttributeError):
        Config().top_k = 3  # type: ignore[misc]
    names = [name for name, _ in describe()]
    assert "top_k" in names and "cross_lingual_dense_weight" in names and len(names) == len(set(names))
