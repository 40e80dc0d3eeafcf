"""What differs between the question and evidence that answers a neighbouring one, and how it is said."""

from __future__ import annotations

import pytest

from rag.answer.refusal import DOCUMENTS, qualification_text
from rag.evidence.constraints import abbreviated_in
from rag.evidence.qualify import GOAL, MEASURE, OTHER, PARTY, PERIOD, PLAN, what_differs
from rag.question.analyse import analyse

NAMES = {"百度", "阿里", "openai", "anthropic", "谷歌"}


def names_in(text: str) -> set[str]:
    return {n for n in NAMES if n in text.lower()}


def test_another_party():
    info = analyse("百度打算未来三年在云和AI基础设施上投多少钱？")
    sentence = "而阿里云则在2025年初宣布了未来三年投入超过3800亿元用于云和AI基础设施建设的计划。"
    q = what_differs(info, sentence, sentence.lower(), ("百度",), names_in)
    assert (q.kind, q.asked, q.given) == (PARTY, "百度", "阿里云")  # the name as the sentence writes it


def test_the_subject_named_only_as_a_modifier_of_another_party():
    info = analyse("OpenAI预计会用多少个谷歌Tensor处理器？")
    sentence = "OpenAI头号劲敌Anthropic,也与谷歌联手宣布了芯片采购计划,预计将使用多达100万个谷歌Tensor处理器。"
    q = what_differs(info, sentence, sentence.lower(), ("openai",), names_in)
    assert (q.kind, q.given) == (PARTY, "Anthropic")


def test_another_period_and_a_plan():
    info = analyse("阿里云2024年收入是多少？")
    sentence = "同期,阿里云收入为635.25亿元。"
    context = "2025年上半年,百度ai新业务收入达到194亿元。\n" + sentence.lower()
    q = what_differs(info, sentence, context, ("阿里",), names_in)
    assert (q.kind, q.asked, q.given) == (PERIOD, "2024", "2025")
    plan = what_differs(analyse("阿里云已经花了多少钱？"), "阿里云宣布未来三年投入3800亿元。", "", ("阿里",), names_in)
    assert plan.kind == PLAN


def test_nothing_to_name_is_said_plainly():
    q = what_differs(analyse("这种芯片的良率是多少？"), "芯片性能远超同类型国产芯片。", "", (), names_in)
    assert q.kind == OTHER


def test_the_wording_names_what_was_asked_and_what_is_given():
    assert qualification_text("zh", PARTY, "百度", "阿里云") == "文章没有给出百度的这一信息；下面说的是阿里云："
    assert qualification_text("en", PERIOD, "2024", "2025", DOCUMENTS).startswith("The documents do not give this for 2024")
    assert qualification_text("zh", PARTY, "", "") == qualification_text("zh", OTHER)  # nothing to name
    assert qualification_text("zh", MEASURE, "阿里云", "研发投入") == "文章没有给出阿里云的研发投入，最接近的内容是："
    assert qualification_text("en", MEASURE, "Alibaba Cloud", "研发投入").startswith("The article does not give Alibaba Cloud's")
    assert qualification_text("zh", MEASURE, "阿里云", "") == qualification_text("zh", OTHER)
    assert qualification_text("en", PERIOD, "first half", "近十年") == (
        "The article does not give this for the first half; what follows is about the past 10 years: ")
    assert "2024, 2025" in qualification_text("en", PERIOD, "2023", "2024、2025")


def test_a_sentence_pointing_back_to_the_subject_is_about_it():
    # 但其... continues the sentence before, which names OpenAI: ChatGPT is no other party here
    info = analyse("OpenAI上半年的现金消耗是多少？")
    sentence = "但其现金消耗同样飙升至25亿美元,很大一部分原因是运行ChatGPT的研发成本。"
    def with_chatgpt(text: str) -> set[str]:
        return names_in(text) | ({"chatgpt"} if "chatgpt" in text.lower() else set())

    context = "openai在2025年上半年创造了约43亿美元的收入。\n" + sentence.lower()
    assert what_differs(info, sentence, context, ("openai",), with_chatgpt).kind != PARTY
    # without the sentence before naming OpenAI, ChatGPT is what the sentence is about
    assert what_differs(info, sentence, sentence.lower(), ("openai",), with_chatgpt).kind == PARTY


def test_a_target_asked_and_a_result_told():
    # what was achieved is not the target that was set: the answer says so, whatever the model thinks
    result = "数据显示,百度近十年累计投入的研发资金超过1800亿元。"
    q = what_differs(analyse("百度未来十年准备再投多少研发资金？"), result, "", ("百度",), names_in)
    assert q.kind == GOAL and q.decisive and q.named
    revenue = "阿里云收入为635.25亿元。"
    assert what_differs(analyse("阿里云给2025年定的收入目标是多少？"), revenue, "", ("阿里",), names_in).kind == GOAL
    planned = "阿里云宣布未来三年计划投入超过3800亿元。"  # a plan told where a plan is asked: nothing differs
    assert what_differs(analyse("阿里云未来三年计划投入多少？"), planned, "", ("阿里",), names_in).kind == OTHER
    assert qualification_text("zh", GOAL) == "文章没有给出这一目标或计划；下面说的是已经实现的："
    assert qualification_text("en", GOAL).startswith("The article does not give this target or plan")


