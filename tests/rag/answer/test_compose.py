"""Answers to the parts of a question put together, each keeping its citations; comparison results."""

from __future__ import annotations

from rag.answer.compose import PartAnswer, combine, comparison_sentence
from rag.answer.protocol import Draft
from rag.answer.quantity import read_quantity
from rag.types import Chunk, Hit


def hit(cid: str, n: int) -> Hit:
    return Hit(Chunk(cid, "d", "t", "", 0, n * 10, n * 10 + 5, "text"), 1.0, n)


def test_passages_of_all_parts_are_numbered_once_and_markers_follow():
    a = PartAnswer(Draft("甲是1[1]。", quotes={1: ((10, 12),)}), (hit("c1", 1), hit("c2", 2)))
    b = PartAnswer(Draft("乙是2[2]。丙[1]。", quotes={2: ((10, 12),), 1: ((20, 22),)}), (hit("c3", 1), hit("c1", 2)))
    draft, hits = combine([a, b])
    assert [h.chunk.id for h in hits] == ["c1", "c2", "c3"]
    assert draft.text == "甲是1[1]。乙是2[1]。丙[3]。"
    assert draft.quotes == {1: ((10, 12),), 3: ((20, 22),)} and not draft.refused


def test_all_parts_refused_is_a_refusal_and_a_repeated_answer_is_said_once():
    refused = PartAnswer(Draft("文章中没有提到“净利润”。", refused=True), ())
    assert combine([refused, refused])[0].refused
    same = PartAnswer(Draft("甲[1]。"), (hit("c1", 1),))
    assert combine([same, same])[0].text == "甲[1]。"


def test_a_cited_sentence_two_parts_quote_is_said_once():
    # the second side quotes the sentence its 但其 points back to, which the first side quoted already
    first = PartAnswer(Draft("OpenAI上半年收入约43亿美元[1]。"), (hit("c1", 1),))
    second = PartAnswer(Draft("OpenAI上半年收入约43亿美元[1]。但其现金消耗飙升至25亿美元[1]。"), (hit("c1", 1),))
    assert combine([first, second])[0].text == "OpenAI上半年收入约43亿美元[1]。但其现金消耗飙升至25亿美元[1]。"
    uncited = PartAnswer(Draft("文章中没有提到“净利润”。"), ())  # an uncited sentence is the part's own
    assert combine([uncited, PartAnswer(Draft("文章中没有提到“净利润”。另[1]。"), (hit("c1", 1),))])[0].text.count("净利润") == 2


def test_comparison_results_come_from_the_figures_only():
    r = read_quantity
    assert comparison_sentence("zh", r("超过3800亿元"), r("超过1800亿元"), "larger") == "超过3800亿元大于超过1800亿元。"
    assert comparison_sentence("en", r("2017年"), r("2025年"), "earlier") == "2017年 is earlier than 2025年."
    assert comparison_sentence("zh", r("3800亿元"), r("635.25亿元"), "ratio") == "3800亿元约为635.25亿元的6倍。"
    assert comparison_sentence("zh", r("43亿美元"), r("635.25亿元"), "larger") == ""  # other currencies
    assert comparison_sentence("zh", None, r("1800亿元"), "larger") == ""  # a side the documents do not give
