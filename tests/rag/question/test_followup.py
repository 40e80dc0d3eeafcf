"""Deterministic follow-up resolution (no LLM): pure functions over the history."""

import pytest

from rag.question.followup import context_of, resolve
from rag.text.bridge import shared_bridge


@pytest.mark.parametrize("question,previous,expected", [
    ("那阿里云呢？", "百度近十年研发投入多少？", "阿里云近十年研发投入多少？"),  # another party
    ("增速呢？", "阿里云2025年上半年营收多少？", "阿里云2025年上半年增速多少？"),  # another attribute
    ("烧掉的现金呢？", "OpenAI 2025年上半年收入多少？", "OpenAI 2025年上半年烧掉的现金多少？"),  # one in several words
    ("那和英伟达呢？", "OpenAI和AMD达成了什么协议？", "OpenAI和英伟达达成了什么协议？"),  # another partner
    ("它的现金消耗呢？", "OpenAI 2025年上半年收入多少？", "OpenAI 2025年上半年的现金消耗多少？"),  # time scope kept
    # a comparison with a base compares what the earlier question measured (not 阿里云比去年, which reads 云比)
    ("比去年同期多了多少？", "阿里云上半年营收大概多少钱？", "阿里云的营收比去年同期多了多少？"),
    ("同比增长了多少？", "阿里云营收多少？", "阿里云营收同比增长了多少？"),  # no base: as before
    # a compound measure is held whole, and the earlier question's span of months kept (不只 项目, 今年)
    ("比去年一整年多了多少？", "金融圈今年前九个月，跟大模型有关的中标项目一共有多少个？",
     "金融今年前九个月的中标项目比去年一整年多了多少？"),
    ("它家的芯片叫什么？", "OpenAI 2025年上半年收入多少？", "OpenAI 2025年上半年的芯片叫什么？"),  # 它家: its, spoken
    ("那它烧掉的钱呢？", "OpenAI今年上半年收入多少？", "那OpenAI 今年上半年烧掉的钱多少？"),  # a relative year's half kept whole
    ("What about Alibaba Cloud?", "How much did Baidu spend on R&D over the past ten years?",
     "How much did Alibaba Cloud spend on R&D over the past ten years?"),
    ("And how much did it grow year on year?", "What was Alibaba Cloud's revenue in the first half of 2025?",
     "How much did Alibaba Cloud grow year on year in the first half of 2025?"),
])
def test_follow_ups_become_standalone_questions(question, previous, expected):
    assert resolve(question, [previous], bridge=shared_bridge()) == expected


@pytest.mark.parametrize("question,previous,expected", [
    ("How many models does it offer?", "What is Baidu's large-model platform called?",
     "How many models does Baidu's large-model platform offer?"),
    ("Which bank uses it?", "What is the name of Baidu's self-developed AI chip?",
     "Which bank uses Baidu's self-developed AI chip?"),
    ("它集成了多少个模型？", "百度的大模型平台叫什么？", "百度的大模型平台集成了多少个模型？"),
    ("哪家银行在用它？", "百度自研的AI芯片叫什么？", "哪家银行在用百度自研的AI芯片？"),
    # another party asked about keeps the thing and swaps the party
    ("What about Alibaba Cloud?", "What is Baidu's large-model platform called?",
     "What is Alibaba Cloud's large-model platform called?"),
])
def test_a_pronoun_after_a_name_question_is_the_thing_named(question, previous, expected):
    assert resolve(question, [previous], bridge=shared_bridge()) == expected


def test_a_short_question_naming_a_party_the_dictionary_knows_stands_alone():
    # jieba tags 百度 a common noun; the dictionary knows it as a name: no follow-up of the question before
    question = "百度近十年研发投入多少？"
    assert resolve(question, ["星辰公司2024年的营业收入是多少？"], bridge=shared_bridge()) == question


def test_a_pronoun_is_no_noun_of_a_demonstrative():
    # 那它的... is "then its ...", not the demonstrative 那 with 它 as its noun (阿里云的它的研发资金)
    out = resolve("那它的研发资金呢？", ["阿里云未来三年打算投入多少？"], bridge=shared_bridge())
    assert "它" not in out and "阿里云的研发资金" in out


