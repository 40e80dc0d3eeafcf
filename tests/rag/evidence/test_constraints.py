"""Explicit constraints of a question checked against evidence sentences (pure functions, fake candidates)."""

import re
from dataclasses import replace

import numpy as np
import pytest

from rag.evidence.constraints import (
    attribution_met,
    count_met,
    figure_first,
    measure_first,
    measure_met,
    measure_of_subject_met,
    passage_body,
    quantity_met,
    question_years,
    role_met,
    scope_met,
    subject_conflict,
    subject_first,
    subject_quantity_met,
    superlative_first,
    thing_first,
    told_jointly,
    year_first,
)
from rag.evidence.score import Candidate
from rag.question.analyse import analyse, counted_phrase, measure_compound_zh
from rag.types import Chunk


def cand(text: str, score: float, prev: str = "") -> Candidate:
    c = Candidate(1, 0, len(text), text, np.zeros(11, dtype=np.float32), frozenset(), score)
    c.prev = prev  # what the fake context function shows before it
    return c


def context(c: Candidate) -> str:
    return f"{getattr(c, 'prev', '')}\n{c.text}".lower()


def test_years_are_read_from_the_question():
    assert question_years(analyse("百度2024年一年的研发投入是多少？")) == ("2024",)
    assert question_years(analyse("研发投入是多少？")) == ()


def test_a_year_no_answer_sentence_is_about_breaks_the_scope():
    info = analyse("百度2024年一年的研发投入是多少？")
    cands = [cand("数据显示,百度近十年累计投入的研发资金超过1800亿元。", 10.0),
             cand("2025年1-9月中标项目数量较2024年全年激增170%。", 9.0)]  # has 2024, but no sum of money
    assert not scope_met(info, cands, context)


def test_the_year_may_sit_in_the_sentence_before():
    info = analyse("阿里云2025年上半年的收入是多少？")
    cands = [cand("同期,阿里云收入为635.25亿元。", 10.0, prev="2025年上半年,百度AI新业务收入达到194亿元。")]
    assert scope_met(info, cands, context)


def test_the_sentence_about_the_year_asked_leads():
    info = analyse("How much revenue did Brennholt Foods make in 2024?")
    cands = [cand("Brennholt Foods reported revenue of 842 million euros for 2023.", 12.0),
             cand("Net profit rose to 37.5 million euros, the company said on 27 February 2024.", 11.0),  # a day's date
             cand("The company expects revenue of 880 million euros in 2024.", 9.0)]
    assert year_first(info, cands, context)[0] is cands[2]
    assert year_first(info, cands[:2], context) == cands[:2]  # none about the year: the order stays
    # the best one about it stays first, and a question naming no year changes nothing
    assert year_first(info, cands[2:] + cands[:2], context)[0] is cands[2]
    assert year_first(analyse("How much revenue did Brennholt Foods make?"), cands, context) == cands


def test_asking_for_a_year_is_not_a_scope():
    assert scope_met(analyse("2025年的计划是哪一年宣布的？"), [cand("计划在2024年宣布。", 1.0)], context)


def test_a_sentence_naming_the_subject_leads_when_it_scores_close():
    info = analyse("阿里云近十年研发投入多少？")
    other = cand("百度近十年累计投入的研发资金超过1800亿元。", 10.0)
    own = cand("阿里云宣布未来三年投入超过3800亿元。", 9.0)
    names = lambda text: {"百度"} & {text[i:i + 2] for i in range(len(text))}  # noqa: E731
    assert subject_first(info, [other, own], context, 2.0, names_in=names)[0] is own
    assert subject_first(info, [other, own], context, 0.5, names_in=names)[0] is other  # too far behind: order kept


def test_a_measure_asked_in_other_words_is_read_in_the_corpus_words_for_it():
    info = analyse("Anthropic在2025年上半年的营收是多少？")  # 营收: the corpus writes 收入
    other = cand("OpenAI在2025年上半年创造了约43亿美元的收入。", 10.0)
    deal = cand("Anthropic也与谷歌联手宣布了高达数百亿美元的芯片采购计划。", 9.5)  # Anthropic's figure, of no revenue
    names = lambda text: {"openai"} & {text[i:i + 6].lower() for i in range(len(text))}  # noqa: E731
    assert subject_first(info, [other, deal], context, 2.0, ("anthropic",), names)[0] is deal  # (营收 unseen)
    assert subject_first(info, [other, deal], context, 2.0, ("anthropic",), names, synonyms=("收入",))[0] is other


