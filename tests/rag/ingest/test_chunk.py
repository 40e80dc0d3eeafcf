"""Chunking at sentence boundaries within the embedder's token budget, with overlap and exact offsets."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rag.embed.hashing import HashEmbedder
from rag.ingest.chunk import ChunkSettings, chunk_document, embed_text
from rag.ingest.corpus import make_document
from rag.text.sentences import sentence_spans


def check_invariants(doc, chunks, count_tokens, max_tokens, budget=None):
    assert chunks, "a document with text yields chunks"
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert c.text.strip() == c.text and c.text
        assert count_tokens(embed_text(c)) <= max_tokens
    covered = [False] * len(doc.text)
    for c in chunks:
        covered[c.start : c.end] = [True] * (c.end - c.start)
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(doc.text)), "every character lies in a chunk"
    if budget:
        for s, e in sentence_spans(doc.text):
            if count_tokens(doc.text[s:e]) < budget // 2:
                assert any(c.start <= s and e <= c.end for c in chunks), doc.text[s:e]


@pytest.mark.slow
@pytest.mark.parametrize("size", [64, 160, 400])
def test_seed_chunks_with_real_tokenizer(article, e5, size):
    settings_ = ChunkSettings(chunk_tokens=size, overlap_tokens=16)
    chunks = chunk_document(article, e5.count_tokens, e5.max_tokens, settings_)
    check_invariants(article, chunks, e5.count_tokens, min(size, e5.max_tokens), budget=size)
    ends = {e for _, e in sentence_spans(article.text)}
    for c in chunks:
        if c.end not in ends:  # only a sentence too long for one chunk may be cut, at a clause break
            (s, e), = [(s, e) for s, e in sentence_spans(article.text) if s < c.end < e]
            assert e5.count_tokens(article.text[s:e]) > size // 2 and c.text[-1] in ",，、;；: "
    headings = {c.heading for c in chunks}
    assert "全栈AI云,重塑千行百业" in headings and "AI战略投入迎来“回报时刻”" in headings


def test_ids_and_paragraphs(article):
    emb = HashEmbedder()
    chunks = chunk_document(article, emb.count_tokens, emb.max_tokens, ChunkSettings(chunk_tokens=120))
    assert [c.id for c in chunks] == [f"full-stack-ai-cloud#{i:04d}" for i in range(len(chunks))]
    assert all(c.doc_id == article.id and c.title == article.title for c in chunks)
    assert [c.paragraph for c in chunks] == sorted(c.paragraph for c in chunks)


def test_langchain_default_splitter_still_fits_the_model(article):
    emb = HashEmbedder(max_tokens=256)
    chunks = chunk_document(article, emb.count_tokens, emb.max_tokens, ChunkSettings(splitter="langchain-default"))
    check_invariants(article, chunks, emb.count_tokens, emb.max_tokens)


words = st.sampled_from(["百度", "智能云", "AI", "cloud", "成本", "2025年", "的", " ", "，", "。", "！", "？", "\n", "\n\n",
                         "Hello world.", "研发投入超过1800亿元", "# 标题\n", "…", "；"])


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=300).map("".join), st.integers(20, 200), st.integers(0, 40))
@example("， Hello world.百度的", 20, 6)  # the splitter gives "Hello", then "Hello world.百度的" from the same start
def test_random_text_invariants(raw, size, overlap):
    doc, _ = make_document("d", "标题", raw, "test")
    if not doc.text.strip():
        return
    emb = HashEmbedder(max_tokens=200)
    chunks = chunk_document(doc, emb.count_tokens, emb.max_tokens, ChunkSettings(chunk_tokens=size, overlap_tokens=overlap))
    check_invariants(doc, chunks, emb.count_tokens, emb.max_tokens)
