"""Publishing in PostgreSQL is one transaction: readers never see half a build, and a build killed at any
moment leaves the previous version serving.

The killed builds are real `rag index --store postgres` processes, SIGKILLed after a delay drawn from
a seeded RNG over the measured build time (RAG_KILLS=N rounds, default 3), against the real server."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.build import open_store
from index.pg.database import database_for
from index.pg.publish import live_version, publish_version
from rag.ingest.corpus import fingerprint, read_sources
from rag.retrieve.bm25 import query_terms

REPO = Path(__file__).resolve().parents[3]
SEED = 20261201

pytestmark = pytest.mark.slow  # real PostgreSQL servers and real indexes


def test_readers_see_the_old_version_until_the_build_commits(pg_article):
    cfg, store = pg_article
    db = database_for(cfg)
    name = "publish-probe"
    writing, release = threading.Event(), threading.Event()

    def slow_write(conn, version):
        conn.execute(f"CREATE TABLE rag.v{version}_documents (x int)")
        writing.set()
        assert release.wait(60)

    first = publish_version(db, name, lambda: store.manifest, lambda conn, v: None)
    done = []
    builder = threading.Thread(target=lambda: done.append(publish_version(db, name, lambda: store.manifest, slow_write)))
    builder.start()
    try:
        assert writing.wait(60)
        seen = db.read(lambda conn: live_version(conn, name))  # the build's tables exist, uncommitted
        tables = db.read(lambda conn: conn.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'v%%_documents' "
                                                   "AND tablename = %s", (f"v{first + 1}_documents",)).fetchone()[0])
        assert seen[0] == first and tables == 0
    finally:
        release.set()
        builder.join(60)
    assert done and db.write(lambda conn: live_version(conn, name))[0] == done[0] > first


def test_a_second_build_keeps_the_previous_version_and_drops_older_ones(pg_article):
    cfg, store = pg_article
    db = database_for(cfg)
    name = "sweep-probe"
    ids = [publish_version(db, name, lambda: store.manifest, lambda conn, v: None) for _ in range(3)]
    kept = db.write(lambda conn: [r[0] for r in conn.execute(
        "SELECT id FROM rag.versions WHERE index_name = %s ORDER BY id", (name,))])
    assert kept == ids[1:]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_build_killed_at_random_moments_leaves_the_previous_version(pg_article, tmp_path, e5):
    cfg, _ = pg_article
    rounds = int(os.environ.get("RAG_KILLS", "3"))
    rng = random.Random(SEED)
    name = "killed"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO), "RAG_DB_URL": cfg.db_url}
    extra = tmp_path / "extra"
    extra.mkdir()

    def corpus(i: int) -> list[Path]:
        lines = (f"第{i}轮构建的附加说明第{j}条：星辰公司在第{i * 10 + j}号园区建设了新的算力中心。" for j in range(12))
        (extra / "extra.txt").write_text("\n".join(lines), encoding="utf-8")
        return [extra]

    def command(paths):
        return [sys.executable, "-m", "ui.cli", "index", "-q", "--store", "postgres", "--db-index", name,
                "--index-dir", cfg.index_dir, *map(str, paths)]  # the article index's embedding cache

    started = time.perf_counter()
    subprocess.run(command(corpus(-1)), check=True, env=env, capture_output=True)
    duration = time.perf_counter() - started
    pg = cfg.with_overrides(db_index=name)
    live = open_store(pg).manifest.corpus["fingerprint"]
    outcomes = {"kept the previous version": 0, "published the new one": 0}
    for i in range(rounds):
        paths = corpus(i) if i % 2 == 0 else []
        target = fingerprint(read_sources(paths))
        proc = subprocess.Popen(command(paths), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = open_store(pg)  # checks the tables against the manifest
        now = store.manifest.corpus["fingerprint"]
        assert now in (live, target), f"round {i}: neither the previous nor the new corpus"
        assert store.search(store.vectors[0], 1)[0][0] == 0
        assert store.lexical.search(query_terms(store.chunks[0].text), 1)
        outcomes["published the new one" if now == target != live else "kept the previous version"] += 1
        live = now
    time.sleep(1.5)  # a killed client's transaction is rolled back by the server (client_connection_check_interval)
    leftovers = database_for(cfg).write(lambda conn: conn.execute(
        "SELECT count(*) FROM pg_tables t WHERE t.schemaname = 'rag' AND t.tablename ~ '^v[0-9]+_' "
        "AND substring(t.tablename from '^v([0-9]+)_')::bigint NOT IN (SELECT id FROM rag.versions)").fetchone()[0])
    assert leftovers == 0
    print(f"\nkilled postgres builds: {rounds} rounds over a {duration:.1f} s build: {outcomes}")
