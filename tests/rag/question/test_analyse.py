"""What a question asks for: kind and unit (pure functions, no model)."""

import pytest

from rag.question.analyse import MONEY, analyse, answer_unit, written_asking


@pytest.mark.parametrize("question", [
    "百度智能云2024年全年的收入是多少？",
    "2025年1-9月金融行业大模型相关中标项目的总金额是多少？",
    "这次合作花了多少钱？",
    "What was Alibaba Cloud's revenue in the first half of 2025?",
    "How much money has the company raised?",
    "百度这十来年砸的研发钱是多少？",  # everyday words for a sum: 钱, 那笔
    "阿里说要投的那笔是多少？",
])
def test_a_sum_of_money_is_asked_for(question):
    info = analyse(question)
    assert (info.kind, info.unit) == ("number", MONEY)


@pytest.mark.parametrize("question", [
    "2025年上半年百度AI新业务收入同比增长了多少？",  # a rate, not a sum
    "阿里云收入占比多少？",
    "How much did its revenue grow year on year?",
    "这家公司有多少员工？",
])
def test_growth_shares_and_counts_are_not_money(question):
    assert analyse(question).unit != MONEY


def test_a_project_is_not_a_purpose():
    # 项目的 holds 目的 ("purpose"), which once made this a why-question
    assert analyse("中标项目的总金额是多少？").kind == "number"
    assert analyse("这次合作的目的是什么？").kind == "reason"


def test_a_word_holding_scale_is_no_question_of_size():
    # 大规模 ("large-scale") once made this a number question, and a sentence without a figure a refusal
    assert analyse("哪家银行实现了国产AI芯片在大规模集群环境下的规模化应用？").kind == "name"
    assert analyse("百度AI新业务的营收规模有多大？").kind == "number"


def test_a_valuation_is_a_sum_of_money_and_a_number():
    info = analyse("What is Anthropic's current valuation?")
    assert (info.kind, info.unit) == ("number", MONEY)


def test_english_possessives_are_the_name():
    from rag.text.tokenize import content_terms, tokens

    assert "acme" in tokens("Acme's main product") and "anthropic" in content_terms("What was Anthropic’s revenue?")


@pytest.mark.parametrize("question,subject", [
    ("哪家公司是OpenAI的头号劲敌？", "OpenAI"),  # the phrase after 哪家 is the kind of answer asked for
    ("国内哪家科技大厂最早押注AI？", "AI"),
    ("什么芯片？", ""),  # nothing but the asked kind: no subject
    ("百度智能云与招商银行的合作基于哪款芯片？", "百度智能云"),
])
def test_the_phrase_after_a_which_word_is_not_the_subject(question, subject):
    assert analyse(question).subject == subject


@pytest.mark.parametrize("question,subject", [
    ("在金融行业大模型项目的中标数量上，阿里云排在第几名？", "阿里云"),  # the opening phrase sets the scope
    ("在2025年上半年，百度的收入是多少？", "百度"),
    ("在金融行业，哪家厂商中标最多？", "金融行业"),  # nothing named after it: the scope it is
    ("金融行业有多少个大模型中标项目？", "金融行业"),
])
def test_the_subject_is_read_past_an_opening_phrase_of_scope(question, subject):
    assert analyse(question).subject == subject


def test_months_and_weekdays_are_not_names():
    from rag.question.analyse import english_names

    names = english_names("How much did OpenAI make from January through June, or on Monday in Sep?")
    assert "OpenAI" in names and not {"January", "June", "Monday", "Sep"} & set(names)


@pytest.mark.parametrize("question,subject", [
    ("How many Google TPUs is OpenAI going to use?", "OpenAI"),  # the counted thing is what is asked
    ("How many employees does OpenAI have?", "OpenAI"),
    ("How many Google TPUs?", "Google TPUs"),  # nothing else is named
    ("Which AI chip has Alibaba Cloud developed in-house?", "Alibaba Cloud"),  # the thing asked, then its party
    ("What AI model does OpenAI use?", "OpenAI"),
])
def test_an_english_how_many_question_is_about_the_party_after_the_counted_thing(question, subject):
    assert analyse(question).subject == subject