def test_only_the_kinds_of_question_asked_for_put_the_subject_first():
    info = analyse("阿里云的AI计算平台叫什么名字？")
    other = cand("百度的AI计算平台是百舸。", 10.0)
    own = cand("阿里云的AI计算平台服务了众多客户。", 9.0)
    names = lambda text: {"百度"} & {text[i:i + 2] for i in range(len(text))}  # noqa: E731
    assert info.kind == "name"
    assert subject_first(info, [other, own], context, 2.0, names_in=names)[0] is other  # quantities only, by default
    assert subject_first(info, [other, own], context, 2.0, names_in=names, kinds=("number", "name"))[0] is own


def test_a_name_asked_leads_only_with_a_sentence_holding_what_is_asked():
    info = analyse("What is the name of Baidu's self-developed AI chip?")
    info = replace(info, terms=info.terms + ("百度", "芯片"))  # the bridge's words for it
    other = cand("OpenAI与AMD达成数百亿美元的芯片采购协议。", 10.0)
    listed = cand("苹果AI的中国合作伙伴名单中,也只出现了百度和阿里的名字。", 9.5)  # names Baidu, no chip
    chip = cand("百度自研的昆仑芯P800,实现了国产AI芯片的规模化应用。", 9.0)
    names = lambda text: {"openai"} & {text[i:i + 6].lower() for i in range(len(text))}  # noqa: E731
    kinds = ("number", "name")
    assert subject_first(info, [other, listed, chip], context, 2.0, ("百度",), names, kinds)[0] is chip
    assert subject_first(info, [other, listed], context, 2.0, ("百度",), names, kinds)[0] is other


def test_the_best_sentence_stays_when_it_names_nobody_else():
    info = analyse("它集成了多少个模型？")
    best = cand("千帆大模型平台集成了150多个模型。", 10.0)
    other = cand("百度智能云的中标项目数量达到358个。", 9.5)
    assert subject_first(info, [best, other], context, 2.0, forms=("百度",), names_in=lambda t: set())[0] is best


def test_a_question_about_one_named_party_is_not_answered_by_another():
    info = analyse("What was Anthropic's revenue in the first half of 2025?")
    openai = cand("OpenAI在2025年上半年创造了约43亿美元的收入。", 10.0)
    anthropic = cand("Anthropic也与谷歌联手宣布了高达数百亿美元的芯片采购计划。", 9.0)
    known = {"openai", "anthropic"}.__contains__
    assert subject_conflict(info, [openai, anthropic], context, known)
    assert not subject_conflict(info, [anthropic, openai], context, known)
    assert not subject_conflict(info, [openai], context, lambda name: False)  # a name the corpus lacks: another rule


def test_a_thing_named_without_its_quantity_is_not_an_answer():
    info = analyse("2025年金融行业大模型中标项目的总金额是多少？")
    named_only = cand("中标项目数量达到358个,百度智能云在中标数量和中标金额上均位居行业第一。", 10.0)
    has = {"金额", "项目", "中标"}.__contains__
    assert not quantity_met(info, [named_only], has)
    with_sum = cand("中标金额合计超过20亿元。", 9.0)
    assert quantity_met(info, [named_only, with_sum], has)


def test_a_verbs_object_before_the_question_word_is_no_measure():
    # 砸进去多少钱: what is measured is the money, not 技术, the object of 搞
    info = analyse("百度这十来年光搞技术就砸进去多少钱？")
    about_tech = cand("在应用层,百度能直接将技术转化为解决业务痛点的方案。", 10.0)
    has = {"百度", "技术"}.__contains__
    assert quantity_met(info, [about_tech], has)
    # the measure right before the question word is still checked
    named_only = cand("百度将技术投入作为核心战略。", 10.0)
    assert not quantity_met(analyse("百度智能云的技术投入是多少？"), [named_only], {"技术", "投入"}.__contains__)


