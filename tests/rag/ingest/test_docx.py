"""Word files: paragraphs in order, headings by style (English or Chinese names) with levels, tables as rows."""

import io

import pytest

from rag.ingest.docx import DocxReader
from rag.ingest.reader import DocumentError, Limits


def make_docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_paragraphs_headings_and_tables_in_order():
    def build(d):
        d.core_properties.title = ""
        d.sections[0].footer.paragraphs[0].text = "页脚：内部资料"
        d.add_heading("年度报告", 0)
        d.add_heading("一、经营情况", 1)
        d.add_paragraph("公司全年营业收入为52亿元。\n第二行在同一段里。")
        table = d.add_table(rows=2, cols=3)
        for r, row in enumerate([("地区", "收入", "增长"), ("华东", "20亿元", "18%")]):
            for k, value in enumerate(row):
                table.cell(r, k).text = value
        d.add_heading("1.1 细分业务", 2)
        d.add_paragraph("卫星终端占六成。")

    extracted = DocxReader().read(make_docx(build), "a.docx")
    assert [(b.kind, b.level, b.text) for b in extracted.blocks] == [
        ("heading", 0, "年度报告"), ("heading", 1, "一、经营情况"), ("paragraph", 0, "公司全年营业收入为52亿元。"),
        ("paragraph", 0, "第二行在同一段里。"), ("row", 0, "地区 | 收入 | 增长"), ("row", 0, "华东 | 20亿元 | 18%"),
        ("heading", 2, "1.1 细分业务"), ("paragraph", 0, "卫星终端占六成。")]
    assert extracted.title == "年度报告" and all("页脚" not in b.text for b in extracted.blocks)


def test_heading_path_reaches_chunks(tmp_path):
    from rag.embed.hashing import HashEmbedder
    from rag.ingest.chunk import chunk_document
    from rag.ingest.corpus import load_corpus

    def build(d):
        d.add_heading("年度报告", 0)
        d.add_heading("一、经营情况", 1)
        d.add_heading("1.1 细分业务", 2)
        d.add_paragraph("卫星终端占六成。")
    path = tmp_path / "report.docx"
    path.write_bytes(make_docx(build))
    doc = load_corpus([path]).documents[0]
    embedder = HashEmbedder()
    chunk = chunk_document(doc, embedder.count_tokens, embedder.max_tokens)[-1]
    assert chunk.section == "年度报告 › 一、经营情况 › 1.1 细分业务" and chunk.heading == "1.1 细分业务"


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    from tests.fixtures.hostile import zip_bomb_docx

    with pytest.raises(DocumentError, match="zip bomb") as e:
        DocxReader().read(zip_bomb_docx(), "bomb.docx", Limits(max_unzipped=64 * 2**20))
    assert e.value.code == "zip_bomb"


def test_a_zip_without_a_word_document_is_not_a_docx():
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError, match="without a Word document"):
        DocxReader().read(out.getvalue(), "x.docx")
