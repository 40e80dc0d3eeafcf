"""The database schema and its migrations: `rag db migrate`, or on first use.

Everything lives in the `rag` schema. Shared tables: `schema_version` (one row per applied
migration), `indexes` (each index's live version: the one row a build switches), `versions` (their
manifests), `feedback` and `collections`. Each published version owns its own tables, named after
its id, so a build writes beside the live version and a reader never sees half of one:

    rag.v<id>_documents  doc_id, title, text (cleaned: every offset points into it), paragraphs
    rag.v<id>_chunks     row, id, doc_id, title, heading, paragraph, start, "end", text, context,
                         embedding vector(dim), first_sentence, end_sentence
    rag.v<id>_sentences  row, chunk_row, start, "end", embedding vector(dim)
    rag.v<id>_lexicon    term, df (documents holding it, counted on the chunk texts: refusal's "is it there")
    rag.v<id>_postings   term, rows int[], weights real[] (BM25 weight of the term in each row)

Vector columns get HNSW indexes (inner product; the vectors are L2-normalised) when the version is
large enough for approximate search (index/ann.py's threshold), like the FAISS store.
"""

from __future__ import annotations

SCHEMA = "rag"
MIGRATION_LOCK = 72_616_700  # pg_advisory_xact_lock key: one migrating process at a time

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
        CREATE EXTENSION IF NOT EXISTS vector;
        CREATE SCHEMA IF NOT EXISTS rag;
        CREATE TABLE rag.schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        CREATE SEQUENCE rag.version_ids;
        CREATE TABLE rag.versions (
            id bigint PRIMARY KEY,
            index_name text NOT NULL,
            manifest jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE rag.indexes (
            name text PRIMARY KEY,
            live bigint NOT NULL REFERENCES rag.versions (id),
            previous bigint,
            published_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE rag.feedback (
            id uuid PRIMARY KEY,
            answer_id text NOT NULL,
            at timestamptz NOT NULL,
            record jsonb NOT NULL,
            server text NOT NULL DEFAULT '',
            received_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX feedback_answer ON rag.feedback (answer_id, at);
        CREATE TABLE rag.collections (
            key text PRIMARY KEY,
            files jsonb NOT NULL,
            used_at timestamptz NOT NULL DEFAULT now());
    """),
)
LATEST = MIGRATIONS[-1][0]


def table(version: int, part: str) -> str:
    """The qualified name of one table of a published version (ids are integers: safe in SQL)."""
    return f"{SCHEMA}.v{int(version)}_{part}"


def current_version(conn) -> int:
    """The schema version of the database (0 before the first migration)."""
    exists = conn.execute("SELECT to_regclass('rag.schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM rag.schema_version").fetchone()[0])


def migrate(conn) -> list[int]:
    """Apply the migrations the database lacks, each in its own transaction; the versions applied."""
    applied = []
    for version, sql in MIGRATIONS:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            if current_version(conn) >= version:
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO rag.schema_version (version) VALUES (%s)", (version,))
            applied.append(version)
    return applied


def ensure_schema(db) -> None:
    """Migrate on first use (a read-only replica is never migrated: the primary is); then register
    pgvector's types for the connections opened from now on."""
    if not db.vector_types:
        if db.read(current_version) < LATEST:
            db.write(migrate)
        db.vector_types = True
        db.close()  # pooled connections predate the registration