def test_a_figure_leads_when_the_best_sentence_gives_none():
    info = analyse("中国钢研的产线上了AI以后，效率快了多少？")
    setting = cand("而中国钢研与百度智能云的合作,演示了钢铁是怎样智能炼成的。", 10.0)
    figure = cand("双方最终让产线效率提升50%以上。", 9.5)
    far = cand("双方最终让产线效率提升50%以上。", 7.0)
    other = cand("阿里云让产线效率提升30%。", 9.8)
    names = lambda text: {n for n in ("百度智能云", "中国钢研", "阿里云") if n in text}  # noqa: E731
    assert figure_first(info, [setting, figure], 2.0, names_in=names)[0] is figure
    assert figure_first(info, [setting, far], 2.0, names_in=names)[0] is setting  # too far behind
    # a figure of a party neither the best sentence nor the question names is not moved up
    assert figure_first(info, [setting, other, figure], 2.0, names_in=names)[0] is figure
    assert figure_first(info, [figure, setting], 2.0, names_in=names)[0] is figure  # it has one already
    assert figure_first(analyse("中国钢研和谁合作？"), [setting, figure], 2.0, names_in=names)[0] is setting


def test_a_sentence_saying_what_an_english_question_asks_leads():
    info = analyse("How much cash did OpenAI burn in the first half of 2025?")
    revenue = cand("OpenAI在2025年上半年创造了约43亿美元的收入。", 14.0)
    cash = cand("但其现金消耗同样飙升至25亿美元。", 11.0, prev="OpenAI在2025年上半年创造了约43亿美元的收入。")
    other = cand("Anthropic的现金消耗达到10亿美元。", 12.0)
    names = lambda text: {n for n in ("openai", "anthropic") if n in text.lower()}  # noqa: E731
    heads = ("现金",)
    assert measure_first(info, [revenue, cash], heads, context, ("openai",), names)[0] is cash  # no margin
    assert measure_first(info, [revenue, other, cash], heads, context, ("openai",), names)[0] is cash  # not another's
    assert measure_first(info, [revenue, cash], (), context, ("openai",), names)[0] is revenue  # nothing translated
    no_figure = cand("OpenAI的现金流十分紧张。", 11.0)
    assert measure_first(info, [revenue, no_figure], heads, context, ("openai",), names)[0] is revenue


def test_a_sentence_holding_a_whole_compound_measure_leads():
    info = analyse("百度2025年上半年的研发投入是多少？")
    revenue = cand("2025年上半年,百度AI新业务收入达到194亿元。", 14.0)
    decade = cand("百度近十年累计投入的研发资金超过1800亿元。", 11.0)
    half = cand("百度在研发上的布局由来已久,投入巨大。", 12.0)  # both words, no figure
    names = lambda text: {n for n in ("百度", "阿里云") if n in text}  # noqa: E731
    measure = ("研发", "投入")
    assert measure_first(info, [revenue, half, decade], measure, context, ("百度",), names, whole=True)[0] is decade
    only_one = cand("百度研发团队超过1万人。", 11.0)  # one word of the compound
    assert measure_first(info, [revenue, only_one], measure, context, ("百度",), names, whole=True)[0] is revenue


def test_the_subjects_sentence_leads_only_holding_the_measure_the_best_gives():
    info = analyse("Anthropic 2025年上半年收入有多少？")
    openai = cand("OpenAI在2025年上半年创造了约43亿美元的收入。", 12.0)
    deal = cand("OpenAI头号劲敌Anthropic也与谷歌联手宣布了高达数百亿美元的芯片采购计划。", 11.5)
    names = lambda text: {n for n in ("openai", "anthropic") if n in text.lower()}  # noqa: E731
    assert subject_first(info, [openai, deal], context, 2.0, ("anthropic",), names)[0] is openai
    own = cand("Anthropic在2025年上半年的收入约为20亿美元。", 11.0)
    assert subject_first(info, [openai, deal, own], context, 2.0, ("anthropic",), names)[0] is own
    # the measure asked after the question word (创造了多少收入: 收入, tagged a verb) holds the same
    info = analyse("Anthropic在2025年上半年创造了多少收入？")
    assert subject_first(info, [openai, deal], context, 2.0, ("anthropic",), names)[0] is openai


def test_a_quantity_told_only_of_others_is_not_the_subjects():
    info = analyse("What was Anthropic's revenue in the first half of 2025?")
    openai = cand("OpenAI在2025年上半年创造了约43亿美元的收入。", 10.0)
    baidu = cand("百度AI新业务收入达到194亿元。", 9.0)
    assert not subject_quantity_met(info, [openai, baidu], context, ("anthropic",), ("收入",))
    assert subject_quantity_met(info, [openai, baidu], context, ("openai",), ("收入",))
    assert subject_quantity_met(info, [openai], context, ("anthropic",), ("员工",))  # nothing holds it: undecided


