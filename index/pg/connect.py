"""Connections to the primary and its read replicas, with failover: a read that fails on one server
is retried on the next, so a replica that stops answering costs no failed request.

Writes go to the primary. Reads go to the replicas in turn and to the primary when none answers
(or when none is configured). A server that refused a connection or dropped one is skipped for
`retry_after` seconds, then tried again. A replica that has not yet replayed a table the primary
already has (replication lag right after a build) passes the read on too. Connections are kept
per server and reused, one per thread at a time. Passwords come from the URL or from `PGPASSWORD`
(libpq reads it) and are never printed: every message shows the URL redacted.

    db = Database("postgresql://rag@10.0.0.1/rag", read_urls=("postgresql://rag@10.0.0.2/rag",))
    rows = db.read(lambda conn: conn.execute("SELECT 1").fetchall())
    db.write(lambda conn: conn.execute("INSERT ..."))
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from rag.secrets import redact_url

T = TypeVar("T")

CONNECT_TIMEOUT = 3  # seconds to wait for a server before trying the next one
RETRY_AFTER = 5.0  # seconds a failed server is skipped


class DatabaseError(RuntimeError):
    """No server could serve the request; the message names them (redacted)."""


def _driver():
    try:
        import psycopg
    except ImportError as e:
        raise DatabaseError("the postgres store needs the postgres extra: pip install 'fullstack-rag[postgres]'") from e
    return psycopg


class Database:
    def __init__(self, url: str, read_urls: Sequence[str] = (), connect_timeout: float = CONNECT_TIMEOUT,
                 retry_after: float = RETRY_AFTER, settings: dict[str, str] | None = None):
        if not url:
            raise DatabaseError("the postgres store needs a database URL: --db-url postgresql://... or RAG_DB_URL")
        self.url = url
        self.read_urls = tuple(u for u in read_urls if u)
        self.connect_timeout = connect_timeout
        self.retry_after = retry_after
        self.settings = dict(settings or {})  # SET on every new connection (e.g. hnsw.ef_search)
        self._idle: dict[str, list] = {}
        self._failed_at: dict[str, float] = {}  # server -> when it last failed
        self._lock = threading.Lock()
        self._turn = itertools.count()
        self.vector_types = False  # pgvector's types registered on new connections (after migration)

    # ---- connections -------------------------------------------------------------------------
    def _connect(self, url: str):
        psycopg = _driver()
        conn = psycopg.connect(url, connect_timeout=max(1, int(self.connect_timeout)), autocommit=True,
                               application_name="fullstack-rag")
        for key, value in self.settings.items():
            conn.execute("SELECT set_config(%s, %s, false)", (key, str(value)))
        if self.vector_types:
            from pgvector.psycopg import register_vector

            try:
                register_vector(conn)
            except psycopg.ProgrammingError as e:  # a replica that has not yet replayed CREATE EXTENSION
                conn.close()
                raise psycopg.OperationalError(f"no vector type yet ({e})") from e
        return conn

    def _take(self, url: str):
        with self._lock:
            idle = self._idle.get(url)
            if idle:
                return idle.pop()
        return self._connect(url)

    def _give_back(self, url: str, conn) -> None:
        if conn.closed or conn.info.transaction_status != 0:  # 0: idle, nothing left open
            conn.close()
            return
        with self._lock:
            self._idle.setdefault(url, []).append(conn)

    def _drop_idle(self, url: str) -> None:
        with self._lock:
            idle = self._idle.pop(url, [])
        for conn in idle:
            conn.close()

    def close(self) -> None:
        for url in list(self._idle):
            self._drop_idle(url)

    # ---- running work ----------------------------------------------------------------------
    def run(self, url: str, work: Callable[[object], T]) -> T:
        """`work(connection)` on the server at `url`; the connection goes back to the pool after."""
        conn = self._take(url)
        try:
            result = work(conn)
        except BaseException:
            conn.close()
            raise
        self._give_back(url, conn)
        return result

    def write(self, work: Callable[[object], T]) -> T:
        """`work(connection)` on the primary. A dropped pooled connection is replaced once."""
        psycopg = _driver()
        try:
            return self.run(self.url, work)
        except psycopg.OperationalError:
            self._drop_idle(self.url)  # the primary restarted: its old connections are dead
            try:
                return self.run(self.url, work)
            except psycopg.OperationalError as e:
                raise DatabaseError(f"the primary {redact_url(self.url)} does not answer: {e}") from e

    def read(self, work: Callable[[object], T]) -> T:
        """`work(connection)` on a replica, or on the next server when one fails; the primary last."""
        psycopg = _driver()
        order = self._read_order()
        problems = []
        for url in order:
            for attempt in (0, 1):  # a pooled connection may have died since; a fresh one gets one chance
                try:
                    return self.run(url, work)
                except (psycopg.errors.UndefinedTable,  # a replica behind the primary: not there yet
                        psycopg.errors.SerializationFailure) as e:  # a replica cancelled it (conflict with recovery)
                    problems.append(f"{redact_url(url)}: {e}")
                    break
                except psycopg.OperationalError as e:  # refused, shut down, connection lost, recovery conflict
                    self._drop_idle(url)
                    if attempt == 1 or not _maybe_stale(e):
                        self._failed_at[url] = time.monotonic()
                        problems.append(f"{redact_url(url)}: {e}")
                        break
        raise DatabaseError("no database server answered: " + "; ".join(problems))

    def _read_order(self) -> list[str]:
        now = time.monotonic()
        replicas = list(self.read_urls)
        if replicas:
            start = next(self._turn) % len(replicas)
            replicas = replicas[start:] + replicas[:start]
        servers = [u for u in replicas if u != self.url] + [self.url]
        up = [u for u in servers if now - self._failed_at.get(u, -1e18) >= self.retry_after]
        return up + [u for u in servers if u not in up]  # all down: try them anyway, best first


def _maybe_stale(error: Exception) -> bool:
    """Whether the error may come from a pooled connection that died while idle (worth one retry)."""
    text = str(error).lower()
    return any(s in text for s in ("closed", "terminat", "consuming input failed", "server closed", "lost"))
