"""PDF: hyphenation undone, scripts never run, scans refused (or read by OCR when Tesseract is there),
and the quoted sentence found again on its page as boxes."""

from __future__ import annotations

import pytest

from rag.ingest import ocr
from rag.ingest.pdf import PdfReader
from rag.ingest.pdf_page import locate, page_view
from rag.ingest.reader import DocumentError, Limits
from tests.fixtures import hostile


def english_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for text in ["The company signed an inter-", "national agreement with a well-", "Known partner in 2024."]:
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_hyphenation_across_lines_is_undone_and_real_hyphens_stay():
    (block,) = PdfReader().read(english_pdf(), "en.pdf").blocks
    assert block.text == "The company signed an international agreement with a well-Known partner in 2024."
    assert block.page == 1


def test_the_article_pdf_keeps_a_hyphen_between_chinese_words(article_documents):
    assert "“芯片-算力-模型-应用”" in article_documents["pdf"].text


def test_javascript_is_reported_and_never_run(monkeypatch, tmp_path):
    """PDFium runs a document's scripts only inside a form-fill environment; none is ever created."""
    import pypdfium2.raw as raw

    def refuse(*_):
        raise AssertionError("a form-fill environment (the only way PDFium runs JavaScript) was created")

    monkeypatch.setattr(raw, "FPDFDOC_InitFormFillEnvironment", refuse)
    data = hostile.javascript_pdf()
    extracted = PdfReader().read(data, "script.pdf")
    assert [b.text for b in extracted.blocks] == ["Quarterly revenue was 42 million."]
    assert extracted.notes == ("script.pdf: the PDF contains JavaScript, which was ignored (never run)",)
    path = tmp_path / "script.pdf"
    path.write_bytes(data)
    assert page_view(str(path), 1, "revenue was 42 million").boxes


def test_a_scan_without_ocr_is_refused_with_the_reason(monkeypatch):
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    with pytest.raises(DocumentError, match="scan.pdf: the PDF has no text layer") as e:
        PdfReader().read(hostile.scanned_pdf(), "scan.pdf")
    assert e.value.code == "no_text_layer"
    with pytest.raises(DocumentError, match="no text layer"):
        PdfReader().read(hostile.scanned_pdf(), "scan.pdf", Limits(ocr=False))


@pytest.mark.skipif(not ocr.ocr_available(), reason="tesseract with chi_sim is not installed (optional)")
def test_a_scan_is_read_by_ocr_when_tesseract_is_installed():
    extracted = PdfReader().read(hostile.scanned_pdf(), "scan.pdf")
    text = "".join(b.text for b in extracted.blocks)
    assert "1800" in text and "研发" in text and "OCR" in extracted.notes[0]


@pytest.mark.parametrize("limits,code", [(Limits(max_pages=2), "too_many_pages"), (Limits(max_chars=10), "too_much_text")])
def test_limits(limits, code):
    with pytest.raises(DocumentError) as e:
        PdfReader().read(hostile.tiny_pdf(pages=3), "three.pdf", limits)
    assert e.value.code == code


def test_locate_ignores_line_breaks_and_hyphens_and_prefers_the_expected_place():
    page = "第一行写到这里\r\n第二行。重复的句子。\r\n中间\r\n重复的句子。芯片\ufffe算力"
    first = locate(page, "重复的句子。", at=0.0)
    last = locate(page, "重复的句子。", at=1.0)
    assert "".join(page[i] for i in first) == "重复的句子。" and first[0] < last[0]
    assert "".join(page[i] for i in locate(page, "写到这里第二行。")) == "写到这里第二行。"
    assert [page[i] for i in locate(page, "芯片-算力")] == list("芯片算力")
    assert locate(page, "完全不在这一页上的句子") == []


def test_locate_finds_a_quote_whose_glosses_were_cleaned_away():
    page = "即将结束(shu)的(de)10月份(fen),足(zu)以被定义"
    found = locate(page, "即将结束的10月份,足以被定义")
    assert "".join(page[i] for i in found) == page  # the sentence as the page shows it, glosses included


def test_page_view_marks_the_quoted_sentence(article_files, article_documents):
    doc = article_documents["pdf"]
    start = doc.text.index("百度近十年累计投入的研发资金超过1800亿元")
    end = doc.text.index("。", start) + 1
    page = next(p for p in doc.pages if p.start <= start < p.end)
    view = page_view(str(article_files["pdf"]), page.number, doc.text[start:end], (start - page.start) / (page.end - page.start))
    assert view.number == page.number and view.pages == len(doc.pages) and view.png.startswith(b"\x89PNG")
    assert view.width == 900 and view.height > view.width
    assert len(view.boxes) >= 1
    for left, top, width, height in view.boxes:
        assert 0 < left < 1 and 0 < top < 1 and 0 < width <= 1 - left and 0 < height < 0.05
