"""Launch the real chat app, `rag chat`, in a subprocess and wait until it answers (used by fixtures)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class ChatServer:
    url: str
    feedback: Path
    log: Path
    index_dir: str
    ready_seconds: float  # process start -> the page answers HTTP 200, warmed up


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"rag chat exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                # up, and warmed up: `rag chat` prints its address once the warm-up questions are answered
                if r.status == 200 and "rag chat: open" in log.read_text(errors="replace"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"rag chat did not answer at {url} within {timeout} s:\n{log.read_text(errors='replace')}")


def launch_chat(index_dir: str, folder: Path, args: tuple[str, ...] = (), env: dict[str, str] | None = None):
    """Start `rag chat` over `index_dir` (plus `args`, e.g. the postgres store's); yields a ChatServer once
    the page answers, stops it afterwards."""
    port = free_port()
    log = folder / "server.log"
    feedback = folder / "feedback.jsonl"
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", "NO_PROXY": "127.0.0.1,localhost",
           **(env or {})}
    started = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "chat", "--index-dir", index_dir, "--port", str(port),
             "--feedback", str(feedback), *args], stdout=out, stderr=subprocess.STDOUT, cwd=REPO, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc, log)
        yield ChatServer(url, feedback, log, index_dir, time.perf_counter() - started)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def message_text(message: dict) -> str:
    """The text of a chat message as gradio_client returns it (a string or a list of parts)."""
    c = message["content"]
    return c if isinstance(c, str) else "".join(part.get("text", "") for part in c)


@dataclass
class SlowPipeline:
    """Stands in for the pipeline and answers only when `gate` is set (or after `delay` seconds without
    one), so a queue fills up on purpose and a test decides when it drains, whatever the machine's speed."""

    cfg: object
    delay: float = 1.0
    gate: threading.Event | None = None
    answerer: object = "extractive"
    extractive: object = "extractive"
    retriever: object = field(default_factory=lambda: type("R", (), {"embedder": object()})())
    rewrite: object = None
    documents: Callable = str

    def ask_stream(self, question, history=()):
        from rag.types import Answer

        if self.gate is not None:
            self.gate.wait(120)
        else:
            time.sleep(self.delay)
        yield Answer(question, "slow [1]", False, (), ())
