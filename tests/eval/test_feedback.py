"""Chat feedback -> dataset skeleton, checked by the dataset loader."""

from __future__ import annotations

import json

from eval.dataset import parse_dataset
from eval.feedback import dataset_text, feedback_to_dataset, history_questions, usable_feedback
from rag.feedback import parse_feedback

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


def test_the_last_rating_of_an_answer_counts():
    first = {**DOWN, "answer_id": "a1"}
    changed = {**DOWN, "answer_id": "a1", "rating": "up", "answer": "3800亿元"}
    other = {**UP, "answer_id": "a2"}
    items = feedback_to_dataset([first, other, changed])
    assert [i["type"] for i in items] == ["feedback-up", "feedback-up"]
    assert items[1]["reference_answer"] == "3800亿元"


def test_a_thumbs_up_refusal_is_an_unanswerable_item_and_comments_are_kept():
    refusal = {**UP, "answer": "文章中没有提到“火星”。", "refused": True}
    unrated = {**DOWN, "rating": None, "reasons": ["citation_wrong"]}
    items = feedback_to_dataset([refusal, unrated])
    assert items[0]["answerable"] is False and items[0]["reference_answer"].startswith("文章中没有提到")
    assert items[1]["type"] == "feedback-comment" and items[1]["reasons"] == ["citation_wrong"]
    assert not parse_dataset(dataset_text(items))[0].answerable


def test_history_shapes():
    assert history_questions(["q1", " ", "q2"]) == ["q1", "q2"]
    assert history_questions([["q1", "a1"], ["q2", None]]) == ["q1", "q2"]
    assert history_questions([{"role": "assistant", "content": "x"}, {"role": "user", "content": "q"}]) == ["q"]
    assert history_questions(None) == []


def test_bad_lines_are_reported_by_number():
    lines = [json.dumps(UP), "{not json", "", json.dumps({**UP, "rating": "meh"}), "[1]", json.dumps({**UP, "question": ""}),
             json.dumps({**UP, "rating": None})]
    numbered, broken = parse_feedback("\n".join(lines).encode("utf-8"))
    records, problems = usable_feedback(numbered)
    assert len(records) == 1
    assert [p.split(":")[0] for p in broken] == ["line 2", "line 5"]  # not JSON, not an object
    assert [p.split(":")[0] for p in problems] == ["line 4", "line 6", "line 7"]  # no rating, question, comment


def test_records_written_by_the_chat_page_become_a_dataset(tmp_path):
    from rag.feedback import FeedbackLog, feedback_record

    cite = {"n": 1, "doc_id": "d", "chunk_id": "c1", "title": "T", "text": "超过1800亿元。", "start": 0, "end": 8,
            "quote_start": 0, "quote_end": 8, "score": 1.0}
    answer = {"question": "那阿里呢？", "resolved_question": "阿里研发投入多少？", "answer": "超过1800亿元[1]。",
              "refused": False, "citations": [cite]}
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    log.append(feedback_record(answer, answer_id="a1", rating="down", history=["百度研发投入多少？"]))
    log.append(feedback_record(answer, answer_id="a1", rating="up", history=["百度研发投入多少？"]))
    numbered, broken = parse_feedback((tmp_path / "feedback.jsonl").read_bytes())
    records, problems = usable_feedback(numbered)
    assert not broken and not problems
    (item,) = parse_dataset(dataset_text(feedback_to_dataset(records)))
    assert item.question == "那阿里呢？" and item.history == ("百度研发投入多少？",)
    assert item.reference_answer == "超过1800亿元。" and item.type == "feedback-up"
