"""LLM-judged faithfulness and relevance against a real local HTTP server playing the judge.

The fake judge splits answers at "。", calls a claim supported when its text occurs in one of the
passages, and rates relevance 0 for answers about bananas, 2 otherwise.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eval.judge import Judge, JudgeError, judge_record, judge_records, parse_json_reply
from tests.eval.synthetic import make_record


class FakeJudge(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        if body["model"] == "broken":
            return self._send(500, {"error": {"message": "boom"}})
        system, user = body["messages"][0]["content"], body["messages"][1]["content"]
        if "split an answer" in system:
            answer = user.split("Answer: ", 1)[1]
            reply = "```json\n" + json.dumps([c for c in answer.split("。") if c.strip()], ensure_ascii=False) + "\n```"
        elif "check claims" in system:
            passages, claims = user.split("\n\nClaims:\n")
            texts = re.findall(r"\[\d+\] (.*)", passages)
            listed = [c.split(". ", 1)[1] for c in claims.splitlines()]
            reply = json.dumps([{"claim": i + 1, "supported": any(c in t for t in texts)} for i, c in enumerate(listed)])
        else:
            reply = "Here you go: " + json.dumps({"score": 0 if "anana" in user else 2, "reason": "ok"})
        self._send(200, {"choices": [{"message": {"role": "assistant", "content": reply}}]})

    def _send(self, status: int, obj: dict) -> None:
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def judge_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeJudge)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", server.requests
    server.shutdown()
    server.server_close()


def test_faithfulness_is_the_share_of_supported_claims(judge_url):
    url, requests = judge_url
    record = make_record(1, answer="百度投入1800亿元[1]。百度有一万名员工[1]。")
    record["citations"][0]["text"] = "百度投入1800亿元，研发占比20%。"
    judged = judge_record(record, Judge(url, "judge-model"))
    assert judged["metrics"]["judged_faithfulness"] == 0.5
    assert judged["metrics"]["judged_relevance"] == 1.0
    assert judged["judge"]["claims"] == ["百度投入1800亿元", "百度有一万名员工"]
    assert judged["judge"]["supported"] == [True, False]
    assert "judged_faithfulness" not in record["metrics"]  # the input record is left alone
    sent = requests[-1]
    assert sent["model"] == "judge-model" and sent["temperature"] == 0 and "[1]" not in json.dumps(sent)


def test_irrelevant_answer_and_uncited_answer(judge_url):
    url, _ = judge_url
    record = make_record(2, answer="Bananas are yellow.")
    record["citations"] = []
    judged = judge_record(record, Judge(url, "judge-model"))
    assert judged["metrics"]["judged_relevance"] == 0.0
    assert judged["metrics"]["judged_faithfulness"] == 0.0  # claims with nothing cited are unsupported


def test_refusals_are_not_judged(judge_url):
    url, requests = judge_url
    before = len(requests)
    judged = judge_record(make_record(3, refused=True), Judge(url, "judge-model"))
    assert judged["metrics"]["judged_faithfulness"] is None and judged["metrics"]["judged_relevance"] is None
    assert len(requests) == before


def test_a_failing_judge_leaves_the_metric_unscored_and_says_why(judge_url):
    url, _ = judge_url
    judged = judge_records([make_record(4), make_record(5)], Judge(url, "broken"), workers=2, progress=False)
    assert [j["metrics"]["judged_faithfulness"] for j in judged] == [None, None]
    assert "HTTP 500" in judged[0]["judge"]["error"]


def test_unreachable_judge_is_a_judge_error():
    with pytest.raises(JudgeError, match="ConnectError"):
        Judge("http://127.0.0.1:9/v1", "m", timeout=2).chat("s", "u")


def test_parse_json_reply_finds_json_in_chatter():
    assert parse_json_reply('Sure! ```json\n["a", "b"]\n```') == ["a", "b"]
    assert parse_json_reply('score: {"score": 1}') == {"score": 1}
    assert parse_json_reply('[broken {"score": 2}') == {"score": 2}
    with pytest.raises(JudgeError):
        parse_json_reply("no json here")


def test_rag_eval_with_a_judge_reports_judged_metrics(judge_url, tmp_path, capsys):
    from eval.cli import main
    from tests.eval.test_cli import CORPUS, DATASET, write_jsonl

    url, _ = judge_url
    out = tmp_path / "run"
    args = ["--dataset", write_jsonl(tmp_path / "qa.jsonl", DATASET), "--corpus", write_jsonl(tmp_path / "c.jsonl", CORPUS),
            "--index-dir", str(tmp_path / "index"), "--embedder", "hash", "--out", str(out), "-q",
            "--judge-base-url", url, "--judge-model", "judge-model",
            "--no-refusal"]  # the hashing embedder's cosines mean nothing: let every question be answered and judged
    assert main(args) == 0
    assert "judged_relevance (judged)" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    assert report["judged"]["judged_relevance"]["n"] >= 1 and "judge-model" in report["run"]["judge_model"]
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert any("claims" in r.get("judge", {}) for r in records)
    assert "Judged metrics" in (out / "report.md").read_text() and "Judged metrics" in (out / "report.html").read_text()
