"""Opening a published version through a replica that has not replayed the build yet."""

from __future__ import annotations

from dataclasses import dataclass

import index.pg.store as store_module
from index.pg.store import PgStore
from rag.config import Config


@dataclass
class _Read:
    server: str

    def problems(self) -> list[str]:
        return ["0 chunks and 0 vectors, the manifest says 25"] if self.server == "replica" else []


class _Database:
    """Reads go to a lagging replica, writes to the primary."""

    def read(self, work):
        return work("replica")

    def write(self, work):
        return work("primary")


def test_a_version_that_looks_damaged_on_a_replica_is_read_from_the_primary(monkeypatch):
    manifest = type("M", (), {"format_version": store_module.FORMAT_VERSION})()
    monkeypatch.setattr(store_module, "database_for", lambda cfg: _Database())
    monkeypatch.setattr(store_module, "ensure_schema", lambda db: None)
    monkeypatch.setattr(store_module, "_live", lambda db, name: (7, manifest))
    monkeypatch.setattr(PgStore, "_read", classmethod(lambda cls, conn, db, name, version, m: _Read(conn)))
    opened = PgStore.open(Config(store="postgres", db_url="postgresql://primary/rag"), name="article")
    assert opened.server == "primary" and not opened.problems()
