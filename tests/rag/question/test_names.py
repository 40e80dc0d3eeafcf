"""How a corpus writes a question's names (real dictionary, a small stand-in vocabulary)."""

import pytest

from rag.question.analyse import analyse
from rag.question.names import CorpusNames, writes
from rag.text.bridge import CedictBridge


class Vocabulary:
    def __init__(self, words):
        self.words = set(words)

    def has(self, term: str) -> bool:
        return term in self.words


@pytest.fixture(scope="module")
def names():
    return CorpusNames(Vocabulary({"百度", "阿里", "收入", "营业", "openai", "anthropic", "谷歌", "云", "ai"}),
                       CedictBridge(), "zh")


@pytest.mark.parametrize("question,written", [
    ("Google和Anthropic的芯片采购计划有多大？", "谷歌和Anthropic的芯片采购计划有多大？"),  # Anthropic: written as it is
    ("Alibaba Cloud上半年收入多少？", "阿里云上半年收入多少？"),  # the rest of the name through the dictionary
    ("Baidu AI Cloud排第几？", "百度AI云排第几？"),
    ("Microsoft上半年收入多少？", "Microsoft上半年收入多少？"),  # the corpus never writes it: left to be refused
    ("《This Is Where I Came In》是第几张专辑？", "《This Is Where I Came In》是第几张专辑？"),  # a title, not a party
    ("他在红袜2A队出赛如何？", "他在红袜2A队出赛如何？"),  # a letter is no name
    ("What was Google's revenue?", "What was Google's revenue?"),  # an English question goes through the bridge
])
def test_a_latin_name_in_a_chinese_question_is_put_as_the_corpus_writes_it(names, question, written):
    assert names.in_corpus_script(question) == written


@pytest.mark.parametrize("question,written", [
    ("质量检验这块省下了多少人手？", "质检这块省下了多少人手？"),  # the corpus writes 质检, not 质量检验
    ("财务报告里写了什么？", "财报里写了什么？"),
    ("北京大学在哪里？", "北京大学在哪里？"),  # the corpus writes it in full: it stays (not 北大)
    ("环境保护投入多少？", "环境保护投入多少？"),  # the corpus has no 环保 either
    ("外国媒体怎么报道的？", "外国媒体怎么报道的？"),  # two words, not one compound of the dictionary
    ("他的身高体重是多少？", "他的身高体重是多少？"),  # 身体 ("body") does not abbreviate height and weight
    ("这个俱乐部存在了多长时间？", "这个俱乐部存在了多长时间？"),  # nor 多时 "how long"
    ("Quality inspection saved how much?", "Quality inspection saved how much?"),
])
def test_a_compound_the_corpus_writes_abbreviated_is_put_as_it_writes_it(question, written):
    names = CorpusNames(Vocabulary({"质检", "财报", "北大", "北京大学", "外媒", "人力", "身体", "多时"}), CedictBridge(), "zh")
    assert names.abbreviated(question) == written


@pytest.mark.parametrize("text,name,found", [
    ("拿open ai来说", "openai", True),
    ("扩展openai的算力", "open ai", True),
    ("拿open ai来说", "anthropic", False),
])
def test_a_latin_name_is_found_spaced_or_not(text, name, found):
    assert writes(text, name) is found


def test_english_subjects_are_written_as_the_corpus_writes_them(names):
    assert names.subject_forms(analyse("What was Alibaba Cloud's revenue?")) == ("阿里",)
    assert names.subject_forms(analyse("How much revenue did OpenAI make?")) == ("openai",)
    assert names.subject_forms(analyse("百度的收入是多少？")) == ("百度",)  # same language: as asked


def test_a_known_name_the_corpus_never_uses_is_absent(names):
    assert names.question_forms(analyse("What share of China's market does Microsoft hold?"))[1]
    assert not names.question_forms(analyse("How much did Baidu invest in R&D?"))[1]  # R&D: undecided
    assert not names.question_forms(analyse("百度的收入是多少？"))[1]
    assert names.question_forms(analyse("How much did DeepSeek spend on training?"))[1]  # camel-case brand
    assert not names.question_forms(analyse("How many models does Qianfan offer?"))[1]  # a romanised name: undecided


@pytest.mark.parametrize("question,absent", [
    ("微软跟OpenAI签的协议值多少钱？", ("微软",)),  # a party beside the subject the corpus never names
    ("华为和百度的收入谁高？", ("华为",)),
    ("百度和谷歌的收入谁高？", ()),
    ("文革期间，百度在做什么？", ()),  # the corpus writes 文化大革命: the same name ("Cultural Revolution")
    ("这款芯片由哪家工厂代工？", ()),  # 代工 "OEM": a kind of work, not a party
    ("What was Microsoft's revenue?", ()),  # another language: the bridge's name forms decide (question_forms)
])
def test_a_chinese_question_naming_a_party_the_corpus_never_uses(question, absent):
    names = CorpusNames(Vocabulary({"百度", "谷歌", "收入", "openai", "文化大革命", "芯片"}), CedictBridge(), "zh")
    assert names.absent_names(analyse(question)) == absent


def test_what_an_english_quantity_question_asks_for(names):
    info = analyse("What was Anthropic's revenue in the first half of 2025?")
    assert names.asked_heads(info, {"revenue": ("收入",), "first half": ("上半年",), "anthropic": ("anthropic",)}) == ("收入",)


def test_a_missing_word_with_a_synonym_in_the_corpus_counts_less(names):
    assert names.synonym_discount("营收", cross=False) < 1.0
    assert names.synonym_discount("估值", cross=False) == 1.0
    assert names.synonym_discount("营收", cross=True) == 1.0


def test_a_subject_known_only_in_part_is_not_whole(names):
    assert names.subject_whole(analyse("What was Alibaba Cloud's revenue?"))  # Cloud: a kind of body
    assert names.subject_whole(analyse("百度的收入是多少？"))  # in the corpus's language, as asked
    # only China would be looked for (中国), not the bank: a passage without it may still name the bank
    assert not names.subject_whole(analyse("Which chips did the China Merchants Bank cluster run on?"))


def test_the_names_of_a_text_are_read_once_and_kept_unchangeable(names):
    text = "OpenAI与谷歌签下芯片大单，百度则押注昆仑芯。"
    first = names.names_in(text)
    assert {"openai", "谷歌", "百度"} <= first
    assert names.names_in(text) is first  # the second reading is the kept one
    assert isinstance(first, frozenset)  # a caller cannot change what the next one is given
    assert names.names_in("这段话没有提到任何公司。") == frozenset()
