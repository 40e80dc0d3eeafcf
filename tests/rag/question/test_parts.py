"""Questions with more than one part, and comparisons with their two sides."""

from __future__ import annotations

import pytest

from rag.question.parts import comparison_of, split_parts


@pytest.mark.parametrize("question,parts", [
    ("阿里云2025年上半年收入多少？同比增长了多少？", ["阿里云2025年上半年收入多少？", "同比增长了多少？"]),
    ("中国钢研那个项目，检测准确率和质检人力节省分别是多少？",
     ["中国钢研那个项目，检测准确率是多少？", "中国钢研那个项目，质检人力节省是多少？"]),
    ("OpenAI和AMD的芯片协议金额有多大，要订多少块芯片？", ["OpenAI和AMD的芯片协议金额有多大？", "要订多少块芯片？"]),
    ("How much did Baidu earn in 2025, and how fast did it grow?", ["How much did Baidu earn in 2025?", "How fast did it grow?"]),
    ("百度近十年研发投入多少？", ["百度近十年研发投入多少？"]),
    ("沙利文报告里，阿里云和百度智能云各自的市场份额分别是多少？",  # each party's own: the measure goes to both
     ["沙利文报告里，阿里云的市场份额是多少？", "沙利文报告里，百度智能云的市场份额是多少？"]),
    ("阿里云与百度智能云共同占据了AI云市场多大的份额？", ["阿里云与百度智能云共同占据了AI云市场多大的份额？"]),
])
def test_split_parts(question, parts):
    assert split_parts(question) == parts


@pytest.mark.parametrize("question,sides,relation", [
    ("百度近十年的研发投入和阿里云未来三年的投入，哪个更大？", ("百度近十年的研发投入", "阿里云未来三年的投入"), "larger"),
    ("百度明确把AI作为核心战略，和阿里云宣布三年投资计划，哪件事更早？",
     ("百度明确把AI作为核心战略", "阿里云宣布三年投资计划"), "earlier"),
    ("Anthropic和谷歌的芯片采购计划，跟OpenAI和英伟达的基础设施合作比，哪个金额更大？",
     ("Anthropic和谷歌的芯片采购计划", "OpenAI和英伟达的基础设施合作"), "larger"),
    ("阿里云的三年投资计划，大概是它2025年上半年收入的几倍？", ("阿里云的三年投资计划", "阿里云2025年上半年收入"), "ratio"),
    ("Which is bigger: OpenAI's partnership with Nvidia or its chip deal with AMD?",
     ("OpenAI's partnership with Nvidia", "OpenAI's chip deal with AMD"), "larger"),  # its: the first side's owner
])
def test_comparison_sides(question, sides, relation):
    c = comparison_of(question)
    assert c is not None and c.sides == sides and c.relation == relation


def test_a_plain_question_is_no_comparison():
    assert comparison_of("百度近十年研发投入多少？") is None


@pytest.mark.parametrize("question,sides", [
    ("百度十年研发投入和阿里云三年投资计划，哪个数额更大？", ("百度十年研发投入", "阿里云三年投资计划")),
    ("百度的研发投入和阿里云的投资计划，哪一笔的量级更大？", ("百度的研发投入", "阿里云的投资计划")),
    ("阿里云和百度AI新业务，谁的营收盘子更大？", ("阿里云", "百度AI新业务")),
])
def test_what_is_compared_may_be_any_word(question, sides):
    comparison = comparison_of(question)
    assert comparison is not None and comparison.sides == sides and comparison.relation == "larger"


@pytest.mark.parametrize("question,measure", [
    ("百度和阿里云，谁的投入金额更大？", "投入金额"),  # two parties alone: what they are compared by is asked of each
    ("百度和阿里云，谁的收入更高？", "收入"),
    ("百度和阿里云，哪个数额更大？", ""),  # a word for any amount says nothing of its own
])
def test_two_parties_alone_are_compared_by_the_measure_asked(question, measure):
    comparison = comparison_of(question, lambda side: side in ("百度", "阿里云"))
    assert comparison is not None and comparison.sides == ("百度", "阿里云") and comparison.measure == measure


