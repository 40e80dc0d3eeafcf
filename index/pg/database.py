"""The one `Database` per process for a configuration: the store, collections and feedback share its
connections (and its view of which servers are up)."""

from __future__ import annotations

import threading

from index.pg.connect import Database
from rag.config import Config

_shared: dict[tuple[str, tuple[str, ...]], Database] = {}
_guard = threading.Lock()


def database_for(cfg: Config) -> Database:
    from index.pg.build import HNSW_EF_SEARCH

    key = (cfg.db_url, tuple(cfg.db_read_urls))
    with _guard:
        db = _shared.get(key)
        if db is None:
            db = _shared[key] = Database(cfg.db_url, cfg.db_read_urls, settings={"hnsw.ef_search": str(HNSW_EF_SEARCH)})
        return db