def test_a_question_that_names_its_own_time_keeps_it():
    assert "2024" not in resolve("它2025年的收入呢？", ["OpenAI 2024年的收入多少？"], bridge=shared_bridge())


@pytest.mark.parametrize("question,expected", [
    ("And how much cash had it spent over the previous two years?",
     "How much cash had OpenAI spent over the previous two years?"),  # its own span of years
    ("How much did it spend last year?", "How much did OpenAI spend last year?"),
    ("What about 2024?", "How much revenue did OpenAI make in 2024?"),  # another time of the same thing
    ("What about last year?", "How much revenue did OpenAI make last year?"),
    ("What about its cash burn?", "How much is OpenAI's cash burn in the first half of 2025?"),  # the time carries
    ("What about its cash burn over the past two years?", "How much is OpenAI's cash burn over the past two years?"),
])
def test_an_english_follow_up_naming_its_own_time_keeps_it(question, expected):
    previous = "How much revenue did OpenAI make in the first half of 2025?"
    assert resolve(question, [previous], bridge=shared_bridge()) == expected


def test_standalone_questions_are_unchanged():
    q = "千帆大模型平台集成了多少个模型？"
    assert resolve(q, ["百度近十年研发投入多少？"], bridge=shared_bridge()) == q


@pytest.mark.parametrize("question,previous,expected", [
    ("这笔钱打算几年内投完？", "阿里云未来三年计划在云和AI基础设施上投入多少？", "阿里云的投入打算几年内投完？"),
    ("这个计划是什么时候宣布的？", "阿里云未来三年计划投入多少？", "阿里云的计划是什么时候宣布的？"),
    ("这些数据中心靠多少个GPU撑着？", "OpenAI和英伟达的合作是什么量级的？", "OpenAI跟英伟达的数据中心靠多少个GPU撑着？"),
])
def test_a_demonstrative_phrase_names_what_the_earlier_question_was_about(question, previous, expected):
    assert resolve(question, [previous], bridge=shared_bridge()) == expected


@pytest.mark.parametrize("question,previous,expected", [
    # "那..." goes on from the last question: its subject comes back, the connective goes
    ("那比去年同期涨了百分之多少？", "百度智能云的收入是多少？", "百度智能云比去年同期涨了百分之多少？"),
    # a stopword jieba glued to a neighbour (上省) is no subject of the question's own
    ("那质检上省了多少人？", "中国钢研取得了什么成果？", "中国钢研质检上省了多少人？"),
])
def test_a_question_opening_with_then_takes_the_earlier_subject(question, previous, expected):
    assert resolve(question, [previous]) == expected


def test_a_question_opening_with_that_one_names_its_own_subject():
    # 那家 is a demonstrative, not "then": the 那 stays with its classifier
    assert "百度智能云家" not in resolve("那家公司的收入是多少？", ["百度智能云的收入是多少？"])


def test_the_base_of_a_comparison_is_not_a_time_of_its_own():
    resolved = resolve("那比去年同期涨了多少？", ["2025年上半年百度AI新业务收入是多少？"], bridge=shared_bridge())
    assert "2025年上半年" in resolved and "去年同期" in resolved


@pytest.mark.parametrize("question,previous", [
    ("那比去年同期涨了多少？", "2025年上半年百度AI新业务收入是多少？"),  # no subject of its own
    ("哪家银行在用它？", "百度自研的AI芯片叫什么？"),  # a pronoun
    ("And how many models are on there?", "What is Baidu's large-model platform called?"),  # "and ..."
])
def test_retrieval_searches_a_follow_up_with_the_question_it_goes_on_from(question, previous):
    assert context_of(question, [previous], shared_bridge()) == previous


@pytest.mark.parametrize("question,previous", [
    ("那阿里云呢？", "百度近十年研发投入多少？"),  # a new subject: the earlier question would pull away from it
    ("What about Alibaba Cloud?", "How much did Baidu spend on R&D over the past ten years?"),
    ("千帆大模型平台集成了多少个模型？", "百度近十年研发投入多少？"),  # stands alone
    ("And what does Alibaba Cloud sell?", "What is Baidu's large-model platform called?"),
])
def test_a_question_on_a_new_subject_is_searched_alone(question, previous):
    assert context_of(question, [previous], shared_bridge()) == ""