def test_one_thing_asked_with_which_is_no_comparison():
    assert comparison_of("亚洲哪个国家人口多？") is None


@pytest.mark.parametrize("question,sides", [
    ("OpenAI 2025年上半年的收入和现金消耗，哪个更多？", ("OpenAI 2025年上半年的收入", "OpenAI 2025年上半年的现金消耗")),
    ("OpenAI上半年，进账的钱和烧掉的现金哪个多？", ("OpenAI上半年，进账的钱", "OpenAI上半年，烧掉的现金")),
])
def test_a_bare_second_side_shares_what_the_first_is_of(question, sides):
    comparison = comparison_of(question)
    assert comparison is not None and comparison.sides == sides


@pytest.mark.parametrize("question,sides", [
    ("百度的研发投入和它的AI新业务收入，哪个更大？", ("百度的研发投入", "百度的AI新业务收入")),
    ("去年的收入和它的增速，哪个更大？", ("去年的收入", "它的增速")),  # 它 is the revenue, not last year
])
def test_a_second_side_opening_with_a_pronoun_is_about_the_first_sides_owner(question, sides):
    assert comparison_of(question).sides == sides


@pytest.mark.parametrize("question,sides,relation", [
    ("阿里云的投资计划比百度近十年的研发投入多吗？", ("阿里云的投资计划", "百度近十年的研发投入"), "larger"),
    ("OpenAI上半年的收入比现金消耗多吗？", ("OpenAI上半年的收入", "OpenAI上半年的现金消耗"), "larger"),  # what it is of, shared
    ("Is Alibaba Cloud's plan larger than Baidu's R&D spending?", ("Alibaba Cloud's plan", "Baidu's R&D spending"), "larger"),
])
def test_a_yes_no_comparison_is_a_comparison(question, sides, relation):
    comparison = comparison_of(question)
    assert comparison is not None and comparison.sides == sides and comparison.relation == relation


@pytest.mark.parametrize("question", ["阿里云比百度多多少？", "百度同比增长多吗？", "这个比例高吗？", "研发占比是多少？"])
def test_bi_that_asks_a_difference_or_belongs_to_a_word_is_no_yes_no_comparison(question):
    assert comparison_of(question) is None


def test_a_second_side_that_is_a_party_alone_has_the_first_sides_measure():
    party = {"阿里云", "百度"}.__contains__
    comparison = comparison_of("阿里云的研发投入占比跟百度比起来，谁更高？", party)
    assert comparison.sides == ("阿里云的研发投入占比", "百度的研发投入占比")  # (占比's 比 is no comparison word)
    # a second side that is a measure shares the first side's owner, as before
    sides = comparison_of("OpenAI上半年的收入和现金消耗，哪个更多？", party).sides
    assert sides == ("OpenAI上半年的收入", "OpenAI上半年的现金消耗")


@pytest.mark.parametrize("question,measure", [
    ("上半年百度AI新业务和阿里云比，谁增长更快？", "增长"),  # (not 增 with the relation 长)
    ("2025年上半年，百度AI新业务和阿里云谁的收入涨得更快？", "收入增长"),
    ("阿里云和百度智能云，哪个的市场份额更大？", ""),  # not growth: the sides are asked as they are
    ("百度近十年的研发投入和阿里云未来三年的投入，哪个数额更大？", ""),
])
def test_the_growth_compared_is_asked_of_each_side(question, measure):
    comparison = comparison_of(question)
    assert comparison is not None and comparison.measure == measure and comparison.relation == "larger"


def test_an_english_comparison_of_two_sides_each_holding_and_is_split_at_or():
    comparison = comparison_of("Which is larger: Baidu's R&D spending over the past decade or Alibaba Cloud's "
                               "three-year plan for cloud and AI infrastructure?")
    assert comparison.sides == ("Baidu's R&D spending over the past decade",
                                "Alibaba Cloud's three-year plan for cloud and AI infrastructure")


