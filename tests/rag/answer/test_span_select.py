"""Short-answer spans: the fitted ranker on article sentences, no span for summaries, offsets, the fitted file."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.span import best_span, best_span_in
from rag.answer.span.features import FEATURES
from rag.answer.span.model import SpanModel, model_from
from rag.answer.span.select import no_span_question
from rag.fitted import read_fitted
from rag.forest import Forest
from rag.question.analyse import analyse

RND = "数据显示,百度近十年累计投入的研发资金超过1800亿元,研发占比常年在20%以上。"
CEO = ("前所未有的现金消耗速度,加上过去两年约20亿美元的现金花费,很好地解释了为何OpenAI的融资额超过了历史上任何一家私营公司,"
       "其CEO山姆·奥特曼此前曾告诉员工,他们的公司可能是有史以来“资本最密集”的初创公司。")
REVENUE = "外媒The information爆料称,OpenAI在2025年上半年创造了约43亿美元的收入,比去年全年增长了约16%。"
YEAR = "百度自2017年便明确将AI作为公司发展的核心战略,是国内最早押注AI的科技巨头。"


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("百度近十年累计投入的研发资金有多少？", RND, ("1800亿元",)),
    ("百度的研发占比常年保持在什么水平？", RND, ("20%以上",)),
    pytest.param("OpenAI的CEO是谁？", CEO, ("山姆·奥特曼", "奥特曼"), marks=pytest.mark.xfail(
        reason="known weakness: the ranker keeps the clause after the name (山姆·奥特曼此前曾告诉员工); CMRC's who-answers "
               "are often long, and the fitted trees learned that", strict=False)),
    ("OpenAI在2025年上半年创造了多少收入？", REVENUE, ("约43亿美元", "43亿美元")),
    ("百度从哪一年起明确将AI作为核心战略？", YEAR, ("2017年", "2017")),
])
def test_the_ranker_picks_the_short_answer(question, sentence, expected):
    span = best_span(analyse(question), sentence)
    assert span is not None
    assert any(e in span.text for e in expected) and len(span.text) <= max(map(len, expected)) + 2, span


def test_a_span_is_a_substring_at_its_offsets():
    span = best_span(analyse("百度近十年累计投入的研发资金有多少？"), RND)
    assert RND[span.start : span.end] == span.text and span.sentence == 0 and span.kind


def test_the_best_span_across_sentences_says_which_sentence():
    info = analyse("OpenAI的CEO是谁？")
    span = best_span_in(info, [RND, "", CEO])
    assert span is not None and span.sentence == 2
    assert [RND, "", CEO][span.sentence][span.start : span.end] == span.text


@pytest.mark.parametrize("question", ["这篇文章主要讲了什么？", "请概括文章的主要内容", "百度是否投入了研发资金？",
                                      "阿里云的收入增长了吗？", "What is the article about?", "Did Baidu invest in R&D?"])
def test_questions_without_a_span_answer_get_none(question):
    info = analyse(question)
    assert no_span_question(info)
    assert best_span(info, RND) is None


@pytest.mark.parametrize("question", ["百度近十年研发投入多少？", "OpenAI的CEO是谁？", "为什么OpenAI要抢购算力？"])
def test_wh_questions_are_span_questions(question):
    assert not no_span_question(analyse(question))


def test_empty_input_gives_none():
    info = analyse("OpenAI的CEO是谁？")
    assert best_span_in(info, []) is None and best_span_in(info, ["", "  "]) is None


def test_the_fitted_file_names_exactly_the_computed_features():
    data = read_fitted("span")
    assert data["features"] == list(FEATURES)
    assert set(data["linear"]) == set(FEATURES)
    assert data["part"] and data["fitted_by"].startswith("python -m eval.tune.span")
    model = model_from(data)
    assert model.forest.feature.max() < len(FEATURES) and model.shortlist > 0


def test_a_file_naming_other_features_is_refused():
    data = dict(read_fitted("span"))
    data["features"] = data["features"][:-1] + ["something_else"]
    with pytest.raises(ValueError, match="refit"):
        model_from(data)


def test_the_forest_walks_complete_trees_in_heap_order():
    # one tree of depth 2: split on feature 0 at 0.5, then feature 1 at 1.0 (left) / a repeated leaf (right)
    forest = Forest(2, np.array([[0, 1, 0]]), np.array([[0.5, 1.0, np.finfo(float).max]]), np.array([[1.0, 2.0, 3.0, 3.0]]))
    x = np.array([[0.0, 0.0], [0.0, 2.0], [1.0, 0.0], [1.0, 5.0]])
    assert forest.predict(x).tolist() == [1.0, 2.0, 3.0, 3.0]


def test_only_the_shortlist_reaches_the_trees():
    forest = Forest(1, np.array([[0]]), np.array([[0.5]]), np.array([[0.0, 1.0]]))
    model = SpanModel(np.array([1.0, 0.0]), 2, forest, -1e9)
    scores = model.score(np.array([[0.9, 0.0], [0.1, 0.0], [0.8, 0.0]]))
    assert scores[1] == -np.inf and scores[0] == scores[2] == 1.0


def test_a_percentage_asked_is_answered_by_a_percentage():
    sentence = "2025年上半年,百度AI新业务收入达到194亿元,同比增长高达36%,增速位列第一。"
    span = best_span(analyse("百度AI新业务收入比去年同期涨了百分之多少？"), sentence)
    assert span is not None and "36%" in span.text and "亿" not in span.text


def test_a_year_on_year_change_asked_is_answered_by_a_percentage():
    sentence = "同期,阿里云收入为635.25亿元,同比增长也达到了22%。"
    span = best_span(analyse("阿里云上半年营收同比涨了多少？"), sentence)
    assert span is not None and "22%" in span.text and "635" not in span.text


def test_a_year_is_no_amount_unless_years_are_asked():
    plan = "而阿里云则在2025年初宣布了未来三年投入超过3800亿元用于云和AI基础设施建设的计划。"
    span = best_span(analyse("阿里云那个三年砸钱的大计划,盘子有多大?"), plan)
    assert span is not None and "3800亿元" in span.text
    founded = "该公司成立于1998年，员工超过3000人。"
    span = best_span(analyse("该公司是多少年成立的？"), founded)  # (years asked: the year may answer)
    assert span is None or "3000" not in span.text


def test_a_number_keeps_its_percent_sign():
    revenue = "外媒The information爆料称,OpenAI在2025年上半年创造了约43亿美元的收入,比去年全年增长了约16%。"
    span = best_span(analyse("OpenAI上半年的收入比去年全年涨了多少？"), revenue)
    assert span is not None and span.text.endswith("16%") and revenue[span.start : span.end] == span.text
