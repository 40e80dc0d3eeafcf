"""Many users at once: concurrent gradio_client clients against the launched chat app.

Each client is one user (its own session) asking a mix of Chinese and English questions, questions
the article cannot answer and follow-ups, through the page's own handler (`/chat`, which keeps the
conversation) or the JSON API (`/ask`, history passed along). Every answer must be right in kind
(the expected fact, a refusal, a resolved follow-up): under load nothing may fail or mix up users.
p50/p95 latency is printed and written to artifacts/load.json. A benchmark, not a timed test.

CI runs 5 clients x 4 questions; `RAG_LOAD_FULL=1` (or `-m load`) runs 20 clients x 10 questions.
A queue beyond its limit must answer "busy" at once (the app's limits: ui/app.py CONCURRENCY and
QUEUE_SIZE), which the last test checks on an app with tiny limits.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from tests.chat_server import SlowPipeline
from tests.chat_server import message_text as content

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@dataclass(frozen=True)
class Turn:
    question: str
    expect: str  # "answer", "refusal" or "follow-up"
    facts: tuple[str, ...] = ()  # one of these must be in the answer


CONVERSATIONS = [
    [Turn("百度近十年研发投入多少？", "answer", ("1800亿元",)), Turn("那阿里云呢？", "follow-up")],
    [Turn("千帆大模型平台集成了多少个模型？", "answer", ("150多个",))],
    [Turn("How much has Baidu invested in R&D over the past ten years?", "answer", ("1800亿",))],
    [Turn("腾讯云在中国AI云市场的份额是多少？", "refusal")],
    [Turn("OpenAI 2025年上半年收入多少？", "answer", ("43亿美元",)), Turn("它的现金消耗呢？", "follow-up")],
    [Turn("How many Google Tensor processors does Anthropic expect to use?", "answer", ("100万个",))],
    [Turn("字节跳动火山引擎2025年上半年的收入是多少？", "refusal")],
    [Turn("OpenAI的CEO是谁？", "answer", ("奥特曼",))],
    [Turn("In which year did Baidu make AI the core strategy of the company?", "answer", ("2017年",))],
    [Turn("OpenAI目前的估值是多少？", "refusal")],
    [Turn("阿里云未来三年在AI基础设施上投入多少？", "answer", ("3800亿元",)), Turn("那百度呢？", "follow-up")],
    [Turn("2025年上半年阿里云的收入是多少？", "answer", ("635.25亿元",))],
]


def script(client_no: int, questions: int) -> list[list[Turn]]:
    """The conversations of one user: `questions` turns, starting at a different place for each user."""
    out, count, i = [], 0, client_no * 5
    while count < questions:
        conversation = CONVERSATIONS[i % len(CONVERSATIONS)][: questions - count]
        out.append(conversation)
        count += len(conversation)
        i += 1
    return out



@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float, error: str = "") -> None:
        with self.lock:
            self.latencies_ms.append(ms)
            if error:
                self.errors.append(error)


def check(turn: Turn, text: str, refused: bool, resolved: bool) -> str:
    """'' when the answer is right in kind, else what is wrong."""
    if turn.expect == "refusal" and not refused:
        return f"{turn.question!r}: expected a refusal, got {text[:80]!r}"
    if turn.expect != "refusal" and refused:
        return f"{turn.question!r}: refused ({text[:80]!r})"
    if turn.expect == "follow-up" and not resolved:
        return f"{turn.question!r}: the follow-up was not resolved"
    if turn.facts and not any(f in text for f in turn.facts):
        return f"{turn.question!r}: none of {turn.facts} in {text[:120]!r}"
    return ""


def ask(client, turn: Turn, history: list[str], via_chat: bool) -> tuple[object, str]:
    """(what the user sees, '' or what is wrong with it in kind)."""
    if via_chat:
        _, messages, _ = client.predict(turn.question, api_name="/chat")
        html = content(messages[-1])
        if "rag-answered" not in html and "rag-refused" not in html:
            return html, f"{turn.question!r}: no answer ({html[:80]!r})"
        return html, check(turn, html, "rag-refused" in html, "rag-resolved" in html)
    out = client.predict(turn.question, history=history, api_name="/ask")
    seen = {k: out[k] for k in ("question", "resolved_question", "answer", "refused", "notice")}
    seen["citations"] = [(c["n"], c["chunk_id"], c["start"], c["end"], c["quote_start"], c["quote_end"])
                         for c in out["citations"]]
    return seen, check(turn, out["answer"], out["refused"], out["resolved_question"] != out["question"])


def conversations(url: str, client_no: int, questions: int, via_chat: bool, result: Result,
                  baseline: dict | None = None) -> dict:
    """One user's conversations, each in a fresh session (a new tab); what was seen for each turn."""
    from gradio_client import Client

    seen_all = {}
    for conversation in script(client_no, questions):
        client = Client(url, verbose=False)
        history: list[str] = []
        for turn in conversation:
            key = (via_chat, tuple(history), turn.question)
            t = time.perf_counter()
            try:
                seen, error = ask(client, turn, history, via_chat)
                if not error and baseline is not None and seen != baseline[key]:
                    error = f"{turn.question!r}: differs from the answer one user alone gets: {str(seen)[:160]}"
            except Exception as e:  # noqa: BLE001 - every failure is counted, the run goes on
                seen, error = None, f"{turn.question!r}: {type(e).__name__}: {e}"
            result.add((time.perf_counter() - t) * 1000, error)
            seen_all[key] = seen
            history.append(turn.question)
    return seen_all


