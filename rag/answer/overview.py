"""An extractive overview of the documents, for questions about them as a whole.

`这篇文章主要讲了什么？`, "summarise it", "what are the key points" name no topic to retrieve: they
ask for the whole. The overview quotes a few sentences in reading order, each with its citation:
the lead sentence, then for each section (a heading and the paragraphs under it) its most central
sentence, the one closest in meaning to the section as a whole (the mean of its sentence vectors),
not merely the first. With several documents, each gets one line: its most central sentence.

    draft, hits = overview(store, max_sentences=5)
"""

from __future__ import annotations

import numpy as np

from rag.answer.protocol import Draft
from rag.evidence.cues import END_PUNCT, is_heading_like
from rag.retrieve.protocol import ChunkStore
from rag.types import Hit

MIN_CHARS = 12  # shorter sentences say too little to stand for a section


def _central(rows: list[int], vectors: np.ndarray) -> int:
    """The row whose vector is closest to the mean of the rows' vectors."""
    block = np.asarray(vectors[rows], dtype=np.float32)
    centre = block.mean(axis=0)
    return rows[int(np.argmax(block @ centre))]


def overview(store: ChunkStore, max_sentences: int = 5) -> tuple[Draft, tuple[Hit, ...]]:
    """(the overview draft with its [n] markers and quoted spans, the passages it cites)."""
    by_doc: dict[str, list[int]] = {}
    for i, s in enumerate(store.sentences):
        chunk = store.chunks[s.chunk_index]
        if len(s.text) >= MIN_CHARS and not is_heading_like(s.text, chunk):
            by_doc.setdefault(chunk.doc_id, []).append(i)
    chosen: list[int] = []
    if len(by_doc) > 1:  # one line per document, in the order they were indexed
        chosen = [_central(rows, store.sentence_vectors) for rows in list(by_doc.values())[:max_sentences]]
    elif by_doc:
        rows = sorted(set(next(iter(by_doc.values()))), key=lambda i: store.sentences[i].start)
        sections: dict[str, list[int]] = {}
        for i in rows:
            sections.setdefault(store.chunks[store.sentences[i].chunk_index].heading, []).append(i)
        chosen = [rows[0]] + [_central(r, store.sentence_vectors) for r in sections.values()]
        chosen = sorted(dict.fromkeys(chosen), key=lambda i: store.sentences[i].start)
        if len(chosen) > max_sentences:  # keep the lead and the sections' most central ones
            rest = sorted(chosen[1:], key=lambda i: -float(store.sentence_vectors[i] @ store.sentence_vectors[rows].mean(0)))
            chosen = sorted([chosen[0]] + rest[: max_sentences - 1], key=lambda i: store.sentences[i].start)
    hits: list[Hit] = []
    number: dict[str, int] = {}
    parts, quotes = [], {}
    for i in chosen:
        s = store.sentences[i]
        chunk = store.chunks[s.chunk_index]
        if chunk.id not in number:
            hits.append(Hit(chunk, 1.0, len(hits) + 1))
            number[chunk.id] = len(hits)
        n = number[chunk.id]
        text = s.text.rstrip()
        end = ""
        while text and text[-1] in END_PUNCT:
            end, text = text[-1] + end, text[:-1]
        quotes.setdefault(n, []).append((s.start, s.start + len(text)))
        parts.append(f"{text}[{n}]{end or '。'}")
    draft = Draft("".join(parts), refused=not parts, quotes={n: tuple(v) for n, v in quotes.items()})
    return draft, tuple(hits)
