"""Chat feedback -> dataset skeleton, checked by the dataset loader."""

from __future__ import annotations

import json

from eval.dataset import parse_dataset
from eval.feedback import dataset_text, feedback_to_dataset, history_questions, read_feedback

UP = {"time": "2026-01-02T03:04:05", "question": "百度研发投入多少？", "answer": "超过1800亿元[1]。",
      "citations": [{"n": 1}], "settings": {"top_k": 10}, "rating": "up", "comment": "",
      "history": []}  # fmt: skip
DOWN = {"time": "2026-01-02T03:05:00", "question": "And Alibaba?", "answer": "文章中没有提到。", "citations": [],
        "settings": {}, "rating": "down", "comment": "it is in the article",
        "history": [{"role": "user", "content": "How much did Baidu invest?"},
                    {"role": "assistant", "content": "1800亿元"}]}  # fmt: skip


def test_up_becomes_a_reference_answer_and_down_is_flagged():
    items = feedback_to_dataset([UP, DOWN])
    up, down = items
    assert up["reference_answer"] == "超过1800亿元。" and up["type"] == "feedback-up" and up["lang"] == "zh"
    assert down["reference_answer"] == "" and down["type"] == "feedback-down" and down["lang"] == "en"
    assert down["history"] == ["How much did Baidu invest?"]
    assert down["comment"] == "it is in the article" and "comment" not in up
    loaded = parse_dataset(dataset_text(items))
    assert [i.id for i in loaded] == [up["id"], down["id"]]
    assert loaded[1].history == ("How much did Baidu invest?",)


def test_ids_are_stable_and_unique():
    first = feedback_to_dataset([UP, DOWN])
    again = feedback_to_dataset([UP, DOWN, UP])
    assert [i["id"] for i in again[:2]] == [i["id"] for i in first]
    assert again[2]["id"] == first[0]["id"] + "-2"


def test_history_shapes():
    assert history_questions(["q1", " ", "q2"]) == ["q1", "q2"]
    assert history_questions([["q1", "a1"], ["q2", None]]) == ["q1", "q2"]
    assert history_questions([{"role": "assistant", "content": "x"}, {"role": "user", "content": "q"}]) == ["q"]
    assert history_questions(None) == []


def test_bad_lines_are_reported_by_number():
    lines = [json.dumps(UP), "{not json", "", json.dumps({**UP, "rating": "meh"}), "[1]", json.dumps({**UP, "question": ""})]
    records, problems = read_feedback(lines)
    assert len(records) == 1
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 4", "line 5", "line 6"]