def test_a_best_sentence_naming_no_party_may_hold_the_subjects_quantity():
    info = analyse("How many models does Baidu's Qianfan platform bring together?")
    platform = cand("千帆大模型平台集成了150多个模型。", 10.0)
    other = cand("OpenAI发布了3个模型。", 9.0)
    names = lambda text: {"openai"} if "openai" in text.lower() else set()  # noqa: E731 (千帆 is no party)
    assert subject_quantity_met(info, [platform, other], context, ("百度",), ("模型",), names)
    assert not subject_quantity_met(info, [other, platform], context, ("百度",), ("模型",), names)  # not the best
    assert not subject_quantity_met(info, [platform, other], context, ("百度",), ("模型",))  # without names_in: as before


def test_a_joint_figure_is_not_the_subjects_alone():
    info = analyse("阿里云单独占据AI云市场多少份额？")
    joint = cand("阿里云与百度智能云共同占据AI云市场超50%的份额。", 10.0)
    assert not attribution_met(info, [joint])
    assert attribution_met(analyse("阿里云占据AI云市场多少份额？"), [joint])  # not asked alone
    # a total that includes the asked part (涵盖…在内) is not the part's alone
    total = cand("2025年上半年,涵盖智能云服务在内的百度AI新业务收入达到194亿元。", 10.0)
    assert not attribution_met(analyse("那194亿里，智能云单独贡献了多少？"), [total])
    assert attribution_met(analyse("百度AI新业务上半年收入多少？"), [total])


def test_a_count_needs_a_figure_next_to_the_counted_thing():
    assert counted_phrase("How many employees does OpenAI have?") == "employees"
    assert counted_phrase("How many engineers work on Kunlunxin chips?") == "engineers"  # no auxiliary verb
    told = cand("奥特曼此前曾告诉员工,他们的公司可能是资本最密集的初创公司。", 10.0)
    assert not count_met([told], ("员工",))
    counted = cand("预计将使用多达100万个谷歌Tensor处理器为其AI提供支持。", 9.0)
    assert count_met([told, counted], ("员工", "处理器"))
    assert count_met([told], ("模型",))  # nothing names it: undecided
    # a figure further on in the clause counts something else
    assert not count_met([cand("客户需要的不仅仅是一个强大的AI工具。", 8.0)], ("客户",))
    assert count_met([cand("客户数量已超过10万。", 8.0)], ("客户",))
    # an English count's translations must be in the sentences: none naming employees is no head count
    share = cand("阿里云与百度智能云共同占据AI云市场超50%的份额。", 9.0)
    assert count_met([share], ("员工",)) and not count_met([share], ("员工",), named_needed=True)
    assert count_met([counted], ("处理器",), named_needed=True)
    # only sentences about the subject count: another party's data centres are no count of the subject's
    theirs = cand("和英伟达千亿美元级的基础设施合作,通过数千兆瓦(GW)数据中心来扩展OpenAI的算力。", 9.0)
    assert count_met([theirs], ("数据中心",), named_needed=True)
    assert not count_met([theirs], ("数据中心",), named_needed=True, about=lambda c: "anthropic" in c.text.lower())


@pytest.mark.parametrize("question,met", [
    ("阿里云2025年上半年赚了多少净利润？", False),  # the corpus writes no form of profit
    ("OpenAI今年上半年净亏了多少？", False),
    ("阿里云2025年上半年的预算是多少？", True),  # 预算 is written
    ("阿里云宣布的投资是多少？", True),  # not a measure without stand-ins: 投资 and 投入 are one thing
    ("阿里云是哪一年宣布净利润的？", False),  # no figure asked, but nothing of a profit is written
    ("谷歌给Anthropic的芯片报价是多少？", False),  # a price by any of its names (报价, 单价, 定价)
    ("OpenAI上半年刨去各种开销，到底净赚了多少？", False),  # net earnings are a profit
    ("千帆平台是怎么收费的？", False),  # how it is charged: a price, asked without a figure
    ("千帆平台的模型有哪些？", True),
    ("百度近十年的研发费用是多少？", True),  # an expense, not a price: told as 研发投入
])
def test_a_financial_measure_the_corpus_never_writes_is_not_met(question, met):
    corpus = {"收入", "投入", "预算"}
    assert measure_met(analyse(question), corpus.__contains__) is met


