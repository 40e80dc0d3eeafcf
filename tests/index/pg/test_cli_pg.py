"""`rag index`, `rag index --add`, `rag ask` and `rag eval` on the postgres store, through the real
command entry point (the model-free hash embedder: this is about the commands, not the model)."""

from __future__ import annotations

import json

import pytest

from tests.eval.test_cli import CORPUS, DATASET, write_jsonl
from ui.cli import main as rag_main

pytestmark = pytest.mark.slow  # real PostgreSQL servers and real indexes


@pytest.fixture()
def env(pg_cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DB_URL", pg_cluster.primary.url)
    monkeypatch.setenv("RAG_STORE", "postgres")
    monkeypatch.setenv("RAG_DB_INDEX", f"cli-{tmp_path.name}")
    return {"corpus": write_jsonl(tmp_path / "corpus.jsonl", CORPUS[:2]),
            "more": write_jsonl(tmp_path / "more.jsonl", CORPUS[2:]),
            "dataset": write_jsonl(tmp_path / "qa.jsonl", DATASET), "index": str(tmp_path / "index"), "tmp": tmp_path,
            "read": pg_cluster.replicas[0].url, "url": pg_cluster.primary.url}


def test_index_add_and_ask(env, capsys):
    base = ["--index-dir", env["index"], "--embedder", "hash"]
    assert rag_main(["index", "-q", env["corpus"], *base]) == 0
    assert "postgres index" in capsys.readouterr().out
    assert rag_main(["index", "-q", "--add", env["more"], *base]) == 0
    out = capsys.readouterr().out
    assert "ask it with: --corpus" in out and env["url"] not in out
    corpus = ["--corpus", env["corpus"], env["more"]]
    question = "What flooded the old mill in the valley?"
    assert rag_main(["ask", question, "--json", "--db-read-url", env["read"], *corpus, *base]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "river" in answer["answer"] and answer["citations"][0]["doc_id"] == "rain"


def test_eval_runs_on_the_postgres_store_and_writes_no_password(env, capsys):
    out = env["tmp"] / "run"
    args = ["eval", "--dataset", env["dataset"], "--corpus", env["corpus"], env["more"], "--index-dir", env["index"],
            "--embedder", "hash", "--out", str(out), "-q", "--ablate", "no-clean"]
    assert rag_main(args) == 0
    records = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [d["id"] for d in DATASET] and any(r["citations"] for r in records)
    password = env["url"].split(":")[2].split("@")[0]
    for name in ("config.json", "config.toml", "report.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert password not in text and "postgresql://rag:***@" in text
    assert password not in capsys.readouterr().out


def test_a_missing_database_url_is_refused_before_anything_runs(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("RAG_DB_URL", raising=False)
    assert rag_main(["index", "-q", "--store", "postgres", "--index-dir", str(tmp_path), "--embedder", "hash"]) == 2
    assert "db_url" in capsys.readouterr().err
