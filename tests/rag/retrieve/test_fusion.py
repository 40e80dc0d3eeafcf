"""Fusion methods by name, and maximal marginal relevance (pure functions over ranked lists)."""

from __future__ import annotations

import numpy as np
import pytest

from rag.retrieve.fusion import METHODS, fuse, mmr, rrf, weighted


def test_weighted_blends_normalised_scores():
    dense = [(1, 0.9), (2, 0.8), (3, 0.5)]
    lexical = [(3, 10.0), (2, 5.0)]
    out = dict(weighted(dense, lexical, dense_weight=0.6))
    assert out[1] == pytest.approx(0.6 * 1.0)  # best dense, no BM25
    assert out[2] == pytest.approx(0.6 * 0.75 + 0.4 * 0.5)
    assert out[3] == pytest.approx(0.6 * 0.0 + 0.4 * 1.0)
    assert [row for row, _ in weighted(dense, lexical, 0.6)] == [2, 1, 3]  # good on both beats best on one
    assert [row for row, _ in weighted(dense, lexical, 0.2)][0] == 3  # leaning on words, the BM25 best leads


def test_rrf_uses_ranks_not_scores():
    a = rrf([(1, 0.9), (2, 0.1)], [(2, 50.0), (3, 1.0)], rrf_k=60)
    b = rrf([(1, 0.5), (2, 0.4)], [(2, 1.0), (3, 0.9)], rrf_k=60)
    assert a == b and a[0][0] == 2 and a[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_ties_are_broken_by_row_so_every_run_agrees():
    assert [row for row, _ in rrf([(5, 1.0)], [(4, 1.0)])] == [4, 5]


def test_fuse_by_name_passes_a_lone_list_through_and_names_the_choices():
    dense = [(1, 0.9)]
    assert fuse("weighted", dense, [], 0.6) == dense and fuse("rrf", [], dense, 0.6) == dense
    assert set(METHODS) == {"weighted", "rrf"}
    with pytest.raises(ValueError, match="weighted, rrf"):
        fuse("borda", dense, dense, 0.6)


def test_mmr_skips_a_near_copy_of_a_passage_already_picked():
    vectors = np.array([[1, 0, 0], [1, 0.01, 0], [0, 1, 0]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    fused = [(0, 1.0), (1, 0.99), (2, 0.9)]
    assert mmr(fused, vectors, k=2, lam=0.5) == [0, 2]  # row 1 says what row 0 says
    assert mmr(fused, vectors, k=2, lam=1.0) == [0, 1]  # relevance only
    assert mmr([], vectors, k=2, lam=0.5) == []


def _mmr_by_definition(fused, vectors, k, lam):
    """MMR as the formula reads: rescaled relevance against the highest similarity to a passage already picked."""
    pool = fused[: max(k * 3, 20)]
    rows = [r for r, _ in pool]
    rel = np.array([s for _, s in pool], dtype=np.float32)
    rel = (rel - rel.min()) / (np.ptp(rel) or 1.0)
    vecs = np.asarray(vectors[rows], dtype=np.float32)
    chosen = [0]
    while len(chosen) < min(k, len(rows)):
        value = [-np.inf if i in chosen else lam * rel[i] - (1 - lam) * max(float(vecs[i] @ vecs[j]) for j in chosen)
                 for i in range(len(rows))]
        best, second = sorted(value, reverse=True)[:2]
        assert best - second > 1e-4  # no near tie that the last bits of a float could turn
        chosen.append(int(np.argmax(value)))
    return [rows[i] for i in chosen]


@pytest.mark.parametrize("seed", range(5))
def test_mmr_picks_what_its_definition_picks(seed):
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    order = rng.permutation(40)  # pool rows out of storage order
    fused = [(int(r), float(s)) for r, s in zip(order, np.linspace(1.0, 0.2, 40))]
    assert mmr(fused, vectors, k=8, lam=0.7) == _mmr_by_definition(fused, vectors, 8, 0.7)
