"""User feedback on answers, appended to a JSONL file that many threads and processes share.

Each record is one JSON object on one line (format in the README, "Chat"). `FeedbackLog.append`
writes a whole line with a single `write` under an exclusive lock: `fcntl.flock` on POSIX, which
holds across processes, and a threading lock with O_APPEND elsewhere. So concurrent users can
neither interleave their lines nor lose one. A line left unfinished by a crash is closed with a
newline before the next record, and `read_feedback` skips it.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no flock; the threading lock and O_APPEND stand in
    fcntl = None  # type: ignore[assignment]

FORMAT_VERSION = 1
RATINGS = ("up", "down", None)
REASONS = ("answer_wrong", "citation_wrong")


class FeedbackLog:
    """Appends feedback records to `path` (created with its folder on first use)."""

    _locks: dict[str, threading.Lock] = {}
    _locks_guard = threading.Lock()

    def __init__(self, path: str | Path):
        self.path = Path(path)
        key = os.path.abspath(self.path)
        with self._locks_guard:
            self._lock = self._locks.setdefault(key, threading.Lock())

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        # half a character ("\ud800", which a browser's JSON can carry) is written as its JSON escape
        data = line.encode("utf-8", "backslashreplace")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                size = os.fstat(fd).st_size
                if size and _last_byte(fd, size) != b"\n":
                    data = b"\n" + data  # close a line a crashed writer left open
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)


def _last_byte(fd: int, size: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, 1, size - 1)
    os.lseek(fd, size - 1, os.SEEK_SET)
    return os.read(fd, 1)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def parse_feedback(raw: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """((line number, record) of every complete record, oldest first; one problem per broken line)."""
    records, problems = [], []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            problems.append(f"line {number}: not UTF-8")
            continue
        except json.JSONDecodeError as e:
            problems.append(f"line {number}: invalid JSON ({e.msg})")
            continue
        if isinstance(rec, dict):
            records.append((number, rec))
        else:
            problems.append(f"line {number}: not a JSON object")
    return records, problems


def read_feedback(path: str | Path) -> list[dict[str, Any]]:
    """Every complete record in `path`, oldest first; a missing file has none, broken lines are skipped
    (a line a crashed writer left unfinished)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return []
    return [rec for _, rec in parse_feedback(raw)[0]]


def new_answer_id() -> str:
    return uuid.uuid4().hex


def feedback_record(
    answer: dict[str, Any],
    *,
    answer_id: str,
    rating: str | None,
    reasons: Iterable[str] = (),
    comment: str = "",
    history: Sequence[str] = (),
    collection: str = "article",
    settings: dict[str, Any] | None = None,
    document_text=None,
) -> dict[str, Any]:
    """One feedback record about `answer` (an `Answer.to_json()` object).

    `document_text(doc_id)` adds each citation's quoted sentence, so a record stands on its own.
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be 'up', 'down' or None, not {rating!r}")
    reasons = [r for r in reasons if r]
    bad = [r for r in reasons if r not in REASONS]
    if bad:
        raise ValueError(f"unknown feedback reason(s): {', '.join(bad)}")
    citations = []
    for c in answer.get("citations", []):
        quote = document_text(c["doc_id"])[c["quote_start"]:c["quote_end"]] if document_text else ""
        citations.append({k: c[k] for k in ("n", "doc_id", "chunk_id", "title", "start", "end", "quote_start",
                                             "quote_end", "score")} | {"passage": c["text"], "quote": quote}
                         | {k: c.get(k) for k in ("page", "page_end")})
    now = time.time()
    return {
        "v": FORMAT_VERSION,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z",
        "answer_id": answer_id,
        "rating": rating,
        "reasons": reasons,
        "comment": comment.strip(),
        "question": answer.get("question", ""),
        "resolved_question": answer.get("resolved_question", ""),
        "history": list(history),
        "answer": answer.get("answer", ""),
        "refused": bool(answer.get("refused")),
        "notice": answer.get("notice", ""),
        "answerer": answer.get("answerer", ""),
        "citations": citations,
        "collection": collection,
        "settings": dict(settings or {}),
    }
