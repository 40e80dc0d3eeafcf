"""The refusal threshold is set from data: the lowest at which few answerable questions are refused."""

from __future__ import annotations

from eval.tune.examples import ANSWER, Example
from eval.tune.rules import dataset_name, refused_as_asked
from rag.evidence.rules import RefusalRules
from rag.evidence.signals import CONSTRAINTS


def example(score_z: float, constraint: str = "", cross: bool = False) -> Example:
    """An answerable example whose logit under one-weight rules is `score_z`."""
    features = {name: 0.0 for name in CONSTRAINTS} | {"cross_lingual": float(cross), "coverage": score_z}
    if constraint:
        features[constraint] = 1.0
    return Example("g", "asked", "q", ANSWER, features)


RULES = RefusalRules(weights={"coverage": 1.0}, bias=0.0, threshold=0.5, cross_lingual_min_cosine=0.7,
                     cross_lingual_max_untranslated=1.0)


def test_a_broken_constraint_refuses_whatever_the_threshold():
    examples = [example(-5.0, "figure_missing"), example(-5.0), example(-5.0), example(-5.0)]
    assert refused_as_asked(examples, RULES, 0.99) == 0.25


def test_a_higher_threshold_refuses_fewer_and_cross_lingual_questions_are_left_out():
    examples = [example(0.0), example(2.0), example(-2.0), example(9.0, cross=True)]  # P 0.5, 0.88, 0.12
    assert refused_as_asked(examples, RULES, 0.5) == 2 / 3
    assert refused_as_asked(examples, RULES, 0.9) == 0.0


def test_a_dataset_is_named_by_its_folder():
    assert dataset_name("bench/cmrc2018-fit/qa.jsonl=bench/cmrc2018-fit/corpus.jsonl") == "cmrc2018-fit/qa.jsonl"
    assert dataset_name("article.jsonl") == "article.jsonl"
