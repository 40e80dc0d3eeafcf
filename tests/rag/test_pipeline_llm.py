"""The pipeline with an OpenAI-compatible answerer behind a real local HTTP server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rag.factory import make_pipeline

pytestmark = pytest.mark.slow


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.bodies.append(body)
        if body["model"] == "broken":
            payload = json.dumps({"error": {"message": "overloaded"}}).encode()
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in ["百度近十年研发投入", "超过1800亿元[1]。", "另有一句引用了不存在的来源[9]。"]:
            self.wfile.write(f"data: {json.dumps({'choices': [{'delta': {'content': piece}}]}, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.bodies = []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()


def llm_pipeline(article_index, e5, server, model):
    cfg, store = article_index
    cfg = cfg.with_overrides(answerer="openai", llm_model=model, llm_timeout=10,
                             llm_base_url=f"http://127.0.0.1:{server.server_address[1]}/v1")
    return make_pipeline(cfg, store, e5)


def test_llm_answer_is_streamed_and_its_citations_checked(article_index, e5, server):
    pipeline = llm_pipeline(article_index, e5, server, "good")
    updates = list(pipeline.ask_stream("百度近十年研发投入多少？"))
    final = updates[-1]
    assert len(updates) >= 3 and "1800亿元[1]" in final.text
    assert "[9]" not in final.text  # a number that names no source is dropped
    assert [c.n for c in final.citations] == [1] and "1800亿元" in final.citations[0].text
    assert final.uncited == ("另有一句引用了不存在的来源。",)
    sent = server.bodies[-1]["messages"]
    assert "百度近十年研发投入多少" in sent[-1]["content"] and "[1]" in sent[-1]["content"]


def test_failing_llm_falls_back_to_the_extractive_answer_with_a_notice(article_index, e5, server):
    pipeline = llm_pipeline(article_index, e5, server, "broken")
    answer = pipeline.ask("百度近十年研发投入多少？")
    assert "1800亿元" in answer.text and answer.citations
    assert answer.notice and "503" in answer.notice or "overloaded" in answer.notice
