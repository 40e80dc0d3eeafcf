"""Damaged, truncated or mismatched index files are refused with the command that rebuilds them.

Every file the manifest lists is truncated, emptied, flipped, deleted and swapped for another
build's copy; each must be refused on load. The files the manifest cannot list (manifest.json
itself, CURRENT, the embedding cache) are damaged too: there the index is refused, or it gives
the results of the undamaged one. Never silently different results.

"The same results" means: the same texts and offsets, vectors equal within 1e-6, and every search
returning the same rows in the same order up to exact ties, with scores within 1e-5. Floating-point
sums may differ in their last bits between FAISS code paths and CPUs (AVX2 vs AVX-512), so bitwise
equality would test the machine, not the index.
"""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from index.atomic import current_version
from index.build import build_index, open_index
from index.embed_cache import FILE_NAME as CACHE_FILE
from index.manifest import IndexError_, Manifest
from index.store import FaissStore
from rag.config import Config
from rag.embed.hashing import HashEmbedder
from rag.retrieve.bm25 import query_terms

QUERIES = ["百度近十年研发投入多少？", "阿里云未来三年投入多少？", "OpenAI revenue 2025"]


K = 10  # results per search
SCORE_TOLERANCE = 1e-5
VECTOR_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Results:
    """What a damaged index would change: texts, vectors and what searches return."""

    texts: tuple
    vectors: tuple[np.ndarray, np.ndarray]
    searches: tuple[tuple[tuple[int, float], ...], ...]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Results) and not differences(self, other)


def results(store: FaissStore, embedder: HashEmbedder) -> Results:
    texts = ([(d.id, d.text) for d in store.documents.values()], [(c.id, c.text, c.start) for c in store.chunks],
             [(s.start, s.end) for s in store.sentences])
    searches = []
    for q in QUERIES:
        v = embedder.embed_query(q)
        searches += [store.search(v, K), store.search_sentences(v, K), store.lexical.search(query_terms(q), K)]
    return Results(texts, (np.array(store.vectors), np.array(store.sentence_vectors)),
                   tuple(tuple((int(r), float(s)) for r, s in found) for found in searches))


def tie_groups(found) -> list[set[int]]:
    """Rows of a ranked list grouped by score: consecutive rows within SCORE_TOLERANCE are tied."""
    groups: list[set[int]] = []
    last = None
    for row, score in found:
        if last is None or abs(score - last) > SCORE_TOLERANCE:
            groups.append(set())
        groups[-1].add(row)
        last = score
    return groups


def same_ranking(a, b, k: int = K) -> bool:
    """The same rows in the same order up to ties, scores within tolerance. When the list is full,
    its last tie group may differ in its members (which of several tied rows made the top k)."""
    if len(a) != len(b) or any(abs(x[1] - y[1]) > SCORE_TOLERANCE for x, y in zip(a, b)):
        return False
    ga, gb = tie_groups(a), tie_groups(b)
    whole = ga if len(a) < k else ga[:-1]
    return len(ga) == len(gb) and all(x == y for x, y in zip(whole, gb))


def differences(a: Results, b: Results) -> list[str]:
    out = []
    if a.texts != b.texts:
        out.append("texts or offsets")
    for name, x, y in zip(("chunk vectors", "sentence vectors"), a.vectors, b.vectors):
        if x.shape != y.shape or not np.allclose(x, y, rtol=0, atol=VECTOR_TOLERANCE):
            out.append(name)
    if len(a.searches) != len(b.searches):
        out.append("number of searches")
    out += [f"search {i}: {x} vs {y}" for i, (x, y) in enumerate(zip(a.searches, b.searches)) if not same_ranking(x, y)]
    return out


