"""Parts of a year and spans of years, normalised, and a question about one answered from another."""

from __future__ import annotations

import pytest

from rag.evidence.periods import in_english, other_period, periods


@pytest.mark.parametrize("text, expected", [
    ("2025年上半年收入", {"H1": "上半年"}),
    ("今年第三季度", {"Q3": "第三季度"}),
    ("2025年1-9月的中标项目", {"M1-9": "1-9月"}),
    ("前三季度", {"M1-9": "前三季度"}),
    ("2024年前九个月", {"M1-9": "前九个月"}),
    ("报告2025H1", {"H1": "H1"}),
    ("未来三年投入", {"next 3y": "未来三年"}),
    ("近十年累计", {"past 10y": "近十年"}),
    ("阿里云这十年在研发上投了多少", {"past 10y": "这十年"}),  # these ten years: up to now
    ("这十来年光搞技术", {"past 10y": "这十来年"}),  # about ten
    ("比去年全年增长了16%", {"previous FY": "去年全年"}),
    ("What was revenue in the third quarter of 2025?", {"Q3": "the third quarter"}),
    ("over the next five years", {}),  # spelled-out English numbers are not read
    ("How many tenders in the whole of 2025?", {"FY": "the whole of 2025"}),
    ("all of them", {}),
    ("百度的研发投入", {}),
])
def test_periods_are_read_and_normalised(text, expected):
    assert periods(text) == expected


def test_the_base_of_a_comparison_is_not_the_period_told():
    told = "2025年1-9月,中标项目数量已达到358个,较2024年全年激增170%"
    assert periods(told, bases=False) == {"M1-9": "1-9月"} and "FY" in periods(told)
    assert periods("up 20% compared with the first half", bases=False) == {}
    # 358 is for 1-9月, not for the whole year; a question comparing with the whole year is answered
    assert other_period("How many tenders in the whole of 2025?", told, "") == ("the whole of 2025", "1-9月")
    assert other_period("2025年前9个月比2024年全年多了多少？", told, "") is None
    # a relative year as the base (比去年一整年) is compared against, not asked about
    assert other_period("金融今年的中标项目比去年一整年多了多少？", told, "") is None
    assert periods("比去年一整年多了多少", bases=False) == {}


@pytest.mark.parametrize("text", ["金融行业的中标项目跟去年全年比涨了多少？", "中标项目和去年一整年相比多了多少？",
                                  "和2024年上半年相比，百度收入涨了多少？"])
def test_a_base_named_between_with_and_compared_is_not_the_period_told(text):
    assert periods(text, bases=False) == {} and periods(text)


def test_with_and_a_ratio_name_no_base():
    assert periods("百度和阿里云2025年上半年的收入比例", bases=False) == {"H1": "上半年"}  # 比例: no comparison


def test_another_period_of_the_same_kind_is_found():
    assert other_period("OpenAI 2025年全年的收入是多少？", "OpenAI在2025年上半年创造了约43亿美元的收入", "") == ("全年", "上半年")
    assert other_period("第三季度中标多少个？", "2025年1-9月,中标项目数量已达到358个", "") == ("第三季度", "1-9月")
    assert other_period("未来五年投多少？", "宣布了未来三年投入超过3800亿元", "") == ("未来五年", "未来三年")


def test_the_same_period_or_another_kind_is_no_difference():
    assert other_period("2025年上半年收入多少？", "阿里云收入为635.25亿元", "2025年上半年,阿里云收入为635.25亿元") is None
    assert other_period("前三季度中标多少个？", "2025年1-9月,中标项目数量已达到358个", "") is None
    # what happened over ten years against a three-year plan is a plan, not another period
    assert other_period("近十年投入多少？", "宣布了未来三年投入超过3800亿元", "") is None
    assert other_period("全年收入多少？", "收入达到194亿元", "") is None  # the sentence names no period


def test_a_plan_told_where_what_already_happened_is_asked():
    from rag.evidence.signals import done_asked_plan_told

    assert done_asked_plan_told("Anthropic现在已经用上了多少个TPU？", "预计将使用多达100万个TPU")
    assert done_asked_plan_told("How much has OpenAI already paid Nvidia?", "OpenAI will pay Nvidia in stages")
    assert not done_asked_plan_told("Anthropic计划使用多少个TPU？", "预计将使用多达100万个TPU")  # a plan is asked
    assert not done_asked_plan_told("百度已经投入了多少研发资金？", "百度近十年累计投入的研发资金超过1800亿元")
    # an order is not a delivery: ordered chips are not chips received
    assert done_asked_plan_told("OpenAI已经从AMD拿到多少块芯片？", "与AMD达成协议,在四年间订购数十万块芯片")
    assert not done_asked_plan_told("OpenAI从AMD订购了多少块芯片？", "与AMD达成协议,在四年间订购数十万块芯片")


def test_the_object_marker_jiang_tells_no_plan():
    from rag.evidence.signals import tells_plan

    assert not tells_plan("百度自2017年便明确将AI作为公司发展的核心战略")  # 将 X 作为 Y: "taking X as Y"
    assert tells_plan("阿里云将在未来三年投入3800亿元")
    assert tells_plan("百度将AI作为核心战略,并将投入更多资金")  # the second 将 is the future


def test_a_sentence_naming_no_period_continues_the_one_before():
    # 同期,阿里云收入为... : the period is the sentence before's (上半年), not the asked 二季度
    assert other_period("阿里云今年二季度营收同比涨了多少？", "同期,阿里云收入为635.25亿元,同比增长22%。",
                        "2025年上半年,百度ai新业务收入达到194亿元。\n同期,阿里云收入为635.25亿元") == ("二季度", "上半年")


def test_a_part_of_a_year_asked_and_a_span_of_past_years_told_are_other_periods():
    decade = "数据显示,百度近十年累计投入的研发资金超过1800亿元。"
    assert other_period("百度2025年上半年的研发投入是多少？", decade, decade) == ("上半年", "近十年")
    assert other_period("What is Baidu's R&D spending in the first half of 2025?", decade, "") == ("first half", "近十年")
    assert other_period("百度近五年的研发投入是多少？", "2025年上半年百度收入194亿元。", "") == ("近五年", "上半年")
    # a plan ahead is no period of what happened (the plan check says that), nor is a part named around it
    assert other_period("阿里云上半年投了多少？", "阿里云宣布未来三年投入超过3800亿元。", "") is None
    assert other_period("百度上半年研发投入多少？", decade, "2025年上半年,百度收入194亿元。\n" + decade) is None


@pytest.mark.parametrize("words,english", [
    ("上半年", "the first half"), ("近十年", "the past 10 years"), ("第三季度", "the third quarter"),
    ("未来三年", "the next 3 years"), ("去年全年", "the whole of the previous year"), ("first half", "the first half"),
    ("2024", "2024"),  # a year reads the same
])
def test_a_period_reads_in_english(words, english):
    assert in_english(words) == english


def test_a_year_named_only_as_a_comparisons_base_is_not_told():
    from rag.evidence.periods import year_told

    text = "2025年1-9月，大模型相关的中标项目数量已达到358个，较2024年全年激增170%。"
    assert year_told(text, "2025", False) and not year_told(text, "2024", False)
    assert year_told(text, "2024", True)  # a question that compares asks about the base too
