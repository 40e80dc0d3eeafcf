"""Answer-type cues: does a sentence hold the kind of answer a question asks for?"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.evidence.cues import (
    Total,
    asks_day,
    asks_model,
    asks_ordinal,
    asks_person_role,
    asks_superlative,
    asks_year,
    changed_measure,
    changed_measure_en,
    cue_score,
    holds_quantity,
    is_heading_like,
    named_thing,
    other_sector,
    quantity_spans,
    rank_named,
    ranks_needed,
    sectors,
    tells_change,
    tells_day,
    tells_figure,
    tells_model,
    tells_person_role,
    tells_rank,
    tells_superlative,
    tells_thing,
    tells_time,
    tells_year,
)
from rag.question.analyse import analyse
from rag.types import Chunk


@pytest.mark.parametrize("question,sentence,expected", [
    ("百度近十年研发投入多少钱？", "百度近十年累计投入的研发资金超过1800亿元。", 1.0),
    ("百度近十年研发投入多少钱？", "百度近十年持续加大研发投入。", 0.0),
    ("芯片是几纳米的？", "采用7纳米工艺。", 1.0),
    ("芯片是几纳米的？", "采用先进工艺，良率达到90%。", 0.0),
    ("阿里云是哪一年成立的？", "阿里云成立于2009年。", 1.0),
    ("为什么要自研芯片？", "因为算力成本太高。", 1.0),
    ("千帆平台有哪些功能？", "包括模型训练、评估、部署。", 1.0),
    ("OpenAI的CEO是谁？", "OpenAI首席执行官Sam Altman表示。", 1.0),
    ("How much revenue did OpenAI make?", "OpenAI的收入为43亿美元。", 1.0),
    ("这是什么意思？", "随便一句话。", 0.0),  # a question of no particular kind has no cue
])
def test_cue_score_matches_the_asked_kind(question, sentence, expected):
    assert cue_score(analyse(question), sentence) == expected


def test_a_number_in_han_numerals_half_meets_the_cue():
    assert cue_score(analyse("有多少家公司参与？"), "共有三家公司参与。") == 0.5


@pytest.mark.parametrize("sentence", ["双方基于百度自研的昆仑芯P800,实现了规模化应用。",  # a model name, 百 of 百度
                                      "训练GPT-4耗资巨大,一些企业望而却步。"])
def test_model_names_and_characters_of_words_are_no_figure(sentence):
    assert cue_score(analyse("人力省了多少？"), sentence) == 0.0
    assert not tells_figure(analyse("人力省了多少？"), sentence)


@pytest.mark.parametrize("question,sentence,told", [
    ("在香港设有多少家分店？", "在香港设有28间分店。", True),  # a count may use another measure word
    ("一块卖多少钱？", "该芯片集群规模达3万卡。", False),  # money asked: a figure of something else is not it
    ("这笔采购要在几年内完成？", "预计将使用多达100万个处理器。", False),  # a span of years asked
    ("这笔采购要在几年内完成？", "在四年间订购数十万块芯片。", True),
    ("他身兼几家骑士团的大团长？", "他还是甲骑士团、乙骑士团和丙骑士团的大团长。", True),  # "a few" told by listing
    ("有多少家银行参与？", "甲银行、乙银行都参与了。", False),  # a number asked: a list alone is no figure
])
def test_a_figure_is_told_in_the_asked_unit_unless_a_count_is_asked(question, sentence, told):
    assert tells_figure(analyse(question), sentence) is told


@pytest.mark.parametrize("question,sentence,told", [
    # the count the question gives, the year, the months and a rate of change are no answer to how many of them
    ("那358个项目里，甲公司拿下了多少个？", "2025年1-9月，中标项目已达358个，较2024年激增170%。", False),
    ("那358个项目里，甲公司拿下了多少个？", "2025年1-9月，中标项目已达358个，甲公司拿下了41个。", True),
    ("质检上省了多少人？", "质检人力节省40%以上。", True),  # a share of the counted is a count told
    ("有多少所学校？", "该市于1998年设立，现有学校120所。", True),
])
def test_a_count_is_no_date_rate_of_change_or_the_questions_own_figure(question, sentence, told):
    assert tells_figure(analyse(question), sentence) is told


def test_a_year_is_not_a_quantity():
    money = "2025年收入为50亿元。"
    assert [money[s:e] for s, e in quantity_spans(analyse("收入是多少？"), money)] == ["50亿元"]
    count = "2025年有50个。"
    assert [count[s:e] for s, e in quantity_spans(analyse("有多少？"), count)] == ["50"]


def test_headings_and_fragments_are_not_evidence():
    chunk = Chunk("c", "d", "t", "一、全栈AI云", 0, 0, 10, "x")
    assert is_heading_like("一、全栈AI云", chunk) and is_heading_like("短", chunk)
    assert not is_heading_like("百度近十年累计投入的研发资金超过1800亿元。", chunk)


def test_a_who_question_is_met_by_a_person_the_question_does_not_name():
    # a Chinese personal name has no marker a pattern sees; the tagger finds it (王蕴), and the
    # question's own subject (王法慧) does not count as an answer to it
    info = analyse("王法慧是谁的女儿？")
    assert cue_score(info, "王法慧的父亲是王蕴。") == 1.0
    assert cue_score(info, "王法慧很受宠爱。") == 0.0


@pytest.mark.parametrize("sentence,told", [
    ("双方基于百度自研的昆仑芯P800,实现了规模化应用。", True),
    ("1949年提出了改良型号C-170A。", True),
    ("火箭采用长征五号发射。", True),
    ("与英伟达达成千亿美元级的合作,订购数十万块芯片。", False),  # chips counted, no model named
    ("OpenAI要用英伟达GPU,GPU很贵。", False),  # the question's own words are no answer
    ("沙利文《中国全栈AI云服务(公有云)市场报告2025H1》报告显示。", False),  # a half-year (2025H1) is no model
])
def test_a_model_designation_is_a_code(sentence, told):
    info = analyse("OpenAI要用的那批英伟达GPU是什么型号？")
    assert asks_model(info) and tells_model(info, sentence) is told


def test_which_product_is_answered_by_a_name_before_the_thing():
    info = analyse("百度依靠自己研发的哪一款AI芯片？")
    assert asks_model(info) and tells_model(info, "在算力层,百度自研的昆仑芯AI芯片,搭配百舸AI计算平台。")
    assert not tells_model(info, "百度在国产AI芯片上投入巨大。")  # no name before it
    model = analyse("百度那款AI芯片是什么型号？")  # the model number itself asked: a name is no answer
    assert not tells_model(model, "在算力层,百度自研的昆仑芯AI芯片,搭配百舸AI计算平台。")


@pytest.mark.parametrize("question,asked", [
    ("招商银行的集群用的是哪款芯片？", True),
    ("Which chips does the cluster run on?", True),
    ("Which AI chip does Anthropic design itself?", True),  # a word between "which" and the chip
    ("哪款游戏最受欢迎？", False),  # a game has a title, not a code
])
def test_which_chip_asks_for_a_model(question, asked):
    assert asks_model(analyse(question)) is asked


@pytest.mark.parametrize("question,asked", [
    ("OpenAI与AMD的协议具体是在哪一天签署的？", True),
    ("报告是几月几号发布的？", True),
    ("On what date was the deal signed?", True),
    ("协议是哪一年签署的？", False),  # a year asked: a year answers it
    ("10月9日被定为什么日子？", False),  # a named day (a festival), not a date
    ("他穿几号球衣？", False),  # a number, not a day
])
def test_a_day_asked(question, asked):
    assert asks_day(analyse(question)) is asked


@pytest.mark.parametrize("sentence,told", [
    ("双方于2025年10月6日宣布达成协议。", True),
    ("农历初三举行。", True),
    ("The deal was announced on October 6.", True),
    ("发布会当天股价上涨。", True),
    ("2025年10月,OpenAI与AMD达成协议。", False),  # a month is not a day
    ("百度智能云在2024年的份额第一。", False),
])
def test_a_day_is_told_finer_than_a_month(sentence, told):
    assert tells_day(sentence) is told


@pytest.mark.parametrize("question,sentence,met", [
    ("阿里云的中标数量排第几？", "百度智能云在中标数量上位居行业第一。", True),
    ("阿里云的中标数量排第几？", "中标项目数量已达到358个。", False),  # a count is not a place
    ("香港在DVD分区属于第几区？", "香港属于第三区。", True),
    ("2007年亚冠是第多少届？", "这是第 26 届亚洲冠军联赛。", True),
])
def test_a_place_in_an_order_is_told_by_an_ordinal(question, sentence, met):
    info = analyse(question)
    assert (cue_score(info, sentence) == 1.0) is met and tells_figure(info, sentence) is met


@pytest.mark.parametrize("sentence,told", [
    ("百度自2017年便明确将AI作为核心战略。", True),
    ("出征陈友谅时，他当了骠骑卫指挥使。", True),  # a time told by an event
    ("四国征伐后成为丰臣家的从属势力。", True),
    ("周朝贵族女子15岁举办笄礼。", True),  # an age
    ("《市场报告2025H1》显示，合作伙伴名单中只出现了百度和阿里的名字。", False),  # a year in a title
    ("在模型平台层,千帆大模型平台集成了150多个模型。", False),
    ("招行在享受智能客服体验升级的同时,其技术底座的安全也得到了保障。", False),  # 同时: while, no time
    ("实现了秒级的数据标注速度和95%以上的检测准确率。", False),  # 秒级: a grade of speed
    ("合作在签约一年后上线。", True),
])
def test_a_time_of_any_kind_is_told(sentence, told):
    assert tells_time(sentence) is told


@pytest.mark.parametrize("question,asked", [
    ("阿里云的收入增速排第几？", True),
    ("Where does IDC rank Alibaba Cloud in its latest report?", True),
    ("What rank does IDC give Alibaba Cloud?", True),
    ("How many companies ranked above Baidu?", False),  # a count of them
    ("How is the ranking decided?", False),
])
def test_a_place_in_an_order_is_asked(question, asked):
    assert asks_ordinal(analyse(question)) is asked


@pytest.mark.parametrize("sentence,met", [
    ("吴少阳于元和九年（814年）九月卒。", True),
    ("光海君七年，永昌大君被杀。", True),  # a reign year in Han numerals
    ("榅桲在晚春或初夏开花。", True),  # a season
    ("扁尾海蛇通常在夜间出没。", True),  # a time of day
    ("硕鬣狗生存于上新世晚期至更新世中期。", True),  # a geological period
    ("在四年间订购数十万块芯片。", False),  # a span of years, not a time
    ("百度近十年累计投入的研发资金超过1800亿元。", False),
])
def test_a_time_is_more_than_a_year_in_digits(sentence, met):
    assert (cue_score(analyse("这件事是什么时候？"), sentence) == 1.0) is met


@pytest.mark.parametrize("question,asked", [
    ("千帆大模型平台是哪一年上线的？", True),
    ("In which year did Baidu make AI its core strategy?", True),
    ("千帆大模型平台是什么时候上线的？", False),  # a time, told perhaps by an event (高考恢复后)
    ("百度近十年投了多少？", False),
])
def test_a_year_asked(question, asked):
    assert asks_year(analyse(question)) is asked


@pytest.mark.parametrize("sentence,told", [
    ("百度自2017年便明确将AI作为核心战略。", True),
    ("范白虎于965年割据藤州自立。", True),
    ("同年,双方宣布合作。", True),
    ("在模型平台层,千帆大模型平台集成了150多个模型。", False),
])
def test_a_year_is_told(sentence, told):
    assert tells_year(sentence) is told


@pytest.mark.parametrize("question,asked,needed", [
    ("百度哪一年的研发投入最多？", "多", True),
    ("国内哪家云厂商最大？", "大", True),
    ("哪家云厂商份额最大？", "", False),  # a share asked: a number, the figure answers
    ("国内哪家科技大厂是最先在人工智能上下重注的？", "先", False),  # an event told once is the first
    ("剃刀嘴凤冠雉最早是由谁描述的？", "早", False),
    ("Which company does the article call OpenAI's biggest rival?", "*", True),
    ("Which company was the first to bet on AI?", "早", False),
    ("最近谁发布了报告？", "", False),  # 最近: recently
    ("百度最多投了多少钱？", "", False),  # a number asked: the most of a figure, no ranking
    ("Which company had the revenue in the first half?", "", False),  # the first half is a period
])
def test_a_superlative_asked_of_a_which_question(question, asked, needed):
    assert asks_superlative(analyse(question)) == asked
    assert ranks_needed(asked) is needed


@pytest.mark.parametrize("asked,sentence,ranked,told", [
    ("多", "百度自2017年便将AI作为核心战略,是国内最早押注AI的科技巨头。", True, False),  # another superlative
    ("多", "增速在一众上市云厂商中位列第一。", True, True),  # first place
    ("多", "增速在一众上市云厂商中位列第一。", False, False),  # ...in something else, when the same one is needed
    ("多", "百度是研发投入最多的公司。", False, True),
    ("先", "百度是国内最早押注AI的科技巨头。", False, True),  # the earliest by either word
    ("早", "该公司率先推出了全栈AI云。", False, True),
    ("*", "OpenAI头号劲敌Anthropic,也与谷歌联手宣布了芯片采购计划。", True, True),
    ("*", "数据显示,百度近十年累计投入的研发资金超过1800亿元。", True, False),
])
def test_a_superlative_is_told_by_itself_or_by_first_place(asked, sentence, ranked, told):
    assert tells_superlative(asked, sentence, ranked) is told


@pytest.mark.parametrize("question,thing", [
    ("阿里自己做的AI芯片叫啥名字？", "芯片"),
    ("百度的AI计算平台叫什么名字？", "平台"),
    ("他的妻子叫什么名字？", "妻子"),
    ("生濑胜久活跃於戏剧圈时候的艺名叫什么？", "艺名"),  # not 名叫 inside 艺名叫
    ("《大小姐×执事！》的主角名字叫什么？", "主角"),
    ("在《寻秦记》这部小说里，嬴政的真实姓名叫什么？", ""),  # his own name: the answer itself
    ("阿里云的AI芯片是哪家代工的？", ""),  # no name of a thing asked
    ("相武台下车站最早叫什么？", "车站"),  # the subject's own name: its sentences say 车站
])
def test_the_thing_whose_name_is_asked(question, thing):
    assert named_thing(analyse(question)) == thing


def test_a_thing_is_told_by_a_word_sharing_a_character():
    assert tells_thing("芯片", "百度自研的昆仑芯AI芯片") == 2
    assert tells_thing("妻子", "其妻王氏出身名门。") == 1 and tells_thing("芯片", "百度自研的昆仑芯") == 1
    assert tells_thing("芯片", "阿里云与百度智能云共同占据AI云市场超50%的份额。") == 0


def test_a_sentence_read_again_for_another_kind_of_question_is_scored_for_that_kind():
    sentence = "阿里云成立于2009年，排名第一。"
    asked = [("阿里云是哪一年成立的？", 1.0), ("阿里云排第几？", 1.0), ("阿里云的收入是几纳米？", 0.0),
             ("为什么阿里云领先？", 0.0), ("阿里云是哪一年成立的？", 1.0)]
    for question, expected in asked:  # the same sentence each time: what is kept per sentence is per kind
        assert cue_score(analyse(question), sentence) == expected, question


@pytest.mark.parametrize("question,measure", [
    ("中国钢研的检测准确率比原来提高了多少个百分点？", "测准确率"),  # (the base after 比 is not the measure)
    ("2025年上半年百度AI新业务收入同比增长了多少？", "业务收入"),
    ("产线效率提升了多少？", "产线效率"),
    ("两家加起来的AI云份额，比去年提高了几个百分点？", "I云份额"),  # (the comma before the base)
    ("收入是多少？", ""),  # no change asked
    ("阿里云2025年上半年同比增长了多少？", "阿里云"),  # a year and a part of it say when, not what
    ("2025年上半年同比增长了多少？", ""),
])
def test_the_measure_whose_change_is_asked(question, measure):
    assert changed_measure(analyse(question)) == measure


@pytest.mark.parametrize("measure,sentence,told", [
    ("业务收入", "2025年上半年,百度AI新业务收入达到194亿元,同比增长高达36%。", True),  # the clause before names it
    ("项目数量", "中标项目数量已达到358个,较2024年全年激增170%。", True),
    # a level of the measure, and another measure's change, are no change of it
    ("测准确率", "实现了95%以上的检测准确率等关键指标突破,最终让产线效率提升50%以上。", False),
    ("产线效率", "实现了95%以上的检测准确率等关键指标突破,最终让产线效率提升50%以上。", True),
    ("业务收入", "百度AI新业务收入同比增长明显。", False),  # a change without a figure
])
def test_a_change_is_told_of_its_measure_with_a_figure(measure, sentence, told):
    assert tells_change(measure, sentence) is told


def test_the_measure_whose_change_an_english_question_asks_is_its_translation():
    translated = {"inspection": ("质检",), "accuracy": ("准确性",), "improve": ("提升",), "baidu": ("百度",)}
    info = analyse("By how many percentage points did inspection accuracy improve at Baidu?")
    assert changed_measure_en(info, translated) == ("质检", "准确性")
    assert changed_measure_en(analyse("How fast did Baidu grow?"), {"baidu": ("百度",)}) == ()  # the subject alone
    assert changed_measure_en(analyse("How much did Baidu earn?"), translated) == ()  # no change asked
    with_subject = {"baidu's annual r&d": ("百度", "研发"), "grow": ("增长",)}
    info = analyse("By how much did Baidu's annual R&D spending grow?")
    assert changed_measure_en(info, with_subject, ("百度",)) == ("研发",)  # not the subject as the corpus writes it


def test_what_a_verb_changes_is_its_object_when_it_has_one():
    translated = {"steel project": ("钢铁", "项目"), "production line": ("生产线",), "efficiency": ("效率",), "baidu": ("百度",)}
    info = analyse("How much did the steel project with Baidu improve production line efficiency?")
    assert changed_measure_en(info, translated) == ("生产线", "效率")  # not the project that improved it
    info = analyse("How much did the steel project's efficiency improve in 2025?")  # no object: what comes before
    assert changed_measure_en(info, translated) == ("钢铁", "项目", "效率")


_UNIT_QUESTIONS = ("阿里云计划投入多少钱？", "研发占比是百分之多少？", "芯片是几纳米的？", "How much money did it raise?")


@given(st.sampled_from(_UNIT_QUESTIONS),
       st.text(alphabet=st.sampled_from(list("0123456789.,亿万千两三元美金币块%纳米 $€dollarsUSD年个P-")), max_size=24))
def test_holds_quantity_agrees_with_quantity_spans(question, text):
    # the unit's word (a currency's mark) is only a shortcut: never a quantity missed or added
    info = analyse(question)
    assert info.unit
    assert holds_quantity(info, text) == bool(quantity_spans(info, text))


def test_holds_quantity_needs_the_unit():
    info = analyse("阿里云计划投入多少钱？")
    assert holds_quantity(info, "超过3800亿元")
    assert not holds_quantity(info, "超过3800亿")


@pytest.mark.parametrize("question, rank", [("沙利文报告里排第三的厂商是谁？", 3), ("第二大城市是哪个？", 2),
                                            ("他在榜单上排名第十二吗？", 12), ("Which is the third-largest city?", 3),
                                            ("Who ranked second?", 2), ("排第几？", 0), ("第二季度收入是多少？", 0),
                                            ("谁排第一？", 0)])
def test_rank_named_is_a_place_the_question_gives(question, rank):
    assert rank_named(analyse(question)) == rank


def test_tells_rank_in_any_writing():
    assert tells_rank(3, "位列第三") and tells_rank(3, "第 3 名") and tells_rank(3, "came third") and tells_rank(3, "3rd")
    assert tells_rank(12, "排名第十二") and tells_rank(20, "第二十")
    assert not tells_rank(2, "第二十") and not tells_rank(3, "位列第一") and not tells_rank(3, "第三十")


def test_sectors_by_their_stem():
    assert sectors("百度智能云在钢铁行业大模型中标的数量排第几？") == {"钢铁"}
    assert sectors("制造业的中标项目") == {"制造"} and sectors("如果说金融业考验的是") == {"金融"}
    assert sectors("在人工智能领域和汽车产业") == {"人工智能", "汽车"}
    assert not sectors("中小企业的行业新趋势")  # 中小企 is no word; 行业 alone names none


def test_other_sector_needs_another_named_and_the_asked_one_absent():
    told = "金融行业,2025年1-9月,大模型相关的中标项目数量已达到358个"
    assert other_sector(frozenset({"制造"}), told, "")
    assert not other_sector(frozenset({"金融"}), told, "")
    assert not other_sector(frozenset({"制造"}), told, "传统制造业的痛点")  # the passage is about it too
    assert not other_sector(frozenset({"制造"}), "中标项目数量已达到358个", "")  # no sector named: cannot tell


def test_a_count_asked_is_not_told_by_a_sum_of_money():
    assert not tells_figure(analyse("How many GPUs were used to train GPT-4?"), "训练GPT-4耗资数亿美元")
    assert tells_figure(analyse("How many GPUs does the deal cover?"), "由数百万个英伟达GPU提供支持")
    assert not tells_figure(analyse("招行用了多少张卡？"), "耗资25亿美元")


@pytest.mark.parametrize("question, asked", [
    ("百度智能云的负责人是谁？", True), ("谁是招商银行的董事长？", True), ("谁创办了这家公司？", True),
    ("Who is the head of Baidu AI Cloud?", True), ("Who founded Anthropic?", True), ("Who is OpenAI's CEO?", True),
    ("谁是OpenAI的头号劲敌？", False), ("Anthropic是跟谁联手买芯片的？", False),  # a party asked, no post
    ("《张居正》的作者是谁？", False), ("该漫画是由谁创作的？", False),  # an author: works are told with many verbs
])
def test_asks_person_role_is_a_post_or_founding(question, asked):
    assert asks_person_role(analyse(question)) == asked


def test_tells_person_role():
    assert tells_person_role("其CEO山姆·奥特曼此前曾告诉员工") and tells_person_role("现任校长为阮爱馨女士")
    assert tells_person_role("由JR东日本委托子公司营运") and tells_person_role("The bank was founded in 1987 by")
    assert not tells_person_role("在阿里云、百度智能云两大头部玩家的牵头和引领下")


def test_an_idiom_with_a_day_in_it_tells_no_day():
    assert not tells_day("冰冻三尺,非一日之寒") and not tells_day("数日后")
    assert tells_day("十月一日") and tells_day("同年七月十五日") and tells_day("1日")


@pytest.mark.parametrize("question, measure", [("OpenAI上半年烧的现金比去年同期多出来多少？", "现金"),
                                              ("检测准确率比原来提高了多少个百分点？", "测准确率"),
                                              ("这个比例是多少？", "")])
def test_a_difference_from_a_base_asks_a_change(question, measure):
    assert changed_measure(analyse(question)) == measure


@pytest.mark.parametrize("question,figure,unit", [
    ("百度AI新业务那194亿的收入里，光智能云就贡献了多少？", "194", "亿"),
    ("千帆平台上那150多个模型里，百度自家的占几个？", "150", "个"),
    ("那358个中标项目里，百度中了多少个？", "358", "个"),
    ("Of the 194 billion yuan, how much came from the cloud?", "194", "billion"),
])
def test_a_part_of_a_total_the_question_names_is_read(question, figure, unit):
    from rag.evidence.cues import total_asked

    assert total_asked(analyse(question)) == Total(figure, unit)


@pytest.mark.parametrize("question", ["2025年1到9月这段时间里，金融业中标项目一共有多少个？",  # a span of months
                                      "那358个中标项目比2024年增长了多少？",  # the 中 of 中标 is in no total
                                      "百度AI新业务收入是多少？", "2025年里阿里云投了多少钱？"])
def test_no_total_is_read_where_none_is_named(question):
    from rag.evidence.cues import total_asked

    assert total_asked(analyse(question)) is None


def test_a_part_of_a_total_is_told_only_by_another_figure_of_its_kind():
    question = analyse("百度AI新业务那194亿的收入里，光智能云就贡献了多少？")
    total = "2025年上半年，百度AI新业务收入达到194亿元，同比增长高达36%。"
    assert not tells_figure(question, total)  # the total again, a year and a growth rate: no part of it
    assert tells_figure(question, "其中智能云收入为120亿元。")
    models = analyse("千帆平台上那150多个模型里，百度自家的占几个？")
    assert not tells_figure(models, "千帆平台集成了150多个模型，在一个平台上完成选型。")  # 一个 is "a"
    assert tells_figure(models, "其中十多个是百度自研的。")


@pytest.mark.parametrize("question,asked", [
    ("百度那个万卡集群建在哪个城市？", True), ("招商银行总部在哪？", True), ("In which city is the cluster?", True),
    ("Where is Baidu headquartered?", True),
    ("全栈的优势在哪里？", False),  # where it lies, in the abstract
    ("基督教神学院位于哪里？", False),  # (a country, a sea or a street may answer it)
    ("富国银行广场建于哪一年？", False), ("哪个市场份额更大？", False),
])
def test_a_place_is_asked_by_its_kind(question, asked):
    from rag.evidence.cues import asks_place

    assert asks_place(analyse(question)) is asked


def test_a_place_is_told_by_a_name_the_dictionary_calls_one():
    from rag.evidence.cues import tells_place

    places = {"杭州", "乌兰察布"}
    names = lambda text: {n for n in ("杭州", "乌兰察布", "百度") if n in text}  # noqa: E731
    assert tells_place("百度在乌兰察布建成万卡集群。", places.__contains__, names)
    assert not tells_place("百度成功点亮国内首个自研万卡集群。", places.__contains__, names)