def test_same_ranking_allows_ties_and_last_bits_only():
    base = ((3, 0.5), (1, 0.25), (2, 0.25), (0, 0.1))
    assert same_ranking(base, ((3, 0.5 + 3e-8), (2, 0.25), (1, 0.25), (0, 0.1)), k=4)  # a tie swapped, last bits
    assert not same_ranking(base, ((1, 0.5), (3, 0.25), (2, 0.25), (0, 0.1)), k=4)  # a real swap
    assert not same_ranking(base, ((3, 0.5), (1, 0.25), (2, 0.25), (0, 0.2)), k=4)  # a score changed
    assert same_ranking(base, ((3, 0.5), (1, 0.25), (2, 0.25), (7, 0.1)), k=4)  # another of the rows tied at the cut-off
    assert not same_ranking(base, ((3, 0.5), (1, 0.25), (2, 0.25), (7, 0.1)), k=5)  # the list was not cut: a real change


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """An index of the article with HNSW structures, so every kind of file is there; and its results."""
    root = tmp_path_factory.mktemp("pristine")
    cfg = Config(index_dir=str(root / "index"), embedder="hash", faiss_index="hnsw")
    emb = HashEmbedder()
    build_index(cfg, emb, progress=False)
    store = FaissStore.open(cfg.index_dir)
    assert {"index.faiss", "sentences.faiss", "vectors.npy", "chunks.jsonl"} <= set(store.manifest.files)
    other = Config(index_dir=str(root / "other"), embedder="hash", faiss_index="hnsw", chunk_tokens=120)
    build_index(other, emb, progress=False)
    return cfg, emb, results(store, emb), current_version(Path(other.index_dir))


def fresh_copy(pristine, tmp_path: Path, name: str) -> tuple[Config, Path]:
    cfg = pristine[0]
    target = tmp_path / name
    shutil.copytree(cfg.index_dir, target)
    return cfg.with_overrides(index_dir=str(target)), current_version(target)