@pytest.mark.parametrize("question,met", [
    ("What was Alibaba Cloud's net profit in the first half of 2025?", False),
    ("What is OpenAI's valuation?", False),
    ("What was Alibaba Cloud's revenue in the first half of 2025?", True),  # not a measure: other checks decide
    ("What is Alibaba Cloud's budget for AI?", True),  # 预算 is written
])
def test_a_financial_measure_asked_in_english_of_a_chinese_corpus(question, met):
    corpus = {"收入", "投入", "预算"}
    assert measure_met(analyse(question), corpus.__contains__) is met
    assert measure_met(analyse(question), corpus.__contains__, corpus_lang="en")  # no Chinese forms to look for


def test_a_party_asked_for_may_be_another_party():
    # OpenAI's rival is named in a sentence about the rival: no conflict when the answer is a party
    info = analyse("文章里说OpenAI最大的对手是哪家？")
    anthropic = cand("Anthropic也与谷歌联手宣布了高达数百亿美元的芯片采购计划。", 10.0)
    assert not subject_conflict(info, [anthropic], context, {"openai", "anthropic"}.__contains__)


CEO = cand("很好地解释了为何OpenAI的融资额超过了历史上任何一家私营公司,其CEO山姆·奥特曼此前曾告诉员工。", 1.0)
RIVAL = cand("OpenAI头号劲敌Anthropic,也与谷歌联手宣布了芯片采购计划。", 0.9)


@pytest.mark.parametrize("question,forms,heads,met", [
    ("OpenAI的CEO是谁？", ["openai"], ["ceo"], True),
    ("百度的CEO是谁？", ["百度"], ["ceo"], False),  # the CEO told is OpenAI's
    ("Anthropic的CEO是谁？", ["anthropic"], ["ceo"], False),  # the sentence naming Anthropic names no CEO
    ("OpenAI的头号劲敌是谁？", ["openai"], ["劲敌"], True),
    ("谁是OpenAI的对手？", ["openai"], [], True),  # no role asked of the subject: nothing to check
    ("魏玩的弟弟是谁？", ["魏玩"], ["弟弟"], True),  # not a party's name the dictionary knows: other signals decide
])
def test_a_role_asked_of_the_subject_needs_a_sentence_tying_the_two(question, forms, heads, met):
    assert role_met(analyse(question), [CEO, RIVAL], context, forms, heads, latin_names) is met


def latin_names(text: str) -> set[str]:
    """Latin-script names, and the Chinese ones a dictionary would know (stands in for CorpusNames.names_in)."""
    return {n.lower() for n in re.findall(r"[A-Za-z]{3,}", text)} | {n for n in ("百度", "谷歌") if n in text}


def test_a_heading_naming_several_parties_does_not_name_the_subject_of_its_passage():
    names = lambda text: {n for n in ("openai", "anthropic", "百度", "阿里云") if n in text.lower()}  # noqa: E731
    title = "全栈AI云：OpenAI、Anthropic、百度与阿里云的算力之争"
    first = Chunk("a#0", "a", title, title, 0, 0, 60, f"{title}\nOpen AI正以一系列动作,大肆预定算力资源。")
    assert "百度" not in passage_body(first, names)  # the story's title line is no word of its first passage
    one = "百度的全栈能力"
    own = Chunk("a#1", "a", title, one, 1, 60, 90, f"{one}\n在算力层,百度自研的昆仑芯。")
    assert passage_body(own, names) == own.text  # a heading about one party stays


@pytest.mark.parametrize("question,measure", [
    ("阿里云2025年上半年的研发投入是多少？", ("研发", "投入")),  # 研发 tagged an abbreviation, 投入 a verb
    ("百度近十年累计投入的研发资金有多少？", ("研发", "资金")),
    ("金融行业大模型相关的中标项目有多少个？", ("中标", "项目")),
    ("2025年上半年阿里云的收入是多少？", ()),  # one word: not checked
    ("中国钢研的项目节省了多少质检人力？", ()),  # the measure comes after the question word
    ("OpenAI的CEO是谁？", ()),  # no figure asked
])
def test_the_compound_measure_a_figure_is_asked_for(question, measure):
    assert measure_compound_zh(question) == measure


