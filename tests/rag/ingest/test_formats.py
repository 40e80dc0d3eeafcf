"""Every format reader over the article rendered as that format: the same text as the .txt article, its
headings, none of the page or site chrome, and provenance (pages, heading paths) on documents and chunks."""

from __future__ import annotations

import re

import pytest

from rag.ingest.corpus import BUNDLED_TITLE
from rag.ingest.formats import READERS, read_bytes
from rag.ingest.reader import Block, Extracted

FORMATS = ("pdf", "docx", "html")
CHROME = ("行业观察", "第 1 页", "首页", "广告", "版权所有", "相关阅读", "网友评论", "脚本", "tracker", "2025-10-31")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_registry_names_each_reader_by_its_format():
    assert set(READERS) == {"text", "pdf", "docx", "html"}
    for fmt, reader in READERS.items():
        assert reader.format == fmt and reader.suffixes


@pytest.mark.parametrize("fmt", FORMATS)
def test_reads_as_the_text_article_with_its_title(article_files, article, fmt):
    extracted = read_bytes(article_files[fmt].read_bytes(), article_files[fmt].name)
    assert isinstance(extracted, Extracted) and extracted.format == fmt and extracted.title == BUNDLED_TITLE
    assert all(isinstance(b, Block) and b.text.strip() for b in extracted.blocks)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cleaned_text_is_the_articles_with_no_chrome(article_documents, article, fmt):
    doc = article_documents[fmt]
    assert doc.format == fmt and doc.title == BUNDLED_TITLE and doc.id == "full-stack-ai-cloud"
    # the title line comes first; after it, the same characters as the cleaned .txt article
    assert squeeze(doc.text) == squeeze(BUNDLED_TITLE + article.text)
    for word in CHROME:
        assert word not in doc.text, word
    assert not re.search(r"\((?:[a-z]{1,6})\)", doc.text)  # no pinyin gloss survived
    for p in article.paragraphs:  # every line of the article is a line of the document
        assert article.text[p.start:p.end] in doc.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_headings_are_section_headings_with_a_path(article_documents, article, e5, fmt):
    from rag.ingest.chunk import chunk_document

    doc = article_documents[fmt]
    expected = [p.heading for p in article.paragraphs if p.is_heading]
    found = [p.heading for p in doc.paragraphs if p.is_heading]
    assert found == [BUNDLED_TITLE, *expected]
    chunks = chunk_document(doc, e5.count_tokens, e5.max_tokens)
    sections = {c.section for c in chunks}
    assert f"{BUNDLED_TITLE} › {expected[-1]}" in sections
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
        assert c.section.split(" › ")[-1] == c.heading


def test_pdf_pages_hold_the_text_the_page_shows(article_files, article_documents):
    import pypdfium2

    from rag.ingest.pdf import page_text
    from rag.ingest.pdf_page import locate

    doc = article_documents["pdf"]
    pdf = pypdfium2.PdfDocument(article_files["pdf"])
    assert [p.number for p in doc.pages] == list(range(1, len(pdf) + 1)) and len(pdf) >= 3
    assert all(a.end <= b.start for a, b in zip(doc.pages, doc.pages[1:]))
    for page in doc.pages:
        shown = page_text(pdf[page.number - 1].get_textpage())
        for p in doc.paragraphs:
            if page.start <= p.start and p.end <= page.end:  # a paragraph wholly on this page is found on it
                assert len(locate(shown, doc.text[p.start:p.end])) == len(squeeze(doc.text[p.start:p.end]).replace("-", ""))


def test_pdf_chunks_know_their_pages_and_citations_their_quotes_page(article_documents, e5):
    from rag.answer.cite import resolve
    from rag.answer.protocol import Draft
    from rag.ingest.chunk import chunk_document
    from rag.types import Hit

    doc = article_documents["pdf"]
    chunks = chunk_document(doc, e5.count_tokens, e5.max_tokens)
    assert chunks[0].page == 1 and chunks[-1].page_end == doc.pages[-1].number
    spanning = [c for c in chunks if c.page != c.page_end]
    assert spanning, "some chunk should run over a page break"
    for c in chunks:
        for page in doc.pages:
            if page.start <= c.start < page.end:
                assert c.page == page.number
    c = spanning[0]
    (at, later), *_ = c.page_breaks
    assert c.pages_of(c.start, c.start + 1) == (c.page, c.page) and c.pages_of(at, at + 1) == (later, later)
    assert c.pages_of(c.start, c.end) == (c.page, c.page_end)
    quote = (at, min(c.end, at + 10))  # a sentence on the later page
    _, citations, _ = resolve(Draft("见此处[1]。", quotes={1: (quote,)}), (Hit(c, 1.0, 1),), lambda _: doc.text)
    assert (citations[0].page, citations[0].page_end) == (later, later)
    as_json = citations[0].to_dict()
    assert as_json["page"] == later and as_json["page_end"] == later


def test_text_sources_have_no_pages(article, e5):
    from rag.ingest.chunk import chunk_document

    chunks = chunk_document(article, e5.count_tokens, e5.max_tokens)
    assert {(c.page, c.page_end, c.section) for c in chunks} == {(None, None, "")}
    assert article.format == "text" and article.pages == ()
