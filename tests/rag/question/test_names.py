"""How a corpus writes a question's names (real dictionary, a small stand-in vocabulary)."""

import pytest

from rag.question.analyse import analyse
from rag.question.names import CorpusNames
from rag.text.bridge import CedictBridge


class Vocabulary:
    def __init__(self, words):
        self.words = set(words)

    def has(self, term: str) -> bool:
        return term in self.words


@pytest.fixture(scope="module")
def names():
    return CorpusNames(Vocabulary({"百度", "阿里", "收入", "营业", "openai", "anthropic"}), CedictBridge(), "zh")


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


def test_what_an_english_quantity_question_asks_for(names):
    info = analyse("What was Anthropic's revenue in the first half of 2025?")
    assert names.asked_heads(info, {"revenue": ("收入",), "first half": ("上半年",), "anthropic": ("anthropic",)}) == ("收入",)


def test_a_missing_word_with_a_synonym_in_the_corpus_counts_less(names):
    assert names.synonym_discount("营收", cross=False) < 1.0
    assert names.synonym_discount("估值", cross=False) == 1.0
    assert names.synonym_discount("营收", cross=True) == 1.0
