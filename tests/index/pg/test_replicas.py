"""Reads on streaming replicas with failover, and feedback that survives the primary going away.

Its own primary + replica (it stops and starts them), on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from index.pg.connect import Database, DatabaseError
from index.pg.feedback import PgFeedbackLog, read_pg_feedback
from index.pg.schema import ensure_schema

pytestmark = pytest.mark.slow  # real PostgreSQL servers and real indexes


@pytest.fixture(scope="module")
def cluster(pg_cluster):  # pg_cluster: skips (or fails) as the shared one does when postgres is not installed
    from index.pg.local import LocalCluster

    c = LocalCluster.start(replicas=1)
    yield c
    c.stop()


def in_recovery(conn) -> bool:
    return bool(conn.execute("SELECT pg_is_in_recovery()").fetchone()[0])


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_reads_go_to_the_replica_and_move_to_the_primary_when_it_stops(cluster):
    replica = cluster.replicas[0]
    db = Database(cluster.primary.url, [replica.url], retry_after=0)
    ensure_schema(db)
    assert wait_for(lambda: db.read(in_recovery) is True)  # served by the replica, once it replayed the migration
    assert db.write(in_recovery) is False
    db.retry_after = 60
    replica.stop(mode="immediate")
    try:
        served = [db.read(in_recovery) for _ in range(5)]  # no failed read: the primary takes over
        assert served == [False] * 5
    finally:
        replica.start()
    db.retry_after = 0
    assert wait_for(lambda: db.read(in_recovery) is True)  # back on the replica once it answers again
    db.close()


def test_a_read_fails_only_when_no_server_answers(cluster):
    db = Database("postgresql://nobody:x@127.0.0.1:1/none", ["postgresql://nobody:secret-word@127.0.0.1:2/none"],
                  connect_timeout=1)
    with pytest.raises(DatabaseError) as e:
        db.read(in_recovery)
    assert "secret-word" not in str(e.value) and "***" in str(e.value)  # passwords are never shown


def record(i: int) -> dict:
    return {"v": 1, "time": "2026-12-01T10:00:00.000Z", "answer_id": f"a{i}", "rating": "up", "question": f"q{i}"}


def test_feedback_written_while_the_primary_is_down_reaches_it_when_it_returns(cluster, tmp_path):
    db = Database(cluster.primary.url, [cluster.replicas[0].url], connect_timeout=1)
    ensure_schema(db)
    primary = Database(cluster.primary.url)  # the replica may lag behind a moment: counts are read on the primary
    before = len(read_pg_feedback(primary))
    log = PgFeedbackLog(db, tmp_path / "spool.jsonl", retry_every=0.2)
    log.append(record(0))
    cluster.primary.stop(mode="immediate")
    try:
        for i in range(1, 11):
            log.append(record(i))  # no error for the user: spooled
        assert log.pending() == 10
    finally:
        cluster.primary.start()
    assert wait_for(lambda: log.pending() == 0, 120)
    ids = [r["answer_id"] for r in read_pg_feedback(primary)][before:]
    assert sorted(ids) == sorted(f"a{i}" for i in range(11))  # every record once
    log.flush()  # flushing again (an empty spool) adds nothing
    assert len(read_pg_feedback(primary)) == before + 11
    log.close()
    db.close()
    primary.close()


def test_a_spool_left_by_an_earlier_run_is_written_at_start(cluster, tmp_path):
    import json

    db = Database(cluster.primary.url)
    ensure_schema(db)
    spool = tmp_path / "spool.jsonl"
    items = [{"id": f"00000000-0000-0000-0000-00000000000{i}", "record": record(100 + i)} for i in range(3)]
    spool.write_text("".join(json.dumps(it) + "\n" for it in items) + '{"id": "broken', encoding="utf-8")
    log = PgFeedbackLog(db, spool, retry_every=0.1)
    assert wait_for(lambda: log.pending() == 0, 120)
    log.flush()
    spool.write_text("".join(json.dumps(it) + "\n" for it in items), encoding="utf-8")  # the same records again
    log.flush()
    ids = [r["answer_id"] for r in read_pg_feedback(db)]
    assert sorted(i for i in ids if i in ("a100", "a101", "a102")) == ["a100", "a101", "a102"]
    db.close()
