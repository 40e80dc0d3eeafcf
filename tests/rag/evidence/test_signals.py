"""Pieces of the evidence signals that read text: plan vs what happened, the party a sentence is about,
missing words that reword what a sentence says."""

from __future__ import annotations

import pytest

from rag.evidence.signals import done_asked_plan_told, lead_party, plan_mismatch, reworded, specificity, subject_absent
from rag.question.analyse import analyse
from rag.retrieve.bm25 import BM25Index
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
    ("阿里云这十年在研发上一共投了多少钱？", True),  # the past ten years asked, the next three told
    ("阿里云未来十年打算投多少？", False),
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
    # nor is a word in lower case, or an English sentence's opening "The", a party
    assert lead_party("外媒The information爆料称,OpenAI创造了收入。", names.__contains__) == ""
    assert lead_party("The 11.8-kilometre line was built for 1.3 billion euros.", names.__contains__) == ""
    assert lead_party("Brennholt Foods reported revenue of 842 million euros.", names.__contains__) == "brennholt foods"


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


SHARE = "沙利文报告显示,两大全栈AI巨头——阿里云与百度智能云共同占据AI云市场超50%的份额。"
CORPUS_WORDS = frozenset(("阿里", "云", "百度", "智能", "ai", "占", "加上", "一块", "沙利文", "报告", "2025", "收入",
                          "anthropic", "谷歌", "芯片", "企业", "第一", "计划", "三年"))
PLAN = "而阿里云则在2025年初宣布了未来三年投入超过3800亿元用于云和AI基础设施建设的计划。"


@pytest.mark.parametrize("question,sentence,expected", [
    # every noun the corpus uses is in the sentence, five of them against one it lacks (蛋糕)
    ("阿里云加上百度智能云，在AI云这块一共占了多大一块蛋糕？", SHARE, 5.0),
    # the sentence lacks one of the question's nouns (报告 is there, 企业 is not)
    ("沙利文这份AI云报告一共调研了多少家企业？", SHARE, 0.0),
    ("Anthropic的创始人是谁？", "OpenAI头号劲敌Anthropic,也与谷歌联手宣布了芯片采购计划。", 0.0),  # one noun only
    ("阿里云2025年第一季度的收入是多少？", "阿里云2025年上半年收入同比增长26%。", 0.0),  # a period is missing
    ("谷歌的TPU和芯片每块卖多少钱？", "Anthropic与谷歌联手宣布了芯片采购计划。", 0.0),  # a Latin name is missing
    # a single character the corpus never writes alone (钱 of 砸钱) is not counted against: 阿里, 云, 计划 vs 盘子
    ("阿里云那个三年砸钱的大计划,盘子有多大?", PLAN, 3.0),
])
def test_missing_words_reword_a_sentence_holding_every_other_noun(question, sentence, expected):
    assert reworded(question, analyse(question), sentence, CORPUS_WORDS.__contains__) == expected


@pytest.mark.parametrize("subject,text", [
    ("百度", "百度的ceo是谁"), ("百度", "百度和百度智能云的负责人叫什么"), ("阿里", "阿里阿里巴巴的董事长名叫什么"),
    ("openai", "who is openai's ceo"), ("云", "云云云的总裁是谁"), ("谷歌", "百度的ceo是谁"),
])
def test_a_role_is_read_right_after_the_subject_as_one_pattern_would_read_it(subject, text):
    import re

    from rag.evidence.signals import _ROLE_EN, _ROLE_ZH, _right_after

    for pattern in (_ROLE_ZH, _ROLE_EN):
        found, whole = _right_after(subject, pattern, text), re.search(re.escape(subject) + pattern.pattern, text)
        assert (found and (found.end(), found.group(1))) == (whole and (whole.end(), whole.group(1)))


def test_a_sentence_is_of_others_when_it_names_other_parties_and_never_the_subject():
    from rag.evidence.signals import of_others
    from rag.question.names import CorpusNames
    from rag.text.bridge import shared_bridge

    names = CorpusNames(None, shared_bridge(), "zh")
    theirs = "和英伟达千亿美元级的基础设施合作,通过数千兆瓦数据中心来扩展OpenAI的算力。"
    assert of_others(theirs, theirs, ["anthropic"], names)
    before = ("OpenAI头号劲敌Anthropic也与谷歌联手。" + theirs).lower()  # (contexts are lower-cased)
    assert not of_others(theirs, before, ["anthropic"], names)  # the subject is named just before it
    plain = "在模型平台层,千帆大模型平台集成了150多个模型。"  # names no party: may be the subject's
    assert not of_others(plain, plain, ["百度"], names)
    assert not of_others(theirs, theirs, [], names)  # no subject asked


def test_a_capitalised_word_opening_a_question_is_no_absent_name():
    index = BM25Index.build(["Systolic blood pressure fell by 9.4 mmHg in the walking group."])
    assert not subject_absent("By", index, {})  # By how much did ... fall?
    assert subject_absent("Kingsbridge", index, {}) and not subject_absent("Systolic", index, {})


def test_a_spoken_locution_weighs_nothing_when_missing():
    tags = {"说白了": "l", "一站式": "l", "标签": "n"}
    assert specificity("说白了", tags) < 0.1 and specificity("说白", tags) < 0.1  # (and the piece jieba's search cut)
    assert specificity("一站式", tags) > 0.3  # a fixed expression with content
    tags = {"说到底": "l", "说实话": "l"}  # the speaker's aside, opening with a verb of saying
    assert specificity("说到底", tags) < 0.1 and specificity("说实话", tags) < 0.1


def test_an_english_verb_the_question_says_in_its_own_words_weighs_little_when_missing():
    from rag.evidence.signals import _retagged
    from rag.question.names import CorpusNames
    from rag.text.bridge import shared_bridge
    from rag.text.tokenize import pos_tags

    question = "Who runs Brennholt Foods and what does Quit sell?"
    index = BM25Index.build(["Brennholt Foods is led by chief executive Ingrid Vasquez-Lund."])
    tags = _retagged(pos_tags(question), CorpusNames(lexical=index, corpus_lang="en", bridge=shared_bridge()), question)
    assert tags["runs"] == "v" and specificity("runs", tags) < 0.1
    assert tags["quit"] == "eng" and specificity("quit", tags) > 0.5  # written capitalised: a name
    assert tags["foods"] == "eng"  # a noun
