"""PgStore: a published version in PostgreSQL, behind the same `ChunkStore` protocol as FaissStore.

Opening reads the live version's documents, chunks, sentence rows and vectors, and its lexicon, in one
snapshot, like FaissStore maps its files: MMR, evidence scoring and citations read them per question
without a round trip. The searches run in the database: nearest chunks and sentences with pgvector
(`<#>`, negative inner product; exact while small, HNSW when large) and BM25 over the postings
(index/pg/bm25.py). Reads go to a replica when there is one (index/pg/connect.py).

    store = PgStore.open(cfg)          # cfg.store == "postgres", cfg.db_url, cfg.db_index
    store.search(query_vector, 10)     # [(chunk row, inner product), ...]
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from index.manifest import FORMAT_VERSION, IndexError_, Manifest
from index.pg.bm25 import PgLexical
from index.pg.connect import Database, DatabaseError
from index.pg.database import database_for
from index.pg.publish import live_version
from index.pg.schema import ensure_schema, table
from index.store import SentenceTable
from rag.config import Config
from rag.retrieve.bm25 import BM25Index
from rag.types import Chunk, Document, Paragraph


@dataclass
class PgStore:
    db: Database
    name: str  # the index's name in the database
    version: int
    manifest: Manifest
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: np.ndarray  # (chunks, dim) float32
    sentences: SentenceTable
    sentence_vectors: np.ndarray
    chunk_sentences: np.ndarray  # (chunks, 2): [first, end) sentence row of each chunk
    lexical: BM25Index | None = None

    def __post_init__(self) -> None:
        self.row_of = {c.id: i for i, c in enumerate(self.chunks)}

    @property
    def dim(self) -> int:
        return int(self.manifest.embedder["dim"])

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(chunk row, inner product) of the `k` nearest chunks, best first."""
        return self._nearest("chunks", query, k)

    def search_sentences(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(sentence row, inner product) of the `k` nearest sentences, best first."""
        return self._nearest("sentences", query, k)

    def sentences_of(self, row: int) -> range:
        lo, hi = self.chunk_sentences[row]
        return range(int(lo), int(hi))

    def _nearest(self, part: str, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        sql = (f"SELECT row, embedding <#> %(q)s AS d FROM {table(self.version, part)} "
               f"ORDER BY embedding <#> %(q)s, row LIMIT %(k)s")
        try:
            rows = self.db.read(lambda conn: conn.execute(sql, {"q": q, "k": int(k)}).fetchall())
        except DatabaseError as e:
            raise IndexError_(f"the postgres index {self.name!r} (version {self.version}) cannot be searched: {e}") from e
        return [(int(r), -float(d)) for r, d in rows]

    # ---- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, cfg: Config, verify: bool = True, name: str | None = None) -> PgStore:
        name = name or cfg.db_index
        db = database_for(cfg)
        try:
            ensure_schema(db)
            live = _live(db, name)
            if live is None:
                raise IndexError_(f"no index {name!r} in the database; build one with `rag index --store postgres`")
            version, manifest = live
            if manifest.format_version != FORMAT_VERSION:
                raise IndexError_(f"index {name!r} has format {manifest.format_version}, this version reads {FORMAT_VERSION}")
            read = lambda conn: cls._read(conn, db, name, version, manifest)  # noqa: E731
            store = db.read(read)
            if verify and store.problems():  # a replica that has not replayed the build yet: ask the primary
                store = db.write(read)
        except DatabaseError as e:
            raise IndexError_(f"the postgres index {name!r} cannot be opened: {e}") from e
        if verify:
            bad = store.problems()
            if bad:
                raise IndexError_(f"the postgres index {name!r} is damaged: {'; '.join(bad)}; rebuild it with `rag index`")
        return store

    def problems(self) -> list[str]:
        """How the tables differ from what the manifest says (a damaged version), if at all."""
        want, out = self.manifest.corpus, []
        if len(self.chunks) != want.get("chunks") or len(self.vectors) != len(self.chunks):
            out.append(f"{len(self.chunks)} chunks and {len(self.vectors)} vectors, the manifest says {want.get('chunks')}")
        if len(self.sentences) != want.get("sentences"):
            out.append(f"{len(self.sentences)} sentences, the manifest says {want.get('sentences')}")
        if len(self.documents) != want.get("documents"):
            out.append(f"{len(self.documents)} documents, the manifest says {want.get('documents')}")
        if self.vectors.ndim != 2 or (len(self.vectors) and self.vectors.shape[1] != self.dim):
            out.append(f"vectors of shape {self.vectors.shape}, the manifest says dimension {self.dim}")
        return out

    @classmethod
    def _read(cls, conn, db: Database, name: str, version: int, manifest: Manifest) -> PgStore:
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one snapshot for every table
            documents = {}
            for doc_id, title, text, paras, source, sha in conn.execute(
                    f"SELECT doc_id, title, text, paragraphs, source, raw_sha256 FROM {table(version, 'documents')} "
                    f"ORDER BY ord"):
                paras = paras if isinstance(paras, list) else json.loads(paras)
                documents[doc_id] = Document(doc_id, title, text, tuple(Paragraph(*p) for p in paras), source, sha)
            chunks, vectors, bounds = [], [], []
            with conn.cursor(binary=True) as cur:
                cur.execute(f"SELECT id, doc_id, title, heading, paragraph, start, \"end\", text, context, embedding,"
                            f" first_sentence, end_sentence FROM {table(version, 'chunks')} ORDER BY row")
                for cid, doc_id, title, heading, para, start, end, text, context, emb, first, last in cur:
                    chunks.append(Chunk(cid, doc_id, title, heading, para, start, end, text, context))
                    vectors.append(emb)
                    bounds.append((first, last))
                cur.execute(f"SELECT chunk_row, start, \"end\", embedding FROM {table(version, 'sentences')} ORDER BY row")
                sent_rows, sent_vecs = [], []
                for chunk_row, start, end, emb in cur:
                    sent_rows.append((chunk_row, start, end))
                    sent_vecs.append(emb)
            lexicon = dict(conn.execute(f"SELECT term, df FROM {table(version, 'lexicon')}").fetchall())
        dim = int(manifest.embedder["dim"])
        as_matrix = lambda vs: np.asarray([_array(v) for v in vs], dtype=np.float32).reshape(-1, dim)  # noqa: E731
        rows = np.asarray(sent_rows, dtype=np.int64).reshape(-1, 3)
        return cls(db=db, name=name, version=version, manifest=manifest, documents=documents, chunks=chunks,
                   vectors=as_matrix(vectors), sentences=SentenceTable(rows, chunks, documents),
                   sentence_vectors=as_matrix(sent_vecs), chunk_sentences=np.asarray(bounds, dtype=np.int64).reshape(-1, 2),
                   lexical=PgLexical(db, version, {t: int(n) for t, n in lexicon.items()}, len(chunks)))


def _array(value) -> np.ndarray:
    """A vector as read in binary (pgvector's `Vector`) or text (already an array)."""
    return value.to_numpy() if hasattr(value, "to_numpy") else np.asarray(value)


def _live(db: Database, name: str):
    """The live version, asked of the primary (a replica may lag right after a build), else of a replica."""
    try:
        return db.write(lambda conn: live_version(conn, name))
    except DatabaseError:
        return db.read(lambda conn: live_version(conn, name))