def test_two_characters_the_tagger_split_are_one_word_when_the_corpus_writes_them_so():
    question = "阿里云这些年的研发占比一般是多少？"  # jieba: 占 / 比
    assert measure_compound_zh(question) == ()
    assert measure_compound_zh(question, {"占比", "研发"}.__contains__) == ("研发", "占比")
    # a particle is never joined (云 + 的)
    assert measure_compound_zh("那阿里云的研发资金多少？", lambda w: True) == ("研发", "资金")


def names_in(text: str) -> set[str]:
    return {n for n in ("百度", "阿里云", "openai") if n in text.lower()}


def test_a_compound_measure_told_of_others_only_is_not_the_subjects():
    info = analyse("阿里云2025年上半年的研发投入是多少？")
    cands = [cand("阿里云收入为635.25亿元。", 10.0),  # the subject's, another measure
             cand("数据显示,百度近十年累计投入的研发资金超过1800亿元。", 9.0)]  # the measure, another party's
    assert not measure_of_subject_met(info, cands, context, ["阿里云"], ("研发", "投入"), names_in)
    # the subject's own sentence with the measure and a figure meets it
    told = [cand("阿里云的研发投入为100亿元。", 10.0)] + cands
    assert measure_of_subject_met(info, told, context, ["阿里云"], ("研发", "投入"), names_in)
    # a sentence naming no party (双方, 其) may be the subject's: not counted against it
    unsaid = [cand("其研发投入超过100亿元。", 10.0)]
    assert measure_of_subject_met(info, unsaid, context, ["阿里云"], ("研发", "投入"), names_in)
    # a one-word measure is never checked
    assert measure_of_subject_met(info, cands, context, ["阿里云"], ("投入",), names_in)


def test_a_figure_written_as_another_things_is_no_figure_of_the_asked_one():
    info = analyse("OpenAI的融资总额具体是多少？")
    has = {"融资", "openai"}.__contains__
    other = [cand("加上过去两年约20亿美元的现金花费,很好地解释了为何OpenAI的融资额超过了历史上任何一家私营公司。", 10.0)]
    assert not quantity_met(info, other, has)  # 20亿美元 is the 现金花费's; the 融资 clause has no sum
    own = [cand("OpenAI的融资额约为400亿美元。", 10.0)]
    assert quantity_met(info, own, has)
    # a figure with no owner written may be the asked one
    assert quantity_met(info, [cand("加上约20亿美元,OpenAI的融资额超过了历史上任何一家私营公司。", 10.0)], has)


def _elsewhere(c: Candidate) -> Candidate:
    c.hit_n = 2  # from another passage than the best one's
    return c


def test_a_sentence_that_ranks_leads_for_a_superlative_asked():
    info = analyse("Which company does the article call OpenAI's biggest rival?")
    burn = cand("很好地解释了为何OpenAI的融资额超过了历史上任何一家私营公司。", 12.6)
    rival = _elsewhere(cand("OpenAI头号劲敌Anthropic,也与谷歌联手宣布了芯片采购计划。", 10.9))
    assert superlative_first(info, [burn, rival], context, ("openai",))[0] is rival  # it names the subject
    assert superlative_first(info, [burn, rival], context, ("百度",))[0] is burn  # nor the subject, nor the passage
    most = analyse("百度哪一年的研发投入最多？")
    first_place = cand("增速在一众上市云厂商中位列第一。", 10.0)  # first place, in something else
    decade = cand("百度近十年累计投入的研发资金超过1800亿元。", 12.0)
    assert superlative_first(most, [decade, first_place], context, ("百度",))[0] is decade


