"""Pieces of the evidence signals that read text: plan vs what happened, the party a sentence is about."""

from __future__ import annotations

import pytest

from rag.evidence.signals import done_asked_plan_told, lead_party, plan_mismatch
from rag.text.tokenize import glued_function_word


@pytest.mark.parametrize("question,sentence,expected", [
    ("阿里云已经花了多少钱？", "阿里云宣布了未来三年投入超过3800亿元的计划。", 1.0),  # spent, told a plan
    ("阿里云未来三年计划投入多少？", "阿里云宣布了未来三年投入超过3800亿元的计划。", 0.0),
    ("百度打算投入多少？", "百度近十年累计投入的研发资金超过1800亿元。", 1.0),  # a plan asked, none told
    ("百度近十年研发投入多少？", "百度近十年累计投入的研发资金超过1800亿元。", 0.0),
    ("How much has Alibaba spent so far?", "阿里云将在未来三年投入3800亿元。", 1.0),
])
def test_plan_mismatch(question, sentence, expected):
    assert plan_mismatch(question, sentence) == expected


@pytest.mark.parametrize("question,done_asked", [
    ("阿里云的3800亿计划里，今年已经投了多少？", True),  # the plan is the topic; what is done is asked
    ("阿里云已经宣布的计划要投多少？", False),  # a plan asked after 已经
    ("阿里云未来三年计划投入多少？", False),
])
def test_done_asked_with_a_plan_as_its_topic(question, done_asked):
    assert done_asked_plan_told(question, "阿里云宣布了未来三年投入超过3800亿元的计划。") is done_asked


def test_the_party_a_sentence_opens_with_is_the_head_of_its_noun_phrase():
    names = {"openai", "anthropic", "谷歌", "阿里", "百度"}
    assert lead_party("OpenAI头号劲敌Anthropic,也与谷歌联手宣布了芯片采购计划。", names.__contains__) == "anthropic"
    assert lead_party("而阿里云则在2025年初宣布了未来三年投入的计划。", names.__contains__) == "阿里"
    assert lead_party("数据显示,百度近十年累计投入超过1800亿元。", names.__contains__) == ""
    # a Latin name of several capitalised words is one party; a lower-case word after one is not part of it
    assert lead_party("Open AI正以一系列动作,大肆预定算力资源。", names.__contains__) == "open ai"
    assert lead_party("外媒The information爆料称,OpenAI创造了收入。", names.__contains__) == "information"


@pytest.mark.parametrize("term,glued", [
    ("基是", True),  # 茨柏克沃斯基是何时... : the HMM glued 是 to the end of a name
    ("上省", True),  # 质检上省了多少人
    ("要融", True),  # OpenAI要融的钱
    ("大厂", False),  # a word of its own, in jieba's dictionary
    ("会员", False),  # a dictionary word that starts with a stopword
    ("商信", False),  # an unknown word with no stopword in it: may be a name
])
def test_a_function_character_glued_to_a_neighbour_is_no_missing_word(term, glued):
    assert glued_function_word(term) is glued
