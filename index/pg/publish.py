"""Publishing a version in PostgreSQL: the whole build is one transaction.

A build creates its version's tables, fills them, indexes them, records the manifest and switches
the index's live version, all in one transaction, and commits. PostgreSQL's DDL is transactional,
so until the commit no other session sees any of it, and a build killed at any point (its
connection dropped, its transaction rolled back by the server) leaves nothing behind and the
previous version serving. After the commit, versions older than the previous one are dropped: a
server still reading the previous version keeps working until it reopens the index.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict

from index.manifest import Manifest
from index.pg.schema import table

PARTS = ("documents", "chunks", "sentences", "postings", "lexicon")


def live_version(conn, name: str) -> tuple[int, Manifest] | None:
    """(version id, manifest) of the index `name`'s live version, or None when it was never published."""
    row = conn.execute("SELECT i.live, v.manifest FROM rag.indexes i JOIN rag.versions v ON v.id = i.live "
                       "WHERE i.name = %s", (name,)).fetchone()
    if row is None:
        return None
    manifest = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return int(row[0]), Manifest(**manifest)


def publish_version(db, name: str, manifest_of: Callable[[], Manifest], write: Callable[[object, int], None]) -> int:
    """Write a new version of index `name` with `write(conn, version)` and make it live, atomically.
    `manifest_of()` is called once the tables are written (so it can time the build). The new id."""

    def work(conn) -> int:
        with conn.transaction():
            # a killed builder is noticed within a second even mid-statement, and its transaction rolled back
            conn.execute("SET LOCAL client_connection_check_interval = '1s'")
            version = int(conn.execute("SELECT nextval('rag.version_ids')").fetchone()[0])
            write(conn, version)
            manifest = manifest_of()
            conn.execute("INSERT INTO rag.versions (id, index_name, manifest) VALUES (%s, %s, %s)",
                         (version, name, json.dumps(asdict(manifest), ensure_ascii=False)))
            conn.execute("""INSERT INTO rag.indexes (name, live) VALUES (%s, %s)
                            ON CONFLICT (name) DO UPDATE
                            SET previous = rag.indexes.live, live = EXCLUDED.live, published_at = now()""",
                         (name, version))
        sweep(conn, name)
        return version

    return db.write(work)


def sweep(conn, name: str) -> list[int]:
    """Drop the versions of `name` that are neither live nor the previous one; the ids dropped."""
    with conn.transaction():
        old = [int(r[0]) for r in conn.execute(
            """SELECT v.id FROM rag.versions v JOIN rag.indexes i ON i.name = v.index_name
               WHERE v.index_name = %s AND v.id <> i.live AND v.id IS DISTINCT FROM i.previous""", (name,))]
        for version in old:
            drop_tables(conn, version)
            conn.execute("DELETE FROM rag.versions WHERE id = %s", (version,))
    return old


def drop_tables(conn, version: int) -> None:
    for part in PARTS:
        conn.execute(f"DROP TABLE IF EXISTS {table(version, part)}")


def drop_index(conn, name: str) -> None:
    """Remove the index `name` and all its versions (an upload set that is pruned)."""
    with conn.transaction():
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM rag.versions WHERE index_name = %s", (name,))]
        conn.execute("DELETE FROM rag.indexes WHERE name = %s", (name,))
        for version in ids:
            drop_tables(conn, version)
        conn.execute("DELETE FROM rag.versions WHERE index_name = %s", (name,))