@pytest.mark.parametrize("question,subject", [
    # an acronym before a noun says what kind of thing is asked; the party named after it is the subject
    ("What is the name of the self-developed AI chip that Alibaba Cloud uses?", "Alibaba Cloud"),
    ("What is the AI cloud market share of Baidu?", "Baidu"),
    ("What did AMD agree with OpenAI?", "AMD"),  # (after did: the subject of the verb)
    ("What is AI?", "AI"),  # nothing else is named
])
def test_an_english_acronym_before_a_noun_is_not_the_subject_when_a_party_follows(question, subject):
    assert analyse(question).subject == subject


@pytest.mark.parametrize("question,kind", [
    ("Anthropic那个几百亿美元的大单，是跟谁一起宣布的？", "name"),  # 几百亿: a rough figure, not a question
    ("那几家头部厂商为啥能领先？", "reason"),  # 那几家: "those few"; 为啥: spoken "why"
    ("百度有几家子公司？", "number"),
    ("用户有几亿？", "number"),
    ("What market share does Baidu AI Cloud hold on its own?", "number"),  # a share with a word before it
    ("What share of the market does Baidu hold?", "number"),
    ("文章结尾说啥样的玩家才能率先摸到回报的曙光？", "other"),  # 什么样: what kind of, not what the article says
])
def test_a_few_and_rough_figures_do_not_ask_for_a_number(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question,kind", [
    ("OpenAI这帮公司到处抢算力，到底图个啥？", "reason"),  # 图个啥: what for
    ("这次选举是为了什么？", "reason"),
    ("这张地图什么时候画的？", "time"),  # 地图 is no 图
    ("这张插图什么意思？", "other"),
])
def test_a_purpose_asked_in_speech_is_a_reason(question, kind):
    assert analyse(question).kind == kind


def test_spoken_question_words_are_no_content():
    info = analyse("“算力税”是啥意思？")
    assert "啥意思" not in info.terms and info.focus == ("算力", "税")  # asked about: what comes before 啥


@pytest.mark.parametrize("question,subject", [
    ("云厂商干嘛非得把从芯片到应用的整条链都攥在自己手里？", "云厂商"),  # 干嘛: spoken "why", no part of the subject
    ("百度干吗要自己做芯片？", "百度"),
    ("阿里云干啥要砸3800亿？", "阿里云"),
])
def test_why_asked_in_speech_is_a_reason_and_no_word_the_corpus_lacks(question, subject):
    info = analyse(question)
    assert info.kind == "reason" and info.subject == subject
    assert not {"干嘛", "干吗", "干啥"} & set(info.terms)


@pytest.mark.parametrize("question,noun", [
    ("百度智能云一共有多少员工？", "员工"),
    ("沙利文调研了多少家企业？", "企业"),  # past the measure word
    ("这笔投资花了多少钱？", ""),  # a sum, not a count of something
    ("收入多少亿元？", ""),
])
def test_a_chinese_count_question_names_what_it_counts(question, noun):
    from rag.question.analyse import counted_noun_zh

    assert counted_noun_zh(question) == noun


def test_total_adverbs_are_no_content():
    # 一共 once made 百度智能云一共有多少员工 a refusal for the wrong reason ("一共" missing)
    assert "一共" not in analyse("百度智能云一共有多少员工？").terms


@pytest.mark.parametrize("question,kind", [
    ("美味牛肝菌又被称为什么？", "other"),  # 称为 + 什么: "is called what", not "why"
    ("索靖去世后被追封为什么？", "other"),
    ("锄骨齿在成熟期会变化为什么形状？", "other"),
    ("王爱爱为什么被称为“金嗓子”？", "reason"),
    ("他为什么成为冠军？", "reason"),
])
def test_wei_shenme_after_a_verb_it_completes_asks_no_reason(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question,kind", [
    ("OpenAI与AMD的协议具体是在哪一天签署的？", "date"),
    ("报告是几月几号发布的？", "date"),
    ("协议是哪一年签署的？", "time"),
])
def test_a_day_asked_is_a_date_question(question, kind):
    assert analyse(question).kind == kind
    assert analyse("地铁几号线经过这里？").kind == "number"  # a line's number, not a day
    assert analyse("他穿几号球衣？").kind == "number"


@pytest.mark.parametrize("spoken,written", [
    ("那款芯片叫啥？", "那款芯片叫什么？"),
    ("阿里云啥时候宣布的计划？", "阿里云什么时候宣布的计划？"),
    ("他们为啥要做全栈？", "他们为什么要做全栈？"),
    ("这笔钱啥时投完？", "这笔钱什么时候投完？"),
])
def test_spoken_question_words_ask_what_the_written_ones_ask(spoken, written):
    assert written_asking(spoken) == written
    assert analyse(spoken).kind == analyse(written).kind != "other"
    assert written_asking("总部在哪儿？") == "总部在哪里？"


