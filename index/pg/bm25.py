"""BM25 computed in the database, with the same tokenisation and the same scores as bm25s.

Tokenising stays in Python (rag.retrieve.bm25: jieba words and Han character pairs; its VERSION is in
the manifest's chunker record), so documents and questions are cut exactly as for the FAISS store.
The build sends each row's term counts; the database computes document frequencies, the Lucene IDF
and every term's weight in every row, and keeps them per term as two arrays (a postings list):

    weight(t, d) = idf(t) * tf / (tf + k1 * (1 - b + b * |d| / avgdl)),  idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))

(bm25s's defaults: method "lucene", k1 1.2, b 0.75). A query sums the weights of its terms per row,
a term repeated in the query counting as often as it appears (as bm25s does), and returns the best
rows: work proportional to the postings of the question's terms, not to the corpus.
`tests/index/pg/test_bm25_sql.py` checks the scores against bm25s within 1e-4.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from index.pg.schema import table
from rag.retrieve.bm25 import BM25Index, index_terms

K1 = 1.2  # bm25s's defaults, as rag.retrieve.bm25 builds it
B = 0.75


def write_lexical(conn, version: int, texts: Sequence[str], bodies: Sequence[str]) -> None:
    """Inside the build's transaction: the postings (from `texts`, what a query matches: title,
    heading and text) and the lexicon (document frequencies from `bodies`, the chunk texts alone)."""
    conn.execute("CREATE TEMP TABLE bm25_tf (row int, term text, tf int) ON COMMIT DROP")
    conn.execute("CREATE TEMP TABLE bm25_len (row int PRIMARY KEY, len int) ON COMMIT DROP")
    conn.execute("CREATE TEMP TABLE bm25_body (row int, term text) ON COMMIT DROP")
    tokens = [index_terms(t) for t in texts]
    _copy_lines(conn, "COPY bm25_tf (row, term, tf) FROM STDIN",
                (f"{row}\t{_escape(term)}\t{tf}\n" for row, terms in enumerate(tokens) for term, tf in Counter(terms).items()))
    _copy_lines(conn, "COPY bm25_len (row, len) FROM STDIN", (f"{row}\t{len(terms)}\n" for row, terms in enumerate(tokens)))
    _copy_lines(conn, "COPY bm25_body (row, term) FROM STDIN",
                (f"{row}\t{_escape(term)}\n" for row, body in enumerate(bodies) for term in set(index_terms(body))))
    postings, lexicon = table(version, "postings"), table(version, "lexicon")
    conn.execute(f"CREATE TABLE {postings} (term text PRIMARY KEY, rows int[] NOT NULL, weights real[] NOT NULL)")
    conn.execute(f"""
        WITH stats AS (SELECT count(*)::float8 AS n, avg(len)::float8 AS avgdl FROM bm25_len),
             df AS (SELECT term, count(*)::float8 AS df FROM bm25_tf GROUP BY term)
        INSERT INTO {postings} (term, rows, weights)
        SELECT t.term, array_agg(t.row ORDER BY t.row),
               array_agg((ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
                          * t.tf / (t.tf + %(k1)s * (1 - %(b)s + %(b)s * l.len / s.avgdl)))::real ORDER BY t.row)
        FROM bm25_tf t JOIN df USING (term) JOIN bm25_len l USING (row) CROSS JOIN stats s
        GROUP BY t.term""", {"k1": K1, "b": B})
    conn.execute(f"CREATE TABLE {lexicon} (term text PRIMARY KEY, df int NOT NULL)")
    conn.execute(f"INSERT INTO {lexicon} SELECT term, count(*) FROM bm25_body GROUP BY term")


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(term: str) -> str:
    return term.translate(_COPY_ESCAPES)


def _copy_lines(conn, sql: str, lines, batch: int = 50_000) -> None:
    """COPY in PostgreSQL's text format, sent in large blocks (row-by-row sending costs more than the work)."""
    with conn.cursor() as cur, cur.copy(sql) as cp:
        block = []
        for line in lines:
            block.append(line)
            if len(block) >= batch:
                cp.write("".join(block))
                block.clear()
        if block:
            cp.write("".join(block))


class PgLexical(BM25Index):
    """The lexical index of a PgStore: "is this word in the corpus" from the lexicon, held in memory
    (refusal and the dictionary bridge ask it hundreds of times a question); scores from the database."""

    def __init__(self, db, version: int, doc_freq: dict[str, int], n_docs: int):
        super().__init__(None, doc_freq, n_docs)
        self._db = db
        self._postings = table(version, "postings")

    def _query(self, terms: Sequence[str], k: int | None) -> list[tuple[int, float]]:
        counts = Counter(t for t in terms if t in self.doc_freq)  # as BM25Index.scores: only words the corpus has
        if not counts:
            return []
        sql = f"""
            SELECT u.row, sum(u.w::float8 * q.m) AS score
            FROM unnest(%(terms)s::text[], %(mult)s::int[]) AS q(term, m)
            JOIN {self._postings} p ON p.term = q.term
            CROSS JOIN LATERAL unnest(p.rows, p.weights) AS u(row, w)
            GROUP BY u.row HAVING sum(u.w::float8 * q.m) > 0
            ORDER BY score DESC, u.row""" + (" LIMIT %(k)s" if k is not None else "")
        params = {"terms": list(counts), "mult": list(counts.values()), "k": k}
        rows = self._db.read(lambda conn: conn.execute(sql, params).fetchall())
        return [(int(r), float(s)) for r, s in rows]

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        out = np.zeros(self.n_docs, dtype=np.float32)
        for row, score in self._query(terms, None):
            out[row] = score
        return out

    def search(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """(row, score) of the `k` best rows with a positive score, best first (ties: lower row first)."""
        return self._query(terms, k) if k > 0 else []