def test_the_sentence_saying_the_thing_whose_name_is_asked_leads():
    info = analyse("百度自己做的AI芯片叫啥名字？")
    share = cand("两大全栈AI巨头——阿里云与百度智能云共同占据AI云市场超50%的份额。", 14.8)
    chip = _elsewhere(cand("在算力层,百度自研的昆仑芯AI芯片,搭配百舸AI计算平台。", 11.6))
    assert thing_first(info, [share, chip], context, ("百度",))[0] is chip
    # Baidu's chip is no answer for Alibaba's: it does not lead (and thing_missing refuses)
    assert thing_first(analyse("阿里自己做的AI芯片叫啥名字？"), [share, chip], context, ("阿里",))[0] is share
    # a word sharing a character leads when the best says nothing of the thing; word for word leads over it
    brother = analyse("青木广彰的弟弟叫什么名字？")
    name = cand("青木广彰，英文名为「洛基·青木」。", 12.0)
    sibling = cand("胞弟是现位于日本桥的「红花餐厅」的社长——青木四郎。", 11.0)
    assert thing_first(brother, [name, sibling], context, ())[0] is sibling
    stage = analyse("生濑胜久活跃於戏剧圈时候的艺名叫什么？")
    famous = cand("戏约不断的生濑胜久,演出过多部知名日剧。", 13.0)  # 名 of 知名, by chance
    alias = cand("1988年,曾以「枪魔栗三助」的艺名活跃於戏剧圈。", 12.0)
    assert thing_first(stage, [famous, alias], context, ())[0] is alias


_SHARED = "两大全栈AI巨头——阿里云与百度智能云共同占据AI云市场超50%的份额;苹果AI的合作伙伴名单中也只有百度和阿里"
_PARTIES = lambda text: {n for n in ("阿里", "百度", "openai", "amd") if n in text.lower()}  # noqa: E731


@pytest.mark.parametrize("question, found", [
    ("阿里云占了AI云市场多少份额？", "阿里云"),  # told only together with 百度智能云
    ("阿里云和百度智能云各自占多少份额？", "阿里云"),  # each one's asked: the joint figure is no one's
    ("阿里云和百度智能云一共占了多少份额？", ""),  # the joint figure is what is asked
    ("阿里云和百度智能云占了多少份额？", ""),  # both named: asked together
    ("阿里云为什么能占那么多份额？", ""),  # no figure asked
])
def test_told_jointly(question, found):
    assert told_jointly(analyse(question), _SHARED, ("阿里云",), _PARTIES) == found


def test_told_jointly_as_a_part_of_a_whole():
    whole = "涵盖智能云服务在内的百度AI新业务收入达到194亿元"
    assert told_jointly(analyse("智能云服务上半年收入多少？"), whole, ("智能云服务",), _PARTIES) == "智能云服务"
    assert told_jointly(analyse("百度AI新业务上半年收入多少？"), whole, ("百度ai新业务",), _PARTIES) == ""


def test_a_rate_of_another_thing_named_after_the_counted_one_is_no_count():
    told = cand("最终让产线效率提升50%以上,质检人力节省40%以上。", 8.0)
    assert not count_met([told], ("产线",))  # 50% is the 效率's rate, not a number of lines
    assert count_met([told], ("人力",))  # a share of the 人力 itself
    assert count_met([cand("当前80%企业面临AI应用的技术悬崖。", 8.0)], ("企业",))


def test_a_figure_told_only_in_another_partys_item_is_not_the_asked_partys():
    from rag.evidence.constraints import figure_clause_met

    info = analyse("OpenAI跟英伟达那单合作要分几年？")
    text = "OpenAI与AMD达成芯片采购协议、在四年间订购数十万块芯片;和英伟达千亿美元级的基础设施合作"
    names = lambda t: {n for n in ("AMD", "英伟达") if n in t}  # noqa: E731
    assert not figure_clause_met(info, text, ("英伟达",), names)
    assert figure_clause_met(info, text, ("amd",), names)  # the AMD deal's own item gives it
    assert figure_clause_met(info, text.replace(";", "，"), ("英伟达",), names)  # one item: undecided


def test_a_share_or_the_value_of_a_thing_is_no_count_of_it():
    survey = cand("沙利文报告指出，当前80%企业面临AI应用的“技术悬崖”。", 9.0)
    assert count_met([survey], ("企业",))  # 多少企业: a share may answer it
    assert not count_met([survey], ("企业",), shares=False)  # 多少家企业 asks a head count
    deal = cand("Anthropic也与谷歌联手宣布了高达数百亿美元的芯片采购计划。", 9.0)
    assert not count_met([deal], ("芯片",))  # the deal's value, not a count of chips
    raised = cand("中国旺旺存托凭证上市，募集32.55亿元新台币。", 9.0)
    assert count_met([raised], ("新台币",))  # a sum of the currency counted
