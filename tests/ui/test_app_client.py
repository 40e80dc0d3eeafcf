"""The launched chat app over real HTTP through gradio_client: answers, streaming, escaping, uploads."""

from __future__ import annotations

import json
import statistics
import threading
import time

import pytest

from tests.chat_server import SlowPipeline
from tests.chat_server import message_text as content

pytestmark = pytest.mark.slow

QUESTION = "百度近十年研发投入多少？"




def test_ask_returns_citations_that_slice_the_cleaned_article(client, article):
    result = client.predict(QUESTION, api_name="/ask")
    assert not result["refused"] and "1800亿元" in result["answer"] and "[1]" in result["answer"]
    assert result["citations"]
    for c in result["citations"]:
        assert c["doc_id"] == article.id
        assert article.text[c["start"]:c["end"]] == c["text"]
        assert c["start"] <= c["quote_start"] < c["quote_end"] <= c["end"]
    first = result["citations"][0]
    assert "1800亿元" in article.text[first["quote_start"]:first["quote_end"]]


def test_ask_streams_partial_answers_then_the_cited_one(client):
    job = client.submit("千帆大模型平台集成了多少个模型？", api_name="/ask")
    updates = list(job)
    assert len(updates) > 1
    assert updates[0]["answer"] and not updates[0]["citations"]  # a partial answer: text first
    assert updates[-1]["citations"] and "150多个模型" in updates[-1]["answer"]
    assert job.result() == updates[-1]


def test_ask_with_history_resolves_a_follow_up(client):
    result = client.predict("那阿里云呢？", history=["阿里云未来三年投入多少？"], api_name="/ask")
    assert result["question"] == "那阿里云呢？" and result["resolved_question"] != result["question"]