def truncate(p: Path, rng) -> None:
    p.write_bytes(p.read_bytes()[: max(0, p.stat().st_size // 2)])


def empty(p: Path, rng) -> None:
    p.write_bytes(b"")


def flip_one_byte(p: Path, rng) -> None:
    data = bytearray(p.read_bytes())
    i = rng.randrange(len(data))
    data[i] ^= rng.randrange(1, 256)
    p.write_bytes(bytes(data))


def flip_the_first_byte(p: Path, rng) -> None:
    data = bytearray(p.read_bytes())
    data[0] ^= 0xFF
    p.write_bytes(bytes(data))


def delete(p: Path, rng) -> None:
    p.unlink()


def append_garbage(p: Path, rng) -> None:
    with open(p, "ab") as f:
        f.write(b"\x00garbage\n")


DAMAGES = [truncate, empty, flip_one_byte, flip_the_first_byte, delete, append_garbage]


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.__name__)
def test_every_file_of_the_manifest_is_checked(pristine, tmp_path, damage):
    cfg = pristine[0]
    names = sorted(Manifest.read(current_version(Path(cfg.index_dir))).files)
    rng = random.Random(f"{damage.__name__}")
    missed = []
    for name in names:
        copy_cfg, version = fresh_copy(pristine, tmp_path, name.replace("/", "_"))
        damage(version / name, rng)
        try:
            FaissStore.open(copy_cfg.index_dir)
            missed.append(name)
        except IndexError_ as e:
            assert "is damaged" in str(e) and name in str(e) and "rag index" in str(e), str(e)
    assert not missed, f"{damage.__name__} went unnoticed in {missed}"


def test_a_file_from_another_build_is_refused(pristine, tmp_path):
    other_version = pristine[3]
    swapped = 0
    for name in ["vectors.npy", "chunks.jsonl", "index.faiss", "bm25/vocab.index.json", "sentences.npy"]:
        copy_cfg, version = fresh_copy(pristine, tmp_path, "swap-" + name.replace("/", "_"))
        if (other_version / name).read_bytes() == (version / name).read_bytes():
            continue  # the same in both builds (BM25's vocabulary can be): swapping it changes nothing
        shutil.copy(other_version / name, version / name)
        with pytest.raises(IndexError_, match=rf"{re.escape(name)}.*rag index"):
            FaissStore.open(copy_cfg.index_dir)
        swapped += 1
    assert swapped >= 4


def test_a_damaged_index_is_rebuilt_by_open_index(pristine, tmp_path):
    cfg, emb, expected, _ = pristine
    copy_cfg, version = fresh_copy(pristine, tmp_path, "repair")
    flip_one_byte(version / "vectors.npy", random.Random(1))
    with pytest.raises(IndexError_, match="rag index"):
        open_index(copy_cfg, emb, rebuild=False)
    assert results(open_index(copy_cfg, emb, progress=False), emb) == expected


def test_manifest_damage_is_refused_or_harmless(pristine, tmp_path):
    """manifest.json cannot checksum itself: any single-byte flip is either refused or changes nothing."""
    cfg, emb, expected, _ = pristine
    copy_cfg, version = fresh_copy(pristine, tmp_path, "manifest")
    manifest = version / "manifest.json"
    original = manifest.read_bytes()
    rng = random.Random(20261128)
    refused = harmless = 0
    for _ in range(300):
        data = bytearray(original)
        i = rng.randrange(len(data))
        data[i] ^= rng.randrange(1, 256)
        manifest.write_bytes(bytes(data))
        try:
            store = open_index(copy_cfg, emb, rebuild=False)
        except IndexError_ as e:
            assert "rag index" in str(e)
            refused += 1
            continue
        found = differences(results(store, emb), expected)
        assert not found, f"byte {i} of manifest.json changed the results silently: {found}"
        harmless += 1
    manifest.write_bytes(original)
    assert refused > 100 and results(open_index(copy_cfg, emb, rebuild=False), emb) == expected
    print(f"\nmanifest.json flips: {refused} refused, {harmless} harmless (e.g. in created_at)")


@pytest.mark.parametrize("edit", [('"ef_search": 512', '"ef_search": 5e2'), ('"ef_search": 512', '"ef_search": "512"'),
                                  ('"dim": 256', '"dim": 2e2'), ('"dim": 256', '"dim": "256"'), ('"dim": 256', '"dim": 128'),
                                  ('"type": "hnsw",\n      "file"', '"type": null,\n      "file"'),
                                  ('"file": "index.faiss"', '"file": 7'), ('"files": {', '"files": [], "x": {')])
def test_a_manifest_value_of_the_wrong_type_or_size_is_refused(pristine, tmp_path, edit):
    """Valid JSON, wrong values: a float where FAISS wants an int, a dimension the vectors do not have."""
    copy_cfg, version = fresh_copy(pristine, tmp_path, "manifest-types")
    text = (version / "manifest.json").read_text(encoding="utf-8")
    assert edit[0] in text
    (version / "manifest.json").write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(IndexError_, match="rag index"):
        FaissStore.open(copy_cfg.index_dir)


@pytest.mark.parametrize("content", [b"", b"v-does-not-exist", b".", b"..", b"../other", b"/etc", b"\x00\xff\xfe",
                                     b"manifest.json"])
def test_a_damaged_current_file_is_no_index_with_the_command(pristine, tmp_path, content):
    copy_cfg, _ = fresh_copy(pristine, tmp_path, "current")
    (Path(copy_cfg.index_dir) / "CURRENT").write_bytes(content)
    with pytest.raises(IndexError_, match="no index at .*rag index"):
        FaissStore.open(copy_cfg.index_dir)
    assert results(open_index(copy_cfg, pristine[1], progress=False), pristine[1]) == pristine[2]  # rebuilt


def test_an_index_of_a_future_format_is_refused(pristine, tmp_path):
    copy_cfg, version = fresh_copy(pristine, tmp_path, "future")
    text = (version / "manifest.json").read_text(encoding="utf-8")
    (version / "manifest.json").write_text(text.replace('"format_version": 1', '"format_version": 2'), encoding="utf-8")
    with pytest.raises(IndexError_, match="index format 2.*rag index"):
        open_index(copy_cfg, pristine[1], rebuild=False)


# ---- the embedding cache: outside the published versions, so it checks itself ----------------------


def test_a_damaged_embedding_cache_is_replaced_not_fatal(pristine, tmp_path, capsys):
    cfg, emb, expected, _ = pristine
    for damage in (flip_the_first_byte, truncate, empty, append_garbage):
        copy_cfg, _ = fresh_copy(pristine, tmp_path, f"cache-{damage.__name__}")
        damage(Path(copy_cfg.index_dir) / CACHE_FILE, random.Random(0))
        build_index(copy_cfg, emb, progress=False)
        assert results(FaissStore.open(copy_cfg.index_dir), emb) == expected, damage.__name__


def test_a_cached_vector_with_a_flipped_bit_is_not_used(pristine, tmp_path):
    """SQLite has no checksums: a bit flipped inside a stored vector must not reach a new index."""
    cfg, emb, expected, _ = pristine
    copy_cfg, _ = fresh_copy(pristine, tmp_path, "cache-bits")
    db = sqlite3.connect(Path(copy_cfg.index_dir) / CACHE_FILE)
    rows = db.execute("SELECT model, key, vector FROM vectors").fetchall()
    rng = random.Random(7)
    for model, key, blob in rng.sample(rows, 20):
        data = bytearray(blob)
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        db.execute("UPDATE vectors SET vector = ? WHERE model = ? AND key = ?", (bytes(data), model, key))
    db.commit()
    db.close()
    build_index(copy_cfg, emb, progress=False)
    assert results(FaissStore.open(copy_cfg.index_dir), emb) == expected
