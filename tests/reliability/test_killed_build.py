"""`rag index` killed at random moments of its run always leaves a complete, loadable index.

No hooks in the build: a real `rag index` process (the bundled model, the embedding cache) is
SIGKILLed after a delay drawn from a seeded RNG over the whole measured build time, from start-up to
publishing and sweeping. Builds alternate between the bundled article (its embeddings
cached) and a small corpus that changes every round (so that build embeds new text), and after
each kill the live index must be, checksums and all, either the one before or the complete new one.
RAG_KILLS=N runs N rounds (default 8).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.store import FaissStore
from rag.ingest.corpus import fingerprint, read_sources

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

REPO = Path(__file__).resolve().parents[2]
SEED = 20261128


def build_command(index_dir: Path, paths: list[Path]) -> list[str]:
    return [sys.executable, "-m", "ui.cli", "index", "-q", "--index-dir", str(index_dir), *map(str, paths)]


def fp(paths: list[Path]) -> str:
    return fingerprint(read_sources(paths))


def test_a_build_killed_at_random_moments_leaves_a_complete_index(tmp_path, article_index):
    rounds = int(os.environ.get("RAG_KILLS", "8"))
    rng = random.Random(SEED)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
    extra_dir = tmp_path / "extra"
    extra_dir.mkdir()

    def corpus_b(i: int) -> list[Path]:
        (extra_dir / "extra.txt").write_text(
            "\n".join(f"第{i}轮构建的附加说明第{j}条：星辰公司在第{i * 10 + j}号园区建设了新的算力中心。" for j in range(12)),
            encoding="utf-8")
        return [extra_dir]

    index_dir = tmp_path / "index"
    # the article's index with its embeddings cached (not the chat tests' uploads kept beside it)
    shutil.copytree(article_index[0].index_dir, index_dir, ignore=shutil.ignore_patterns("uploads"))
    started = time.perf_counter()
    subprocess.run(build_command(index_dir, corpus_b(-1)), check=True, env=env, capture_output=True)
    duration = time.perf_counter() - started  # a build that embeds new text: what each round kills
    live = FaissStore.open(index_dir).manifest.corpus["fingerprint"]

    outcomes = {"kept the previous index": 0, "published the new one": 0}
    delays = []
    for i in range(rounds):
        paths = [] if i % 2 else corpus_b(i)  # [] is the bundled article
        target = fp(paths)
        delay = rng.uniform(0.0, duration * 1.1)
        delays.append(round(delay, 2))
        proc = subprocess.Popen(build_command(index_dir, paths), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = FaissStore.open(index_dir)  # verifies every checksum of the live version
        now = store.manifest.corpus["fingerprint"]
        assert now in (live, target), f"round {i}: the live index is neither the previous nor the new corpus"
        assert len(store.chunks) == store.manifest.corpus["chunks"] == len(store.vectors)
        assert store.search(store.vectors[0], 1)[0][0] == 0
        outcomes["published the new one" if now == target != live else "kept the previous index"] += 1
        live = now

    subprocess.run(build_command(index_dir, []), check=True, env=env, capture_output=True)
    leftovers = sorted(p.name for p in index_dir.iterdir() if not p.name.startswith(("v-", "CURRENT", "embed-cache")))
    versions = [p.name for p in index_dir.iterdir() if p.name.startswith("v-")]
    assert leftovers == [] and len(versions) == 1, leftovers + versions
    print(f"\nkilled builds: {rounds} rounds over a {duration:.1f} s build, delays {delays}: {outcomes}")
