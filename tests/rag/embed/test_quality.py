"""The real bundled model ranks by meaning, across Chinese and English."""

import numpy as np
import pytest

from rag.text.sentences import split_sentences

pytestmark = pytest.mark.slow


def test_chinese_paraphrase_beats_unrelated(e5):
    q = e5.embed_query("百度过去十年在研发上花了多少钱？")
    docs = e5.embed_documents(["百度近十年累计投入的研发资金超过1800亿元。", "今天下午北京有小雨，气温十五度。"])
    scores = docs @ q
    assert scores[0] > scores[1] + 0.05


@pytest.mark.parametrize("question,answer", [
    ("How much revenue did OpenAI generate in the first half of 2025?", "OpenAI在2025年上半年创造了约43亿美元的收入"),
    ("How many models does the Qianfan platform integrate?", "千帆大模型平台集成了150多个模型"),
    ("How much has Baidu invested in R&D over the past ten years?", "研发资金超过1800亿元"),
    ("How much will Alibaba Cloud invest in cloud and AI infrastructure over the next three years?", "3800亿元"),
    ("How many Google TPUs does Anthropic plan to use?", "100万个谷歌Tensor处理器"),
])
def test_english_question_finds_its_chinese_sentence_first(e5, article, question, answer):
    sentences = split_sentences(article.text)
    scores = e5.embed_documents(sentences) @ e5.embed_query(question)
    assert answer in sentences[int(np.argmax(scores))]
