"""A file's format comes from its bytes; a name that lies about them is refused with a reason."""

import pytest

from rag.ingest.reader import DocumentError
from rag.ingest.sniff import check_format, sniff
from tests.fixtures.hostile import tiny_pdf


@pytest.mark.parametrize("data,fmt", [
    (tiny_pdf(), "pdf"),
    (b"junk before the header " + tiny_pdf(), "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "doc"),
    (b"PK\x03\x04not really a zip", "zip"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"MZ\x90\x00", "executable"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    (b"\xef\xbb\xbf  <!-- saved --> <html lang='zh'>", "html"),
    ("# 标题\n<div>Markdown may hold tags</div>".encode(), "text"),
    ("纯文本。".encode("utf-16"), "text"),
    (b"about %PDF-files in general", "text"),
])
def test_sniff(data, fmt):
    assert sniff(data) == fmt


def test_text_like_content_is_read_as_its_name_says():
    assert check_format(b"<html><body>x</body></html>", "page.txt") == "text"
    assert check_format(b"plain words", "page.html") == "html"
    assert check_format(b"\x00\x01binary", "notes.txt") == "text"  # decoding refuses it as binary, with that word


@pytest.mark.parametrize("name,data,code,words", [
    ("report.pdf", b"<!DOCTYPE html><html></html>", "mismatch", "the name says a PDF but the content is an HTML page"),
    ("letter.docx", tiny_pdf(), "mismatch", "the content is a PDF"),
    ("notes.txt", tiny_pdf(), "mismatch", "the content is a PDF"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old_doc", "old Word (.doc)"),
    ("sheet.xlsx", b"PK\x03\x04", "wrong_type", "unsupported file type .xlsx"),
    ("noext", b"text", "wrong_type", "unsupported file type (none)"),
])
def test_a_lying_or_unsupported_name_is_refused_naming_the_file(name, data, code, words):
    with pytest.raises(DocumentError, match=name.replace(".", r"\.")) as e:
        check_format(data, name)
    assert e.value.code == code and words in str(e.value)
