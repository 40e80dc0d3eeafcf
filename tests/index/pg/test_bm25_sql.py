"""BM25 computed in the database equals bm25s's on the same corpus, within 1e-4, with the same ranking."""

from __future__ import annotations

import random

import numpy as np
import pytest

from index.pg.bm25 import PgLexical, write_lexical
from index.pg.connect import Database
from index.pg.publish import drop_tables
from index.pg.schema import ensure_schema
from rag.retrieve.bm25 import BM25Index, query_terms

QUESTIONS = ["百度近十年研发投入多少？", "阿里云阿里云的收入", "OpenAI的CEO是谁？", "How many models does Qianfan integrate?",
             "千帆大模型平台集成了多少个模型", "英伟达 GPU 算力 协议", "完全不相干的问题：火星上的天气", "the the of"]


def synthetic_corpus(article, n: int = 300, seed: int = 7) -> list[str]:
    """Texts of very different lengths drawn from the article's sentences, with repeats (term frequencies > 1)."""
    from rag.text.sentences import split_sentences

    sentences = [s for s in split_sentences(article.text) if len(s) > 4]
    rng = random.Random(seed)
    return [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 9))) for _ in range(n)] + ["", "Hello world"]


@pytest.fixture(scope="module")
def both(pg_cluster, article):
    texts = synthetic_corpus(article)
    bodies = texts[::-1]  # document frequencies from other texts, as chunks' bodies differ from what is matched
    db = Database(pg_cluster.primary.url)
    ensure_schema(db)
    version = 900_000_001

    def build(conn):
        drop_tables(conn, version)
        with conn.transaction():
            write_lexical(conn, version, texts, bodies)
        return dict(conn.execute(f"SELECT term, df FROM rag.v{version}_lexicon").fetchall())

    lexicon = db.write(build)
    yield BM25Index.build(texts, bodies), PgLexical(db, version, lexicon, len(texts))
    db.write(lambda conn: drop_tables(conn, version))
    db.close()


def test_the_lexicon_is_the_document_frequencies(both):
    memory, sql = both
    assert sql.doc_freq == memory.doc_freq and sql.n_docs == memory.n_docs


@pytest.mark.parametrize("question", QUESTIONS)
def test_scores_equal_bm25s_within_1e_4(both, question):
    memory, sql = both
    terms = query_terms(question)
    terms += terms[:2]  # a repeated query term counts twice, as in bm25s
    want, got = memory.scores(terms), sql.scores(terms)
    assert np.abs(want - got).max() <= 1e-4
    assert (want > 0).sum() == (got > 0).sum()


@pytest.mark.parametrize("question", QUESTIONS)
def test_search_ranks_the_same_rows_up_to_ties(both, question):
    memory, sql = both
    terms = query_terms(question)
    want, got = memory.search(terms, 20), sql.search(terms, 20)
    assert len(want) == len(got)
    assert np.allclose([s for _, s in want], [s for _, s in got], atol=1e-4)
    scores = dict(memory.search(terms, 10**6))
    for (a, sa), (b, _) in zip(want, got):  # a different row only where the scores tie
        assert a == b or abs(sa - scores[b]) <= 1e-4
