"""The feedback log under load: many processes and threads appending records far larger than PIPE_BUF
(4 KiB, the most a pipe writes atomically; O_APPEND alone guarantees nothing for files either),
one writer killed in the middle of a record, and text no UTF-8 encoder accepts. Every record must
come back whole and exactly once; nothing a user gave is lost or mixed with another's.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import select
import signal
import threading
import time

import pytest

from rag.feedback import FeedbackLog, feedback_record, read_feedback

pytestmark = pytest.mark.timeout(300)

PROCESSES = 6
THREADS = 3
PER_THREAD = 12
PIPE_BUF = select.PIPE_BUF


def comment(writer: str, i: int) -> str:
    """4 KiB to 512 KiB of text, different for each record (sizes log-uniform, seeded by the record)."""
    rng = random.Random(f"{writer}/{i}")
    size = int(2 ** rng.uniform(12.1, 19))
    unit = f"{writer}#{i}:反馈内容🙂"
    return unit * (size // len(unit.encode("utf-8")) + 1)


def record(writer: str, i: int) -> dict:
    answer = {"question": f"{writer} 的第{i}个问题？", "answer": "答案[1]。", "citations": []}
    rec = feedback_record(answer, answer_id=f"{writer}-{i}", rating="down", reasons=["answer_wrong"],
                          comment=comment(writer, i), settings={"writer": writer})
    rec["digest"] = hashlib.sha256(rec["comment"].encode("utf-8")).hexdigest()
    return rec


def writer_process(path: str, name: str) -> None:
    log = FeedbackLog(path)

    def work(t: int) -> None:
        for i in range(PER_THREAD):
            log.append(record(f"{name}.{t}", i))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()


def endless_writer(path: str, started) -> None:
    """Appends 2 MiB records until it is killed, telling the test when it has begun."""
    log = FeedbackLog(path)
    started.set()
    i = 0
    while True:
        log.append({"writer": "doomed", "i": i, "comment": "将被中断" * 180_000})
        i += 1


def test_big_records_from_many_processes_stay_whole_even_when_a_writer_is_killed(tmp_path):
    path = tmp_path / "feedback.jsonl"
    ctx = multiprocessing.get_context("fork")
    started = ctx.Event()
    doomed = ctx.Process(target=endless_writer, args=(str(path), started))
    doomed.start()
    assert started.wait(30)
    writers = [ctx.Process(target=writer_process, args=(str(path), f"p{k}")) for k in range(PROCESSES)]
    t0 = time.perf_counter()
    for p in writers:
        p.start()
    time.sleep(0.3)
    os.kill(doomed.pid, signal.SIGKILL)  # most likely in the middle of writing a 2 MiB line
    doomed.join()
    for p in writers:
        p.join(240)
        assert p.exitcode == 0
    seconds = time.perf_counter() - t0

    records = read_feedback(path)
    mine = [r for r in records if r.get("answer_id")]
    expected = {f"p{k}.{t}-{i}" for k in range(PROCESSES) for t in range(THREADS) for i in range(PER_THREAD)}
    assert sorted(r["answer_id"] for r in mine) == sorted(expected)  # each exactly once
    for r in mine:
        writer, i = r["answer_id"].rsplit("-", 1)
        assert r["comment"] == comment(writer, int(i))
        assert hashlib.sha256(r["comment"].encode("utf-8")).hexdigest() == r["digest"]
    assert all(r["writer"] == "doomed" and r["comment"] == "将被中断" * 180_000 for r in records if not r.get("answer_id"))
    sizes = [len(json.dumps(r, ensure_ascii=False).encode("utf-8")) for r in mine]
    assert min(sizes) > PIPE_BUF
    raw = path.read_bytes()
    broken = [line[:40] for line in raw.split(b"\n") if line.strip() and not _is_json(line)]
    assert len(broken) <= 1  # at most the killed writer's unfinished line, closed by the next record
    print(f"\nfeedback log: {len(mine)} records of {min(sizes) // 1024}-{max(sizes) // 1024} KiB from "
          f"{PROCESSES} processes x {THREADS} threads in {seconds:.1f} s ({len(raw) / 2**20:.0f} MiB); "
          f"{len(records) - len(mine)} whole records and {len(broken)} unfinished line from the killed writer")


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def test_text_no_utf8_encoder_accepts_is_kept_exactly(tmp_path):
    """A browser's JSON may carry half a character ("\\ud800"); the record is kept, not lost to an error."""
    log = FeedbackLog(tmp_path / "f.jsonl")
    rec = {"comment": "前\ud800后\udfff", "question": "百度\udcff？", "n": 1}
    log.append(rec)
    log.append({"n": 2})
    assert read_feedback(tmp_path / "f.jsonl") == [rec, {"n": 2}]
