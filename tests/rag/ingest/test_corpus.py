"""Loading a corpus from the bundled article, files, folders and JSONL, with clear errors for bad input."""

import json

import pytest

from rag.ingest.corpus import CorpusError, bundled_article_path, fingerprint, load_corpus, read_sources


def test_bundled_article_is_shipped_raw(raw_article):
    assert "结束(shu)的(de)" in raw_article and "在?2025?年" in raw_article
    corpus = load_corpus()
    (doc,) = corpus.documents
    assert doc.id == "full-stack-ai-cloud" and "(de)" not in doc.text
    assert bundled_article_path().name.endswith(".txt")


def test_folder_of_text_and_markdown_with_gbk(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("第一篇。内容在这里。", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_bytes("# 第二篇标题\n正文用GBK编码保存。".encode("gbk"))
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    docs = load_corpus([tmp_path]).documents
    assert [d.id for d in docs] == ["a", "sub_b"]
    assert docs[1].title == "第二篇标题" and "GBK编码" in docs[1].text


def test_jsonl_records_and_errors_by_line(tmp_path):
    good = tmp_path / "c.jsonl"
    good.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "x1", "title": "标题", "text": "正文一。"}, {"id": "x2", "title": "", "text": "正文二。"}]), encoding="utf-8")
    docs = load_corpus([good]).documents
    assert [(d.id, d.title) for d in docs] == [("x1", "标题"), ("x2", "x2")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "ok"}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad.jsonl:2"):
        load_corpus([bad])
    dup = tmp_path / "dup.jsonl"
    dup.write_text('{"id": "a", "text": "1"}\n{"id": "a", "text": "2"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="duplicate id 'a'"):
        load_corpus([dup])


def test_missing_and_unsupported_paths(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus([tmp_path / "nope"])
    sheet = tmp_path / "x.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError, match="unsupported file type .xlsx"):
        load_corpus([sheet])
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(CorpusError, match="x.pdf: the PDF is cut short"):
        load_corpus([pdf])


def test_fingerprint_tracks_content(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("一。", encoding="utf-8")
    before = fingerprint(read_sources([f]))
    assert before == fingerprint(read_sources([f]))
    f.write_text("二。", encoding="utf-8")
    assert fingerprint(read_sources([f])) != before
    assert fingerprint(read_sources([f]), clean=False) != fingerprint(read_sources([f]))


def test_jsonl_with_half_a_character_escaped_still_loads(tmp_path):
    # "\ud83d" is half of an emoji, as a writer that cut a string in two escapes it
    f = tmp_path / "cut.jsonl"
    f.write_text('{"id": "a\\ud83d", "title": "标题\\udc00", "text": "正文\\ud83d一。\\ud83d\\ude00"}\n', encoding="utf-8")
    corpus = load_corpus([f])
    (doc,) = corpus.documents
    assert doc.id == "a\ufffd" and doc.title == "标题\ufffd" and doc.text == "正文一。😀"
    assert corpus.reports[0].counts["replacement_chars"] == 1
