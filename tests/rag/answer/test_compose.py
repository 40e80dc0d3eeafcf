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


PASSAGE = "百度AI新业务收入达到194亿元,同比增长高达36%,位列第一。同期,阿里云收入为635.25亿元,同比增长22%。"
CLAUSE, WHOLE, ALI = (0, 26), (0, 31), (35, 57)  # 百度…36% / 百度…位列第一 / 阿里云…22% (document offsets)


def passage_hit(cid: str = "p") -> Hit:
    return Hit(Chunk(cid, "d", "t", "", 0, 0, len(PASSAGE), PASSAGE), 1.0, 1)


def test_a_sentence_and_its_clause_are_said_once_as_the_whole_sentence():
    assert PASSAGE[slice(*CLAUSE)].endswith("36%") and PASSAGE[slice(*WHOLE)].endswith("第一")
    clause = PartAnswer(Draft(PASSAGE[slice(*CLAUSE)] + "[1]。", quotes={1: (CLAUSE,)}), (passage_hit(),))
    whole_then_ali = PartAnswer(Draft(PASSAGE[slice(*WHOLE)] + "[1]。" + PASSAGE[slice(*ALI)] + "[1]。",
                                      quotes={1: (WHOLE, ALI)}), (passage_hit(),))
    # the clause first: the whole sentence is said in its place, once
    draft, _ = combine([clause, whole_then_ali])
    assert draft.text == PASSAGE[slice(*WHOLE)] + "[1]。" + PASSAGE[slice(*ALI)] + "[1]。"
    assert draft.quotes[1] == (WHOLE, ALI)  # the clause's span is no longer among the quotes a marker can take
    # the whole sentence first: the clause after it is dropped
    draft, _ = combine([whole_then_ali, clause])
    assert draft.text == PASSAGE[slice(*WHOLE)] + "[1]。" + PASSAGE[slice(*ALI)] + "[1]。"
    assert draft.quotes[1] == (WHOLE, ALI)


def test_a_clause_quoted_from_another_passage_is_kept():
    # (not known to be the same quote of the same passage: both stay, each with its own passage)
    clause = PartAnswer(Draft(PASSAGE[slice(*CLAUSE)] + "[1]。", quotes={1: (CLAUSE,)}), (passage_hit("a"),))
    whole = PartAnswer(Draft(PASSAGE[slice(*WHOLE)] + "[1]。", quotes={1: (WHOLE,)}), (passage_hit("b"),))
    draft, hits = combine([clause, whole])
    assert draft.text == PASSAGE[slice(*CLAUSE)] + "[1]。" + PASSAGE[slice(*WHOLE)] + "[2]。"
    assert len(hits) == 2 and draft.quotes == {1: (CLAUSE,), 2: (WHOLE,)}
