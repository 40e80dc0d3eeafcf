"""Building, publishing and opening an index: manifest checks, rebuilds, a killed build."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from index.atomic import current_version
from index.build import build_index, open_index
from index.manifest import IndexError_, Manifest
from index.store import FaissStore
from rag.config import Config
from rag.embed.hashing import HashEmbedder


@pytest.mark.slow
def test_round_trip_with_the_real_model(article_index, article, e5):
    cfg, store = article_index
    assert store.manifest.embedder == {"name": "multilingual-e5-small-q4", "dim": 384, "max_tokens": 512}
    assert store.documents[article.id].text == article.text
    for c in store.chunks:
        assert article.text[c.start : c.end] == c.text
    for s in store.sentences:
        chunk = store.chunks[s.chunk_index]
        assert chunk.start <= s.start < s.end <= chunk.end and article.text[s.start : s.end] == s.text
    row, score = store.search(e5.embed_query("阿里云未来三年投入多少？"), 3)[0]
    assert "3800亿元" in store.chunks[row].text and 0 < score <= 1.0001
    np.testing.assert_allclose(np.linalg.norm(store.vectors, axis=1), 1, atol=1e-4)


def test_mismatches_trigger_rebuild_or_a_clear_message(tmp_path):
    emb = HashEmbedder()
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash")
    first = open_index(cfg, emb, progress=False)
    assert open_index(cfg, emb, progress=False).folder == first.folder  # unchanged: reused
    other = HashEmbedder(dim=128)
    other.name = "hash-128"
    with pytest.raises(IndexError_, match="embedder 'hash-ngram', asked for 'hash-128'.*rag index"):
        open_index(cfg, other, rebuild=False)
    doc = tmp_path / "mine.txt"
    doc.write_text("我的文档。第二句。", encoding="utf-8")
    changed = Config(index_dir=cfg.index_dir, embedder="hash", corpus=(str(doc),))
    with pytest.raises(IndexError_, match="corpus changed"):
        open_index(changed, emb, rebuild=False)
    rebuilt = open_index(changed, emb, progress=False)
    assert rebuilt.folder != first.folder and [d for d in rebuilt.documents] == ["mine"]
    with pytest.raises(IndexError_, match="chunker settings differ"):
        open_index(Config(index_dir=cfg.index_dir, corpus=(str(doc),), chunk_tokens=99), emb, rebuild=False)


def test_an_index_of_the_users_files_is_opened_as_built_when_no_corpus_is_named(tmp_path):
    # `rag index my-docs/ --index-dir D` then `rag ask ... --index-dir D` must not swap in the bundled article
    emb = HashEmbedder()
    doc = tmp_path / "mine.txt"
    doc.write_text("我的文档。第二句。", encoding="utf-8")
    built = open_index(Config(index_dir=str(tmp_path / "idx"), embedder="hash", corpus=(str(doc),)), emb, progress=False)
    unnamed = Config(index_dir=str(tmp_path / "idx"), embedder="hash")
    reopened = open_index(unnamed, emb, progress=False)
    assert reopened.folder == built.folder and list(reopened.documents) == ["mine"]
    doc.write_text("我的文档变了。", encoding="utf-8")  # its files changed: rebuilt from them, still not the article
    assert list(open_index(unnamed, emb, progress=False).documents) == ["mine"]
    doc.unlink()  # its files are gone: used as built
    assert list(open_index(unnamed, emb, progress=False).documents) == ["mine"]


@pytest.mark.parametrize("victim,damage", [
    ("vectors.npy", lambda p: p.write_bytes(p.read_bytes()[:-40] + b"\0" * 40)),
    ("chunks.jsonl", lambda p: p.write_text(p.read_text(encoding="utf-8")[:-20], encoding="utf-8")),
    ("sentences.npy", lambda p: p.unlink()),
    ("manifest.json", lambda p: p.write_text("{not json", encoding="utf-8")),
])
def test_damaged_index_is_refused_with_the_rebuild_command(tmp_path, victim, damage):
    cfg = Config(index_dir=str(tmp_path / "idx"), embedder="hash")
    build_index(cfg, HashEmbedder(), progress=False)
    damage(current_version(Path(cfg.index_dir)) / victim)
    with pytest.raises(IndexError_, match="rag index"):
        FaissStore.open(cfg.index_dir)
    assert open_index(cfg, HashEmbedder(), progress=False).chunks  # and open_index repairs it


def test_no_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexError_, match="no index at .*rag index"):
        FaissStore.open(tmp_path / "nothing")


@pytest.mark.slow
def test_killed_build_leaves_the_previous_index(tmp_path):
    """Start `rag index` in a subprocess, kill it at several points, and load the old index each time."""
    index_dir = tmp_path / "idx"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "ui.cli", "index", "--index-dir", str(index_dir), "-q"]
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    before = FaissStore.open(index_dir)
    manifest_before = Manifest.read(before.folder)
    for delay in (0.3, 1.0, 2.0, 3.0):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = FaissStore.open(index_dir)  # verifies every checksum
        assert len(after.chunks) == len(before.chunks)
        if after.folder == before.folder:
            assert Manifest.read(after.folder) == manifest_before
        before = after
    subprocess.run(cmd, check=True, env=env, capture_output=True)  # a later build sweeps the leftovers
    leftovers = [p.name for p in index_dir.iterdir() if p.name.startswith(".building-")]
    assert leftovers == []


def test_a_sweep_removes_what_a_killed_build_left_and_keeps_what_a_running_one_writes(tmp_path):
    from index.atomic import sweep

    dead = 2**22 + 12345  # above the kernel's default pid limit: no process has it
    (tmp_path / f".CURRENT.{dead}-ab12").write_text("v-1", encoding="utf-8")  # killed between write and replace
    (tmp_path / f".building-{dead}-cd34").mkdir()
    (tmp_path / f".CURRENT.{os.getpid()}-ef56").write_text("v-2", encoding="utf-8")  # a live build's pointer
    (tmp_path / f".building-{os.getpid()}-ab12").mkdir()
    (tmp_path / "v-1").mkdir()
    sweep(tmp_path, keep=tmp_path / "v-1")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f".CURRENT.{os.getpid()}-ef56", f".building-{os.getpid()}-ab12", "v-1"])