@pytest.mark.parametrize("question,unit", [
    ("几纳米工艺？", "纳米"),
    ("有多少人参加？", "人"),  # 人 / 参加, not 人参
    ("质检省了多少人力？", ""),  # the first character of 人力: a percentage may answer it
    ("镇内有多少人口？", ""),
    ("在香港设有多少家分店？", ""),  # a measure word before its noun
])
def test_the_unit_a_number_answer_must_carry(question, unit):
    assert answer_unit(question) == unit


@pytest.mark.parametrize("question,kind", [
    ("Which bank uses Alibaba Cloud's chips?", "name"),  # a possessive is no plural
    ("Which company does the article call OpenAI's biggest rival?", "name"),
    ("Which companies appear on Apple Intelligence's list of partners?", "list"),
    ("Which chips does it use?", "list"),
    # a kind of body asked with words before it asks for its name too
    ("Which engineering firm led the consortium that built the line?", "name"),
    ("What national bank lent the money?", "name"),
])
def test_which_with_a_plural_noun_asks_for_a_list(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question,asked,not_asked", [
    ("How big is the largest plant?", {"largest", "plant"}, {"big"}),
    ("How long did the build-out take?", {"build-out", "take"}, {"long"}),
    ("Why is the price so high?", {"price", "high"}, set()),  # not after "how": a word of its own
])
def test_the_degree_word_of_an_english_how_question_is_no_term(question, asked, not_asked):
    terms = set(analyse(question).terms)
    assert asked <= terms and not (not_asked & terms)


def test_a_measure_is_not_counted():
    from rag.question.analyse import counted_noun_zh

    assert counted_noun_zh("百度智能云有多少员工？") == "员工"
    assert counted_noun_zh("两家一共占了多少市场份额？") == ""  # a share (超50%的份额), not a count
    assert counted_noun_zh("去年有多少收入？") == ""


@pytest.mark.parametrize("question,subject", [
    ("Who is the CEO of Anthropic?", "Anthropic"),  # whose post is asked, not the post
    ("Who is the CFO of Brennholt Foods?", "Brennholt Foods"),
    ("What did the CEO say?", "CEO"),  # no one else named
])
def test_a_role_title_is_not_the_subject_when_a_party_follows(question, subject):
    assert analyse(question).subject == subject


@pytest.mark.parametrize("question,kind", [
    ("What revenue did Anthropic generate in the first half of 2025?", "number"),  # the measure right after what
    ("文章引用的沙利文报告全称是什么？", "name"),
])
def test_more_kinds_of_question(question, kind):
    assert analyse(question).kind == kind


def test_a_month_is_no_subject_and_a_counted_phrase_keeps_its_plural_nouns():
    from rag.question.analyse import counted_phrase

    question = "How many bidding wins for large-model projects did the financial sector record from January to September 2025?"
    assert analyse(question).subject == "" and counted_phrase(question) == "bidding wins"
    assert counted_phrase("How many engineers work on Kunlunxin chips?") == "engineers"


@pytest.mark.parametrize("question,kind", [
    ("When did Valmont open the Green Line?", "time"),
    ("And when was the park founded?", "time"),
    ("In the first half of 2025, when did OpenAI sign with AMD?", "time"),
    ("Since when has Baidu bet on AI?", "time"),
    ("The Green Line opened when?", "time"),
    ("Do you know when Baidu made AI its core strategy?", "time"),
    # a clause's "when" asks no time
    ("What share of enterprises hit a 'technology cliff' when applying AI?", "number"),
    ("Who spoke when the line opened?", "name"),
    ("When the article talks about a full-stack closed loop, what layers does that stack consist of?", "other"),
    ("When did OpenAI sign with AMD, and what was the deal worth?", "time"),
])
def test_when_asks_a_time_only_where_it_is_the_question_word(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question,kind", [
    ("What did Alibaba Cloud bring in during the first half of 2025, and at what year-on-year growth rate?", "number"),
    ("In what year was the park set up?", "time"),
    ("At what rate did OpenAI's revenue grow?", "number"),
    ("What dividend per share will Alvora Group pay for 2023?", "number"),
])
def test_a_rate_asked_with_what_is_a_number_not_a_year(question, kind):
    assert analyse(question).kind == kind  # ("what year-on-year" asks no year)
