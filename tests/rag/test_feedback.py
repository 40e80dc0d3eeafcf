"""FeedbackLog: concurrent appends from many threads and processes keep every record whole."""

import json
import multiprocessing
import threading

import pytest

from rag.feedback import FeedbackLog, feedback_record, read_feedback

THREADS = 6
PER_THREAD = 40


def _payload(tag: str, i: int) -> str:
    # sizes from a few bytes to ~100 KB, so one record is larger than a pipe buffer or page
    return f"{tag}-{i}:" + "数据" * (17 * i * i % 50_000)


def _append_many(path: str, tag: str) -> None:
    log = FeedbackLog(path)

    def worker(t: int) -> None:
        for i in range(PER_THREAD):
            name = f"{tag}/{t}"
            log.append({"writer": name, "i": i, "payload": _payload(name, i)})

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()


def _check(path, writers: list[str]) -> None:
    records = read_feedback(path)
    assert len(records) == len(writers) * PER_THREAD
    seen = {(r["writer"], r["i"]) for r in records}
    assert seen == {(w, i) for w in writers for i in range(PER_THREAD)}
    for r in records:
        assert r["payload"] == _payload(r["writer"], r["i"])
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(line) for line in lines[:-1])


def test_threads_never_interleave_or_lose_records(tmp_path):
    path = tmp_path / "feedback.jsonl"
    _append_many(str(path), "p0")
    _check(path, [f"p0/{t}" for t in range(THREADS)])


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_processes_and_threads_never_interleave_or_lose_records(tmp_path, method):
    path = tmp_path / "sub" / "feedback.jsonl"
    ctx = multiprocessing.get_context(method)
    procs = [ctx.Process(target=_append_many, args=(str(path), f"p{k}")) for k in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    _check(path, [f"p{k}/{t}" for k in range(4) for t in range(THREADS)])


def test_a_line_left_open_by_a_crash_is_closed_and_skipped(tmp_path):
    path = tmp_path / "f.jsonl"
    log = FeedbackLog(path)
    log.append({"a": 1})
    with open(path, "ab") as f:
        f.write(b'{"half": "writ')
    log.append({"a": 2})
    assert read_feedback(path) == [{"a": 1}, {"a": 2}]
    assert read_feedback(tmp_path / "missing.jsonl") == []


ANSWER = {
    "question": "百度近十年研发投入多少？", "resolved_question": "百度近十年研发投入多少？",
    "answer": "百度近十年累计投入的研发资金超过1800亿元[1]。", "refused": False, "answerer": "extractive", "notice": "",
    "citations": [{"n": 1, "chunk_id": "c7", "doc_id": "d", "title": "T", "text": "passage", "start": 10, "end": 30,
                   "score": 0.9, "quote_start": 12, "quote_end": 20}],
}


def test_record_carries_question_answer_citations_settings_and_time():
    rec = feedback_record(ANSWER, answer_id="x1", rating="down", reasons=["citation_wrong"], comment=" wrong passage ",
                          history=["earlier?"], settings={"top_k": 5}, document_text=lambda d: "0123456789" * 4)
    assert rec["v"] == 1 and rec["rating"] == "down" and rec["reasons"] == ["citation_wrong"]
    assert rec["comment"] == "wrong passage" and rec["history"] == ["earlier?"] and rec["settings"] == {"top_k": 5}
    assert rec["question"] == ANSWER["question"] and rec["answer"] == ANSWER["answer"]
    c = rec["citations"][0]
    assert (c["start"], c["end"], c["quote"], c["passage"]) == (10, 30, "23456789", "passage")
    assert rec["time"].endswith("Z") and len(rec["time"]) == 24
    json.dumps(rec)


@pytest.mark.parametrize("kwargs", [{"rating": "meh"}, {"rating": "up", "reasons": ["typo"]}])
def test_record_rejects_unknown_ratings_and_reasons(kwargs):
    with pytest.raises(ValueError):
        feedback_record(ANSWER, answer_id="x", **kwargs)
