"""Feedback in the database: every chat server writes to one table, and nothing is lost while the
primary is down.

`PgFeedbackLog.append` inserts the record (the README's feedback format, as `rag.feedback` makes it)
into `rag.feedback` on the primary. When the primary does not answer, the record goes to a local
spool file instead (appended by `rag.feedback.FeedbackLog`: one whole JSON line under an exclusive
lock) and a background thread writes the spool to the database once the primary is back, then
empties it. Each record carries a unique id, so a spool written twice (a crash between the insert
and emptying the file) still counts each record once.

    log = PgFeedbackLog(db, spool=Path("~/.cache/fullstack-rag/feedback-spool.jsonl"))
    log.append(feedback_record(...))
    read_pg_feedback(db)   # every record, oldest first
"""

from __future__ import annotations

import json
import os
import socket
import threading
import uuid
from pathlib import Path
from typing import Any

from index.pg.connect import Database, DatabaseError
from rag.feedback import FeedbackLog

try:
    import fcntl
except ImportError:  # no flock (Windows): the threading lock alone guards the spool
    fcntl = None  # type: ignore[assignment]

RETRY_EVERY = 2.0  # seconds between attempts to write the spool while the primary is down


class PgFeedbackLog:
    def __init__(self, db: Database, spool: str | Path, server: str = "", retry_every: float = RETRY_EVERY):
        self.db = db
        self.spool = Path(spool)
        self.server = server or f"{socket.gethostname()}:{os.getpid()}"
        self.retry_every = retry_every
        self._spool_log = FeedbackLog(self.spool)  # the spool is appended to as any feedback file is
        self._lock = self._spool_log._lock  # ... and emptied under the same lock (and flock)
        self._flusher: threading.Thread | None = None
        self._stop = threading.Event()
        if self.pending():
            self._start_flusher()  # a spool left by an earlier run

    @property
    def path(self) -> str:
        return f"the database (spool: {self.spool})"

    def append(self, record: dict[str, Any]) -> None:
        item = {"id": str(uuid.uuid4()), "record": record}
        try:
            self._insert([item])
        except DatabaseError:
            self._spool(item)
            self._start_flusher()
            return
        if self.pending():
            self.flush()

    def _insert(self, items: list[dict]) -> None:
        def work(conn):
            with conn.transaction():
                with conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO rag.feedback (id, answer_id, at, record, server) VALUES (%s, %s, %s, %s, %s) "
                        "ON CONFLICT (id) DO NOTHING",
                        [(it["id"], str(it["record"].get("answer_id", "")), it["record"].get("time") or "now",
                          json.dumps(it["record"], ensure_ascii=False), self.server) for it in items])

        self.db.write(work)

    # ---- the spool -------------------------------------------------------------------------
    def _spool(self, item: dict) -> None:
        self._spool_log.append(item)

    def pending(self) -> int:
        """Records waiting in the spool."""
        try:
            with open(self.spool, "rb") as f:
                return sum(1 for line in f if line.strip())
        except FileNotFoundError:
            return 0

    def flush(self) -> int:
        """Write the spooled records to the database and empty the spool; how many were written.
        Raises DatabaseError (the spool kept whole) when the primary does not answer."""
        with self._lock:
            try:
                fd = os.open(self.spool, os.O_RDWR)
            except FileNotFoundError:
                return 0
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                raw = b""
                while chunk := os.read(fd, 1 << 20):
                    raw += chunk
                items = []
                for line in raw.split(b"\n"):
                    try:
                        items.append(json.loads(line))
                    except ValueError:  # empty, or a line a crash left unfinished
                        continue
                if items:
                    self._insert(items)
                os.ftruncate(fd, 0)
                return len(items)
            finally:
                os.close(fd)

    def _start_flusher(self) -> None:
        with self._lock:
            if self._flusher is not None and self._flusher.is_alive():
                return
            self._flusher = threading.Thread(target=self._flush_until_empty, name="feedback-spool", daemon=True)
            self._flusher.start()

    def _flush_until_empty(self) -> None:
        while not self._stop.wait(self.retry_every):
            try:
                self.flush()
            except DatabaseError:
                continue
            if not self.pending():
                return

    def close(self) -> None:
        self._stop.set()


def read_pg_feedback(db: Database) -> list[dict[str, Any]]:
    """Every feedback record in the database, oldest first (the format `rag.feedback.read_feedback` reads)."""
    rows = db.read(lambda conn: conn.execute("SELECT record FROM rag.feedback ORDER BY at, received_at, id").fetchall())
    return [r if isinstance(r, dict) else json.loads(r) for (r,) in rows]
