"""One suite over every store (FaissStore, PgStore): the ChunkStore protocol, and on the same corpus the
same passages in the same order (up to exact ties) and the same answers.

The CMRC 2018 trial corpus runs too when RAG_CMRC names its folder (corpus.jsonl, qa.jsonl); RAG_CMRC_INDEX_DIR
may name an index folder to build in whose embedding cache already holds the corpus (embedding it takes minutes)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from eval.dataset import load_dataset
from rag.factory import make_pipeline

pytestmark = pytest.mark.slow

ARTICLE_QA = Path(__file__).parents[2] / "eval" / "datasets" / "article.jsonl"
TIE = 1e-5  # scores closer than this may swap places (float sums in another order)


@pytest.fixture(scope="module", params=["faiss", "postgres"])
def store(request, article_index):
    if request.param == "faiss":
        return article_index
    return request.getfixturevalue("pg_article")


def test_the_protocol(store, e5):
    cfg, st = store
    assert len(st.chunks) == len(st.vectors) == len(st.row_of) > 0
    assert st.vectors.shape[1] == st.sentence_vectors.shape[1] == e5.dim
    assert np.allclose(np.linalg.norm(st.vectors, axis=1), 1, atol=1e-3)
    for row in (0, len(st.chunks) - 1):
        c = st.chunks[row]
        assert st.documents[c.doc_id].text[c.start:c.end] == c.text and st.row_of[c.id] == row
        for i in st.sentences_of(row):
            s = st.sentences[i]
            assert s.chunk_index == row and c.start <= s.start < s.end <= c.end
    top = st.search(st.vectors[3], 5)
    assert top[0][0] == 3 and abs(top[0][1] - 1) < 1e-3 and [s for _, s in top] == sorted((s for _, s in top), reverse=True)
    srow, score = st.search_sentences(st.sentence_vectors[7], 1)[0]
    assert srow == 7 and abs(score - 1) < 1e-3
    assert st.lexical.has("百度") and not st.lexical.has("火星车") and st.lexical.search(["百度"], 3)


def same_up_to_ties(a: list[tuple[int, float]], b: list[tuple[int, float]]) -> bool:
    """The same scores in the same places, and every row scoring clearly above the last one in both lists
    with that score: rows that tie (equal texts have equal vectors) may swap or fall off at the end."""
    if len(a) != len(b) or not np.allclose([s for _, s in a], [s for _, s in b], atol=TIE):
        return False
    if not a:
        return True
    last, in_b = a[-1][1], dict(b)
    return all(x in in_b and abs(in_b[x] - s) <= TIE for x, s in a if s > last + TIE)


def compare(faiss_pair, pg_pair, e5, items, answers: bool = True) -> list[str]:
    (fcfg, fstore), (pcfg, pstore) = faiss_pair, pg_pair
    assert [c.id for c in fstore.chunks] == [c.id for c in pstore.chunks]
    f_pipe, p_pipe = make_pipeline(fcfg, fstore, e5), make_pipeline(pcfg, pstore, e5)
    problems = []
    for item in items:
        q = item.question
        if not q.strip():
            continue
        qv = e5.embed_query(q)
        if not same_up_to_ties(fstore.search(qv, 50), pstore.search(qv, 50)):
            problems.append(f"{q}: dense chunks differ")
        if not same_up_to_ties(fstore.search_sentences(qv, 100), pstore.search_sentences(qv, 100)):
            problems.append(f"{q}: dense sentences differ")
        f_ret, p_ret = f_pipe.retriever.retrieve(q, 10), p_pipe.retriever.retrieve(q, 10)
        if [h.chunk.id for h in f_ret.hits] != [h.chunk.id for h in p_ret.hits]:
            scores = [round(h.score, 4) for h in f_ret.hits]
            if len(set(scores)) == len(scores):  # no exact ties among the passages: the order must be the same
                problems.append(f"{q}: passages {[h.chunk.id for h in f_ret.hits]} vs {[h.chunk.id for h in p_ret.hits]}")
        if answers:
            fa, pa = f_pipe.ask(q, item.history), p_pipe.ask(q, item.history)
            said = lambda a: (a.text, a.refused, [(c.chunk_id, c.quote_start, c.quote_end) for c in a.citations])  # noqa: E731
            if said(fa) != said(pa):
                problems.append(f"{q}: answers differ: {fa.text[:60]!r} vs {pa.text[:60]!r}")
    return problems


def test_the_article_gives_the_same_passages_and_answers_in_both_stores(article_index, pg_article, e5):
    items = load_dataset(ARTICLE_QA)
    problems = compare(article_index, pg_article, e5, items)
    assert not problems, problems


@pytest.fixture(scope="module")
def cmrc():
    folder = os.environ.get("RAG_CMRC")
    if not folder:
        pytest.skip("RAG_CMRC names the CMRC 2018 trial folder (corpus.jsonl, qa.jsonl)")
    return Path(folder)


def test_cmrc_gives_the_same_passages_and_answers_in_both_stores(cmrc, pg_cluster, e5, tmp_path_factory):
    from index.build import build_index, open_store
    from rag.config import Config

    folder = os.environ.get("RAG_CMRC_INDEX_DIR") or tmp_path_factory.mktemp("cmrc")  # one whose embedding cache is filled
    fcfg = Config(index_dir=str(folder), corpus=(str(cmrc / "corpus.jsonl"),))
    pcfg = fcfg.with_overrides(store="postgres", db_url=pg_cluster.primary.url, db_index="cmrc",
                               db_read_urls=(pg_cluster.replicas[0].url,))
    build_index(fcfg, e5, progress=False)
    build_index(pcfg, e5, progress=False)  # embeddings from the cache the first build filled
    items = load_dataset(cmrc / "qa.jsonl")[: int(os.environ.get("RAG_CMRC_LIMIT", "200"))]
    problems = compare((fcfg, open_store(fcfg)), (pcfg, open_store(pcfg)), e5, items)
    assert not problems, problems
