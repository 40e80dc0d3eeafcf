"""Build an index into PostgreSQL: the same chunks, sentences and vectors as the FAISS store (index/build.py
prepares them, through the same embedding cache), written as one version's tables and published in
one transaction (index/pg/publish.py).

Vector search follows the size as the FAISS store does (index/ann.py's `choose`): exact search while
small, an HNSW index (pgvector, inner product) when large; `ivf` is served by HNSW too.
"""

from __future__ import annotations

import json
import time

import numpy as np

from index import ann
from index.build import BuildSummary, Prepared, manifest_for, prepare
from index.pg.bm25 import write_lexical
from index.pg.database import database_for
from index.pg.publish import publish_version
from index.pg.schema import ensure_schema, table
from rag.config import Config
from rag.embed.protocol import Embedder
from rag.ingest.chunk import embed_text
from rag.ingest.corpus import LoadedCorpus

# pgvector HNSW parameters, chosen with `rag bench` on synthetic e5-like vectors (README, "Beyond one machine")
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 800  # set on every connection (hnsw.ef_search): recall@10 0.959 at 1M vectors in 17.7 ms p50
BUILD_MEMORY = "1GB"  # maintenance_work_mem while the build's HNSW graphs are made: they fit in memory


def vector_search_record(cfg: Config, chunks: int, sentences: int) -> dict:
    kinds = {part: ann.choose(cfg.faiss_index, n) for part, n in (("chunks", chunks), ("sentences", sentences))}
    hnsw = {"M": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION, "ef_search": HNSW_EF_SEARCH}
    return {"type": "pgvector", "metric": "inner_product", "requested": cfg.faiss_index,
            **{part: {"type": kind, **(hnsw if kind != "flat" else {})} for part, kind in kinds.items()}}


def _copy_vectors(conn, sql: str, rows, types: list[str]) -> None:
    with conn.cursor(binary=True) as cur:
        with cur.copy(sql) as cp:
            cp.set_types(types)
            for r in rows:
                cp.write_row(r)


def write_tables(conn, version: int, p: Prepared, record: dict) -> None:
    """Every table of one version, inside the publishing transaction."""
    dim = int(p.vectors.shape[1])
    docs, chunks, sents = table(version, "documents"), table(version, "chunks"), table(version, "sentences")
    conn.execute(f"CREATE TABLE {docs} (ord int NOT NULL, doc_id text PRIMARY KEY, title text NOT NULL, text text NOT NULL,"
                 " paragraphs jsonb NOT NULL, source text NOT NULL, raw_sha256 text NOT NULL)")
    with conn.cursor() as cur, cur.copy(f"COPY {docs} FROM STDIN") as cp:
        for i, d in enumerate(p.corpus.documents):
            paras = json.dumps([[x.index, x.start, x.end, x.heading, x.is_heading] for x in d.paragraphs], ensure_ascii=False)
            cp.write_row((i, d.id, d.title, d.text, paras, d.source, d.raw_sha256))
    conn.execute(f"CREATE TABLE {chunks} (row int PRIMARY KEY, id text NOT NULL, doc_id text NOT NULL, title text NOT NULL,"
                 f" heading text NOT NULL, paragraph int NOT NULL, start int NOT NULL, \"end\" int NOT NULL, text text NOT NULL,"
                 f" context text NOT NULL, embedding vector({dim}) NOT NULL, first_sentence int NOT NULL,"
                 f" end_sentence int NOT NULL)")
    bounds = p.chunk_sentences
    _copy_vectors(conn, f"COPY {chunks} FROM STDIN (FORMAT BINARY)",
                  ((i, c.id, c.doc_id, c.title, c.heading, c.paragraph, c.start, c.end, c.text, c.context,
                    np.asarray(p.vectors[i], dtype=np.float32), int(bounds[i, 0]), int(bounds[i, 1]))
                   for i, c in enumerate(p.chunks)),
                  ["int4", "text", "text", "text", "text", "int4", "int4", "int4", "text", "text", "vector", "int4", "int4"])
    conn.execute(f"CREATE TABLE {sents} (row int PRIMARY KEY, chunk_row int NOT NULL, start int NOT NULL,"
                 f" \"end\" int NOT NULL, embedding vector({dim}) NOT NULL)")
    _copy_vectors(conn, f"COPY {sents} FROM STDIN (FORMAT BINARY)",
                  ((i, int(r[0]), int(r[1]), int(r[2]), np.asarray(p.sentence_vectors[i], dtype=np.float32))
                   for i, r in enumerate(p.sentence_rows)),
                  ["int4", "int4", "int4", "int4", "vector"])
    conn.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    for part, name in (("chunks", chunks), ("sentences", sents)):
        if record[part]["type"] != "flat":
            create_hnsw(conn, name)
    write_lexical(conn, version, [embed_text(c) for c in p.chunks], [c.text for c in p.chunks])
    for name in (docs, chunks, sents, table(version, "postings"), table(version, "lexicon")):
        conn.execute(f"ANALYZE {name}")


def create_hnsw(conn, name: str, m: int = HNSW_M, ef_construction: int = HNSW_EF_CONSTRUCTION) -> None:
    conn.execute(f"CREATE INDEX ON {name} USING hnsw (embedding vector_ip_ops) "
                 f"WITH (m = {int(m)}, ef_construction = {int(ef_construction)})")


def build_pg_index(cfg: Config, embedder: Embedder, corpus: LoadedCorpus | None = None, progress: bool = True,
                   name: str | None = None) -> BuildSummary:
    """Build the index of `cfg`'s corpus and publish it as the live version of `name` (cfg.db_index)."""
    t0 = time.perf_counter()
    name = name or cfg.db_index
    db = database_for(cfg)
    ensure_schema(db)  # before the (possibly long) embedding: a wrong URL is told at once
    p = prepare(cfg, embedder, corpus, progress)
    record = vector_search_record(cfg, len(p.chunks), len(p.sentence_rows))
    version = publish_version(
        db, name, lambda: manifest_for(cfg, embedder, p, record, {}, time.perf_counter() - t0),
        lambda conn, v: write_tables(conn, v, p, record))
    return BuildSummary(len(p.corpus.documents), len(p.chunks), len(p.sentence_rows), time.perf_counter() - t0,
                        f"postgres index {name!r}, version {version}", p.embedded_chunks, p.embedded_sentences)
