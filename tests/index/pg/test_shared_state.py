"""What chat servers share through the database: uploaded collections (built by one, opened by another),
the schema (`rag db migrate`, `rag db status`), and feedback read back for `rag eval from-feedback`."""

from __future__ import annotations

import json
import time

import pytest

from index.collections import CollectionFile, build_collection, open_collection
from index.pg.database import database_for
from ui.db import main as db_main

pytestmark = pytest.mark.slow  # real PostgreSQL servers and real indexes


def test_a_collection_built_by_one_server_is_opened_by_another(pg_article, e5, tmp_path):
    cfg, _ = pg_article
    texts = [CollectionFile("星辰.md", "# 星辰公司\n\n星辰公司在2024年建成了第七号算力中心，投资额为42亿元。\n", "utf-8")]
    key, pipeline, store = build_collection(texts, tmp_path / "uploads-a", cfg, e5)
    assert len(store.chunks) >= 1 and not (tmp_path / "uploads-a").exists()  # nothing on this machine's disk
    other = open_collection(key, tmp_path / "uploads-b", cfg, e5)  # another server: only the key travels
    answer = other.ask("星辰公司的第七号算力中心投资额是多少？")
    assert "42亿元" in answer.text and not answer.refused
    again, _, _ = build_collection(texts, tmp_path / "uploads-c", cfg, e5)  # the same set: reused, not rebuilt
    assert again == key
    assert open_collection("0" * 24, tmp_path, cfg, e5) is None


def test_old_collections_are_pruned_with_their_indexes(pg_article, e5):
    from index.pg.collections import index_name, prune_pg_collections

    cfg, _ = pg_article
    db = database_for(cfg)
    keys = []
    for i in range(3):
        key, _, _ = build_collection([CollectionFile(f"d{i}.txt", f"第{i}份文件：月亮湖的水深是{i + 3}米。", "utf-8")],
                                     None, cfg, e5)
        keys.append(key)
    removed = prune_pg_collections(db, keep=2, protect=keys[-1])
    left = db.write(lambda conn: [k for (k,) in conn.execute("SELECT key FROM rag.collections")])
    assert keys[-1] in left and len(left) == 2 and removed
    names = db.write(lambda conn: [n for (n,) in conn.execute("SELECT name FROM rag.indexes")])
    assert all(index_name(k) not in names for k in removed)


def test_rag_db_migrate_and_status(pg_article, capsys, monkeypatch):
    cfg, _ = pg_article
    monkeypatch.setenv("RAG_DB_URL", cfg.db_url)
    assert db_main(["migrate"]) == 0
    out = capsys.readouterr().out
    assert "schema version" in out and "already current" in out
    password = cfg.db_url.split(":")[2].split("@")[0]
    assert password not in out  # never printed
    assert db_main(["status"]) == 0
    out = capsys.readouterr().out
    assert "index 'article'" in out and "feedback records" in out and password not in out


def test_rag_db_feedback_exports_the_records_as_jsonl(pg_article, tmp_path, capsys, monkeypatch):
    from index.pg.feedback import PgFeedbackLog
    from rag.feedback import read_feedback

    cfg, _ = pg_article
    PgFeedbackLog(database_for(cfg), tmp_path / "spool.jsonl").append({"v": 1, "answer_id": "export-me", "rating": "down"})
    monkeypatch.setenv("RAG_DB_URL", cfg.db_url)
    out = tmp_path / "feedback.jsonl"
    assert db_main(["feedback", "--out", str(out)]) == 0
    records = read_feedback(out)
    assert any(r["answer_id"] == "export-me" for r in records)
    assert all(isinstance(json.dumps(r), str) for r in records)


def test_a_server_follows_a_newly_published_version(pg_article, tmp_path):
    from index.build import build_index, open_store
    from index.load import load_pipeline
    from index.pg.follow import LiveFollower
    from rag.factory import make_embedder

    cfg, _ = pg_article
    doc = tmp_path / "notes.txt"
    doc.write_text("月亮湖的水深是三米。", encoding="utf-8")
    pg = cfg.with_overrides(embedder="hash", db_index=f"follow-{tmp_path.name}", corpus=(str(doc),),
                            index_dir=str(tmp_path / "index"))
    build_index(pg, make_embedder(pg), progress=False)
    first = open_store(pg).version
    served = []
    follower = LiveFollower(pg, first, lambda: load_pipeline(pg, rebuild=False, warm=False), served.append)
    assert follower.check() is False and served == []
    doc.write_text("月亮湖的水深是五米。", encoding="utf-8")
    build_index(pg, make_embedder(pg), progress=False)
    deadline = time.monotonic() + 30
    while not follower.check() and time.monotonic() < deadline:  # the replica it reads from may lag a moment
        time.sleep(0.1)
    assert served[0].extractive.store.version == follower.version > first
    assert "五米" in served[0].ask("月亮湖的水深是多少？").hits[0].chunk.text  # the new version's passage
