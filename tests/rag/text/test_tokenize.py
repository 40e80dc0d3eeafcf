"""The tagger's words of a question before its question word, read off one tagging of the whole; a term
found in a text as a word or in another form."""

import pytest

from rag.text.tokenize import content_terms, pos_words, pos_words_before, writes_form


def test_the_words_before_a_position_are_the_whole_texts_words_up_to_it():
    text = "2025年上半年百度AI新业务收入同比增长了多少？"
    end = text.index("多少")
    before = pos_words_before(text, end)
    assert "".join(w for w, _ in before) == text[:end]
    assert before == pos_words(text)[: len(before)]


def test_a_word_running_past_the_position_is_cut_there():
    text = "阿里云的收入是多少"
    words = pos_words(text)
    first = words[0][0]
    assert len(first) >= 2
    assert pos_words_before(text, 1) == [(first[:1], words[0][1])]
    assert pos_words_before(text, 0) == []


def test_which_few_asks_nothing():
    assert "环节" in content_terms("具体涵盖哪几个环节？")
    assert not {"哪几", "哪几个", "几个"} & set(content_terms("具体涵盖哪几个环节？"))


def test_two_of_the_commonest_characters_the_tagger_glued_say_nothing():
    from rag.text.tokenize import glued_function_word

    assert glued_function_word("时用")  # 合作时用的: 时 "when" + 用 "use"
    assert not glued_function_word("吃肉")  # 肉 is no such common word on its own
    assert not glued_function_word("收入")  # a dictionary word


@pytest.mark.parametrize("text,term,holds", [
    ("the club was relegated", "clubs", True),  # another form of the word
    ("most of the new staff were hired", "hire", True),
    ("prices rose in the supply chain", "up", False),  # not a word of it
    ("openai的收入", "ai", False),
    ("阿里云的ai芯片", "ai", True),
    ("gpt-4o上线", "gpt-4", True),
    ("百度智能云", "阿里云", False),
    ("百度智能云", "智能", True),
])
def test_a_text_writes_a_term_as_a_word_or_in_another_form(text, term, holds):
    assert writes_form(text, term) is holds


def test_a_word_derived_from_an_english_term_holds_it():
    assert writes_form("a new shirt sponsorship deal", "sponsors")  # the stem sponsor starts sponsorship
    assert not writes_form("the endless season", "ends")  # a stem of three letters starts many words