def test_ask_rejects_an_empty_question_with_a_message(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        client.predict("   ", api_name="/ask")


def test_chat_shows_markup_in_a_question_as_text(client):
    box, messages, _ = client.predict('<img src=x onerror="window.__xss=1">', api_name="/chat")
    assert box == ""
    user, bot = messages[-2], messages[-1]
    assert user["role"] == "user" and "<img" not in content(user)
    assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in content(user)
    assert bot["role"] == "assistant" and "<img" not in content(bot)


def test_chat_links_citations_and_lists_sources(client):
    _, messages, sources = client.predict(QUESTION, api_name="/chat")
    bot = content(messages[-1])
    assert 'class="cite" href="#cite-0-1"' in bot and "rag-answered" in bot and "1800亿元" in bot
    assert 'id="source-0-1"' in sources and '<mark class="quote">' in sources and "<details" in sources


def test_chat_keeps_the_conversation_for_follow_ups(client):
    client.predict("阿里云未来三年在AI基础设施上投入多少？", api_name="/chat")
    _, messages, _ = client.predict("那百度呢？", api_name="/chat")
    assert len(messages) == 4 and "rag-resolved" in content(messages[-1])


def test_chat_refusals_and_empty_questions_are_messages_not_blanks(client):
    _, messages, _ = client.predict("腾讯云的市场份额是多少？", api_name="/chat")
    assert "rag-refused" in content(messages[-1]) and "No answer in the source" in content(messages[-1])
    _, messages, _ = client.predict("  ", api_name="/chat")
    assert "Please type a question first." in content(messages[-1])


def test_uploaded_documents_are_a_separate_collection(client, tmp_path):
    from gradio_client import handle_file

    doc = tmp_path / "星辰公司年报.txt"
    doc.write_bytes("星辰公司年报\n星辰公司2024年的营业收入为52亿元,同比增长18%。公司的主要产品是卫星通信终端。\n".encode("gbk"))
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    status, collection = client.predict([handle_file(str(doc)), handle_file(str(binary))], api_name="/upload")
    assert "Indexed 1 file(s)" in status and "photo.txt: a binary file" in status and collection == "uploads"
    _, messages, sources = client.predict("星辰公司2024年的营业收入是多少？", collection="uploads", api_name="/chat")
    assert "52亿元" in content(messages[-1]) and "星辰公司" in sources
    _, messages, _ = client.predict(QUESTION, collection="article", api_name="/chat")
    assert "1800亿元" in content(messages[-1])


def test_an_uploaded_english_report_answers_english_questions_with_a_short_answer(client, tmp_path):
    from gradio_client import handle_file

    doc = tmp_path / "solar.txt"
    doc.write_text("Solar Power in Spain\n\nThe largest plant, Núñez de Balboa in Extremadura, covers 1,000 hectares "
                   "and was built by the utility Iberdrola for 290 million euros. It opened in April 2020.\n",
                   encoding="utf-8")
    status, collection = client.predict([handle_file(str(doc))], api_name="/upload")
    assert "Indexed 1 file(s)" in status and collection == "uploads"
    _, messages, sources = client.predict("Who built the largest plant?", collection="uploads", api_name="/chat")
    shown = content(messages[-1])
    assert "rag-short" in shown and "<b>Iberdrola</b>" in shown and "quoted from the source" not in shown
    assert "Iberdrola" in sources


def test_upload_of_only_bad_files_says_why(client, tmp_path):
    from gradio_client import handle_file

    (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    status, _ = client.predict([handle_file(str(tmp_path / n)) for n in ("a.xlsx", "b.pdf")], api_name="/upload")
    assert "No usable file" in status and "a.xlsx: only PDF, .docx, .html, .txt and .md" in status
    assert "b.pdf: the file is cut short" in status


def first_token_ms(client, question: str, api_name: str, has_text) -> tuple[float, float]:
    """(ms until the first update carrying answer text, ms until the last update)."""
    t = time.perf_counter()
    job = client.submit(question, api_name=api_name)
    first = None
    for update in job:
        if first is None and has_text(update):
            first = time.perf_counter() - t
    return first * 1000, (time.perf_counter() - t) * 1000


def test_report_startup_and_first_token_latency(chat_server, client, artifacts):
    """Benchmark, not a timed test: prints and saves the numbers (warm app, extractive answerer)."""
    questions = [QUESTION, "千帆大模型平台集成了多少个模型？",
                 "How much will Alibaba Cloud invest in AI infrastructure over the next three years?", "腾讯云的市场份额是多少？"]
    endpoints = {
        "/ask": lambda u: bool(u["answer"]),
        "/chat": lambda u: "rag-text" in content(u[1][-1]) or "rag-refusal" in content(u[1][-1]),
    }
    report = {"ready_seconds": round(chat_server.ready_seconds, 2)}
    for api_name, has_text in endpoints.items():
        runs = [first_token_ms(client, questions[i % 4], api_name, has_text) for i in range(12)]
        firsts = [f for f, _ in runs]
        report[api_name] = {"first_token_ms_median": round(statistics.median(firsts), 1),
                            "first_token_ms_max": round(max(firsts), 1),
                            "complete_ms_median": round(statistics.median(t for _, t in runs), 1)}
    (artifacts / "chat-timings.json").write_text(json.dumps(report, indent=2))
    print(f"\nrag chat timings: {json.dumps(report)}")
    assert all(v["first_token_ms_median"] > 0 for k, v in report.items() if k != "ready_seconds")


# ---- a full queue answers "busy" (an in-process app over a deliberately slow fake pipeline) ----------




def test_a_full_queue_answers_busy(tmp_path):
    from gradio_client import Client
    from gradio_client.utils import QueueError

    from rag.config import Config
    from rag.feedback import FeedbackLog
    from tests.chat_server import free_port
    from ui.app import build_app, launch
    from ui.handlers import ChatHandlers

    cfg = Config(index_dir=str(tmp_path / "index"))
    gate = threading.Event()
    demo = build_app(ChatHandlers(cfg, SlowPipeline(cfg, gate=gate), FeedbackLog(tmp_path / "f.jsonl")))
    url, _ = launch(demo, "127.0.0.1", free_port(), concurrency=1, queue_size=1)
    try:
        client = Client(url, verbose=False)
        errors, results = [], []

        def ask(i):
            try:
                results.append(client.predict(f"q{i}", api_name="/ask"))
            except QueueError as e:
                errors.append(str(e))

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        # one question is being answered and one waits; the other two are turned away while the gate is shut
        deadline = time.monotonic() + 60
        while len(errors) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(errors) == 2 and not results
        gate.set()
        for t in threads:
            t.join(60)
        assert results and errors and all("full" in e.lower() or "busy" in e.lower() for e in errors)
    finally:
        demo.close()