def run_load(url: str, clients: int, questions: int) -> dict:
    """Every conversation asked by one user alone first (the baseline), then all users at once:
    each answer under load must be right in kind and identical to the baseline's."""
    alone = Result()
    baseline = {}
    every_turn = sum(len(x) for x in CONVERSATIONS)
    for via_chat in (True, False):
        baseline.update(conversations(url, 0, every_turn, via_chat, alone))  # each conversation once
    assert not alone.errors, alone.errors
    result = Result()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(conversations, url, c, questions, c % 2 == 0, result, baseline) for c in range(clients)]
        for f in futures:
            f.result()
    seconds = time.perf_counter() - started
    lat = sorted(result.latencies_ms)
    return {
        "clients": clients, "questions_per_client": questions, "requests": len(lat), "errors": len(result.errors),
        "error_examples": result.errors[:5],
        "latency_ms": {"p50": round(statistics.median(lat), 1), "p95": round(lat[int(0.95 * (len(lat) - 1))], 1),
                       "max": round(lat[-1], 1), "mean": round(statistics.fmean(lat), 1)},
        "seconds": round(seconds, 2), "requests_per_second": round(len(lat) / seconds, 2),
        "alone_latency_ms": {"p50": round(statistics.median(alone.latencies_ms), 1),
                             "p95": round(sorted(alone.latencies_ms)[int(0.95 * (len(alone.latencies_ms) - 1))], 1)},
    }


def report(artifacts, name: str, figures: dict) -> None:
    path = artifacts / "load.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    data[name] = figures
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    lat = figures["latency_ms"]
    print(f"\nload ({name}): {figures['clients']} clients x {figures['questions_per_client']} questions = "
          f"{figures['requests']} requests in {figures['seconds']} s ({figures['requests_per_second']}/s); "
          f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms; errors {figures['errors']}")


def test_load_reduced(chat_server, artifacts):
    figures = run_load(chat_server.url, clients=5, questions=4)
    report(artifacts, "reduced", figures)
    assert figures["requests"] == 20 and figures["errors"] == 0, figures["error_examples"]


def _full_requested(config) -> bool:
    selected = config.getoption("markexpr") or ""
    return os.environ.get("RAG_LOAD_FULL") == "1" or ("load" in selected and "not load" not in selected)


@pytest.mark.load
def test_load_full(chat_server, artifacts, pytestconfig):
    if not _full_requested(pytestconfig):
        pytest.skip("the full-size load test runs with RAG_LOAD_FULL=1 or -m load")
    figures = run_load(chat_server.url, clients=20, questions=10)
    report(artifacts, "full", figures)
    assert figures["requests"] == 200 and figures["errors"] == 0, figures["error_examples"]


# ---- a queue beyond its limits -----------------------------------------------------------------------




def test_an_over_full_queue_says_busy_at_once(tmp_path):
    from gradio_client import Client

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
        clients = [Client(url, verbose=False) for _ in range(5)]
        outcomes: list[tuple[str, str]] = []
        lock = threading.Lock()

        def ask(i: int) -> None:
            try:
                clients[i].predict(f"q{i}", api_name="/ask")
                outcome, message = "answered", ""
            except Exception as e:  # noqa: BLE001
                outcome, message = "rejected", str(e)
            with lock:
                outcomes.append((outcome, message))

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(5)]
        for th in threads:
            th.start()
        # told at once: while no question can be answered (the gate is shut), all but the one being
        # answered and the one waiting are turned away, not left to time out
        deadline = time.monotonic() + 60
        while len(outcomes) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        with lock:
            early = list(outcomes)
        assert len(early) == 3 and all(o == "rejected" for o, _ in early), early
        assert all("queue is full" in m.lower() or "busy" in m.lower() for _, m in early), early
        gate.set()
        for th in threads:
            th.join(60)
        assert sorted(o for o, _ in outcomes) == ["answered"] * 2 + ["rejected"] * 3
    finally:
        demo.close()
