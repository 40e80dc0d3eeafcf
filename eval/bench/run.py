"""`rag bench`: quality next to speed, in one table, for the project's pipeline and its baselines.

    rag bench [--quick] [--cmrc DIR] [--work DIR] [--json FILE]

Corpora: the bundled article (eval/datasets/article.jsonl) and, with `--cmrc DIR`, the CMRC 2018
trial set (DIR/corpus.jsonl + DIR/qa.jsonl, read where it is). On each: the project pipeline, the
tutorial pipeline (raw text, LangChain's 500/50 splitter, dense FAISS only), dense-only and
BM25-only. Per pipeline: hit@1, MRR@10 and key-fact accuracy (eval/metrics.py); warm p50/p95 of
each stage from `Answer.timings_ms`; the ratio of the warm total to a bare query embedding (the
floor, timed in the same run right before each question); a repeated question (query cache); cold
start to the first answer and peak RSS of a fresh process; index build throughput.
Scale points (10k, 100k; 1M without --quick) use synthetic vectors (see `synthetic_vectors`) for
exact vs chosen FAISS search (p50, recall@10) and synthetic Chinese text (sentences of the corpus
recombined) for BM25. Numbers, not pass/fail: they depend on the machine and on its load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eval.bench import pg as pg_local
from eval.bench.scale import _project_vectors, corpus_sentences, neighbour_stats, scale_rows, synthetic_vectors
from eval.bench.table import Row, fmt, p, table

ARTICLE_QA = Path(__file__).parents[1] / "datasets" / "article.jsonl"
TUTORIAL = dict(clean=False, splitter="langchain-default", retrieval="dense", sentence_search=False, refusal=False)


def time_pipeline(pipeline, items, floor_embedder) -> dict:
    """Quality and warm stage timings over `items`; the floor is a bare query embedding of each question."""
    from eval.run import means, run_one

    cache = getattr(pipeline.retriever, "embedder", None)
    for item in items[:3]:
        pipeline.ask(item.question or "warm up")
    if hasattr(cache, "clear"):
        cache.clear()  # timed questions pay their own embedding
    records, floor, repeat = [], [], []
    for item in items:
        records.append(run_one(pipeline, item))
        if item.question.strip():
            t = time.perf_counter()
            pipeline.ask(item.question, item.history)  # asked again at once: the query cache answers
            repeat.append((time.perf_counter() - t) * 1000)
            sum(range(20_000))  # ~1 ms of other work, as before the pipeline's own embedding
            t = time.perf_counter()
            floor_embedder.embed_query(item.question)  # the bare model: no query cache in front of it
            floor.append((time.perf_counter() - t) * 1000)
    tm = [r["timings_ms"] for r in records if r["timings_ms"]]
    m = means(records, ("hit@1", "mrr@10", "key_fact_accuracy"))
    total = p([t["total"] for t in tm], 50)
    return {
        "hit@1": m["hit@1"], "MRR": m["mrr@10"], "facts": m["key_fact_accuracy"],
        "embed p50": p([t.get("embed_query") for t in tm], 50),
        "search p50": p([t.get("search_dense", 0) + t.get("search_bm25", 0) for t in tm], 50),
        "fuse p50": p([t.get("fuse") for t in tm], 50),
        "answer p50": p([t["total"] - t["retrieve"] for t in tm], 50),  # everything after retrieval
        "total p50": total, "total p95": p([t["total"] for t in tm], 95),
        "x floor": total / p(floor, 50) if floor and total else None, "floor p50": p(floor, 50),
        "repeat p50": p(repeat, 50),
    }


def cold_start(cfg, question: str, more: list[str]) -> dict:
    """A fresh interpreter: import, open the index, answer `question` (wall clock), then `more`; peak RSS."""
    args = [sys.executable, "-m", "eval.bench.run", "--child", json.dumps({"index_dir": cfg.index_dir,
            "corpus": list(cfg.corpus), "questions": [question, *more]}, ensure_ascii=False)]
    t0 = time.time()
    out = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if out.returncode != 0:  # e.g. the code changed under a long run and the index no longer matches
        print(f"rag bench: cold start not measured: {out.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return {}
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return {"cold s": data["answered_at"] - t0, "RSS MB": data["peak_rss_mb"]}


def _child(spec: str) -> int:
    from index.load import load_pipeline
    from rag.config import load_config

    spec = json.loads(spec)
    cfg = load_config(index_dir=spec["index_dir"], corpus=tuple(spec["corpus"]) or None)
    pipeline = load_pipeline(cfg, rebuild=False)
    pipeline.ask(spec["questions"][0])
    answered_at = time.time()
    for q in spec["questions"][1:]:
        pipeline.ask(q)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"answered_at": answered_at, "peak_rss_mb": rss}))
    return 0


def chat_rss(cfg, questions: list[str], port: int = 7931) -> float | None:
    """Peak RSS of `rag chat` (the Gradio app) after it started and answered `questions`; None without it."""
    try:
        from gradio_client import Client
    except ImportError:
        return None
    args = [sys.executable, "-m", "ui.app", "--port", str(port), "--index-dir", cfg.index_dir,
            *(["--corpus", *cfg.corpus] if cfg.corpus else [])]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        if "open" not in line:
            return None
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, download_files=False)
        for q in questions:
            client.predict(q, api_name="/ask")
        status = Path(f"/proc/{proc.pid}/status").read_text()
        return int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmHWM"))) / 1024
    except Exception as e:  # the chat page is optional here
        print(f"rag bench: chat RSS not measured ({type(e).__name__}: {e})", file=sys.stderr)
        return None
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def corpus_rows(name: str, corpus: tuple[str, ...], items, work: Path, embedder, chat: bool) -> list[Row]:
    from index.build import build_index
    from index.store import FaissStore
    from rag.config import load_config
    from rag.factory import make_pipeline

    inner = getattr(embedder, "inner", embedder)
    rows = []
    base = load_config(index_dir=str(work / name / "project"), corpus=corpus or None)
    summary = build_index(base, inner, progress=False)  # a fresh folder: everything is embedded
    rebuilt = build_index(base, inner, progress=False)  # unchanged corpus: everything comes from the cache
    store = FaissStore.open(base.index_dir)
    build = {"chunks": summary.chunks, "build s": summary.seconds, "chunks/s": summary.chunks / summary.seconds}
    print(f"rag bench: {name}: built {summary.chunks} chunks + {summary.sentences} sentences in {summary.seconds:.1f} s; "
          f"rebuilt from the cache in {rebuilt.seconds:.1f} s", file=sys.stderr)
    tutorial = base.with_overrides(index_dir=str(work / name / "tutorial"), **TUTORIAL)
    t_summary = build_index(tutorial, inner, progress=False)
    variants = [("project", base, store, build), ("tutorial", tutorial, FaissStore.open(tutorial.index_dir),
                {"chunks": t_summary.chunks, "build s": t_summary.seconds, "chunks/s": t_summary.chunks / t_summary.seconds}),
                ("dense-only", base.with_overrides(retrieval="dense"), store, {}),
                ("bm25-only", base.with_overrides(retrieval="bm25"), store, {})]
    for label, cfg, st, cells in variants:
        from index.load import warm_pipeline

        pipeline = make_pipeline(cfg, st, embedder)
        warm_pipeline(pipeline)
        row = Row(name, label, {**cells, **time_pipeline(pipeline, items, inner)})
        print(f"rag bench: {name}/{label}: total p50 {fmt(row.cells['total p50'])} ms", file=sys.stderr)
        rows.append(row)
    asked = [it.question for it in items if it.question.strip()][:5]
    rows[0].cells.update(cold_start(base, asked[0], asked[1:]))
    if chat:
        rss = chat_rss(base, asked)
        if rss is not None:
            rows.insert(1, Row(name, "rag chat (app)", {"RSS MB": rss}))
    return rows


# ---- synthetic scale points ---------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="rag bench", description="Quality next to speed: one table (see eval/bench.py).")
    ap.add_argument("--quick", action="store_true", help="the article and the 10k/100k scale points only")
    ap.add_argument("--cmrc", help="folder with the CMRC 2018 trial corpus.jsonl and qa.jsonl")
    ap.add_argument("--work", help="folder for the benchmark's indexes (default: a temporary folder)")
    ap.add_argument("--scales", help="comma-separated synthetic sizes (default 10000,100000[,1000000])")
    ap.add_argument("--limit", type=int, help="at most this many questions per corpus")
    ap.add_argument("--no-chat", action="store_true", help="do not start `rag chat` to measure its memory")
    ap.add_argument("--json", help="also write the rows as JSON to this file")
    ap.add_argument("--postgres", metavar="URL", help="also the postgres store (a database at URL): the project pipeline "
                                                      "on each corpus, pgvector and BM25-in-SQL scale points")
    ap.add_argument("--postgres-local", action="store_true", help="the same on a throwaway local server with a replica")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return _child(args.child)
    from eval.dataset import load_dataset
    from rag.config import load_config
    from rag.factory import make_embedder

    started = time.perf_counter()
    load0 = os.getloadavg()[0]
    work = Path(args.work or tempfile.mkdtemp(prefix="rag-bench-"))
    embedder = make_embedder(load_config())
    cmrc = Path(args.cmrc) if args.cmrc else None
    rows: list[Row] = []
    cluster = pg_local.local_cluster() if args.postgres_local else None
    pg_url = cluster.primary.url if cluster else args.postgres
    pg_reads = tuple(r.url for r in cluster.replicas) if cluster else ()
    article_items = load_dataset(ARTICLE_QA)[: args.limit]
    rows += corpus_rows("article", (), article_items, work, embedder, chat=not args.no_chat)
    if pg_url:
        base = load_config(index_dir=str(work / "article" / "project"))
        rows += pg_local.store_rows("article", base, article_items, embedder, pg_url)
        if pg_reads:
            rows += pg_local.store_rows("article", base, article_items, embedder, pg_url, pg_reads)
    if cmrc and not args.quick:
        cmrc_items = load_dataset(cmrc / "qa.jsonl")[: args.limit]
        rows += corpus_rows("cmrc-trial", (str(cmrc / "corpus.jsonl"),), cmrc_items, work, embedder, chat=False)
        if pg_url:
            base = load_config(index_dir=str(work / "cmrc-trial" / "project"), corpus=(str(cmrc / "corpus.jsonl"),))
            rows += pg_local.store_rows("cmrc-trial", base, cmrc_items, embedder, pg_url)
    sentences = corpus_sentences([cmrc / "corpus.jsonl"] if cmrc else [])
    questions = [it.question for it in article_items if it.question.strip()]
    if cmrc:
        questions += [it.question for it in load_dataset(cmrc / "qa.jsonl")[:300] if it.question.strip()]
    default = [10_000, 100_000] + ([] if args.quick else [1_000_000])
    scales = [int(s) for s in args.scales.split(",") if s.strip()] if args.scales is not None else default
    for n in scales:
        rows += scale_rows(n, sentences, questions, work, with_bm25=n <= 100_000)
        if pg_url:
            from index.pg.connect import Database
            from index.pg.schema import ensure_schema

            db = Database(pg_url)
            ensure_schema(db)
            rows += pg_local.vector_rows(db, n)
            if n <= 100_000:
                rows += pg_local.bm25_rows(db, n, sentences, questions)
    if cluster is not None:
        cluster.stop()
    real = neighbour_stats(_project_vectors(work / ("cmrc-trial" if (work / "cmrc-trial").is_dir() else "article")))
    synth = neighbour_stats(synthetic_vectors(914))
    minutes = (time.perf_counter() - started) / 60
    print(table(rows))
    floor = rows[0].cells.get("floor p50")
    print(f"\nfloor (bare query embedding, p50, same run): {fmt(floor)} ms; times in ms unless marked; "
          f"'answer' = everything after retrieval; 'repeat' = the same question again (query cache); "
          f"load average {load0:.1f} at start, {os.getloadavg()[0]:.1f} at end; {minutes:.1f} min; "
          f"{os.cpu_count()} cores")
    print(f"synthetic vectors: random pair / nearest / 10th cosine {synth[0]:.2f} / {synth[1]:.2f} / {synth[2]:.2f} "
          f"(real e5 vectors of the largest corpus: {real[0]:.2f} / {real[1]:.2f} / {real[2]:.2f}); "
          f"synthetic text: {len(sentences)} {'CMRC' if cmrc else 'article'} sentences recombined")
    if args.json:
        Path(args.json).write_text(json.dumps([{"corpus": r.corpus, "pipeline": r.pipeline, **r.cells} for r in rows],
                                              ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
