"""The CC-CEDICT word bridge: English question words -> the Chinese words a corpus uses (real dictionary)."""

import pytest

from rag.text.bridge import CedictBridge, _variants

CORPUS = {"收入", "上半年", "芯片", "百度", "阿里", "谷歌", "研发", "员工", "银行", "部署"}


@pytest.fixture(scope="module")
def bridge():
    return CedictBridge()


def test_inflections_are_undone():
    assert "chip" in _variants("chips")
    assert "company" in _variants("companies")
    assert "raise" in _variants("raised")
    assert "alibaba" in _variants("alibaba's")


def test_question_words_become_corpus_words(bridge):
    question = "What was Baidu's revenue in the first half of 2025? Which bank deployed the chips?"
    out = bridge.translate(question, CORPUS.__contains__)
    words = {w for ws in out.values() for w in ws}
    assert {"收入", "上半年", "银行", "部署", "芯片"} <= words
    assert all(w in CORPUS for w in words)  # only words the corpus uses


def test_the_asked_type_name_is_no_word_to_look_for(bridge):
    out = bridge.translate("What is the name of Baidu's AI chip?", {"名字", "百度", "芯片"}.__contains__)
    assert "名字" not in {w for ws in out.values() for w in ws}
    assert {"百度", "芯片"} <= {w for ws in out.values() for w in ws}


def test_what_a_term_means_is_no_word_to_look_for(bridge):
    has = {"意味着", "意味", "税"}.__contains__
    for question in ('What does the article mean by "tax"?', "What does tax mean?", "So what is tax supposed to mean?"):
        words = {w for ws in bridge.translate(question, has).values() for w in ws}
        assert words == {"税"}, question
    # "means" that is no question of meaning stays a word
    assert "意味着" in {w for ws in bridge.translate("It means a tax", has).values() for w in ws}


def test_a_two_word_term_is_found_as_the_compound_the_corpus_writes(bridge):
    corpus = {"算力", "算力税", "税", "计算", "数据", "中心", "数据中心"}
    out = bridge.translate('What is the "compute tax"?', corpus.__contains__)
    assert out == {"compute tax": ("算力税",)}  # 算力 "computing power" + 税 "tax", not its words apart
    # quoted or not (no gloss gives "data center" whole)
    assert bridge.translate("What is the compute tax?", corpus.__contains__) == {"compute tax": ("算力税",)}
    assert bridge.translate("How many data centers are planned?", corpus.__contains__)["data centers"] == ("数据中心",)
    # a compound the corpus does not write is never made up: the words are translated one by one
    assert bridge.translate('What is the "compute tax"?', {"计算", "税"}.__contains__) == {"compute": ("计算",), "tax": ("税",)}
    # nor is one made with a name, which is bridged as a name
    assert "data centers" not in bridge.translate("How many Data centers are planned?", corpus.__contains__)


def test_a_time_pointed_at_is_no_stand_in_for_its_head_noun(bridge):
    # "last year" (去年) and "whole year" (全年) are one year each, not translations of "years"
    assert not {"去年", "全年"} & set(bridge.lookup("years"))
    assert "芯片" in bridge.lookup("chip")  # a head noun still finds its kinds (computer chip)


def test_r_and_d_is_looked_up_in_full(bridge):
    out = bridge.translate("How much did Baidu spend on R&D?", {"研发", "百度"}.__contains__)
    assert out["research and development"] == ("研发",)


def test_a_phrase_found_whole_is_not_split(bridge):
    out = bridge.translate("research and development", CORPUS.__contains__)
    assert out == {"research and development": ("研发",)}


def test_names_are_rendered_as_the_corpus_writes_them(bridge):
    has = CORPUS.__contains__
    assert bridge.name_forms("Baidu", has) == ("百度",)
    assert bridge.name_forms("Alibaba", has) == ("阿里",)  # 阿里巴巴's leading pair
    assert bridge.name_forms("Huawei", has) == ()  # known name, absent from this corpus
    assert bridge.name_forms("Frost", has) is None  # also an ordinary word: undecided
    assert bridge.name_forms("Qwertyzzz", has) is None  # unknown