@pytest.mark.parametrize("question,previous,expected", [
    # the number the earlier answer gave, compared: the earlier question's measure, held whole
    ("这个数比去年一整年涨了多少", "金融圈今年前三季度跟大模型有关的中标项目有多少个", "金融今年的中标项目比去年一整年涨了多少"),
    # the same period is the earlier one's, said once
    ("那它同一段时间烧掉多少现金", "OpenAI今年上半年收入多少啊", "那OpenAI 今年上半年烧掉多少现金"),
])
def test_this_number_and_the_same_period_are_the_earlier_questions(question, previous, expected):
    assert resolve(question, [previous], bridge=shared_bridge()) == expected


def test_the_same_time_last_year_is_a_base_not_the_earlier_period():
    out = resolve("那比去年同一时间涨了百分之多少？", ["百度AI新业务上半年收入多少？"], bridge=shared_bridge())
    assert "去年同一时间" in out


@pytest.mark.parametrize("question,previous,expected", [
    # the other party of the earlier question's deal stays with it: the deal is theirs, not any of OpenAI's
    ("那这个合作签了几年", "OpenAI跟英伟达那笔合作是多大规模", "OpenAI跟英伟达的合作签了几年"),
    ("这个协议是什么时候签的", "OpenAI和AMD达成了什么协议？", "OpenAI跟AMD的协议是什么时候签的"),
    ("这家银行从中得到了什么好处？", "百度跟哪家银行合作搞了芯片集群？", "百度的银行从中得到了什么好处？"),  # (no 跟哪家银行)
])
def test_a_demonstrative_keeps_the_earlier_questions_other_party(question, previous, expected):
    assert resolve(question, [previous], bridge=shared_bridge()) == expected


@pytest.mark.parametrize("question,previous,expected", [
    # 其中X: X alone, asked what the earlier question asked of X together with another
    ("其中百度智能云一家占多少？", "根据沙利文的报告，阿里云和百度智能云合计占AI云市场多少份额？",
     "根据沙利文的报告，百度智能云占AI云市场多少份额？"),
    ("其中阿里云呢？", "阿里云与百度智能云共同占据AI云市场多少份额？", "阿里云占据AI云市场多少份额？"),
    ("其中OpenAI花了多少？", "OpenAI和Anthropic一共在芯片上花了多少钱？", "OpenAI在芯片上花了多少钱？"),
    # a thing of its own asked of X, in the earlier question's period
    ("其中百度智能云的收入是多少？", "2025年上半年阿里云和百度智能云合计占多少份额？", "百度智能云2025年上半年的收入是多少？"),
])
def test_among_them_asks_the_member_alone(question, previous, expected):
    assert resolve(question, [previous], bridge=shared_bridge()) == expected


@pytest.mark.parametrize("question,previous,expected", [
    ("那阿里云呢?它准备砸多少钱?", "百度这十年在研发上一共花了多少钱?", "阿里云准备砸多少钱?"),
    ("那阿里云呢？准备投多少？", "百度这十年在研发上一共花了多少钱？", "阿里云准备投多少？"),
    ("那阿里云呢？它的增速是多少？", "2025年上半年百度的收入是多少？", "阿里云2025年上半年的增速是多少？"),
    ("What about Alibaba Cloud? How much does it plan to spend?", "How much has Baidu spent on R&D?",
     "How much does Alibaba Cloud plan to spend?"),
    ("What about Alibaba Cloud? How fast did its revenue grow?", "What was Baidu's revenue in the first half of 2025?",
     "How fast did Alibaba Cloud's revenue grow in the first half of 2025?"),
])
def test_what_about_x_then_a_question_asks_it_of_x(question, previous, expected):
    assert resolve(question, [previous], bridge=shared_bridge()) == expected
    assert context_of(question, [previous], shared_bridge()) == ""  # a new subject: searched alone


def test_a_verb_the_dictionary_lacks_names_nobody():
    # 比涨 (比 + 涨) is cut as one word jieba's dictionary lacks and tags a verb: no subject of its own
    previous = "今年前九个月金融行业跟大模型有关的中标项目有多少个？"
    resolved = resolve("跟去年全年比涨了多少？", [previous], bridge=shared_bridge())
    assert resolved.startswith("金融行业") and "中标项目" in resolved and resolved.endswith("跟去年全年比涨了多少？")
