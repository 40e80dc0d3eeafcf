"""What the lexical index says the corpus has: words, and other forms of an alphabetic word."""

from __future__ import annotations

import pytest

from rag.retrieve.bm25 import BM25Index


@pytest.fixture(scope="module")
def english():
    return BM25Index.build(["The plant opened in April 2020 after the auctions.",
                            "Critics worry that prices fell; batteries absorb the surplus.",
                            "The line was built by a consortium under a sponsorship deal."])


@pytest.mark.parametrize("word,has", [
    ("opened", True), ("open", True), ("opening", True),  # another form of a word it writes
    ("auctioned", True), ("auction", True), ("battery", True), ("worried", True),
    ("turbine", False), ("profit", False),  # no form of it at all
    ("2020", True), ("2021", False),  # numbers are never stemmed
    ("pri", False),  # a stem is no word (too short to be read as one)
    ("build", True), ("builds", True), ("fall", True),  # an irregular form of it (built, fell)
    ("sponsors", True), ("sponsor", True),  # a word derived from its stem (sponsorship)
    ("line", True), ("lines", True), ("plan", False),  # not from a stem shorter than five letters (plant)
])
def test_a_word_is_had_when_the_corpus_writes_it_or_another_form_of_it(english, word, has):
    assert english.has(word) is has


def test_chinese_words_are_had_as_written_or_by_their_character_pairs():
    index = BM25Index.build(["百度近十年累计投入的研发资金超过1800亿元。"])
    assert index.has("研发") and not index.has("利润") and not index.has_form_of("研发")
