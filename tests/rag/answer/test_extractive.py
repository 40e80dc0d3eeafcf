"""The extractive answerer: which sentences it quotes, in what order, and how it trims them."""

from __future__ import annotations

import pytest

from rag.answer.extractive import ExtractiveAnswerer, trim_to_clauses
from rag.answer.protocol import AnswerRequest
from rag.question.analyse import analyse
from rag.types import Hit

LONG = ("在行业看来，随着大模型进入规模化落地阶段，云厂商之间的竞争日趋激烈，"
        "百度近十年累计投入的研发资金超过1800亿元，这一数字在国内科技企业中名列前茅。")


def test_a_long_number_sentence_is_trimmed_to_the_clause_with_the_number():
    info = analyse("百度近十年研发投入多少钱？")
    s, e = trim_to_clauses(LONG, info, frozenset({"百度", "研发"}))
    assert LONG[s:e] == "百度近十年累计投入的研发资金超过1800亿元"


@pytest.mark.parametrize("question", ["百度为什么加大研发投入？", "百度的研发有哪些特点？"])
def test_other_kinds_of_answer_are_never_trimmed(question):
    assert trim_to_clauses(LONG, analyse(question), frozenset({"百度"})) == (0, len(LONG))


def test_a_short_sentence_is_kept_whole():
    short = "百度研发投入超过1800亿元，居首位。"
    assert trim_to_clauses(short, analyse("百度研发投入多少钱？"), frozenset({"百度"})) == (0, len(short))


@pytest.fixture(scope="module")
def answerer(article_index, e5):
    return ExtractiveAnswerer(article_index[1], e5)


def ask(answerer, store, question: str, k: int = 5) -> AnswerRequest:
    """A request with the k chunks nearest the question (dense only), as the pipeline would pass them."""
    qv = answerer.scorer.embedder.embed_query(question)
    order = sorted(range(len(store.chunks)), key=lambda r: -float(store.vectors[r] @ qv))[:k]
    hits = tuple(Hit(store.chunks[r], 1.0, n) for n, r in enumerate(order, 1))
    return AnswerRequest(question, hits, analyse(question).lang, qv, info=analyse(question))


@pytest.mark.slow
def test_the_answer_quotes_the_document_exactly_and_names_its_spans(answerer, article_index, article):
    request = ask(answerer, article_index[1], "百度近十年累计投入的研发资金有多少？")
    draft = answerer.answer(request)
    assert not draft.refused and "1800亿元" in draft.text
    for spans in draft.quotes.values():
        for s, e in spans:
            assert article.text[s:e] in draft.text  # every word quoted, from the cleaned article


@pytest.mark.slow
def test_a_comparison_quotes_a_sentence_for_each_side(answerer, article_index):
    request = ask(answerer, article_index[1], "百度和阿里云，谁的投入金额更大？")
    chosen = answerer.select(request, request.info)
    text = "".join(c.text for c in chosen)
    assert len(chosen) >= 2 and "百度" in text and "阿里" in text


@pytest.mark.slow
def test_a_sentence_opening_with_a_pronoun_brings_the_one_it_refers_to(answerer, article_index):
    import numpy as np

    from rag.evidence.cues import OPENS_WITH_PRONOUN
    from rag.evidence.score import Candidate

    store = article_index[1]
    found = next((row, i) for row in range(len(store.chunks)) for i in list(store.sentences_of(row))[1:]
                 if OPENS_WITH_PRONOUN.match(store.sentences[i].text))
    row, i = found
    s, before = store.sentences[i], store.sentences[i - 1]
    request = AnswerRequest("q", (Hit(store.chunks[row], 1.0, 1),))
    cand = Candidate(1, s.start, s.end, s.text, np.zeros(11, dtype=np.float32), frozenset())
    assert answerer.with_antecedent(request, [cand]) == [(1, before.start, before.end, before.text),
                                                        (1, s.start, s.end, s.text)]
    # chosen too, further down: it is said once, where it explains the sentence pointing back to it
    other = Candidate(1, before.start, before.end, before.text, np.zeros(11, dtype=np.float32), frozenset())
    assert answerer.with_antecedent(request, [cand, other]) == [(1, before.start, before.end, before.text),
                                                               (1, s.start, s.end, s.text)]


@pytest.mark.slow
def test_a_noun_pointed_back_to_brings_the_sentence_naming_it_when_it_is_asked(answerer, article_index):
    import numpy as np

    from rag.evidence.score import Candidate

    store = article_index[1]
    row, i = next((row, i) for row in range(len(store.chunks)) for i in store.sentences_of(row)
                  if "印证了这个趋势" in store.sentences[i].text)
    s = store.sentences[i]
    request = AnswerRequest("q", (Hit(store.chunks[row], 1.0, 1),))
    cand = Candidate(1, s.start, s.end, s.text, np.zeros(11, dtype=np.float32), frozenset())
    quoted = answerer.with_antecedent(request, [cand], "报告印证了什么趋势？")
    assert len(quoted) == 2 and "新趋势" in quoted[0][3] and quoted[1][3] == s.text
    assert answerer.with_antecedent(request, [cand], "哪些机构发布了报告？") == [(1, s.start, s.end, s.text)]  # not asked