def test_names_in_a_chinese_sentence(bridge):
    assert "百度" in bridge.names_in("数据显示,百度近十年累计投入的研发资金超过1800亿元")
    assert bridge.names_in("企业可以避免工具链碎片化的困扰") == set()
    # a capitalised gloss that is something said (请问 "Excuse me") names no one
    assert bridge.names_in("请问阿里云与百度智能云合起来占多少") == {"百度", "阿里"}
    # a name jieba does not know and cuts into pieces (跟英伟达 -> 跟英, 伟达) is found whole; a month is no name
    assert bridge.names_in("OpenAI跟英伟达那单合作要分几年？") == {"英伟达"}
    assert bridge.names_in("温度最高是三、四月份。") == set()


def test_synonyms_share_two_glosses(bridge):
    has = {"收入", "数量", "规模"}.__contains__
    assert bridge.synonyms("营收", has) == ("收入",)  # income, revenue
    assert bridge.synonyms("容量", has) == ()  # shares one sense at most with 数量


def test_a_single_character_only_for_its_own_gloss(bridge):
    assert "税" in bridge.lookup("tax")  # 税 "taxes"
    assert bridge.name_forms("Nian", {"年"}.__contains__) in (None, ())  # 年 "surname Nian" is no rendering


def test_a_chinese_question_on_an_english_corpus(bridge):
    has = {"revenue", "income", "engineers", "headquarters"}.__contains__
    out = bridge.translate("这家公司2024年的收入是多少？", has)
    assert set(out["收入"]) <= {"revenue", "income"} and out["收入"]


@pytest.mark.parametrize("short,full,yes", [
    ("外媒", "外国媒体", True),  # the dictionary says "abbr. of 外国媒体"
    ("质检", "质量检验", True),  # "quality inspection": 质量 "quality", 检验 "inspect"
    ("财报", "财务报告", True),  # "financial report": 财务 "financial affairs", 报告 "report"
    ("身体", "身高体重", False),  # "body": only 体重 "body weight" gives a word of it
    ("多时", "多长时间", False),  # "long time": 多长 is no word of the dictionary
    ("国会", "国际会议", False),
])
def test_an_abbreviation_is_read_from_the_dictionary(bridge, short, full, yes):
    assert bridge.abbreviates(short, full, (full[:2], full[2:])) is yes



@pytest.mark.parametrize("word,verb", [("卡住", True), ("折腾", True), ("比例", False), ("百度", False), ("投入", False)])
def test_a_word_glossed_only_as_a_verb_is_a_verb(bridge, word, verb):
    assert bridge.is_verb(word) is verb  # (投入 is also "absorbed": not only a verb)


def test_an_irregular_form_is_looked_up_by_its_dictionary_form(bridge):
    assert "花费" in bridge.lookup("spent") and "花费" in bridge.lookup("spend")
    assert "增长" in bridge.lookup("grew")  # grow
    assert "存在" not in bridge.lookup("ai")  # a short word is not lemmatised (the lemmatiser reads "ai" as "be")


def test_the_dictionary_names_cities_and_provinces_as_places(bridge):
    for place in ("杭州", "北京", "广东", "乌兰察布"):
        assert bridge.is_place(place), place
    for word in ("百度", "上市", "本土", "中国"):  # (a country is no city or province)
        assert not bridge.is_place(word), word


def test_a_term_in_plain_single_quotes_is_translated_whole(bridge):
    has = {"算力税", "算力", "计算"}.__contains__
    assert bridge.translate("What does the article mean by the 'compute tax'?", has).get("compute tax") == ("算力税",)
    assert "compute tax" not in bridge.translate("What is OpenAI's compute and Baidu's tax?", has)  # possessives


@pytest.mark.parametrize("word,verb", [("runs", True), ("quit", True), ("went", True), ("hired", True),
                                       ("staff", False), ("money", False), ("cost", False), ("workforce", False),
                                       ("Brennholt", False), ("3", False)])
def test_an_english_word_glossed_mostly_as_to_word_is_a_verb(bridge, word, verb):
    assert bridge.english_verb(word) is verb  # (cost: "to cost" twice, "cost" five times)