def test_its_before_a_deal_with_another_party_is_the_first_sides_owner():
    comparison = comparison_of("Which is bigger: OpenAI's partnership with Nvidia or its chip deal with AMD?")
    assert comparison.sides[1] == "OpenAI's chip deal with AMD"
    assert comparison_of("Is OpenAI's revenue larger than its cash burn?").sides[1] == "its cash burn"  # kept


@pytest.mark.parametrize("part,earlier,about", [
    ("what is that person's title?", "Who heads Baidu AI Cloud?", True),
    ("他是哪一年上任的？", "百度智能云的负责人是谁？", True),
    ("how fast did its revenue grow?", "How much did Baidu earn in 2025?", False),  # not a who-question
    ("同比增长了多少？", "阿里云的CEO是谁？", False),  # no pronoun for the person
])
def test_a_part_about_the_person_an_earlier_part_asks_for(part, earlier, about):
    from rag.question.parts import about_answer_of

    assert about_answer_of(part, earlier) is about


@pytest.mark.parametrize("question,sides,relation", [
    ("In the first half of 2025, which was bigger: Alibaba Cloud's revenue or Baidu's AI revenue?",  # the time is both's
     ("Alibaba Cloud's revenue in the first half of 2025", "Baidu's AI revenue in the first half of 2025"), "larger"),
    ("Which came first: Baidu's AI strategy or Alibaba Cloud's investment plan?",
     ("Baidu's AI strategy", "Alibaba Cloud's investment plan"), "earlier"),
    ("阿里云和百度智能云，谁在全栈AI云市场的份额更高？", ("阿里云", "百度智能云"), "larger"),  # a long measure after 谁
    ("Between Alibaba Cloud and Baidu AI Cloud, which one holds the bigger share of the market?",  # sides first
     ("Alibaba Cloud's share of the market", "Baidu AI Cloud's share of the market"), "larger"),
    ("Did Anthropic burn more cash than OpenAI in the first half of 2025?",  # what each did
     ("Anthropic burn cash in the first half of 2025", "OpenAI burn cash in the first half of 2025"), "larger"),
])
def test_more_forms_of_comparison(question, sides, relation):
    comparison = comparison_of(question)
    assert comparison is not None and comparison.sides == sides and comparison.relation == relation


@pytest.mark.parametrize("question,sides", [
    # as much as the other? the second side, a party alone, asks what the first asks, of itself
    ("阿里这些年搞研发一共砸了多少钱，有百度那么多没", ("阿里这些年搞研发一共砸了多少钱", "百度这些年搞研发一共砸了多少钱")),
    ("阿里云的收入有没有百度多？", ("阿里云的收入", "百度的收入")),
    ("阿里云上半年收入有百度这么高吗？", ("阿里云上半年收入", "百度上半年收入")),
    # English: the sides first, then which; a name alone has the first side's measure
    ("Anthropic's revenue in the first half of 2025 or OpenAI's, which is larger?",
     ("Anthropic's revenue in the first half of 2025", "OpenAI's revenue in the first half of 2025")),
    ("Is Baidu's R&D share higher than Alibaba's?", ("Baidu's R&D share", "Alibaba's R&D share")),
])
def test_as_much_as_and_sides_first_comparisons(question, sides):
    party = {"阿里", "阿里云", "百度"}.__contains__
    comparison = comparison_of(question, party)
    assert comparison is not None and comparison.sides == sides and comparison.relation == "larger"


@pytest.mark.parametrize("question", ["这家公司有没有那么大？", "百度有多少个模型？", "阿里云有没有那么多客户？",
                                      "Which company is larger?"])
def test_have_and_which_alone_make_no_comparison(question):
    assert comparison_of(question, {"阿里云", "百度"}.__contains__) is None
