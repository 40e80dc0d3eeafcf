"""The page's handlers called directly (no server): streaming, citations, failures, fallback notice, feedback."""

from __future__ import annotations

import socket

import gradio as gr
import pytest

from rag.factory import make_pipeline
from rag.feedback import FeedbackLog, read_feedback
from rag.pipeline import Pipeline
from ui.handlers import ChatHandlers, Session

pytestmark = pytest.mark.slow
QUESTION = "百度近十年研发投入多少？"


@pytest.fixture(scope="module")
def pipeline(article_index, e5):
    cfg, store = article_index
    return make_pipeline(cfg, store, e5)


@pytest.fixture
def handlers(pipeline, tmp_path):
    return ChatHandlers(pipeline.cfg, pipeline, FeedbackLog(tmp_path / "feedback.jsonl"))


def run(handlers, question, session, top_k=10, answerer="extractive", collection="article"):
    """Every update as the page would have received it (the chat list is copied when yielded)."""
    return [(box, [dict(m) for m in chat], sources, state)
            for box, chat, sources, state in handlers.chat(question, top_k, answerer, collection, session)]


def last_message(session: Session) -> str:
    return session.messages[-1]["content"]


def test_chat_shows_the_question_at_once_then_streams_and_ends_with_sources(handlers):
    session = Session()
    updates = run(handlers, QUESTION, session)
    assert len(updates) >= 3
    first_box, first_chat, first_sources, _ = updates[0]
    assert first_box == "" and "rag-pending" in first_chat[-1]["content"] and not isinstance(first_sources, str)
    assert "1800亿元" in last_message(session) and 'href="#cite-0-1"' in last_message(session)
    assert 'id="source-0-1"' in updates[-1][2]
    assert len(session.turns) == 1 and session.turns[0].message == 1


def test_an_answer_with_clickable_citations_comes_with_the_session_that_holds_its_turn(handlers):
    # the page may send a click on [1] as soon as it is shown: the session it holds then must know the answer
    session = Session()
    for _, chat, _, state in handlers.chat(QUESTION, 10, "extractive", "article", session):
        if 'href="#cite-0-1"' in chat[-1]["content"]:
            assert len(state.turns) == 1


def test_top_k_limits_the_passages(handlers):
    session = Session()
    run(handlers, QUESTION, session, top_k=3)
    assert len(session.turns[0].answer.hits) == 3


def test_follow_ups_receive_the_earlier_questions(handlers):
    session = Session()
    run(handlers, "阿里云未来三年投入多少？", session)
    run(handlers, "那百度呢？", session)
    assert session.turns[1].history == ("阿里云未来三年投入多少？",)
    assert session.turns[1].answer.resolved_question != "那百度呢？"


def test_a_failure_becomes_a_message_and_the_next_question_works(handlers, monkeypatch):
    session = Session()

    def boom(self, question, history=()):
        raise RuntimeError("index exploded")
        yield

    with monkeypatch.context() as m:
        m.setattr(Pipeline, "ask_stream", boom)
        run(handlers, QUESTION, session)
    assert "rag-error" in last_message(session) and "RuntimeError: index exploded" in last_message(session)
    run(handlers, QUESTION, session)
    assert "1800亿元" in last_message(session)


def test_empty_questions_and_missing_uploads_get_friendly_messages(handlers):
    session = Session(lang="zh")
    run(handlers, " \n ", session)
    assert "请先输入问题" in last_message(session)
    run(handlers, QUESTION, session, collection="uploads")
    assert "请先上传" in last_message(session)
    session.upload = "0" * 24
    run(handlers, QUESTION, session, collection="uploads")
    assert "重新上传" in last_message(session)


def test_llm_fallback_notice_is_visible(article_index, e5, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    cfg = article_index[0].with_overrides(answerer="openai", llm_model="qwen", llm_base_url=f"http://127.0.0.1:{port}/v1",
                                          llm_timeout=3)
    h = ChatHandlers(cfg, make_pipeline(cfg, article_index[1], e5), FeedbackLog(tmp_path / "f.jsonl"))
    assert h.llm is not None
    session = Session()
    run(h, QUESTION, session, answerer="llm")
    assert 'class="rag-notice"' in last_message(session) and "1800亿元" in last_message(session)
    run(h, QUESTION, session, answerer="extractive")
    assert "rag-notice" not in last_message(session)


def test_opening_a_citation_marks_its_range_in_the_document(handlers, article):
    session = Session()
    run(handlers, QUESTION, session)
    c = session.turns[0].answer.citations[0]
    sources, document = handlers.open_citation(session, gr.EventData(None, {"cite": "0-1"}))
    assert "rag-source selected" in sources
    assert '<mark id="cite-0-1" class="cite-range">' in document
    assert f"characters {c.start}–{c.end}" in document
    _, missing = handlers.open_citation(session, gr.EventData(None, {"cite": "5-1"}))
    assert "no longer available" in missing
    _, junk = handlers.open_citation(session, gr.EventData(None, {"cite": "<script>"}))
    assert "no longer available" in junk


def test_thumbs_and_comments_are_recorded(handlers):
    session = Session()
    run(handlers, QUESTION, session)
    status, box, _ = handlers.like(session, gr.LikeData(None, {"index": 1, "value": "", "liked": True}))
    assert "saved" in status and box["open"] is False
    status, *_ = handlers.send_feedback(["answer_wrong"], "too short", session)
    assert "saved" in status
    records = read_feedback(handlers.feedback.path)
    assert [(r["rating"], r["reasons"], r["comment"]) for r in records] == [("up", [], ""), ("up", ["answer_wrong"], "too short")]
    assert records[0]["citations"][0]["quote"] and records[0]["collection"] == "article"
    status, *_ = handlers.like(session, gr.LikeData(None, {"index": 0, "value": "", "liked": False}))
    assert "first" in status  # the user's own message is not an answer
