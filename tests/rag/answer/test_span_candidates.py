"""Candidate spans: the gold answer is among them for each kind of question, at exact offsets."""

from __future__ import annotations

import pytest

from rag.answer.span.candidates import ORIGINS, candidates
from rag.answer.span.patterns import typed_spans
from rag.answer.span.question import slot_of
from rag.answer.span.sentence import cut
from rag.text.tokenize import tagged_words

CASES = [
    # (sentence, gold spans that must be candidates)
    ("数据显示,百度近十年累计投入的研发资金超过1800亿元,研发占比常年在20%以上。", ["超过1800亿元", "1800亿元", "20%以上"]),
    ("其CEO山姆·奥特曼此前曾告诉员工,他们的公司可能是有史以来“资本最密集”的初创公司。", ["山姆·奥特曼", "“资本最密集”"]),
    ("OpenAI的首席执行官Sam Altman表示，公司将继续扩张。", ["Sam Altman", "OpenAI"]),
    ("2025年上半年，阿里云收入为635.25亿元，同比增长22%。", ["2025年上半年", "635.25亿元", "22%"]),
    ("剑客生涯在1972年1月到1989年7月连载，单行本共5卷。", ["1972年1月到1989年7月", "5卷"]),
    ("瞿希贤曾为《青春之歌》、《红旗谱》等电影作曲。", ["《青春之歌》、《红旗谱》", "《青春之歌》"]),
    ("云厂商构建的全栈闭环包括芯片、算力、模型和应用。", ["芯片、算力、模型和应用"]),
    ("株洲北站是沟通华东、华南、西南和北方的交通要道。", ["华东、华南、西南和北方"]),
    ("太浩湖流域是由于地质层断裂而形成的，湖水很深。", ["由于地质层断裂而形成的", "地质层断裂"]),
    ("环望出生于东京都世田谷区，是日本的漫画家。", ["东京都世田谷区", "日本"]),
    ("占地2,083平方公里，人口686,300人。", ["2,083平方公里", "686,300人"]),
]


@pytest.mark.parametrize(("sentence", "golds"), CASES)
def test_the_gold_span_is_a_candidate(sentence, golds):
    c = candidates(cut(sentence))
    texts = {sentence[a:b] for a, b in zip(c.start.tolist(), c.end.tolist())}
    for gold in golds:
        assert gold in texts, (gold, sorted(texts))


@pytest.mark.parametrize(("sentence", "golds"), CASES)
def test_spans_are_trimmed_balanced_and_unique(sentence, golds):
    c = candidates(cut(sentence))
    pairs = list(zip(c.start.tolist(), c.end.tolist()))
    assert len(pairs) == len(set(pairs))
    for a, b in pairs:
        text = sentence[a:b]
        assert 0 <= a < b <= len(sentence)
        assert text == text.strip() and text[-1] not in "，,。；：、"
        for o, cl in ("（）", "《》", "“”"):
            assert text.count(o) == text.count(cl), text
    assert all(0 < o < 1 << len(ORIGINS) for o in c.origin.tolist())


def test_typed_spans_keep_their_qualifiers():
    sentence = "阿里云宣布未来三年投入超过3800亿元，约43亿美元，占比50%以上。"
    quantities = {sentence[a:b] for a, b, kind in typed_spans(sentence) if kind == "quantity"}
    assert {"超过3800亿元", "约43亿美元", "50%以上"} <= quantities


@pytest.mark.parametrize("text", ["占地2,083平方公里（第25）", "Sam Altman说 OpenAI GPT-4", "郯城大地震发生于清康熙七年。",
                                  " 两个空格  "])
def test_tagged_words_cover_the_text_exactly(text):
    pairs = tagged_words(text)
    assert "".join(w for w, _ in pairs) == text
    assert all(tag for _, tag in pairs)


def test_tagged_words_keep_a_number_with_separators_whole():
    assert ("2,083", "m") in tagged_words("占地2,083平方公里")


@pytest.mark.parametrize(("question", "wh", "before", "after", "type_word"), [
    ("百度近十年累计投入的研发资金有多少？", "number", "百度近十年累计投入的研发资金", "", ""),
    ("谁成立了独立的索齿兽目？", "who", "", "成立了独立的索齿兽目", ""),
    ("环望出生于什么地区？", "what", "环望出生", "地区", "地区"),
    ("植村秀在哪一年第一次接触好莱坞化妆工艺？", "when", "植村秀", "第一次接触好莱坞化妆工艺", "年"),
    ("为什么OpenAI的现金消耗会飙升？", "why", "", "openai的现金消耗会飙升", ""),
])
def test_the_question_slot(question, wh, before, after, type_word):
    slot = slot_of(question)
    assert (slot.wh, slot.before, slot.type_word) == (wh, before, type_word)
    assert slot.after.startswith(after.replace("的", "")[:2]) if after else slot.after == ""
