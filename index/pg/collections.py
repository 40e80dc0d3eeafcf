"""Uploaded collections in the database, so any chat server can answer about a set another one indexed.

A set's files (decoded text) go to `rag.collections` and its index is published as the database index
`uploads/<key>` (the key is index/collections.py's hash of names and texts). The same set uploaded
again, to any server, reuses it; only the `KEEP_COLLECTIONS` most recently used sets are kept.
The files are decoded, cleaned and chunked from a local scratch folder exactly as for the FAISS store.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from index.collections import KEEP_COLLECTIONS, CollectionFile, collection_key, write_files
from index.manifest import IndexError_
from index.pg.connect import DatabaseError
from index.pg.database import database_for
from index.pg.publish import drop_index
from index.pg.schema import ensure_schema


def index_name(key: str) -> str:
    return f"uploads/{key}"


def collection_config(cfg, key: str, folder: Path | None = None):
    """The configuration of an upload set: its own database index, its files as corpus, the extractive answerer."""
    corpus = (str(folder / "files"),) if folder is not None else ()
    return cfg.with_overrides(db_index=index_name(key), answerer="extractive", corpus=corpus)


def build_pg_collection(texts: Sequence[CollectionFile], cfg, embedder, progress: bool = False):
    """(key, pipeline, store) for the upload set; built once, by whichever server sees it first."""
    from index.pg.build import build_pg_index
    from index.pg.store import PgStore
    from rag.factory import make_pipeline

    key = collection_key(texts)
    db = database_for(cfg)
    ensure_schema(db)
    try:
        store = PgStore.open(collection_config(cfg, key))
    except IndexError_:
        scratch = Path(tempfile.mkdtemp(prefix="rag-upload-"))
        try:
            folder = scratch / key
            write_files(texts, folder / "files")
            build_pg_index(collection_config(cfg, key, folder), embedder, progress=progress)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        store = PgStore.open(collection_config(cfg, key))
    files = [{"name": t.name, "encoding": t.encoding, "chars": len(t.text)} for t in texts]
    db.write(lambda conn: conn.execute(
        "INSERT INTO rag.collections (key, files) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET used_at = now()",
        (key, json.dumps(files, ensure_ascii=False))))
    prune_pg_collections(db, KEEP_COLLECTIONS, protect=key)
    return key, make_pipeline(collection_config(cfg, key), store, embedder), store


def open_pg_collection(key: str, cfg, embedder):
    """The pipeline of an upload set built earlier (here or on another server), or None when it is gone."""
    from index.pg.store import PgStore
    from rag.factory import make_pipeline

    try:
        store = PgStore.open(collection_config(cfg, key))
    except (IndexError_, DatabaseError):
        return None
    try:
        database_for(cfg).write(lambda conn: conn.execute("UPDATE rag.collections SET used_at = now() WHERE key = %s", (key,)))
    except DatabaseError:
        pass  # the primary is down: reading the set still works; its age is a detail
    return make_pipeline(collection_config(cfg, key), store, embedder)


def prune_pg_collections(db, keep: int, protect: str = "") -> list[str]:
    """Remove all but the `keep` most recently used upload sets (rows and indexes); the keys removed."""
    def work(conn):
        old = [k for (k,) in conn.execute("SELECT key FROM rag.collections WHERE key <> %s ORDER BY used_at DESC "
                                          "OFFSET %s", (protect, max(0, keep - 1)))]
        for key in old:
            drop_index(conn, index_name(key))
            conn.execute("DELETE FROM rag.collections WHERE key = %s", (key,))
        return old

    return db.write(work)
