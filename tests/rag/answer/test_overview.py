"""Questions about the documents as a whole get an overview: lead and central sentences, cited."""

from __future__ import annotations

import pytest

from rag.answer.overview import overview
from rag.question.analyse import question_kind


@pytest.mark.parametrize("question", ["这篇文章主要讲了什么？", "总结一下这篇文章", "文章的要点有哪些？", "Summarise it.",
                                      "What are the key points?", "What is this article about?", "资料里都提到了哪些内容？"])
def test_questions_about_the_whole_are_overview_questions(question):
    assert question_kind(question) == "overview"


@pytest.mark.parametrize("question", ["百度近十年研发投入多少？", "What does the article say about Baidu?",
                                      "文章里说的那个“算力税”是啥意思？", "What is Qianfan about?"])
def test_questions_about_one_thing_are_not(question):
    assert question_kind(question) != "overview"


@pytest.mark.slow
def test_the_overview_quotes_the_lead_and_one_sentence_per_section_in_reading_order(article_index, article):
    store = article_index[1]
    draft, hits = overview(store, max_sentences=5)
    spans = [s for n in sorted(draft.quotes) for s in draft.quotes[n]]
    starts = [s for s, _ in spans]
    assert not draft.refused and 3 <= len(spans) <= 5
    assert starts == sorted(starts) and starts[0] == min(s.start for s in store.sentences)  # the lead comes first
    headings = {store.chunks[s.chunk_index].heading for s in store.sentences if s.start in set(starts)}
    assert len(headings) >= len(spans) - 1  # the lead, then one per section
    for s, e in spans:
        assert article.text[s:e] in draft.text