def test_a_place_asked_of_one_party_told_of_another_in_its_clause():
    # the ordinal (第一) is in a clause that opens with another party: the rank is that party's
    info = analyse("阿里云在金融行业大模型项目的中标数量上排第几？")
    sentence = "先来看金融行业,中标项目数量已达到358个,在这片高价值战场上,百度智能云在中标数量上位居行业第一。"
    q = what_differs(info, sentence, sentence.lower(), ("阿里云", "阿里"), names_in)
    assert (q.kind, q.decisive) == (PARTY, True) and q.given.startswith("百度")


def test_a_figure_told_where_neither_the_sentence_nor_the_one_before_names_the_subject():
    # the rank's clause opens with no party, but the sentence is about 百度 and never names 阿里云
    info = analyse("阿里云收入增速在上市云厂商里排第几？")
    sentence = "2025年上半年,涵盖智能云服务在内的百度AI新业务收入达到194亿元,增速在一众上市云厂商中位列第一。"
    q = what_differs(info, sentence, "ai战略投入迎来回报时刻\n" + sentence.lower(), ("阿里云", "阿里"), names_in)
    assert (q.kind, q.decisive) == (PARTY, True) and q.given.startswith("百度")
    # a sentence pointing back (本路线) is about what its passage named before: the model decides
    pointing = "2025年上半年,本路线的增速在一众云厂商中位列第一,超过谷歌。"
    q = what_differs(info, pointing, pointing, ("阿里云", "阿里"), names_in)
    assert q.kind == PARTY and not q.decisive
    # the sentence before names the subject: the model decides
    q = what_differs(info, sentence, "阿里云的收入也在增长。\n" + sentence.lower(), ("阿里云", "阿里"), names_in)
    assert q.kind == PARTY and not q.decisive


def test_a_figure_asked_for_one_year_told_by_a_sentence_dated_another():
    sentence = "沙利文《市场报告2025H1》显示,阿里云与百度智能云共同占据AI云市场超50%的份额。"
    q = what_differs(analyse("2024年阿里云和百度智能云加起来占了多少份额？"), sentence, sentence.lower(),
                     ("阿里云", "阿里", "百度"), names_in)
    assert (q.kind, q.asked, q.given, q.decisive) == (PERIOD, "2024", "2025", True)
    # the passage names the asked year elsewhere (2024年，该刊…): another of its sentences may answer
    q = what_differs(analyse("2024年阿里云和百度智能云加起来占了多少份额？"), sentence, sentence.lower(),
                     ("阿里云", "阿里", "百度"), names_in, passage="2024年,两家的份额为四成。" + sentence.lower())
    assert q.kind == PERIOD and not q.decisive
    # the year only in the passage around it: another of its sentences may answer; the model decides
    around = "2025年,行业快速增长。\n" + "阿里云与百度智能云共同占据ai云市场超50%的份额。"
    q = what_differs(analyse("2024年两家一共占了多少份额？"), "阿里云与百度智能云共同占据AI云市场超50%的份额。",
                     around, ("阿里云", "阿里", "百度"), names_in)
    assert q.kind == PERIOD and not q.decisive


PASSAGE_ON_BAIDU = ("百度智能云以“云智一体”战略为锚,构建了全栈能力矩阵。在算力层,百度自研的昆仑芯AI芯片,搭配百舸AI计算平台,"
                    "点亮了自研万卡集群。")


def test_a_passage_that_never_names_the_subject_is_about_the_party_it_names():
    # any kind of question: the passage is about 百度, whichever sentence of it is quoted
    info = analyse("阿里云以什么战略为锚构建全栈能力？")
    sentence = "在算力层,自研的昆仑芯AI芯片,搭配百舸AI计算平台,点亮了自研万卡集群。"
    q = what_differs(info, sentence, sentence.lower(), ("阿里云",), names_in, PASSAGE_ON_BAIDU.lower(), "全栈ai云")
    assert (q.kind, q.given, q.decisive) == (PARTY, "百度", True)


@pytest.mark.parametrize("subject,passage,title", [
    ("阿里云", PASSAGE_ON_BAIDU, "阿里云"),  # a title naming the subject alone (an encyclopedia article's)
    ("中国", "中华人民共和国政府宣布对小麦等原粮征收出口暂定关税,百度跟进。", ""),  # the subject written in full
    ("阿里云", "他的昆仑芯AI芯片,搭配百度的百舸AI计算平台。", ""),  # a passage going on from one before it
])
def test_a_passage_naming_the_subject_some_other_way_is_not_another_partys(subject, passage, title):
    info = analyse(f"{subject}用的是什么芯片？")
    sentence = passage.split("。")[0] + "。"
    q = what_differs(info, sentence, sentence.lower(), (subject,), names_in, passage.lower(), title.lower())
    assert not q.decisive


def test_the_title_of_a_story_naming_several_parties_names_none_of_them():
    info = analyse("阿里云以什么战略为锚构建全栈能力？")
    sentence = "在算力层,自研的昆仑芯AI芯片,搭配百舸AI计算平台。"
    title = "全栈AI云：OpenAI、Anthropic、百度与阿里云的算力之争".lower()
    q = what_differs(info, sentence, sentence.lower(), ("阿里云",), names_in, PASSAGE_ON_BAIDU.lower(), title)
    assert (q.kind, q.decisive) == (PARTY, True)


@pytest.mark.parametrize("name,text,written", [
    ("招行", "百度智能云与招商银行的合作", True),
    ("文革", "文化大革命期间,他在钢铁厂当工人", True),
    ("阿里云", "百度智能云与招商银行的合作", False),
    ("openai", "open ai正以一系列动作", False),  # Chinese abbreviations only
])
def test_a_chinese_abbreviation_is_found_written_in_full(name, text, written):
    assert abbreviated_in(name, text) is written
